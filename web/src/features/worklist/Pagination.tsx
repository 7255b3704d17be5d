'use client';

import styles from './worklist.module.css';

interface Props {
  offset: number;
  /** Rows on this page. */
  count: number;
  hasMore: boolean;
  onPage: (offset: number) => void;
  pageSize: number;
  disabled: boolean;
}

/**
 * Previous/Next over QIDO-RS offset/limit pages (PS3.18 8.3.4.4). QIDO-RS
 * returns no total, so the total is only shown once the last page is reached.
 */
export function Pagination({ offset, count, hasMore, onPage, pageSize, disabled }: Props) {
  const range = count === 0 ? 'No studies' : `Showing ${offset + 1}–${offset + count}${hasMore ? '' : ` of ${offset + count}`}`;
  return (
    <nav className={styles.pagination} aria-label="Pages">
      <span aria-live="polite">{range}</span>
      <button type="button" disabled={disabled || offset === 0} onClick={() => onPage(Math.max(0, offset - pageSize))}>
        Previous
      </button>
      <button type="button" disabled={disabled || !hasMore} onClick={() => onPage(offset + count)}>
        Next
      </button>
    </nav>
  );
}
