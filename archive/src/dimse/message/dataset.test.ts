import dcmjs from 'dcmjs';
import type { DicomJsonDict } from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { Tag, TransferSyntax } from '@consilium/shared';
import { decodeDataset, encodeDataset } from './dataset.js';
import { part10Header } from './part10.js';
import { refusal } from './expectRefusal.js';

const { ImplicitVRLittleEndian, ExplicitVRLittleEndian, ExplicitVRBigEndian, DeflatedExplicitVRLittleEndian } = TransferSyntax;

/**
 * Modality Worklist identifiers DCMTK 3.6.7 sent (`findscu -W -xi|-xe|-xb`):
 * SpecificCharacterSet ISO_IR 100, PatientName "Müller*" and
 * ScheduledPerformingPhysicianName "Jörg*" in Latin-1, universal matching keys of
 * several VRs (US among them), an empty sequence, and a ScheduledProcedureStepSequence
 * item (explicit lengths) with a date range and another empty sequence.
 */
const DCMTK_WORKLIST: Record<string, string> = {
  [ImplicitVRLittleEndian]:
    '080005000a00000049534f5f4952203130300800500000000000080010110000000010001000080000004dfc6c6c65722a20100020000000000010003000000000002800100000000000400000014a000000feff00e04200000008006000020000004d524000010000000000400002001200000032303234303130312d32303234303133312040000600060000004af672672a2040000800000000004000011000000000',
  [ExplicitVRLittleEndian]:
    '0800050043530a0049534f5f495220313030080050005348000008001011535100000000000010001000504e08004dfc6c6c65722a20100020004c4f00001000300044410000280010005553000040000001535100004e000000feff00e04600000008006000435302004d524000010041450000400002004441120032303234303130312d32303234303133312040000600504e06004af672672a204000080053510000000000004000011053480000',
  [ExplicitVRBigEndian]:
    '000800054353000a49534f5f495220313030000800505348000000081110535100000000000000100010504e00084dfc6c6c65722a20001000204c4f00000010003044410000002800105553000000400100535100000000004efffee0000000004600080060435300024d520040000141450000004000024441001232303234303130312d32303234303133312000400006504e00064af672672a200040000853510000000000000040100153480000',
};

const WORKLIST_DECODED: DicomJsonDict = {
  [Tag.SpecificCharacterSet]: { vr: 'CS', Value: ['ISO_IR 192'] },
  [Tag.AccessionNumber]: { vr: 'SH' },
  [Tag.ReferencedStudySequence]: { vr: 'SQ' },
  [Tag.PatientName]: { vr: 'PN', Value: [{ Alphabetic: 'Müller*' }] },
  [Tag.PatientID]: { vr: 'LO' },
  [Tag.PatientBirthDate]: { vr: 'DA' },
  [Tag.Rows]: { vr: 'US' },
  [Tag.ScheduledProcedureStepSequence]: {
    vr: 'SQ',
    Value: [
      {
        [Tag.Modality]: { vr: 'CS', Value: ['MR'] },
        [Tag.ScheduledStationAETitle]: { vr: 'AE' },
        [Tag.ScheduledProcedureStepStartDate]: { vr: 'DA', Value: ['20240101-20240131'] },
        [Tag.ScheduledPerformingPhysicianName]: { vr: 'PN', Value: [{ Alphabetic: 'Jörg*' }] },
        [Tag.ScheduledProtocolCodeSequence]: { vr: 'SQ' },
      },
    ],
  },
  [Tag.RequestedProcedureID]: { vr: 'SH' },
};

/**
 * A Study Root identifier DCMTK sent deflated (`findscu -S -xd`): ISO_IR 100,
 * PatientName "Müller*", an empty StudyDate, and a sequence item holding an empty key.
 */
const DCMTK_DEFLATED =
  'e3606065700ee662f00cf68ff70c52303430e060506070716460e0600802cab031048784ba442a703008080607323008303030fcfbcff0808301a4224030d4132426c010e0c7c1e0fb272727b5484b010000';
const DEFLATED_DECODED: DicomJsonDict = {
  [Tag.SpecificCharacterSet]: { vr: 'CS', Value: ['ISO_IR 192'] },
  [Tag.StudyDate]: { vr: 'DA' },
  [Tag.QueryRetrieveLevel]: { vr: 'CS', Value: ['STUDY'] },
  [Tag.ReferencedStudySequence]: { vr: 'SQ', Value: [{ [Tag.ReferencedSOPClassUID]: { vr: 'UI' } }] },
  [Tag.PatientName]: { vr: 'PN', Value: [{ Alphabetic: 'Müller*' }] },
};

