'use client';

import type { UploadProgress } from './useUpload';
import { formatBytes } from './uploadModel';
import styles from './upload.module.css';

interface Props {
  progress: UploadProgress;
  running: boolean;
  onCancel: () => void;
}

/**
 * Bytes sent of the DICOM files being uploaded, from XMLHttpRequest upload
 * events; "Done" once every batch is answered (what the archive made of each
 * file is the result list's business, not the bar's). The ARIA values are the bytes themselves; the value text says them
 * the way the label shows them.
 */
export function UploadProgressBar({ progress, running, onCancel }: Props) {
  const { sentBytes, totalBytes } = progress;
  const percent = totalBytes > 0 ? Math.min(100, (sentBytes / totalBytes) * 100) : 0;
  const text = `${formatBytes(sentBytes)} of ${formatBytes(totalBytes)}`;
  return (
    <div className={styles.progressRow} data-testid="upload-progress" data-state={running ? 'running' : 'done'}>
      <div
        className={styles.track}
        role="progressbar"
        aria-label="Upload progress"
        aria-valuemin={0}
        aria-valuemax={totalBytes}
        aria-valuenow={sentBytes}
        aria-valuetext={text}
      >
        <span className={styles.fill} style={{ width: `${percent}%` }} />
      </div>
      <span className={styles.progressText}>{running ? `${text} sent` : `Done: ${formatBytes(totalBytes)} sent`}</span>
      {running && (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}
