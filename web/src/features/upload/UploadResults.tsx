'use client';

import { type UploadItem, formatBytes, statusText, summarizeUpload } from './uploadModel';
import styles from './upload.module.css';

interface Props {
  items: readonly UploadItem[];
  running: boolean;
  onClear: () => void;
}

/** Files that need the reader's attention get the warning colour. */
const TONE: Record<UploadItem['status']['kind'], 'ok' | 'bad' | 'neutral'> = {
  queued: 'neutral',
  sending: 'neutral',
  stored: 'ok',
  duplicate: 'bad',
  failed: 'bad',
  notDicom: 'bad',
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
    counts.failed && `${counts.failed} failed`,
    counts.notDicom && `${counts.notDicom} not DICOM`,
    counts.skipped && `${counts.skipped} skipped`,
    counts.cancelled && `${counts.cancelled} cancelled`,
  ].filter(Boolean);
  return (
    <div className={styles.results}>
      <div className={styles.resultsHeader}>
        <p role="status">
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
            <span className={styles.fileStatus}>{statusText(item.status)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
