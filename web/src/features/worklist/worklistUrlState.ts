import { assertNever } from '@consilium/shared';
import { EMPTY_FILTERS, type StudyFilters } from '../../lib/qido';

/** Columns the worklist sorts by. */
export type SortKey = 'patientName' | 'patientId' | 'date' | 'description' | 'modality' | 'accession' | 'series' | 'instances';
export type SortDirection = 'ascending' | 'descending';

export interface SortState {
  key: SortKey;
  direction: SortDirection;
}

/** Everything the worklist shows is derived from this, and this lives in the URL. */
export interface WorklistState {
  filters: StudyFilters;
  offset: number;
  sort: SortState;
}

/** Newest first: what a reading radiologist wants to see on opening the list. */
export const DEFAULT_SORT: SortState = { key: 'date', direction: 'descending' };

/** Short, readable URL parameter names, so a shared link reads like the filter it is. */
const FILTER_PARAMS = {
  patientName: 'name',
  patientId: 'id',
  accession: 'accession',
  dateFrom: 'from',
  dateTo: 'to',
  modality: 'modality',
  description: 'description',
} as const satisfies Record<keyof StudyFilters, string>;

const SORT_KEYS: readonly SortKey[] = ['patientName', 'patientId', 'date', 'description', 'modality', 'accession', 'series', 'instances'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A CS value (PS3.5 6.2): upper case, digits, space, underscore; 16 characters at most. */
const CODE_STRING = /^[A-Z0-9_ ]{1,16}$/;

/** The read side of URLSearchParams, which Next's ReadonlyURLSearchParams also implements. */
export interface ParamReader {
  get(name: string): string | null;
}

/**
 * Reads the worklist state from the URL, dropping what is malformed rather than
 * failing: a hand-edited or stale link still opens a usable list.
 */
export function worklistStateFromParams(params: ParamReader): WorklistState {
  const text = (name: string) => params.get(name)?.slice(0, 256) ?? '';
  const date = (name: string) => (ISO_DATE.test(text(name)) ? text(name) : '');
  const modality = text(FILTER_PARAMS.modality).toUpperCase();
  const filters: StudyFilters = {
    patientName: text(FILTER_PARAMS.patientName),
    patientId: text(FILTER_PARAMS.patientId),
    accession: text(FILTER_PARAMS.accession),
    dateFrom: date(FILTER_PARAMS.dateFrom),
    dateTo: date(FILTER_PARAMS.dateTo),
    modality: CODE_STRING.test(modality) ? modality : '',
    description: text(FILTER_PARAMS.description),
  };
  const offsetText = text('offset');
  const offset = /^\d{1,9}$/.test(offsetText) ? Number(offsetText) : 0;
  const key = SORT_KEYS.find((k) => k === text('sort')) ?? DEFAULT_SORT.key;
  const dir = text('dir');
  const direction: SortDirection = dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : key === DEFAULT_SORT.key ? DEFAULT_SORT.direction : 'ascending';
  return { filters, offset, sort: { key, direction } };
}

/** The URL form of a state; defaults are left out so the plain worklist URL stays `/`. */
export function worklistStateToParams(state: WorklistState): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of Object.keys(FILTER_PARAMS) as (keyof StudyFilters)[]) {
    const value = state.filters[field].trim();
    if (value) params.set(FILTER_PARAMS[field], value);
  }
  if (state.offset > 0) params.set('offset', String(state.offset));
  if (state.sort.key !== DEFAULT_SORT.key || state.sort.direction !== DEFAULT_SORT.direction) {
    params.set('sort', state.sort.key);
    params.set('dir', state.sort.direction === 'ascending' ? 'asc' : 'desc');
  }
  return params;
}

/** True when both filter sets would send the same query. */
export function sameFilters(a: StudyFilters, b: StudyFilters): boolean {
  return (Object.keys(FILTER_PARAMS) as (keyof StudyFilters)[]).every((field) => a[field].trim() === b[field].trim());
}

export type QuickDateRange = 'today' | 'last7' | 'any';

/**
 * The From/To dates of a quick-range button, in the reader's local calendar:
 * "today" at a reading station means the local day, not the UTC one.
 */
export function quickDateRange(range: QuickDateRange, now: Date): Pick<StudyFilters, 'dateFrom' | 'dateTo'> {
  switch (range) {
    case 'today':
      return { dateFrom: localIsoDate(now), dateTo: localIsoDate(now) };
    case 'last7': {
      const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 6);
      return { dateFrom: localIsoDate(start), dateTo: localIsoDate(now) };
    }
    case 'any':
      return { dateFrom: EMPTY_FILTERS.dateFrom, dateTo: EMPTY_FILTERS.dateTo };
    default:
      return assertNever(range);
  }
}

/** Which quick-range button the current dates correspond to, if any (to show it pressed). */
export function activeQuickRange(filters: Pick<StudyFilters, 'dateFrom' | 'dateTo'>, now: Date): QuickDateRange | undefined {
  const ranges: QuickDateRange[] = ['today', 'last7', 'any'];
  return ranges.find((range) => {
    const dates = quickDateRange(range, now);
    return dates.dateFrom === filters.dateFrom && dates.dateTo === filters.dateTo;
  });
}

function localIsoDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
