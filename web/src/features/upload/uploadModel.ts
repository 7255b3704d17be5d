import { SopClass, assertNever } from '@consilium/shared';
import { FAILURE_DUPLICATE_SOP_INSTANCE, type StowFileOutcome, stowReasonText } from '../../lib/stow';
import type { PickedFile } from './collectFiles';
import { PART10_PROBE_BYTES, readPart10Meta } from './readPart10Meta';

/** Where one file of an upload stands. */
export type UploadStatus =
  | { kind: 'queued' }
  | { kind: 'sending' }
  | { kind: 'stored'; warning: string | undefined }
  | { kind: 'duplicate'; reason: string }
  /** The file was looked at and refused, here (not DICOM) or by the archive (a FailureReason). */
  | { kind: 'rejected'; reason: string }
  /** The request failed (network, proxy, server error): nothing is known about the file itself. */
  | { kind: 'failed'; reason: string }
  | { kind: 'skipped'; reason: string }
  | { kind: 'cancelled' };

export interface UploadItem {
  id: number;
  path: string;
  size: number;
  status: UploadStatus;
}

/** A file that will be sent, with the SOP Instance UID its STOW-RS outcome is matched by. */
export interface UploadCandidate {
  id: number;
  file: File;
  size: number;
  sopInstanceUID: string | undefined;
}

/** The line shown for a file in the result list. */
export function statusText(status: UploadStatus): string {
  switch (status.kind) {
    case 'queued':
      return 'Waiting';
    case 'sending':
      return 'Sending…';
    case 'stored':
      return status.warning ? `Stored (warning: ${status.warning})` : 'Stored';
    case 'duplicate':
      return `Duplicate: ${status.reason}`;
    case 'rejected':
      return `Rejected: ${status.reason}`;
    case 'failed':
      return `Failed: ${status.reason}`;
    case 'skipped':
      return `Skipped: ${status.reason}`;
    case 'cancelled':
      return 'Cancelled';
    default:
      return assertNever(status);
  }
}

/** Why a file without the Part 10 prefix is not sent (PS3.10 7.1). */
export const NOT_DICOM_REASON = 'not a DICOM file (no "DICM" marker after the 128-byte preamble)';
/** An instance the archive already held before this upload: STOW-RS reports it stored again. */
export const ALREADY_STORED_REASON = 'already in the archive; the stored copy is unchanged';
/** An instance with the UID of a stored one but other bytes (PS3.4 B.2.3, 0x0111). */
const DIFFERENT_COPY_REASON = 'another instance with this SOP Instance UID is already stored; the first copy is kept (0x0111)';

/**
 * A file's status from the archive's answer about it. STOW-RS answers an
 * identical re-upload as stored (the store is idempotent), so `alreadyStored`
 * (looked up before sending) is what tells a duplicate from a new instance.
 */
export function statusFromOutcome(outcome: StowFileOutcome, alreadyStored = false): UploadStatus {
  switch (outcome.kind) {
    case 'stored':
      if (alreadyStored) return { kind: 'duplicate', reason: ALREADY_STORED_REASON };
      return { kind: 'stored', warning: outcome.warningReason === undefined ? undefined : stowReasonText(outcome.warningReason) };
    case 'failed':
      return outcome.failureReason === FAILURE_DUPLICATE_SOP_INSTANCE
        ? { kind: 'duplicate', reason: DIFFERENT_COPY_REASON }
        : { kind: 'rejected', reason: stowReasonText(outcome.failureReason) };
    case 'unknown':
      return { kind: 'failed', reason: 'The archive did not report on this file' };
    default:
      return assertNever(outcome);
  }
}

/**
 * Sorts picked files into those worth sending and those settled here: a file
 * without the Part 10 "DICM" prefix (PS3.10 7.1) is not sent at all, and a
 * DICOMDIR is an index of media, not an instance to store (PS3.10 8.6).
 */
export async function classifyFiles(files: readonly PickedFile[]): Promise<{ items: UploadItem[]; candidates: UploadCandidate[] }> {
  const items: UploadItem[] = [];
  const candidates: UploadCandidate[] = [];
  for (const [id, { file, path }] of files.entries()) {
    const probe = await file
      .slice(0, PART10_PROBE_BYTES)
      .arrayBuffer()
      .then((buffer) => new Uint8Array(buffer))
      .catch(() => undefined);
    const meta = probe && readPart10Meta(probe);
    let status: UploadStatus = { kind: 'queued' };
    if (!probe) status = { kind: 'failed', reason: 'The browser could not read this file' };
    else if (!meta) status = { kind: 'rejected', reason: NOT_DICOM_REASON };
    else if (meta.sopClassUID === SopClass.MediaStorageDirectoryStorage) status = { kind: 'skipped', reason: 'DICOMDIR is a media index, not an image' };
    else candidates.push({ id, file, size: file.size, sopInstanceUID: meta.sopInstanceUID });
    items.push({ id, path, size: file.size, status });
  }
  return { items, candidates };
}

/** Applies new statuses by item id. */
export function withStatuses(items: readonly UploadItem[], updates: ReadonlyMap<number, UploadStatus>): UploadItem[] {
  return items.map((item) => {
    const status = updates.get(item.id);
    return status ? { ...item, status } : item;
  });
}

/** Counts per outcome, for the one-line summary above the list. */
export function summarizeUpload(items: readonly UploadItem[]): Record<UploadStatus['kind'], number> {
  const counts: Record<UploadStatus['kind'], number> = { queued: 0, sending: 0, stored: 0, duplicate: 0, rejected: 0, failed: 0, skipped: 0, cancelled: 0 };
  for (const item of items) counts[item.status.kind] += 1;
  return counts;
}

/** Bytes for people: `1.4 MB`, decimal units as file managers show them. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