const ALL_SYNTAXES = [ImplicitVRLittleEndian, ExplicitVRLittleEndian, ExplicitVRBigEndian, DeflatedExplicitVRLittleEndian];

type DcmjsElement = { vr: string; Value?: unknown[] };

/** dcmjs's own reading of a bare data set: wrapped in a Part 10 header and read with `readFile`. */
function dcmjsReading(bytes: Buffer, transferSyntaxUid: string): Record<string, DcmjsElement> {
  const file = Buffer.concat([
    part10Header({ sopClassUid: '1.2.3', sopInstanceUid: '1.2.3.4', transferSyntaxUid, implementationClassUid: '1.2.3.4.5' }),
    bytes,
  ]);
  return dcmjs.data.DicomMessage.readFile(file.buffer.slice(file.byteOffset, file.byteOffset + file.length) as ArrayBuffer).dict;
}

/** What dcmjs makes of a zero-length element, by VR: [] (PN), [""] (text), [null] (IS/DS), [0] (binary numbers). */
const DCMJS_EMPTY_FORMS = [[], [''], [null], [0]];

/**
 * Our reading agrees with dcmjs's: same tags and VRs, same values, except the two
 * documented departures (zero-length elements without Value, DA/DT/TM unpadded).
 */
function expectAgreement(ours: DicomJsonDict, theirs: Record<string, DcmjsElement>, path = ''): void {
  expect(Object.keys(ours).sort(), path).toEqual(Object.keys(theirs).sort());
  for (const [tag, element] of Object.entries(ours)) {
    const other = theirs[tag];
    const where = `${path}${tag}`;
    expect(element.vr, where).toBe(other?.vr);
    if (element.Value === undefined) {
      expect(DCMJS_EMPTY_FORMS, where).toContainEqual(other?.Value ?? []);
    } else if (element.vr === 'SQ') {
      expect(element.Value.length, where).toBe(other?.Value?.length);
      element.Value.forEach((item, i) => expectAgreement(item as DicomJsonDict, other?.Value?.[i] as Record<string, DcmjsElement>, `${where}[${i}].`));
    } else {
      const theirValues = (other?.Value ?? []).map((v) => (['DA', 'DT', 'TM'].includes(element.vr) && typeof v === 'string' ? v.trimEnd() : v));
      expect(JSON.parse(JSON.stringify(element.Value)), where).toEqual(JSON.parse(JSON.stringify(theirValues)));
    }
  }
}

describe('decodeDataset on identifiers DCMTK sent', () => {
  it.each(Object.entries(DCMTK_WORKLIST))('decodes the worklist query in %s: empty keys, sequences, Latin-1 text', (syntax, hex) => {
    expect(decodeDataset(Buffer.from(hex, 'hex'), syntax)).toEqual(WORKLIST_DECODED);
  });

  it('decodes a deflated identifier', () => {
    expect(decodeDataset(Buffer.from(DCMTK_DEFLATED, 'hex'), DeflatedExplicitVRLittleEndian)).toEqual(DEFLATED_DECODED);
  });

  it.each(Object.entries(DCMTK_WORKLIST))('agrees with dcmjs\'s own reading in %s', (syntax, hex) => {
    const bytes = Buffer.from(hex, 'hex');
    expectAgreement(decodeDataset(bytes, syntax), dcmjsReading(bytes, syntax));
  });

  it('agrees with dcmjs\'s own reading of the deflated identifier', () => {
    const bytes = Buffer.from(DCMTK_DEFLATED, 'hex');
    expectAgreement(decodeDataset(bytes, DeflatedExplicitVRLittleEndian), dcmjsReading(bytes, DeflatedExplicitVRLittleEndian));
  });

  it.each(Object.entries(DCMTK_WORKLIST))('re-encodes the worklist query in %s to the same reading', (syntax, hex) => {
    const decoded = decodeDataset(Buffer.from(hex, 'hex'), syntax);
    for (const target of ALL_SYNTAXES) {
      expect(decodeDataset(encodeDataset(decoded, target), target), target).toEqual(WORKLIST_DECODED);
    }
  });
});

