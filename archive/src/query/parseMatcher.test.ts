import { describe, expect, it } from 'vitest';
import { AppError, Tag } from '@consilium/shared';
import { MAX_LIST_VALUES, MAX_VALUE_LENGTH, normalizeTime, parseMatcher } from './parseMatcher.js';
import { ATTRIBUTE_BY_TAG, type QueryAttribute } from './queryAttributes.js';
import { toLikePattern } from './runQuery.js';

const attr = (key: string): QueryAttribute => {
  const found = ATTRIBUTE_BY_TAG.get(key) ?? ATTRIBUTE_BY_TAG.get(Tag[key as keyof typeof Tag]);
  if (!found) throw new Error(`no query attribute ${key}`);
  return found;
};
const match = (key: string, value: string) => parseMatcher(attr(key), value);
const refusal = (key: string, value: string): string => {
  try {
    parseMatcher(attr(key), value);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('InvalidQuery');
    return (error as AppError).message;
  }
  throw new Error(`expected ${key}="${value}" to be refused`);
};

describe('parseMatcher: universal and single value matching (PS3.4 C.2.2.2.1, C.2.2.2.3)', () => {
  it('reads an empty value, blanks and a lone "*" as universal matching', () => {
    for (const key of ['PatientName', 'StudyDate', 'StudyTime', 'StudyInstanceUID', 'SeriesNumber', 'ModalitiesInStudy']) {
      expect(match(key, '')).toBeNull();
      expect(match(key, '   ')).toBeNull();
      expect(match(key, '*')).toBeNull();
    }
  });

  it('reads a plain value as single value matching, without its padding', () => {
    expect(match('PatientName', 'Doe^John')).toEqual({ kind: 'single', value: 'Doe^John' });
    expect(match('PatientID', ' PID-1 ')).toEqual({ kind: 'single', value: 'PID-1' });
    expect(match('AccessionNumber', 'A%B_C')).toEqual({ kind: 'single', value: 'A%B_C' });
    expect(match('StudyDate', '20260115')).toEqual({ kind: 'single', value: '20260115' });
    expect(match('Modality', 'CT')).toEqual({ kind: 'single', value: 'CT' });
  });

  it('reads IS and US values as integers in their value range (PS3.5 6.2)', () => {
    expect(match('SeriesNumber', '007')).toEqual({ kind: 'single', value: '7' });
    expect(match('InstanceNumber', '-3')).toEqual({ kind: 'single', value: '-3' });
    expect(match('InstanceNumber', '+12')).toEqual({ kind: 'single', value: '12' });
    expect(match('SeriesNumber', '2147483647')).toEqual({ kind: 'single', value: '2147483647' });
    expect(refusal('SeriesNumber', '2147483648')).toMatch(/IS range/);
    expect(refusal('SeriesNumber', '9999999999')).toMatch(/IS range/);
    expect(refusal('Rows', '65536')).toMatch(/US range/);
    expect(refusal('Rows', '-1')).toMatch(/US range/);
    expect(refusal('SeriesNumber', '1.5')).toMatch(/not an integer/);
    expect(refusal('SeriesNumber', '1*')).toMatch(/not an integer/);
    expect(refusal('SeriesNumber', '1,2')).toMatch(/not an integer/);
  });

  it('refuses over-long values and control characters', () => {
    expect(refusal('PatientName', 'x'.repeat(MAX_VALUE_LENGTH + 1))).toMatch(/longer than/);
    expect(refusal('PatientName', 'Doe\nJohn')).toMatch(/control characters/);
  });
});

describe('parseMatcher: wild card matching (PS3.4 C.2.2.2.4)', () => {
  it('reads * and ? in text values as a wildcard pattern', () => {
    expect(match('PatientName', 'Doe*')).toEqual({ kind: 'wildcard', pattern: 'Doe*' });
    expect(match('PatientName', 'D?e^J*')).toEqual({ kind: 'wildcard', pattern: 'D?e^J*' });
    expect(match('StudyDescription', '*head*')).toEqual({ kind: 'wildcard', pattern: '*head*' });
    expect(match('AccessionNumber', 'ACC_?')).toEqual({ kind: 'wildcard', pattern: 'ACC_?' });
    expect(match('ModalitiesInStudy', 'M?')).toEqual({ kind: 'wildcard', pattern: 'M?' });
  });

  it('refuses wildcards where C.2.2.2.4 does not allow them: UI, DA, TM, IS', () => {
    expect(refusal('StudyInstanceUID', '1.2.*')).toMatch(/not a valid UID/);
    expect(refusal('StudyDate', '2026*')).toMatch(/YYYYMMDD/);
    expect(refusal('StudyTime', '10?5')).toMatch(/HHMMSS/);
    expect(refusal('SeriesNumber', '?')).toMatch(/not an integer/);
  });

  it('turns a pattern into LIKE, escaping the characters LIKE itself reads (%, _, \\)', () => {
    expect(toLikePattern('Doe*')).toBe('Doe%');
    expect(toLikePattern('D?e')).toBe('D_e');
    expect(toLikePattern('100%*')).toBe('100\\%%');
    expect(toLikePattern('A_B?')).toBe('A\\_B_');
    expect(toLikePattern('a\\b*')).toBe('a\\\\b%');
    expect(toLikePattern('*?*')).toBe('%_%');
  });
});

