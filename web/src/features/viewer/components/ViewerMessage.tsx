import Link from 'next/link';
import styles from '../viewer.module.css';

/**
 * The whole-page states of the viewer: loading, empty and errors. Errors are
 * alerts (announced at once), loading and empty are statuses.
 */
export function ViewerMessage({ kind, title, detail }: { kind: 'loading' | 'empty' | 'error'; title: string; detail?: string }) {
  return (
    <div className={styles.message} role={kind === 'error' ? 'alert' : 'status'} data-testid={`viewer-${kind}`}>
      {kind === 'loading' && <span className={styles.spinner} aria-hidden />}
      <h1 className={styles.messageTitle}>{title}</h1>
      {detail && <p className={styles.messageDetail}>{detail}</p>}
      {kind !== 'loading' && <Link href="/">Back to the worklist</Link>}
    </div>
  );
}
