'use client';

import { useCallback, useRef, useState } from 'react';
import { findStoredInstances } from '../../lib/findStoredInstances';
import { matchStowOutcomes, planStowBatches } from '../../lib/stow';
import type { PickedFile } from './collectFiles';
import { sendStowBatch } from './sendStowBatch';
import { type UploadCandidate, type UploadItem, type UploadStatus, classifyFiles, statusFromOutcome, withStatuses } from './uploadModel';

export interface UploadProgress {
  sentBytes: number;
  totalBytes: number;
}

export interface UploadController {
  items: UploadItem[];
  progress: UploadProgress | undefined;
  running: boolean;
  start: (files: PickedFile[]) => void;
  cancel: () => void;
  clear: () => void;
}

/**
 * Runs an upload: classifies the files, then sends the DICOM ones as STOW-RS
 * batches one after another, each after asking which of its instances the
 * archive already holds (to report re-uploads as duplicates) (one request at a time keeps the archive's ingest
 * and the progress bar honest), and calls `onStored` once if anything was
 * stored, so the worklist can show the new studies.
 */
export function useUpload(onStored: () => void): UploadController {
  const [items, setItems] = useState<UploadItem[]>([]);
  const [progress, setProgress] = useState<UploadProgress | undefined>(undefined);
  const [running, setRunning] = useState(false);
  const abort = useRef<AbortController | undefined>(undefined);

  const setStatuses = useCallback((updates: ReadonlyMap<number, UploadStatus>) => setItems((current) => withStatuses(current, updates)), []);

  const sendAll = useCallback(
    async (candidates: UploadCandidate[], signal: AbortSignal): Promise<boolean> => {
      const totalBytes = candidates.reduce((sum, c) => sum + c.size, 0);
      let sentBytes = 0;
      let storedAny = false;
      setProgress({ sentBytes, totalBytes });
      for (const batch of planStowBatches(candidates)) {
        if (signal.aborted) {
          setStatuses(new Map(batch.map((c) => [c.id, { kind: 'cancelled' }])));
          continue;
        }
        const batchBytes = batch.reduce((sum, c) => sum + c.size, 0);
        const before = sentBytes;
        setStatuses(new Map(batch.map((c) => [c.id, { kind: 'sending' }])));
        const uids = batch.map((c) => c.sopInstanceUID);
        const alreadyStored = await findStoredInstances(
          uids.filter((uid): uid is string => uid !== undefined),
          signal,
        );
        const result = await sendStowBatch(
          batch.map((c) => c.file),
          (fraction) => setProgress({ sentBytes: before + Math.round(fraction * batchBytes), totalBytes }),
          signal,
        );
        sentBytes += batchBytes;
        setProgress({ sentBytes, totalBytes });
        const statuses: UploadStatus[] = result.ok
          ? matchStowOutcomes(uids, result.value).map((outcome, i) => statusFromOutcome(outcome, alreadyStored.has(uids[i] ?? '')))
          : batch.map(() => (signal.aborted ? { kind: 'cancelled' } : { kind: 'failed', reason: result.error.detail ? `${result.error.title}. ${result.error.detail}` : result.error.title }));
        storedAny ||= statuses.some((s) => s.kind === 'stored');
        setStatuses(new Map(batch.map((c, i) => [c.id, statuses[i] ?? { kind: 'failed', reason: 'No answer' }])));
      }
      return storedAny;
    },
    [setStatuses],
  );

  const start = useCallback(
    (files: PickedFile[]) => {
      if (running || files.length === 0) return;
      const controller = new AbortController();
      abort.current = controller;
      setRunning(true);
      setProgress(undefined);
      void (async () => {
        try {
          const { items: classified, candidates } = await classifyFiles(files);
          setItems(classified);
          if (await sendAll(candidates, controller.signal)) onStored();
        } finally {
          setRunning(false);
        }
      })();
    },
    [running, sendAll, onStored],
  );

  const cancel = useCallback(() => abort.current?.abort(), []);
  const clear = useCallback(() => {
    setItems([]);
    setProgress(undefined);
  }, []);

  return { items, progress, running, start, cancel, clear };
}
