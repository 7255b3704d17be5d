import { createHash } from 'node:crypto';
import dcmjs from 'dcmjs';
import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { SopClass, Tag, TransferSyntax } from '@consilium/shared';
import { parseInstance } from '../../ingest/parseInstance.js';
import { daikonSample } from '../../testing/daikonSamples.js';
import { makeInstance, newUid } from '../../testing/makeInstance.js';
import { decodeDataset, encodeDataset } from './dataset.js';
import { locateDataset, part10Header } from './part10.js';
import { refusal } from './expectRefusal.js';

const SAMPLES = [
  'explicit_little.dcm',
  'implicit_little.dcm',
  'explicit_big.dcm',
  'deflated.dcm',
  'jpeg_2000.dcm',
  'jpeg_baseline_8bit.dcm',
  'jpeg_lossless_sel1.dcm',
  'jpeg_ls.dcm',
  'rle.dcm',
  ...Array.from({ length: 20 }, (_, i) => `volume/brain_${String(i + 1).padStart(3, '0')}.dcm`),
];
const IMPLEMENTATION_CLASS_UID = '1.2.826.0.1.3680043.10.1';

/** dcmjs's reading of a Part 10 file as comparable JSON: binary values by digest. */
function dcmjsJson(file: Buffer): string {
  const dict = dcmjs.data.DicomMessage.readFile(file.buffer.slice(file.byteOffset, file.byteOffset + file.length) as ArrayBuffer).dict;
  return JSON.stringify(dict, (_key, value: unknown) =>
    value instanceof ArrayBuffer ? `sha1:${createHash('sha1').update(new Uint8Array(value)).digest('hex')}` : value,
  );
}

describe('locateDataset', () => {
  it.each(SAMPLES)('finds where the data set of %s starts, as the group length declares', (name) => {
    const file = daikonSample(name);
    const meta = dicomParser.readPart10Header(file);
    const location = locateDataset(file);
    expect(location).toEqual({
      offset: 132 + 12 + (meta.uint32('x00020000') ?? -1),
      transferSyntaxUid: meta.string('x00020010'),
      sopClassUid: meta.string('x00020002'),
      sopInstanceUid: meta.string('x00020003'),
    });
  });

  // brain_001.dcm carries 2.5 MB after its last element, which dcmjs cannot read even in the original file.
  it.each(SAMPLES.filter((name) => name !== 'volume/brain_001.dcm'))('leaves exactly the data set of %s: a new header before it makes the same file for dcmjs', (name) => {
    const file = daikonSample(name);
    const location = locateDataset(file);
    const rebuilt = Buffer.concat([part10Header({ ...location, implementationClassUid: IMPLEMENTATION_CLASS_UID }), file.subarray(location.offset)]);
    expect(dcmjsJson(rebuilt)).toBe(dcmjsJson(file));
  });

  it.each(['explicit_little.dcm', 'implicit_little.dcm', 'explicit_big.dcm', 'deflated.dcm', 'rle.dcm'])(
    'leaves a data set of %s that decodeDataset reads in the file\'s transfer syntax',
    (name) => {
      const file = daikonSample(name);
      const { offset, transferSyntaxUid, sopInstanceUid } = locateDataset(file);
      const dataset = decodeDataset(file.subarray(offset), transferSyntaxUid);
      expect(dataset[Tag.SOPInstanceUID]?.Value).toEqual([sopInstanceUid]);
      expect(dataset).toHaveProperty(Tag.PixelData);
    },
  );

  it('falls back to the end of group 0002 when the group length is wrong', () => {
    const file = Buffer.from(daikonSample('explicit_big.dcm'));
    const expected = locateDataset(file);
    for (const wrong of [expected.offset - 144 - 6, expected.offset - 144 + 40, 3]) {
      file.writeUInt32LE(wrong, 140);
      expect(locateDataset(file), String(wrong)).toEqual(expected);
    }
  });

  it('walks group 0002 when there is no group length', () => {
    const header = part10Header({ sopClassUid: SopClass.CTImageStorage, sopInstanceUid: '1.2.3', transferSyntaxUid: TransferSyntax.ImplicitVRLittleEndian, implementationClassUid: '1.2' });
    const dataset = encodeDataset({ [Tag.SOPInstanceUID]: { vr: 'UI', Value: ['1.2.3'] } }, TransferSyntax.ImplicitVRLittleEndian);
    const file = Buffer.concat([header.subarray(0, 132), header.subarray(144), dataset]);
    expect(locateDataset(file)).toMatchObject({ offset: header.length - 12, sopInstanceUid: '1.2.3' });
  });

  it('refuses what is not a Part 10 file or lacks its Type 1 meta elements', () => {
    const file = daikonSample('explicit_little.dcm');
    expect(refusal(() => locateDataset(file.subarray(0, 100))).message).toMatch(/no "DICM"/);
    expect(refusal(() => locateDataset(Buffer.concat([file.subarray(0, 132), Buffer.from('08000500', 'hex')]))).message).toMatch(/no file meta/);
    expect(refusal(() => locateDataset(file.subarray(0, 180))).message).toMatch(/runs past the end/);
    const noSyntax = part10Header({ sopClassUid: '1.2', sopInstanceUid: '1.2.3', transferSyntaxUid: '', implementationClassUid: '1.2' });
    expect(refusal(() => locateDataset(noSyntax)).message).toMatch(/TransferSyntaxUID/);
  });
});

