import { describe, expect, it } from 'vitest';
import type { StudySummary } from '../../lib/qido';
import { studySummary } from './studySummaryFixture';
import { sortedByArchive, visiblePage } from './visiblePage';

const study = (n: number): StudySummary =>
  studySummary(`1.${n}`, { patientName: `P${String(n).padStart(2, '0')}`, studyDate: `202401${String(30 - n).padStart(2, '0')}` });
const names = (studies: StudySummary[]) => studies.map((s) => s.patientName);

describe('visiblePage', () => {
  const newestFirst = Array.from({ length: 12 }, (_, i) => study(i));

  it('shows a server page as it came when the archive order (newest first) is asked for', () => {
    const page = visiblePage({ studies: newestFirst.slice(0, 5), hasMore: true }, { key: 'date', direction: 'descending' }, 10, 5);
    expect(page).toEqual({ studies: newestFirst.slice(0, 5), offset: 10, hasMore: true, windowTruncated: false });
  });

  it('sorts the whole window, then cuts the page out of it', () => {
    const reversed = [...newestFirst].reverse();
    const sort = { key: 'patientName', direction: 'descending' } as const;
    expect(names(visiblePage({ studies: newestFirst, hasMore: false }, sort, 0, 5).studies)).toEqual(['P11', 'P10', 'P09', 'P08', 'P07']);
    const last = visiblePage({ studies: reversed, hasMore: false }, sort, 10, 5);
    expect(names(last.studies)).toEqual(['P01', 'P00']);
    expect(last).toMatchObject({ offset: 10, hasMore: false, windowTruncated: false });
  });

  it('says when more studies match than the window sorted, and clamps a stale offset to the last page', () => {
    const page = visiblePage({ studies: newestFirst, hasMore: true }, { key: 'date', direction: 'ascending' }, 100, 5);
    expect(page).toMatchObject({ offset: 10, hasMore: false, windowTruncated: true });
    expect(names(page.studies)).toEqual(['P01', 'P00']);
    expect(visiblePage({ studies: [], hasMore: false }, { key: 'date', direction: 'ascending' }, 25, 5)).toMatchObject({ studies: [], offset: 0 });
  });

  it('pages on the server only for the archive order', () => {
    expect(sortedByArchive({ key: 'date', direction: 'descending' })).toBe(true);
    expect(sortedByArchive({ key: 'date', direction: 'ascending' })).toBe(false);
    expect(sortedByArchive({ key: 'instances', direction: 'descending' })).toBe(false);
  });
});