describe('encodeDataset', () => {
  const hexOf = (dict: DicomJsonDict, syntax: string = ExplicitVRLittleEndian) => encodeDataset(dict, syntax).toString('hex');

  it('writes an element without Value, or with an empty Value, with zero length whatever its VR', () => {
    expect(hexOf({ [Tag.NumberOfStudyRelatedInstances]: { vr: 'IS' } })).toBe('20000812' + '4953' + '0000');
    expect(hexOf({ [Tag.Rows]: { vr: 'US' } })).toBe('28001000' + '5553' + '0000');
    expect(hexOf({ [Tag.PatientName]: { vr: 'PN', Value: [] } })).toBe('10001000' + '504e' + '0000');
    expect(hexOf({ [Tag.PatientID]: { vr: 'LO', Value: [''] } })).toBe('10002000' + '4c4f' + '0000');
    expect(hexOf({ [Tag.PatientName]: { vr: 'PN' } }, ImplicitVRLittleEndian)).toBe('10001000' + '00000000');
    expect(hexOf({ [Tag.PatientID]: { vr: 'LO', Value: ['A', null] } })).toBe('10002000' + '4c4f0200' + '415c');
  });

  it('writes AT values given as "GGGGEEEE" as group and element (PS3.5 6.2)', () => {
    expect(hexOf({ '00209165': { vr: 'AT', Value: ['0020000D'] } })).toBe('20006591' + '41540400' + '20000d00');
    expect(hexOf({ '00209165': { vr: 'AT', Value: ['0020000D'] } }, ExplicitVRBigEndian)).toBe('00209165' + '41540004' + '0020000d');
  });

  it('writes sequences and items with undefined length and their delimiters (PS3.5 7.5)', () => {
    const dict = { [Tag.ScheduledProcedureStepSequence]: { vr: 'SQ', Value: [{ [Tag.Modality]: { vr: 'CS', Value: ['MR'] } }] } };
    expect(hexOf(dict)).toBe('40000001' + '53510000ffffffff' + 'feff00e0ffffffff' + '08006000' + '435302004d52' + 'feff0de000000000' + 'feffdde000000000');
    expect(hexOf(dict, ExplicitVRBigEndian)).toBe('00400100' + '53510000ffffffff' + 'fffee000ffffffff' + '00080060' + '435300024d52' + 'fffee00d00000000' + 'fffee0dd00000000');
  });

  it('pads odd values to even length: UI with NUL, text with space (PS3.5 6.2)', () => {
    expect(hexOf({ [Tag.StudyInstanceUID]: { vr: 'UI', Value: ['1.2.3'] } })).toBe('20000d00' + '55490600' + Buffer.from('1.2.3\0').toString('hex'));
    expect(hexOf({ [Tag.QueryRetrieveLevel]: { vr: 'CS', Value: ['STUDY'] } })).toBe('08005200' + '43530600' + Buffer.from('STUDY ').toString('hex'));
  });

  it('round-trips numbers, multiple values, person name groups and binary values', () => {
    const dict: DicomJsonDict = {
      [Tag.ModalitiesInStudy]: { vr: 'CS', Value: ['CT', 'MR'] },
      [Tag.PatientName]: { vr: 'PN', Value: [{ Alphabetic: 'Yamada^Tarou', Ideographic: 'YAMADA^TAROU', Phonetic: 'yamada^tarou' }] },
      [Tag.NumberOfStudyRelatedInstances]: { vr: 'IS', Value: [42] },
      [Tag.Rows]: { vr: 'US', Value: [512] },
      [Tag.PixelSpacing]: { vr: 'DS', Value: [0.5, 0.25] },
      '00209165': { vr: 'AT', Value: ['00100010', '7FE00010'] },
      '00091010': { vr: 'OB', InlineBinary: Buffer.from([1, 2, 3, 4]).toString('base64') },
    };
    for (const syntax of ALL_SYNTAXES) {
      const decoded = decodeDataset(encodeDataset(dict, syntax), syntax);
      const binary = decoded['00091010']?.Value?.[0];
      expect(binary instanceof ArrayBuffer ? [...new Uint8Array(binary)] : binary, syntax).toEqual([1, 2, 3, 4]);
      delete decoded['00091010'];
      const { '00091010': _binary, ...rest } = dict;
      expect(decoded, syntax).toEqual(rest);
    }
  });

  it('writes text as UTF-8 and says so with ISO_IR 192', () => {
    const bytes = encodeDataset({ [Tag.PatientName]: { vr: 'PN', Value: [{ Alphabetic: 'Müller^Jörg' }] } }, ExplicitVRLittleEndian);
    expect(bytes.includes(Buffer.from('Müller^Jörg', 'utf8'))).toBe(true);
    expect(decodeDataset(bytes, ExplicitVRLittleEndian)[Tag.SpecificCharacterSet]).toEqual({ vr: 'CS', Value: ['ISO_IR 192'] });
  });

  it('adds no SpecificCharacterSet to ASCII text, and replaces one that is there', () => {
    const ascii = decodeDataset(encodeDataset({ [Tag.PatientID]: { vr: 'LO', Value: ['P-1'] } }, ExplicitVRLittleEndian), ExplicitVRLittleEndian);
    expect(ascii[Tag.SpecificCharacterSet]).toBeUndefined();
    const latin1 = encodeDataset(
      { [Tag.SpecificCharacterSet]: { vr: 'CS', Value: ['ISO_IR 100'] }, [Tag.PatientName]: { vr: 'PN', Value: [{ Alphabetic: 'Gödel' }] } },
      ImplicitVRLittleEndian,
    );
    expect(latin1.includes(Buffer.from('ISO_IR 192'))).toBe(true);
    expect(latin1.includes(Buffer.from('Gödel', 'utf8'))).toBe(true);
  });

  it('leaves out elements of groups 0000 and 0002, and accepts lowercase tags', () => {
    const dict: DicomJsonDict = {
      [Tag.TransferSyntaxUID]: { vr: 'UI', Value: [ExplicitVRLittleEndian] },
      [Tag.CommandField]: { vr: 'US', Value: [1] },
      '0020000d': { vr: 'UI', Value: ['1.2.3'] },
    };
    expect(decodeDataset(encodeDataset(dict, ExplicitVRLittleEndian), ExplicitVRLittleEndian)).toEqual({ [Tag.StudyInstanceUID]: { vr: 'UI', Value: ['1.2.3'] } });
  });

  it('refuses what it cannot encode', () => {
    expect(refusal(() => encodeDataset({ [Tag.PatientID]: { vr: 'LO' } }, '1.2.3.4')).message).toMatch(/Transfer syntax "1.2.3.4"/);
    expect(refusal(() => encodeDataset({ '7FE00010': { vr: 'OB', BulkDataURI: 'http://x/1' } }, ExplicitVRLittleEndian)).message).toMatch(/BulkDataURI/);
    expect(refusal(() => encodeDataset({ PatientID: { vr: 'LO' } }, ExplicitVRLittleEndian)).message).toMatch(/8 hex digits/);
    expect(refusal(() => encodeDataset({ [Tag.PatientID]: { vr: 'lo' } }, ExplicitVRLittleEndian)).message).toMatch(/no valid vr/);
  });

  it('pads a deflated data set to even length, as DCMTK requires of a fragment', () => {
    for (let n = 0; n < 8; n++) {
      const bytes = encodeDataset({ [Tag.PatientID]: { vr: 'LO', Value: ['x'.repeat(n * 7 + 1)] } }, DeflatedExplicitVRLittleEndian);
      expect(bytes.length % 2).toBe(0);
    }
  });
});