describe('parseMatcher: UID list and multiple value matching (PS3.4 C.2.2.2.2, PS3.18 8.3.4.1)', () => {
  const [a, b, c] = ['1.2.840.1', '1.2.840.2', '2.25.3'];

  it('reads comma and backslash separated UIDs as a list, one UID as a single value', () => {
    expect(match('StudyInstanceUID', a)).toEqual({ kind: 'single', value: a });
    expect(match('StudyInstanceUID', `${a},${b}`)).toEqual({ kind: 'list', values: [a, b] });
    expect(match('SeriesInstanceUID', `${a}\\${b}\\${c}`)).toEqual({ kind: 'list', values: [a, b, c] });
    expect(match('SOPInstanceUID', `${a}, ${b}\\${c}`)).toEqual({ kind: 'list', values: [a, b, c] });
  });

  it('takes lists longer than one value may be: 200 full-length UIDs', () => {
    const uids = Array.from({ length: 200 }, (_, i) => `2.25.${String(i).padStart(59, '9')}`);
    expect(uids[0]).toHaveLength(64);
    expect(match('StudyInstanceUID', uids.join(','))).toEqual({ kind: 'list', values: uids });
  });

  it('refuses malformed UIDs, over-long lists and lists without values', () => {
    expect(refusal('StudyInstanceUID', '1.02.3')).toMatch(/PS3.5 9.1/);
    expect(refusal('StudyInstanceUID', `${a},x`)).toMatch(/PS3.5 9.1/);
    expect(refusal('StudyInstanceUID', `1.${'2'.repeat(64)}`)).toMatch(/PS3.5 9.1/);
    expect(refusal('StudyInstanceUID', Array.from({ length: MAX_LIST_VALUES + 1 }, () => a).join(','))).toMatch(/more than/);
    expect(refusal('StudyInstanceUID', ',')).toMatch(/without values/);
  });

  it('reads code string lists for ModalitiesInStudy and Modality', () => {
    expect(match('ModalitiesInStudy', 'CT\\MR')).toEqual({ kind: 'list', values: ['CT', 'MR'] });
    expect(match('ModalitiesInStudy', 'CT,MR,US')).toEqual({ kind: 'list', values: ['CT', 'MR', 'US'] });
    expect(match('Modality', 'MR')).toEqual({ kind: 'single', value: 'MR' });
  });
});

describe('parseMatcher: DA range matching (PS3.4 C.2.2.2.5)', () => {
  it('reads a-b, -b and a- ranges', () => {
    expect(match('StudyDate', '20260101-20260131')).toEqual({ kind: 'range', from: '20260101', to: '20260131' });
    expect(match('StudyDate', '-20260131')).toEqual({ kind: 'range', from: undefined, to: '20260131' });
    expect(match('StudyDate', '20260101-')).toEqual({ kind: 'range', from: '20260101', to: undefined });
    expect(match('StudyDate', '20260101-20260101')).toEqual({ kind: 'range', from: '20260101', to: '20260101' });
  });

  it('refuses dates that are not days of the calendar', () => {
    for (const bad of ['20261399', '20260230', '20250229', '20260100', '20260132', '2026011', '2026-01-01', 'today']) {
      expect(refusal('StudyDate', bad)).toMatch(/StudyDate \(00080020\)/);
    }
    expect(match('PatientBirthDate', '20240229')).toEqual({ kind: 'single', value: '20240229' });
  });

  it('refuses malformed ranges and a start after the end', () => {
    expect(refusal('StudyDate', '-')).toMatch(/range/);
    expect(refusal('StudyDate', '20260101-2026013')).toMatch(/range/);
    expect(refusal('StudyDate', '20260132-')).toMatch(/range/);
    expect(refusal('StudyDate', '20260101-20260102-20260103')).toMatch(/range/);
    expect(refusal('StudyDate', '20260201-20260101')).toMatch(/start is after its end/);
  });
});

describe('parseMatcher: TM matching (PS3.4 C.2.2.2.5, PS3.5 6.2)', () => {
  it('normalises to HHMMSS.FFFFFF, filling left-out components', () => {
    expect(normalizeTime('10', '0')).toBe('100000.000000');
    expect(normalizeTime('1015', '9')).toBe('101599.999999');
    expect(normalizeTime('101530.5', '0')).toBe('101530.500000');
    expect(normalizeTime('101530.5', '9')).toBe('101530.599999');
  });

  it('reads an upper bound as the end of the minute it names, so -1015 includes 10:15:30', () => {
    expect(match('StudyTime', '-1015')).toEqual({ kind: 'range', from: undefined, to: '101599.999999' });
    expect(match('StudyTime', '1015-1030')).toEqual({ kind: 'range', from: '101500.000000', to: '103099.999999' });
    expect(match('StudyTime', '1015-')).toEqual({ kind: 'range', from: '101500.000000', to: undefined });
    expect(match('StudyTime', '101530.25-101530.5')).toEqual({ kind: 'range', from: '101530.250000', to: '101530.599999' });
  });

  it('reads a single value as the span of time it names', () => {
    expect(match('StudyTime', '1015')).toEqual({ kind: 'range', from: '101500.000000', to: '101599.999999' });
    expect(match('SeriesTime', '101530')).toEqual({ kind: 'range', from: '101530.000000', to: '101530.999999' });
  });

  it('orders the bounds after filling, so 101530-1015 is a valid range', () => {
    expect(match('StudyTime', '101530-1015')).toEqual({ kind: 'range', from: '101530.000000', to: '101599.999999' });
    expect(refusal('StudyTime', '1030-1015')).toMatch(/start is after its end/);
  });

  it('refuses times that are not times of day', () => {
    for (const bad of ['24', '2400', '1060', '101561', '1', '101', '10:15', '101530.1234567', '101530.']) {
      expect(refusal('StudyTime', bad)).toMatch(/StudyTime \(00080030\)/);
    }
    expect(match('StudyTime', '235960')).toEqual({ kind: 'range', from: '235960.000000', to: '235960.999999' });
  });
});
