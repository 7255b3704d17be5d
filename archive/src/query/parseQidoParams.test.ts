import { describe, expect, it } from 'vitest';
import { AppError, Tag } from '@consilium/shared';
import { DEFAULT_LIMIT, MAX_LIMIT, parseQidoParams, type QueryParams } from './parseQidoParams.js';
import type { StudyQuery } from './QueryModel.js';

const SPS_ID = `${Tag.RequestAttributesSequence}.${Tag.ScheduledProcedureStepID}`;

const parse = (params: QueryParams, level: StudyQuery['level'] = 'STUDY', scope: StudyQuery['scope'] = {}) =>
  parseQidoParams(level, scope, params);
const refusal = (params: QueryParams, level: StudyQuery['level'] = 'STUDY'): string => {
  try {
    parse(params, level);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('InvalidQuery');
    return (error as AppError).message;
  }
  throw new Error(`expected ${JSON.stringify(params)} to be refused at the ${level} level`);
};

describe('parseQidoParams: matching keys (PS3.18 8.3.4.1, Table 10.6.1-5)', () => {
  it('takes keys by keyword and by 8-hex tag in either case, to the same filter', () => {
    const byKeyword = parse({ PatientID: 'PID-1' });
    expect(byKeyword.filters).toEqual([{ tag: Tag.PatientID, matcher: { kind: 'single', value: 'PID-1' } }]);
    expect(parse({ '00100020': 'PID-1' }).filters).toEqual(byKeyword.filters);
    expect(parse({ '0020000d': '1.2.3' }).filters).toEqual([{ tag: Tag.StudyInstanceUID, matcher: { kind: 'single', value: '1.2.3' } }]);
  });

  it('takes RequestAttributesSequence.ScheduledProcedureStepID by keywords and by tags', () => {
    const filter = [{ tag: SPS_ID, matcher: { kind: 'single', value: 'SPS-7' } }];
    expect(parse({ 'RequestAttributesSequence.ScheduledProcedureStepID': 'SPS-7' }, 'SERIES').filters).toEqual(filter);
    expect(parse({ '00400275.00400009': 'SPS-7' }, 'SERIES').filters).toEqual(filter);
    expect(parse({ 'RequestAttributesSequence.00400009': 'SPS-7' }, 'IMAGE').filters).toEqual(filter);
  });

  it('keeps the path scope and combines several keys', () => {
    const query = parse({ PatientName: 'Doe*', StudyDate: '20260101-', Modality: 'CT' }, 'SERIES', { studyInstanceUID: '1.2.3' });
    expect(query.scope).toEqual({ studyInstanceUID: '1.2.3' });
    expect(query.filters.map((f) => f.tag)).toEqual([Tag.PatientName, Tag.StudyDate, Tag.Modality]);
  });

  it('reads an empty value as universal matching: no filter, the attribute returned', () => {
    const query = parse({ StudyDescription: '', PatientName: '*' });
    expect(query.filters).toEqual([]);
    expect(query.includeFields).toEqual(new Set([Tag.StudyDescription, Tag.PatientName]));
  });

  it('returns the whole sequence for an empty sequence key', () => {
    expect(parse({ 'RequestAttributesSequence.ScheduledProcedureStepID': '' }, 'IMAGE').includeFields).toEqual(
      new Set([Tag.RequestAttributesSequence]),
    );
  });

  it('refuses keys of lower levels (PS3.4 C.4.1.2.1: keys of the level and above)', () => {
    expect(refusal({ SOPInstanceUID: '1.2.3' })).toMatch(/"SOPInstanceUID" is not a supported matching key at the study level/);
    expect(refusal({ Modality: 'CT' })).toMatch(/study level/);
    expect(refusal({ 'RequestAttributesSequence.ScheduledProcedureStepID': 'SPS-1' })).toMatch(/study level/);
    expect(refusal({ InstanceNumber: '1' }, 'SERIES')).toMatch(/series level/);
    expect(parse({ SOPInstanceUID: '1.2.3' }, 'IMAGE').filters).toHaveLength(1);
  });

  it('refuses return-only counts as matching keys, but takes them empty as return keys', () => {
    expect(refusal({ NumberOfStudyRelatedInstances: '3' })).toMatch(/not a supported matching key/);
    expect(refusal({ '00201206': '2' })).toMatch(/not a supported matching key/);
    expect(refusal({ NumberOfSeriesRelatedInstances: '1' }, 'SERIES')).toMatch(/not a supported matching key/);
    expect(parse({ NumberOfStudyRelatedInstances: '' }).includeFields).toEqual(new Set([Tag.NumberOfStudyRelatedInstances]));
    expect(refusal({ NumberOfSeriesRelatedInstances: '' })).toMatch(/study level/);
  });

  it('refuses unknown names, attributes the index cannot match, deep sequences and repeated keys', () => {
    expect(refusal({ PatientNmae: 'x' })).toMatch(/unknown query parameter or attribute "PatientNmae"/);
    expect(refusal({ patientname: 'x' })).toMatch(/unknown/);
    expect(refusal({ ImagePositionPatient: '1' }, 'IMAGE')).toMatch(/not a supported matching key/);
    expect(refusal({ 'A.B.C': 'x' })).toMatch(/deeper than one level/);
    expect(refusal({ PatientID: ['a', 'b'] })).toMatch(/more than once/);
    expect(refusal({ PatientID: 'a', '00100020': 'b' })).toMatch(/given more than once/);
  });

  it('passes malformed values on as a refusal naming the attribute', () => {
    expect(refusal({ StudyDate: '20261301' })).toMatch(/StudyDate \(00080020\)/);
  });
});

