'use client';

import type { SortKey, SortState } from './worklistUrlState';
import styles from './worklist.module.css';

interface Column {
  key: SortKey;
  label: string;
  /** Hidden on narrow screens (tablet portrait), where the row must stay readable; the patient ID then shows under the name. */
  optional?: boolean;
  numeric?: boolean;
}

/** The sortable columns, in display order, after the thumbnail. */
const COLUMNS: readonly Column[] = [
  { key: 'patientName', label: 'Patient name' },
  { key: 'patientId', label: 'Patient ID', optional: true },
  { key: 'date', label: 'Date' },
  { key: 'description', label: 'Description' },
  { key: 'modality', label: 'Modality' },
  { key: 'accession', label: 'Accession', optional: true },
  { key: 'series', label: 'Series', numeric: true },
  { key: 'instances', label: 'Instances', numeric: true },
];

interface Props {
  sort: SortState;
  onSort: (key: SortKey) => void;
}

/**
 * Column headers. Each sortable header holds a button (so it is reachable and
 * operable by keyboard) and carries `aria-sort`, which screen readers announce
 * with the column name (WAI-ARIA APG "Sortable Table" pattern).
 */
export function StudyHeaderRow({ sort, onSort }: Props) {
  return (
    <tr>
      <th scope="col" className={styles.thumbCell}>
        <span className={styles.visuallyHidden}>Thumbnail</span>
      </th>
      {COLUMNS.map((column) => {
        const active = sort.key === column.key;
        const classes = [column.optional && styles.optional, column.numeric && styles.numeric].filter(Boolean).join(' ');
        return (
          <th key={column.key} scope="col" aria-sort={active ? sort.direction : 'none'} className={classes || undefined}>
            <button type="button" className={styles.sortButton} onClick={() => onSort(column.key)}>
              {column.label}
              <span className={styles.sortIcon} aria-hidden="true" data-active={active || undefined}>
                {active && sort.direction === 'descending' ? '▼' : '▲'}
              </span>
            </button>
          </th>
        );
      })}
    </tr>
  );
}
