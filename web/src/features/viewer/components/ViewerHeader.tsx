import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatDicomDate, formatPersonName } from '@/lib/dicomJson';
import type { StudyModel } from '../study/studyModel';
import styles from '../viewer.module.css';

/** Back to the worklist (not for share-link guests, who have none), and which study this is. */
export function ViewerHeader({ study, guest = false, children }: { study: StudyModel; guest?: boolean; children?: ReactNode }) {
  return (
    <header className={styles.header}>
      {!guest && (
        <Link href="/" className={styles.back} aria-label="Back to the worklist">
          ← Worklist
        </Link>
      )}
      <h1 className={styles.headerTitle}>
        <span>{formatPersonName(study.patientName) || 'Unknown patient'}</span>
        <span className={styles.muted}>{study.patientId}</span>
        <span className={styles.muted}>{formatDicomDate(study.studyDate)}</span>
        <span>{study.description}</span>
      </h1>
      {children}
    </header>
  );
}