describe('parseQidoParams: limit, offset, fuzzymatching (PS3.18 8.3.4.2, 8.3.4.4)', () => {
  it('defaults to the first DEFAULT_LIMIT results, exact matching', () => {
    expect(parse({})).toMatchObject({ limit: DEFAULT_LIMIT, offset: 0, fuzzy: false, filters: [] });
  });

  it('takes limit and offset within bounds and caps limit at MAX_LIMIT', () => {
    expect(parse({ limit: '5', offset: '10' })).toMatchObject({ limit: 5, offset: 10 });
    expect(parse({ limit: '1', offset: '0' })).toMatchObject({ limit: 1, offset: 0 });
    expect(parse({ limit: String(MAX_LIMIT + 1) }).limit).toBe(MAX_LIMIT);
    expect(parse({ limit: '9007199254740991' }).limit).toBe(MAX_LIMIT);
    expect(parse({ offset: '10000000' }).offset).toBe(10_000_000);
  });

  it('refuses limits and offsets that are not counts in range', () => {
    for (const limit of ['0', '-1', '1.5', 'ten', '', '1e3', '99999999999999999']) {
      expect(refusal({ limit })).toMatch(/limit/);
    }
    for (const offset of ['-1', 'x', '10000001']) expect(refusal({ offset })).toMatch(/offset/);
    expect(refusal({ limit: ['1', '2'] })).toMatch(/more than once/);
  });

  it('reads fuzzymatching true and false only', () => {
    expect(parse({ fuzzymatching: 'true' }).fuzzy).toBe(true);
    expect(parse({ fuzzymatching: 'false' }).fuzzy).toBe(false);
    expect(refusal({ fuzzymatching: 'yes' })).toMatch(/fuzzymatching/);
  });
});

describe('parseQidoParams: includefield (PS3.18 8.3.4.3)', () => {
  it('takes keywords, tags, comma lists and repeated parameters', () => {
    const query = parse({ includefield: ['StudyDescription,00081030', '00100030, PatientAge', 'ImagePositionPatient'] });
    expect(query.includeFields).toEqual(new Set([Tag.StudyDescription, Tag.PatientBirthDate, '00101010', Tag.ImagePositionPatient]));
    expect(parse({ includefield: 'RequestAttributesSequence.RequestedProcedureID' }).includeFields).toEqual(
      new Set([Tag.RequestAttributesSequence]),
    );
  });

  it('reads all as every attribute, wherever it appears', () => {
    expect(parse({ includefield: 'all' }).includeFields).toBe('all');
    expect(parse({ includefield: ['PatientAge', 'all', 'StudyID'], PatientName: '' }).includeFields).toBe('all');
  });

  it('refuses names that are neither keywords nor tags', () => {
    expect(refusal({ includefield: 'StudyDescripton' })).toMatch(/unknown/);
    expect(refusal({ includefield: '0010001' })).toMatch(/unknown/);
  });
});
