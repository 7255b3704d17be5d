/**
 * A CT instance whose pixel data claims to be JPEG 2000 but is noise: it stores
 * and indexes fine (the header is valid) and fails only when a viewer decodes
 * the frame — the "corrupt instance" case of the viewer's error states.
 * Written byte by byte (Explicit VR Little Endian header, PS3.10 7.1; one
 * encapsulated fragment, PS3.5 A.4) so the test needs no DICOM library.
 */
const JPEG_2000_LOSSLESS = '1.2.840.10008.1.2.4.90';
const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';

export interface CorruptInstanceSpec {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
  patientName: string;
  patientID: string;
}

export function corruptJpeg2000Instance(spec: CorruptInstanceSpec): Buffer {
  const meta = Buffer.concat([
    element(0x0002, 0x0001, 'OB', Buffer.from([0, 1])),
    element(0x0002, 0x0002, 'UI', text(CT_IMAGE_STORAGE, 0)),
    element(0x0002, 0x0003, 'UI', text(spec.sopInstanceUID, 0)),
    element(0x0002, 0x0010, 'UI', text(JPEG_2000_LOSSLESS, 0)),
    element(0x0002, 0x0012, 'UI', text('2.25.1', 0)),
  ]);
  const fragment = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) & 0xff));
  const dataset = Buffer.concat([
    element(0x0008, 0x0016, 'UI', text(CT_IMAGE_STORAGE, 0)),
    element(0x0008, 0x0018, 'UI', text(spec.sopInstanceUID, 0)),
    element(0x0008, 0x0020, 'DA', text('20260102')),
    element(0x0008, 0x0060, 'CS', text('CT')),
    element(0x0008, 0x1030, 'LO', text('Corrupt instance test')),
    element(0x0010, 0x0010, 'PN', text(spec.patientName)),
    element(0x0010, 0x0020, 'LO', text(spec.patientID)),
    element(0x0020, 0x000d, 'UI', text(spec.studyInstanceUID, 0)),
    element(0x0020, 0x000e, 'UI', text(spec.seriesInstanceUID, 0)),
    element(0x0020, 0x0011, 'IS', text('1')),
    element(0x0020, 0x0013, 'IS', text('1')),
    element(0x0028, 0x0002, 'US', u16(1)),
    element(0x0028, 0x0004, 'CS', text('MONOCHROME2')),
    element(0x0028, 0x0010, 'US', u16(64)),
    element(0x0028, 0x0011, 'US', u16(64)),
    element(0x0028, 0x0100, 'US', u16(16)),
    element(0x0028, 0x0101, 'US', u16(16)),
    element(0x0028, 0x0102, 'US', u16(15)),
    element(0x0028, 0x0103, 'US', u16(1)),
    encapsulatedPixelData([fragment]),
  ]);
  const groupLength = element(0x0002, 0x0000, 'UL', u32(meta.length));
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), groupLength, meta, dataset]);
}

const LONG_VRS = new Set(['OB', 'OW', 'SQ', 'UN', 'UT']);

function element(group: number, elementNumber: number, vr: string, value: Buffer): Buffer {
  const long = LONG_VRS.has(vr);
  const header = Buffer.alloc(long ? 12 : 8);
  header.writeUInt16LE(group, 0);
  header.writeUInt16LE(elementNumber, 2);
  header.write(vr, 4, 'latin1');
  if (long) header.writeUInt32LE(value.length, 8);
  else header.writeUInt16LE(value.length, 6);
  return Buffer.concat([header, value]);
}

/** Even-length value: strings pad with a space, UIDs with NUL (PS3.5 6.2). */
function text(value: string, pad = 0x20): Buffer {
  const bytes = Buffer.from(value, 'latin1');
  return bytes.length % 2 === 0 ? bytes : Buffer.concat([bytes, Buffer.from([pad])]);
}

function u16(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(value, 0);
  return b;
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value, 0);
  return b;
}

function item(value: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt16LE(0xfffe, 0);
  header.writeUInt16LE(0xe000, 2);
  header.writeUInt32LE(value.length, 4);
  return Buffer.concat([header, value]);
}

function encapsulatedPixelData(fragments: Buffer[]): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16LE(0x7fe0, 0);
  header.writeUInt16LE(0x0010, 2);
  header.write('OB', 4, 'latin1');
  header.writeUInt32LE(0xffffffff, 8);
  const delimiter = Buffer.alloc(8);
  delimiter.writeUInt16LE(0xfffe, 0);
  delimiter.writeUInt16LE(0xe0dd, 2);
  return Buffer.concat([header, item(Buffer.alloc(0)), ...fragments.map(item), delimiter]);
}