describe('decodeDataset character sets', () => {
  it('decodes UTF-8 inside sequence items, which dcmjs alone reads as Latin-1', () => {
    const dict: DicomJsonDict = {
      [Tag.PatientName]: { vr: 'PN', Value: [{ Alphabetic: 'Müller^Jörg' }] },
      [Tag.ScheduledProcedureStepSequence]: {
        vr: 'SQ',
        Value: [{ [Tag.ScheduledPerformingPhysicianName]: { vr: 'PN', Value: [{ Alphabetic: 'Größe^Ärztin' }] }, [Tag.ScheduledProcedureStepDescription]: { vr: 'LO', Value: ['Schädel nativ'] } }],
      },
    };
    for (const syntax of ALL_SYNTAXES) {
      expect(decodeDataset(encodeDataset(dict, syntax), syntax), syntax).toEqual({ ...dict, [Tag.SpecificCharacterSet]: { vr: 'CS', Value: ['ISO_IR 192'] } });
    }
  });

  it('applies an item\'s own SpecificCharacterSet to that item alone (PS3.5 6.1.2.5.3)', () => {
    const el = (tag: string, vr: string, value: Buffer) => {
      const header = Buffer.alloc(8);
      header.writeUInt16LE(Number.parseInt(tag.slice(0, 4), 16), 0);
      header.writeUInt16LE(Number.parseInt(tag.slice(4), 16), 2);
      header.write(vr, 4, 'latin1');
      header.writeUInt16LE(value.length, 6);
      return Buffer.concat([header, value]);
    };
    const bytes = Buffer.concat([
      el(Tag.SpecificCharacterSet, 'CS', Buffer.from('ISO_IR 192')),
      el(Tag.PatientName, 'PN', Buffer.from('Jörg ', 'utf8')),
      Buffer.from('40000001' + '53510000ffffffff' + 'feff00e0ffffffff', 'hex'),
      el(Tag.SpecificCharacterSet, 'CS', Buffer.from('ISO_IR 100')),
      el(Tag.ScheduledPerformingPhysicianName, 'PN', Buffer.from('Jörg', 'latin1')),
      Buffer.from('feff0de000000000' + 'feffdde000000000', 'hex'),
    ]);
    const decoded = decodeDataset(bytes, ExplicitVRLittleEndian);
    expect(decoded[Tag.PatientName]?.Value).toEqual([{ Alphabetic: 'Jörg' }]);
    const item = decoded[Tag.ScheduledProcedureStepSequence]?.Value?.[0] as DicomJsonDict;
    expect(item[Tag.ScheduledPerformingPhysicianName]?.Value).toEqual([{ Alphabetic: 'Jörg' }]);
  });

  it('refuses ISO 2022 code extensions (several character sets)', () => {
    const bytes = encodeDataset({ [Tag.PatientID]: { vr: 'LO', Value: ['1'] } }, ExplicitVRLittleEndian);
    const withExtensions = Buffer.concat([Buffer.from('080005004353' + '1000', 'hex'), Buffer.from('\\ISO 2022 IR 87  '.slice(0, 16)), bytes]);
    expect(refusal(() => decodeDataset(withExtensions, ExplicitVRLittleEndian)).message).toMatch(/character sets/);
  });
});

