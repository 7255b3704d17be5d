import { describe, expect, it } from 'vitest';
import type { StudySummary } from '../../lib/qido';
import { sortStudies } from './sortStudies';
import { studySummary } from './studySummaryFixture';

const study = studySummary;

const uids = (list: StudySummary[]) => list.map((s) => s.studyInstanceUID);

describe('sortStudies', () => {
  const studies = [
    study('a', { patientName: 'smith^ann', studyDate: '20240101', studyTime: '0900', instanceCount: 20 }),
    study('b', { patientName: 'Doe^Jane', studyDate: '20240101', studyTime: '1400', instanceCount: 220 }),
    study('c', { patientName: '', studyDate: '', instanceCount: undefined }),
    study('d', { patientName: 'doe^jane', studyDate: '20230505', instanceCount: 3 }),
  ];

  it('sorts dates with their times, newest first, blanks last', () => {
    expect(uids(sortStudies(studies, { key: 'date', direction: 'descending' }))).toEqual(['b', 'a', 'd', 'c']);
    expect(uids(sortStudies(studies, { key: 'date', direction: 'ascending' }))).toEqual(['d', 'a', 'b', 'c']);
  });

  it('sorts names case-insensitively and stably', () => {
    expect(uids(sortStudies(studies, { key: 'patientName', direction: 'ascending' }))).toEqual(['b', 'd', 'a', 'c']);
  });

  it('sorts counts as numbers, not text', () => {
    expect(uids(sortStudies(studies, { key: 'instances', direction: 'descending' }))).toEqual(['b', 'a', 'd', 'c']);
  });

  it('leaves its input alone', () => {
    sortStudies(studies, { key: 'instances', direction: 'ascending' });
    expect(uids(studies)).toEqual(['a', 'b', 'c', 'd']);
  });
});
