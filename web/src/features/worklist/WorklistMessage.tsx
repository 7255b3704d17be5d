'use client';

import { useId } from 'react';
import type { HttpProblem } from '../../lib/qido';
import { SORT_WINDOW_STUDIES } from './visiblePage';
import styles from './worklist.module.css';

/** "Loading" for assistive technology (role=status is announced politely) and a spinner for the eye. */
export function LoadingStatus() {
  return (
    <p className={styles.status} role="status">
      <span className={styles.spinner} aria-hidden="true" />
      Loading studies…
    </p>
  );
}

/** The empty state: says that the filters, not the archive, are why nothing shows. */
export function EmptyResult({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  return (
    <div className={styles.empty}>
      <p>{filtered ? 'No studies match these filters' : 'No studies in the archive yet. Upload DICOM files to start.'}</p>
      {filtered && (
        <button type="button" onClick={onClear}>
          Clear filters
        </button>
      )}
    </div>
  );
}

/** Sorting by a column covers only the first matches when there are very many. */
export function SortWindowNote() {
  return (
    <p className={styles.status} role="note">
      Sorted among the {SORT_WINDOW_STUDIES} newest matching studies. Narrow the filters to sort them all.
    </p>
  );
}

/**
 * A failed search, announced at once (role=alert) and named by its title. The
 * problem's own title is shown, so "Archive unreachable" from the web proxy
 * (502) reads as such.
 */
export function SearchError({ problem, onRetry }: { problem: HttpProblem; onRetry: () => void }) {
  const titleId = useId();
  return (
    <div className={styles.error} role="alert" aria-labelledby={titleId}>
      <strong id={titleId}>{problem.title}</strong>
      {problem.detail && <span>{problem.detail}</span>}
      <button type="button" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}
