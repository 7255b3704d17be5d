import { Tag } from '@consilium/shared';
import { DimseMessageError } from './DimseMessageError.js';

/** What a File Meta Information header says about the data set after it (PS3.10 7.1). */
export interface Part10Meta {
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  implementationClassUid: string;
  implementationVersionName?: string;
  sourceAeTitle?: string;
}

const PREAMBLE_BYTES = 128;
const PREFIX = 'DICM';
const META_START = PREAMBLE_BYTES + PREFIX.length;
/** VRs with a 4-byte length after 2 reserved bytes in Explicit VR (PS3.5 Table 7.1-1). */
const LONG_LENGTH_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
/** FileMetaInformationVersion 00H 01H (PS3.10 Table 7.1-1). */
const META_VERSION = Buffer.from([0x00, 0x01]);

/**
 * Bytes of a Part 10 file meta header (128-byte preamble, "DICM", group 0002 in
 * Explicit VR Little Endian with its group length; PS3.10 7.1) for a data set
 * received over the network. The file is this header followed by the data set's
 * bytes exactly as they arrived (deflated ones included, PS3.10 7.1 / PS3.5 A.5),
 * so storing a C-STORE never re-encodes. UIDs are written as given: the ingest
 * path validates them and refuses with a precise status.
 */
export function part10Header(meta: Part10Meta): Buffer {
  const elements = [
    element(Tag.FileMetaInformationVersion, 'OB', META_VERSION),
    uiElement(Tag.MediaStorageSOPClassUID, meta.sopClassUid),
    uiElement(Tag.MediaStorageSOPInstanceUID, meta.sopInstanceUid),
    uiElement(Tag.TransferSyntaxUID, meta.transferSyntaxUid),
    uiElement(Tag.ImplementationClassUID, meta.implementationClassUid),
  ];
  if (meta.implementationVersionName) elements.push(textElement(Tag.ImplementationVersionName, 'SH', meta.implementationVersionName));
  if (meta.sourceAeTitle) elements.push(textElement(Tag.SourceApplicationEntityTitle, 'AE', meta.sourceAeTitle));
  const group = Buffer.concat(elements);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(group.length);
  const prefix = Buffer.alloc(META_START);
  prefix.write(PREFIX, PREAMBLE_BYTES, 'latin1');
  return Buffer.concat([prefix, element(Tag.FileMetaInformationGroupLength, 'UL', groupLength), group]);
}

function uiElement(tag: string, uid: string): Buffer {
  return element(tag, 'UI', padded(uid, 0x00));
}

function textElement(tag: string, vr: 'SH' | 'AE', text: string): Buffer {
  return element(tag, vr, padded(text, 0x20));
}

function padded(text: string, pad: number): Buffer {
  const bytes = Buffer.from(text, 'latin1');
  return bytes.length % 2 === 0 ? bytes : Buffer.concat([bytes, Buffer.from([pad])]);
}

function element(tag: string, vr: string, value: Buffer): Buffer {
  const long = LONG_LENGTH_VRS.has(vr);
  if (!long && value.length > 0xffff) throw new DimseMessageError(`Meta element ${tag} is ${value.length} bytes; VR ${vr} holds at most 65535`);
  const header = Buffer.alloc(long ? 12 : 8);
  const number = Number.parseInt(tag, 16);
  header.writeUInt16LE(number >>> 16, 0);
  header.writeUInt16LE(number & 0xffff, 2);
  header.write(vr, 4, 'latin1');
  if (long) header.writeUInt32LE(value.length, 8);
  else header.writeUInt16LE(value.length, 6);
  return Buffer.concat([header, value]);
}

/** Where a stored Part 10 file's data set starts, and what its meta header says of it. */
export interface DatasetLocation {
  /** `file.subarray(offset)` is the data set, byte for byte as the file holds it (still deflated for 1.2.840.10008.1.2.1.99). */
  offset: number;
  transferSyntaxUid: string;
  sopClassUid: string;
  sopInstanceUid: string;
}

/**
 * Finds the data set in a stored Part 10 file by reading only its meta group, so
 * a C-STORE sub-operation can send the file's own bytes in the file's transfer
 * syntax. The group ends where FileMetaInformationGroupLength says when that
 * lands on an element boundary; otherwise (a wrong or missing group length, as
 * some writers produce) where the elements of group 0002 end. Throws
 * DimseMessageError when there is no "DICM" prefix, the meta group is cut short,
 * or TransferSyntaxUID, MediaStorageSOPClassUID or MediaStorageSOPInstanceUID
 * (Type 1, PS3.10 Table 7.1-1) is missing.
 */
export function locateDataset(file: Buffer): DatasetLocation {
  if (file.length < META_START || file.toString('latin1', PREAMBLE_BYTES, META_START) !== PREFIX) {
    throw new DimseMessageError('Not a DICOM Part 10 file: no "DICM" prefix at byte 128 (PS3.10 7.1)');
  }
  const { elements, end } = readMetaElements(file);
  const values = new Map(elements.map((e) => [e.tag, e]));
  const uid = (tag: string, name: string) => {
    const e = values.get(tag);
    const value = e ? file.toString('latin1', e.valueStart, e.end).replace(/[\0 ]+$/, '').trim() : '';
    if (value === '') throw new DimseMessageError(`File meta information lacks ${name} (PS3.10 Table 7.1-1)`);
    return value;
  };
  return {
    offset: end,
    transferSyntaxUid: uid(Tag.TransferSyntaxUID, 'TransferSyntaxUID (0002,0010)'),
    sopClassUid: uid(Tag.MediaStorageSOPClassUID, 'MediaStorageSOPClassUID (0002,0002)'),
    sopInstanceUid: uid(Tag.MediaStorageSOPInstanceUID, 'MediaStorageSOPInstanceUID (0002,0003)'),
  };
}

interface MetaElement {
  tag: string;
  valueStart: number;
  end: number;
}

/**
 * Elements from byte 132 on (Explicit VR Little Endian, PS3.10 7.1): up to the end
 * the group length declares, else while their group is 0002.
 */
function readMetaElements(file: Buffer): { elements: MetaElement[]; end: number } {
  const elements: MetaElement[] = [];
  let declaredEnd: number | undefined;
  let p = META_START;
  while (p !== declaredEnd && file.length - p >= 8 && file.readUInt16LE(p) === 0x0002) {
    const tag = `0002${file.readUInt16LE(p + 2).toString(16).toUpperCase().padStart(4, '0')}`;
    const vr = file.toString('latin1', p + 4, p + 6);
    const long = LONG_LENGTH_VRS.has(vr);
    if (long && file.length - p < 12) throw new DimseMessageError(`File ends inside the header of meta element (0002,${tag.slice(4)})`);
    const length = long ? file.readUInt32LE(p + 8) : file.readUInt16LE(p + 6);
    const valueStart = p + (long ? 12 : 8);
    if (length > file.length - valueStart) {
      throw new DimseMessageError(`Meta element (0002,${tag.slice(4)}) of ${length} bytes runs past the end of the file`);
    }
    p = valueStart + length;
    if (elements.length === 0 && tag === Tag.FileMetaInformationGroupLength && length === 4) {
      declaredEnd = p + file.readUInt32LE(valueStart);
    }
    elements.push({ tag, valueStart, end: p });
  }
  if (elements.length === 0) throw new DimseMessageError('Part 10 file has no file meta information after "DICM" (PS3.10 7.1)');
  return { elements, end: p };
}
