'use client';

import Link from 'next/link';
import { type KeyboardEvent, type MouseEvent, useRef, useState } from 'react';
import { formatDicomDate, formatPersonName } from '../../lib/dicomJson';
import type { StudySummary } from '../../lib/qido';
import { StudyHeaderRow } from './StudyHeaderRow';
import { StudyThumbnail } from './StudyThumbnail';
import type { SortKey, SortState } from './worklistUrlState';
import styles from './worklist.module.css';

/** The viewer route a row opens. */
export function viewerHref(studyInstanceUID: string): string {
  return `/viewer/${encodeURIComponent(studyInstanceUID)}`;
}

const SKELETON_ROWS = 6;
const COLUMN_COUNT = 9;
/** Patient ID and Accession, by column index, hidden on narrow screens like the real cells. */
const OPTIONAL_COLUMNS = new Set([2, 6]);

interface Props {
  studies: readonly StudySummary[];
  sort: SortState;
  onSort: (key: SortKey) => void;
  onOpen: (studyInstanceUID: string) => void;
  /** No page to show yet: draw placeholder rows. */
  skeleton: boolean;
  /** A newer search is running: the rows shown are stale. */
  busy: boolean;
}

/**
 * The study list. Rows form one tab stop (roving tabindex): ArrowUp/ArrowDown,
 * Home and End move the selection, which is the focused row, and Enter or a
 * single click opens the study. The patient name is also a real link, so
 * middle-click and "open in new tab" work as in any web page.
 */
export function StudyTable({ studies, sort, onSort, onOpen, skeleton, busy }: Props) {
  const [selected, setSelected] = useState(0);
  const rows = useRef<(HTMLTableRowElement | null)[]>([]);
  const current = Math.min(selected, Math.max(studies.length - 1, 0));

  const focusRow = (index: number) => {
    const target = Math.max(0, Math.min(index, studies.length - 1));
    setSelected(target);
    rows.current[target]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, index: number, uid: string) => {
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: studies.length - 1 };
    const move = moves[event.key];
    if (move !== undefined) focusRow(move);
    // Enter on the inner link is the link's own business.
    else if (event.key === 'Enter' && event.target === event.currentTarget) onOpen(uid);
    else return;
    event.preventDefault();
  };
  const onClick = (event: MouseEvent<HTMLTableRowElement>, uid: string) => {
    if ((event.target as Element).closest('a')) return;
    if (event.metaKey || event.ctrlKey) window.open(viewerHref(uid), '_blank', 'noopener');
    else onOpen(uid);
  };

  return (
    <table className={styles.table} aria-label="Studies" aria-busy={busy || skeleton} data-busy={busy || undefined}>
      <thead>
        <StudyHeaderRow sort={sort} onSort={onSort} />
      </thead>
      <tbody>
        {skeleton && Array.from({ length: SKELETON_ROWS }, (_, i) => <SkeletonRow key={i} />)}
        {studies.map((study, index) => {
          const name = formatPersonName(study.patientName) || 'Unnamed patient';
          return (
            <tr
              key={study.studyInstanceUID}
              ref={(el) => {
                rows.current[index] = el;
              }}
              className={styles.row}
              data-testid="study-row"
              data-study-uid={study.studyInstanceUID}
              data-selected={index === current || undefined}
              tabIndex={index === current ? 0 : -1}
              onFocus={() => setSelected(index)}
              onKeyDown={(e) => onKeyDown(e, index, study.studyInstanceUID)}
              onClick={(e) => onClick(e, study.studyInstanceUID)}
            >
              <td className={styles.thumbCell}>
                <StudyThumbnail studyInstanceUID={study.studyInstanceUID} label={study.description || name} />
              </td>
              <td className={styles.name}>
                <Link href={viewerHref(study.studyInstanceUID)} tabIndex={-1}>
                  {name}
                </Link>
                {study.patientId && (
                  <span className={styles.nameId}>
                    {study.patientId}
                  </span>
                )}
              </td>
              <td className={styles.optional}>{study.patientId}</td>
              <td className={styles.date}>
                {formatDicomDate(study.studyDate)}
                {study.studyTime && <span className={styles.time}>{formatTime(study.studyTime)}</span>}
              </td>
              <td className={styles.description}>{study.description}</td>
              <td>
                {study.modalities.map((m) => (
                  <span key={m} className={styles.modality}>
                    {m}
                  </span>
                ))}
              </td>
              <td className={styles.optional}>{study.accession}</td>
              <td className={styles.numeric}>{study.seriesCount ?? ''}</td>
              <td className={styles.numeric}>{study.instanceCount ?? ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** TM `HHMMSS.FFFFFF` as `HH:MM`. */
function formatTime(tm: string): string {
  return tm.length >= 4 ? `${tm.slice(0, 2)}:${tm.slice(2, 4)}` : tm;
}

function SkeletonRow() {
  return (
    <tr className={styles.skeletonRow} aria-hidden="true">
      {Array.from({ length: COLUMN_COUNT }, (_, i) => (
        <td key={i} className={OPTIONAL_COLUMNS.has(i) ? styles.optional : undefined}>
          <span className={i === 0 ? styles.skeletonThumb : styles.skeletonBar} />
        </td>
      ))}
    </tr>
  );
}
