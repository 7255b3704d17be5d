import type { StudyPage, StudySummary } from '../../lib/qido';
import { sortStudies } from './sortStudies';
import { DEFAULT_SORT, type SortState } from './worklistUrlState';

/**
 * Studies fetched at most to sort by a column the archive does not order by.
 * QIDO-RS has no sort parameter (PS3.18 8.3.4), so sorting one page would only
 * reorder those 25 rows; the list instead fetches this many matches, sorts them
 * all and pages through them in the browser (as OHIF's worklist does).
 */
export const SORT_WINDOW_STUDIES = 500;

/**
 * True when the archive's own order is the one asked for: its QIDO-RS study
 * results come newest first (StudyDate, StudyTime descending), so the default
 * sort can page on the server and needs no window.
 */
export function sortedByArchive(sort: SortState): boolean {
  return sort.key === DEFAULT_SORT.key && sort.direction === DEFAULT_SORT.direction;
}

export interface VisiblePage {
  studies: StudySummary[];
  /** Index of the first row shown among all matches. */
  offset: number;
  hasMore: boolean;
  /** More studies match than the window holds: the sort covers only the first SORT_WINDOW_STUDIES. */
  windowTruncated: boolean;
}

/**
 * The rows to show. `fetched` is one server page when the archive's order is
 * wanted, else the whole sort window, which is sorted and cut here. An offset
 * past the end of the window (a stale link) shows the window's last page.
 */
export function visiblePage(fetched: StudyPage, sort: SortState, offset: number, pageSize: number): VisiblePage {
  if (sortedByArchive(sort)) return { studies: fetched.studies, offset, hasMore: fetched.hasMore, windowTruncated: false };
  const sorted = sortStudies(fetched.studies, sort);
  const lastPageStart = Math.max(0, Math.floor((sorted.length - 1) / pageSize) * pageSize);
  const start = Math.min(offset, lastPageStart);
  return {
    studies: sorted.slice(start, start + pageSize),
    offset: start,
    hasMore: start + pageSize < sorted.length,
    windowTruncated: fetched.hasMore,
  };
}
