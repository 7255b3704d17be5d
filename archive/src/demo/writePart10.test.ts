import dicomParser from 'dicom-parser';
import { TransferSyntax } from '@consilium/shared';
import { describe, expect, it } from 'vitest';
import { DEMO_IMPLEMENTATION_CLASS_UID, writePart10, type DicomElement } from './writePart10.js';

const identity = { sopClassUid: '1.2.840.10008.5.1.4.1.1.7', sopInstanceUid: '1.2.3.4.5' };
const pixels = Uint8Array.of(1, 2, 3, 4);
const dataset: DicomElement[] = [
  { tag: 0x7fe0_0010, vr: 'OW', value: pixels },
  { tag: 0x0010_0010, vr: 'PN', value: 'DOE^JO' },
  { tag: 0x0008_0018, vr: 'UI', value: identity.sopInstanceUid },
  { tag: 0x0028_0010, vr: 'US', value: [2] },
  { tag: 0x0008_0060, vr: 'CS', value: 'OT' },
  { tag: 0x0020_0032, vr: 'DS', value: '-1.5\\2\\30' },
  { tag: 0x0008_0090, vr: 'PN', value: '' },
];

describe('writePart10', () => {
  const file = writePart10(dataset, identity);
  const ds = dicomParser.parseDicom(file);

  it('writes a zero preamble, the DICM prefix and a correct meta group length', () => {
    expect(file.subarray(0, 128).every((b) => b === 0)).toBe(true);
    expect(Buffer.from(file.subarray(128, 132)).toString('latin1')).toBe('DICM');
    const groupLength = ds.uint32('x00020000')!;
    const afterGroupLength = ds.elements.x00020000!.dataOffset + 4;
    // The first data set element starts right after the meta group.
    expect(ds.elements.x00080018!.dataOffset - 8).toBe(afterGroupLength + groupLength);
  });

  it('fills the File Meta Information from the identity', () => {
    expect(ds.string('x00020002')).toBe(identity.sopClassUid);
    expect(ds.string('x00020003')).toBe(identity.sopInstanceUid);
    expect(ds.string('x00020010')).toBe(TransferSyntax.ExplicitVRLittleEndian);
    expect(ds.string('x00020012')).toBe(DEMO_IMPLEMENTATION_CLASS_UID);
    const version = ds.elements.x00020001!;
    expect([...file.subarray(version.dataOffset, version.dataOffset + 2)]).toEqual([0, 1]);
  });

  it('writes the elements sorted by tag with their values and explicit VRs', () => {
    const offsets = ['x00080018', 'x00080060', 'x00080090', 'x00100010', 'x00200032', 'x00280010', 'x7fe00010'].map(
      (tag) => ds.elements[tag]!.dataOffset,
    );
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(ds.string('x00100010')).toBe('DOE^JO');
    expect(ds.string('x00080060')).toBe('OT');
    expect(ds.string('x00200032', 0)).toBe('-1.5');
    expect(ds.uint16('x00280010')).toBe(2);
    expect(ds.elements.x00080090!.length).toBe(0);
    expect(ds.elements.x7fe00010!.vr).toBe('OW');
    const px = ds.elements.x7fe00010!;
    expect([...file.subarray(px.dataOffset, px.dataOffset + px.length)]).toEqual([1, 2, 3, 4]);
  });

  it('pads odd-length UIDs with NUL and other text with a space (PS3.5 §6.2)', () => {
    const uid = ds.elements.x00080018!;
    expect(uid.length).toBe(10);
    expect(file[uid.dataOffset + 9]).toBe(0);
    const cs = ds.elements.x00200032!;
    expect(cs.length).toBe(10);
    expect(file[cs.dataOffset + 9]).toBe(0x20);
  });

  it('refuses duplicate tags, meta tags in the data set, bad UIDs and non-ASCII text', () => {
    const pn: DicomElement = { tag: 0x0010_0010, vr: 'PN', value: 'A' };
    expect(() => writePart10([pn, pn], identity)).toThrow(/duplicate/);
    expect(() => writePart10([{ tag: 0x0002_0010, vr: 'UI', value: '1.2' }], identity)).toThrow(RangeError);
    expect(() => writePart10([{ tag: 0x0008_0018, vr: 'UI', value: '1.2.x' }], identity)).toThrow(/UID/);
    expect(() => writePart10([{ tag: 0x0010_0010, vr: 'PN', value: 'Müller' }], identity)).toThrow(/ASCII/);
    expect(() => writePart10([], { ...identity, sopInstanceUid: `1.${'2'.repeat(64)}` })).toThrow(/UID/);
  });
});
