import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { TAG_KEYWORDS, Tag, tagOf } from './tags.js';

/** dcmjs ships no types; only the part of its dictionary this test reads. */
interface DcmjsDictionary {
  data: { DicomMetaDictionary: { nameMap: Record<string, { tag: string } | undefined> } };
}

// dcmjs is a reference for the test only; shared never imports it at runtime.
const dcmjs = createRequire(import.meta.url)('dcmjs') as DcmjsDictionary;
const { nameMap } = dcmjs.data.DicomMetaDictionary;

/** '(0010,0010)' → '00100010' */
const dictionaryTag = (keyword: string): string | undefined =>
  nameMap[keyword]?.tag.replace(/[(),]/g, '').toUpperCase();

describe('Tag', () => {
  it('matches the PS3.6 data dictionary (via dcmjs) for every keyword', () => {
    const mismatches = Object.entries(Tag)
      .filter(([keyword, tag]) => dictionaryTag(keyword) !== tag)
      .map(([keyword, tag]) => `${keyword}: ours ${tag}, dictionary ${dictionaryTag(keyword)}`);
    expect(mismatches).toEqual([]);
  });

  it('has the tags the DICOMweb and DIMSE code relies on', () => {
    expect(Tag.PatientName).toBe('00100010');
    expect(Tag.StudyInstanceUID).toBe('0020000D');
    expect(Tag.TransferSyntaxUID).toBe('00020010');
    expect(Tag.ReferencedSOPSequence).toBe('00081199');
    expect(Tag.FailedSOPSequence).toBe('00081198');
    expect(Tag.ReferencedSOPClassUID).toBe('00081150');
    expect(Tag.ReferencedSOPInstanceUID).toBe('00081155');
    expect(Tag.FailureReason).toBe('00081197');
    expect(Tag.WarningReason).toBe('00081196');
    expect(Tag.RetrieveURL).toBe('00081190');
    expect(Tag.RequestAttributesSequence).toBe('00400275');
    expect(Tag.ScheduledProcedureStepSequence).toBe('00400100');
    expect(Tag.NumberOfStudyRelatedInstances).toBe('00201208');
    expect(Tag.PixelData).toBe('7FE00010');
    expect(Tag.FloatPixelData).toBe('7FE00008');
    expect(Tag.DoubleFloatPixelData).toBe('7FE00009');
  });

  it('uses 8 uppercase hex digits and gives each keyword its own tag', () => {
    const tags = Object.values(Tag);
    for (const tag of tags) expect(tag).toMatch(/^[0-9A-F]{8}$/);
    expect(new Set(tags).size).toBe(tags.length);
  });
});

describe('TAG_KEYWORDS', () => {
  it('inverts Tag', () => {
    expect(TAG_KEYWORDS.size).toBe(Object.keys(Tag).length);
    expect(TAG_KEYWORDS.get('00100020')).toBe('PatientID');
    for (const [keyword, tag] of Object.entries(Tag)) expect(TAG_KEYWORDS.get(tag)).toBe(keyword);
  });
});

describe('tagOf', () => {
  it('resolves keywords', () => {
    expect(tagOf('PatientID')).toBe('00100020');
    expect(tagOf('ModalitiesInStudy')).toBe('00080061');
  });

  it('accepts tags in any case and uppercases them, known or not', () => {
    expect(tagOf('0020000d')).toBe('0020000D');
    expect(tagOf('0020000D')).toBe('0020000D');
    expect(tagOf('00091001')).toBe('00091001');
  });

  it('rejects unknown keywords, wrong-case keywords, prototype names and malformed tags', () => {
    expect(tagOf('NoSuchKeyword')).toBeUndefined();
    expect(tagOf('patientid')).toBeUndefined();
    expect(tagOf('toString')).toBeUndefined();
    expect(tagOf('constructor')).toBeUndefined();
    expect(tagOf('0010001')).toBeUndefined();
    expect(tagOf('(0010,0010)')).toBeUndefined();
    expect(tagOf('')).toBeUndefined();
  });
});
