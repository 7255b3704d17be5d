'use client';

import { type ChangeEvent, type DragEvent, useRef, useState } from 'react';
import { filesFromDrop, filesFromInput } from './collectFiles';
import { UploadProgressBar } from './UploadProgressBar';
import { UploadResults } from './UploadResults';
import { useUpload } from './useUpload';
import styles from './upload.module.css';

interface Props {
  /** Called once after an upload that stored at least one instance. */
  onStored: () => void;
}

/** Only drags that carry files are accepted; dragged text or links are left to the browser. */
const carriesFiles = (event: DragEvent) => Array.from(event.dataTransfer.types).includes('Files');

/**
 * The upload area of the worklist: drop files or folders, or pick them with
 * the buttons. Everything goes to the archive over STOW-RS, the same standard
 * path any DICOMweb client would use, so nothing here is Consilium-specific.
 */
export function UploadPanel({ onStored }: Props) {
  const upload = useUpload(onStored);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = upload.running ? 'none' : 'copy';
    setDragging(true);
  };
  const onDragLeave = (event: DragEvent<HTMLDivElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    setDragging(false);
    if (!upload.running) void filesFromDrop(event.dataTransfer).then(upload.start);
  };
  const onPick = (event: ChangeEvent<HTMLInputElement>) => {
    upload.start(filesFromInput(event.target.files));
    // Cleared so that picking the same files again still fires a change.
    event.target.value = '';
  };

  return (
    <section className={styles.panel} aria-label="Upload DICOM">
      <div className={styles.dropzone} data-testid="upload-dropzone" data-dragging={dragging || undefined} onDragEnter={onDragOver} onDragOver={onDragOver} onDragLeave={onDragLeave} onDrop={onDrop}>
        <svg className={styles.icon} viewBox="0 0 24 24" aria-hidden="true">
          <path d="M12 16V4m0 0-4.5 4.5M12 4l4.5 4.5M4 15v4a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <span className={styles.hint}>{dragging ? 'Release to upload' : 'Drop DICOM files or folders here, or'}</span>
        <button type="button" className={styles.button} disabled={upload.running} onClick={() => fileInput.current?.click()}>
          Upload DICOM files
        </button>
        <button type="button" className={styles.button} disabled={upload.running} onClick={() => folderInput.current?.click()}>
          Upload a folder
        </button>
        <input ref={fileInput} type="file" multiple data-testid="upload-input" className={styles.fileInput} tabIndex={-1} aria-hidden="true" onChange={onPick} />
        <input
          ref={(input) => {
            folderInput.current = input;
            // Not in React's attribute types; Chromium, Firefox and Safari all support it.
            input?.setAttribute('webkitdirectory', '');
          }}
          type="file"
          multiple
          data-testid="upload-folder-input"
          className={styles.fileInput}
          tabIndex={-1}
          aria-hidden="true"
          onChange={onPick}
        />
      </div>
      {upload.running && upload.items.length === 0 && <p role="status">Reading files…</p>}
      {upload.progress && upload.progress.totalBytes > 0 && <UploadProgressBar progress={upload.progress} running={upload.running} onCancel={upload.cancel} />}
      {upload.items.length > 0 && <UploadResults items={upload.items} running={upload.running} onClear={upload.clear} />}
    </section>
  );
}