/** A copy of `bytes` whose first item claims `length` bytes. */
function withItemLength(bytes: Buffer, length: number): Buffer {
  const copy = Buffer.from(bytes);
  copy.writeUInt32LE(length, copy.indexOf(Buffer.from('feff00e0', 'hex')) + 4);
  return copy;
}

describe('decodeDataset on malformed data sets', () => {
  const worklist = Buffer.from(DCMTK_WORKLIST[ExplicitVRLittleEndian] ?? '', 'hex');
  const implicit = Buffer.from(DCMTK_WORKLIST[ImplicitVRLittleEndian] ?? '', 'hex');

  it.each([
    ['truncated in a value', worklist.subarray(0, 15), ExplicitVRLittleEndian, /runs past the end/],
    ['truncated in a header', worklist.subarray(0, worklist.length - 3), ExplicitVRLittleEndian, /ends inside an element header/],
    ['a VR that is not two letters', Buffer.from('100010000102000000', 'hex'), ExplicitVRLittleEndian, /no valid VR/],
    ['an undefined length on LO', Buffer.from('10002000ffffffff', 'hex'), ImplicitVRLittleEndian, /undefined length/],
    ['a sequence without delimiter', Buffer.from('40000001' + '53510000ffffffff' + 'feff00e008000000' + '0800600043530200', 'hex'), ExplicitVRLittleEndian, /runs past the end|ends inside/],
    ['an item without delimiter', Buffer.from('40000001' + '53510000ffffffff' + 'feff00e0ffffffff' + '08006000435302004d52', 'hex'), ExplicitVRLittleEndian, /without an item delimiter/],
    ['a stray item tag', Buffer.from('feff00e000000000', 'hex'), ExplicitVRLittleEndian, /Unexpected \(FFFE,E000\)/],
    ['an item whose length exceeds its sequence', withItemLength(implicit, 0xff), ImplicitVRLittleEndian, /runs past the end/],
    ['bytes that do not inflate', Buffer.from('ffffffff', 'hex'), DeflatedExplicitVRLittleEndian, /does not inflate/],
    ['an unknown transfer syntax', worklist, '1.2.3', /Transfer syntax/],
  ])('refuses %s', (_name, bytes, syntax, message) => {
    expect(refusal(() => decodeDataset(bytes, syntax)).message).toMatch(message);
  });

  it('refuses sequences nested beyond the limit instead of recursing', () => {
    const open = '40000001' + '53510000ffffffff' + 'feff00e0ffffffff';
    const close = 'feff0de000000000' + 'feffdde000000000';
    const deep = Buffer.from(open.repeat(40) + close.repeat(40), 'hex');
    expect(refusal(() => decodeDataset(deep, ExplicitVRLittleEndian)).message).toMatch(/nest deeper/);
    const fine = Buffer.from(open.repeat(8) + close.repeat(8), 'hex');
    expect(decodeDataset(fine, ExplicitVRLittleEndian)).toHaveProperty(Tag.ScheduledProcedureStepSequence);
  });

  it('reads an empty buffer as an empty data set', () => {
    expect(decodeDataset(Buffer.alloc(0), ImplicitVRLittleEndian)).toEqual({});
  });
});