describe('part10Header', () => {
  const meta = {
    sopClassUid: SopClass.CTImageStorage,
    sopInstanceUid: '1.2.826.0.1.3680043.2.1125.7',
    transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian,
    implementationClassUid: IMPLEMENTATION_CLASS_UID,
    implementationVersionName: 'CONSILIUM_01',
    sourceAeTitle: 'MODALITY',
  };

  it('writes preamble, "DICM" and group 0002 with its group length (PS3.10 7.1)', () => {
    const header = part10Header(meta);
    expect(header.subarray(0, 128).every((b) => b === 0)).toBe(true);
    expect(header.toString('latin1', 128, 132)).toBe('DICM');
    expect(header.subarray(132, 144).toString('hex')).toBe('02000000554c0400' + Buffer.from([header.length - 144, 0, 0, 0]).toString('hex'));
    expect(header.length % 2).toBe(0);
    const parsed = dicomParser.readPart10Header(header);
    expect({
      version: [...(parsed.elements.x00020001 ? header.subarray(parsed.elements.x00020001.dataOffset, parsed.elements.x00020001.dataOffset + 2) : [])],
      sopClassUid: parsed.string('x00020002'),
      sopInstanceUid: parsed.string('x00020003'),
      transferSyntaxUid: parsed.string('x00020010'),
      implementationClassUid: parsed.string('x00020012'),
      implementationVersionName: parsed.string('x00020013'),
      sourceAeTitle: parsed.string('x00020016'),
    }).toEqual({ version: [0, 1], ...meta });
  });

  it('leaves out the optional elements when not given', () => {
    const parsed = dicomParser.readPart10Header(part10Header({ ...meta, implementationVersionName: undefined, sourceAeTitle: undefined }));
    expect(Object.keys(parsed.elements).sort()).toEqual(['x00020000', 'x00020001', 'x00020002', 'x00020003', 'x00020010', 'x00020012']);
  });

  const syntaxes = [
    TransferSyntax.ImplicitVRLittleEndian,
    TransferSyntax.ExplicitVRLittleEndian,
    TransferSyntax.ExplicitVRBigEndian,
    TransferSyntax.DeflatedExplicitVRLittleEndian,
  ];

  it.each(syntaxes)('makes, with a data set received in %s, a file that ingest accepts', (transferSyntaxUid) => {
    const sopInstanceUID = newUid();
    const original = makeInstance({ sopInstanceUID, patientName: 'Müller^Jörg', extra: { SpecificCharacterSet: 'ISO_IR 192' } });
    const received = encodeDataset(decodeDataset(original.subarray(locateDataset(original).offset), TransferSyntax.ExplicitVRLittleEndian), transferSyntaxUid);
    const file = Buffer.concat([part10Header({ ...meta, sopInstanceUid: sopInstanceUID, transferSyntaxUid }), received]);
    const parsed = parseInstance(file);
    expect(parsed).toMatchObject({ sopInstanceUID, sopClassUID: SopClass.CTImageStorage, transferSyntaxUID: transferSyntaxUid, patient: { patientName: 'Müller^Jörg' } });
    expect(parsed.instance).toMatchObject({ rows: 8, columns: 8 });
  });

  it.each(['explicit_little.dcm', 'explicit_big.dcm', 'deflated.dcm', 'jpeg_ls.dcm'])(
    'makes, with the data set bytes of %s as another writer made them, a file that ingest accepts',
    (name) => {
      const sample = daikonSample(name);
      const location = locateDataset(sample);
      const file = Buffer.concat([part10Header({ ...location, implementationClassUid: IMPLEMENTATION_CLASS_UID }), sample.subarray(location.offset)]);
      expect(parseInstance(file)).toMatchObject({ sopInstanceUID: location.sopInstanceUid, transferSyntaxUID: location.transferSyntaxUid });
    },
  );
});
