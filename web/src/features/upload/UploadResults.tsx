'use client';

import { type UploadItem, formatBytes, statusText, summarizeUpload } from './uploadModel';
import styles from './upload.module.css';

interface Props {
  items: readonly UploadItem[];
  running: boolean;
  onClear: () => void;
}

/** Files that need the reader's attention get the warning colour. */
const TONE: Record<UploadItem['status']['kind'], 'ok' | 'warn' | 'bad' | 'neutral'> = {
  queued: 'neutral',
  sending: 'neutral',
  stored: 'ok',
  duplicate: 'warn',
  rejected: 'bad',
  failed: 'bad',
  skipped: 'neutral',
  cancelled: 'neutral',
};

/**
 * The per-file outcome of an upload. Every file gets a line, because the
 * question after a failed upload is always "which ones?".
 */
export function UploadResults({ items, running, onClear }: Props) {
  const counts = summarizeUpload(items);
  const parts = [
    counts.stored && `${counts.stored} stored`,
    counts.duplicate && `${counts.duplicate} duplicate`,
    counts.rejected && `${counts.rejected} rejected`,
    counts.failed && `${counts.failed} failed`,
    counts.skipped && `${counts.skipped} skipped`,
    counts.cancelled && `${counts.cancelled} cancelled`,
  ].filter(Boolean);
  return (
    <div className={styles.results}>
      <div className={styles.resultsHeader}>
        <p role="status" data-testid="upload-summary">
          {running ? `Uploading ${items.length} file${items.length === 1 ? '' : 's'}…` : `Upload finished: ${parts.join(', ') || 'nothing to send'}.`}
        </p>
        {!running && (
          <button type="button" onClick={onClear}>
            Dismiss
          </button>
        )}
      </div>
      <ul className={styles.resultList} data-testid="upload-results">
        {items.map((item) => (
          <li key={item.id} data-testid="upload-result" data-status={item.status.kind} className={styles[TONE[item.status.kind]]}>
            <span className={styles.fileName} title={item.path}>
              {item.path}
            </span>
            <span className={styles.fileSize}>{formatBytes(item.size)}</span>
            <span className={styles.fileStatus} title={statusText(item.status)}>
              {statusText(item.status)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
