'use client';

import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { EMPTY_FILTERS, type StudyFilters } from '../../lib/qido';
import { type QuickDateRange, activeQuickRange, quickDateRange, sameFilters } from './worklistUrlState';
import styles from './worklist.module.css';

/** Modalities offered in the filter (PS3.3 C.7.3.1.1.1 defined terms most often read). */
export const MODALITIES = ['CT', 'MR', 'CR', 'DX', 'US', 'MG', 'PT', 'NM', 'XA', 'SR', 'OT'] as const;

/** Typing pauses this long before the list searches: fewer requests, no lag felt. */
const TYPING_DEBOUNCE_MS = 350;

type TextField = 'patientName' | 'patientId' | 'accession' | 'description';
const TEXT_FIELDS: { field: TextField; label: string; placeholder: string }[] = [
  { field: 'patientName', label: 'Patient name', placeholder: 'e.g. smith or doe^j' },
  { field: 'patientId', label: 'Patient ID', placeholder: 'ID or prefix' },
  { field: 'accession', label: 'Accession', placeholder: 'Number or prefix' },
  { field: 'description', label: 'Description', placeholder: 'Contains…' },
];
const QUICK_RANGES: { range: QuickDateRange; label: string }[] = [
  { range: 'today', label: 'Today' },
  { range: 'last7', label: 'Last 7 days' },
  { range: 'any', label: 'Any' },
];

export type ApplyMode = 'push' | 'replace';

interface Props {
  /** The filters in the URL, i.e. the ones the list shows. */
  filters: StudyFilters;
  onApply: (filters: StudyFilters, mode: ApplyMode) => void;
}

/**
 * The worklist's filter bar. Text fields keep a local draft and apply it after a
 * pause in typing (replacing the history entry, so Back does not step through
 * keystrokes); selects, dates and buttons apply at once as a new entry. When
 * the URL changes from elsewhere (Back, a pasted link), the draft follows it.
 */
export function WorklistFilters({ filters, onApply }: Props) {
  const [draft, setDraft] = useState(filters);
  const lastApplied = useRef(filters);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (!sameFilters(filters, lastApplied.current)) setDraft(filters);
    lastApplied.current = filters;
  }, [filters]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const apply = (next: StudyFilters, mode: ApplyMode) => {
    clearTimeout(timer.current);
    setDraft(next);
    if (sameFilters(next, lastApplied.current)) return;
    lastApplied.current = next;
    onApply(next, mode);
  };
  const typeText = (field: TextField, value: string) => {
    const next = { ...draft, [field]: value };
    setDraft(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => apply(next, 'replace'), TYPING_DEBOUNCE_MS);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(draft, 'push');
  };
  const active = activeQuickRange(draft, new Date());
  const id = useId();

  return (
    <form className={styles.filters} role="search" aria-label="Study filters" onSubmit={submit}>
      {TEXT_FIELDS.map(({ field, label, placeholder }) => (
        <div key={field} className={styles.field}>
          <label htmlFor={`${id}-${field}`}>{label}</label>
          <input id={`${id}-${field}`} type="search" value={draft[field]} placeholder={placeholder} autoComplete="off" spellCheck={false} onChange={(e) => typeText(field, e.target.value)} />
        </div>
      ))}
      <div className={styles.field}>
        <label htmlFor={`${id}-modality`}>Modality</label>
        <select id={`${id}-modality`} value={draft.modality} onChange={(e) => apply({ ...draft, modality: e.target.value }, 'push')}>
          <option value="">All</option>
          {MODALITIES.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </div>
      <div className={styles.field}>
        <label htmlFor={`${id}-dateFrom`}>From</label>
        <input id={`${id}-dateFrom`} type="date" value={draft.dateFrom} max={draft.dateTo || undefined} onChange={(e) => apply({ ...draft, dateFrom: e.target.value }, 'push')} />
      </div>
      <div className={styles.field}>
        <label htmlFor={`${id}-dateTo`}>To</label>
        <input id={`${id}-dateTo`} type="date" value={draft.dateTo} min={draft.dateFrom || undefined} onChange={(e) => apply({ ...draft, dateTo: e.target.value }, 'push')} />
      </div>
      <div className={styles.quickDates} role="group" aria-label="Study date">
        {QUICK_RANGES.map(({ range, label }) => (
          <button key={range} type="button" aria-pressed={active === range} onClick={() => apply({ ...draft, ...quickDateRange(range, new Date()) }, 'push')}>
            {label}
          </button>
        ))}
      </div>
      <div className={styles.filterActions}>
        <button type="submit" className={styles.primary}>
          Search
        </button>
        <button type="button" onClick={() => apply(EMPTY_FILTERS, 'push')}>
          Clear
        </button>
      </div>
    </form>
  );
}
