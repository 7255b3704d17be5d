import { assertNever } from '@consilium/shared';
import type { StudySummary } from '../../lib/qido';
import type { SortKey, SortState } from './worklistUrlState';

type SortValue = string | number | undefined;

/** The value a column sorts by; dates sort with their time so same-day studies keep their order. */
function sortValue(study: StudySummary, key: SortKey): SortValue {
  switch (key) {
    case 'patientName':
      return study.patientName;
    case 'patientId':
      return study.patientId;
    case 'date':
      return study.studyDate ? `${study.studyDate}${study.studyTime}` : '';
    case 'description':
      return study.description;
    case 'modality':
      return study.modalities.join('\\');
    case 'accession':
      return study.accession;
    case 'series':
      return study.seriesCount;
    case 'instances':
      return study.instanceCount;
    default:
      return assertNever(key);
  }
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Empty values sort last in both directions: a blank cell is never the answer being looked for. */
function compareValues(a: SortValue, b: SortValue, direction: 1 | -1): number {
  const aEmpty = a === undefined || a === '';
  const bEmpty = b === undefined || b === '';
  if (aEmpty || bEmpty) return aEmpty === bEmpty ? 0 : aEmpty ? 1 : -1;
  const order = typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
  return order * direction;
}

/**
 * Sorts one page of studies for display. QIDO-RS (PS3.18 8.3.4) has no sort
 * parameter, so this orders only the page the archive returned, never the
 * whole result set; the sort is stable, ties keep the archive's order.
 */
export function sortStudies(studies: readonly StudySummary[], sort: SortState): StudySummary[] {
  const direction = sort.direction === 'ascending' ? 1 : -1;
  return studies
    .map((study, index) => ({ study, index, value: sortValue(study, sort.key) }))
    .sort((a, b) => compareValues(a.value, b.value, direction) || a.index - b.index)
    .map(({ study }) => study);
}
