import { Tag } from '@consilium/shared';
import { type DicomJson, dicomNumber, dicomString } from './dicomJson';

/**
 * Batch bounds for STOW-RS uploads: small enough that one failed request
 * loses little and progress moves visibly, large enough that per-request
 * overhead does not dominate a folder of thousands of slices.
 */
export const STOW_MAX_FILES_PER_BATCH = 20;
export const STOW_MAX_BATCH_BYTES = 50 * 1024 * 1024;

const DICOM_MEDIA_TYPE = 'application/dicom';

/**
 * Splits files into consecutive batches of at most `maxFiles` files and
 * `maxBytes` bytes, keeping their order. A file larger than `maxBytes` goes
 * alone: it cannot be split, and the server answers 413 if it is too large.
 */
export function planStowBatches<T extends { size: number }>(items: readonly T[], maxFiles = STOW_MAX_FILES_PER_BATCH, maxBytes = STOW_MAX_BATCH_BYTES): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let currentBytes = 0;
  for (const item of items) {
    if (current.length > 0 && (current.length >= maxFiles || currentBytes + item.size > maxBytes)) {
      batches.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(item);
    currentBytes += item.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** A multipart/related STOW-RS request body and the Content-Type header that describes it. */
export interface StowBody {
  body: Blob;
  contentType: string;
}

/**
 * Builds a `multipart/related; type="application/dicom"` body (PS3.18 8.6.1.2,
 * RFC 2387) from whole Part 10 files. The parts are Blobs, so the browser
 * streams the files from disk instead of copying them into memory.
 */
export function buildStowBody(files: readonly Blob[], boundary: string): StowBody {
  const parts: BlobPart[] = [];
  for (const file of files) {
    parts.push(`--${boundary}\r\nContent-Type: ${DICOM_MEDIA_TYPE}\r\n\r\n`, file, '\r\n');
  }
  parts.push(`--${boundary}--\r\n`);
  return {
    body: new Blob(parts),
    contentType: `multipart/related; type="${DICOM_MEDIA_TYPE}"; boundary=${boundary}`,
  };
}

/** A boundary that cannot occur in the data by accident (RFC 2046 5.1.1 allows up to 70 characters). */
export function newBoundary(): string {
  return `consilium-${crypto.randomUUID()}`;
}

/** One item of the STOW-RS response's ReferencedSOPSequence or FailedSOPSequence. */
export interface StowResponseItem {
  sopInstanceUID: string | undefined;
  /** FailureReason (0008,1197) of a failed item, WarningReason (0008,1196) of a stored one. */
  reason: number | undefined;
}

export interface StowResponse {
  referenced: StowResponseItem[];
  failed: StowResponseItem[];
}

/** Reads the Store Instances Response Module (PS3.18 Table 10.5.3-1) from a DICOM JSON body. */
export function parseStowResponse(body: unknown): StowResponse {
  const dataset = (Array.isArray(body) ? body[0] : body) as DicomJson | undefined;
  if (typeof dataset !== 'object' || dataset === null) return { referenced: [], failed: [] };
  const items = (tag: string, reasonTag: string): StowResponseItem[] =>
    ((dataset[tag]?.Value ?? []) as DicomJson[]).map((item) => ({
      sopInstanceUID: dicomString(item, Tag.ReferencedSOPInstanceUID) || undefined,
      reason: dicomNumber(item, reasonTag),
    }));
  return {
    referenced: items(Tag.ReferencedSOPSequence, Tag.WarningReason),
    failed: items(Tag.FailedSOPSequence, Tag.FailureReason),
  };
}

/** What became of one file of a batch. */
export type StowFileOutcome =
  | { kind: 'stored'; warningReason: number | undefined }
  | { kind: 'failed'; failureReason: number | undefined }
  | { kind: 'unknown' };

/**
 * Assigns the response's items to the files of the batch. STOW-RS answers per
 * SOP Instance UID, not per part, so files are matched by the UID read from
 * their File Meta Information. Items left over (a failed part the origin could
 * not parse has no UID) go to the files left over, in order: origins list
 * items in part order.
 */
export function matchStowOutcomes(fileUids: readonly (string | undefined)[], response: StowResponse): StowFileOutcome[] {
  const referenced = [...response.referenced];
  const failed = [...response.failed];
  const take = (list: StowResponseItem[], uid: string) => {
    const index = list.findIndex((item) => item.sopInstanceUID === uid);
    return index === -1 ? undefined : list.splice(index, 1)[0];
  };
  const byUid = fileUids.map((uid): StowFileOutcome | undefined => {
    if (uid === undefined) return undefined;
    const stored = take(referenced, uid);
    if (stored) return { kind: 'stored', warningReason: stored.reason };
    const refused = take(failed, uid);
    return refused ? { kind: 'failed', failureReason: refused.reason } : undefined;
  });
  return byUid.map((outcome): StowFileOutcome => {
    if (outcome) return outcome;
    const refused = failed.shift();
    if (refused) return { kind: 'failed', failureReason: refused.reason };
    const stored = referenced.shift();
    return stored ? { kind: 'stored', warningReason: stored.reason } : { kind: 'unknown' };
  });
}

/** DIMSE status 0x0111: PS3.4 B.2.3 names it "Duplicate SOP Instance". */
export const FAILURE_DUPLICATE_SOP_INSTANCE = 0x0111;

/** Exact Failure/Warning Reason codes of PS3.18 Table 10.5.3-2 and PS3.4 Annex B.2.3 / C.4. */
const REASON_TEXT = new Map<number, string>([
  [0x0110, 'Processing failure'],
  [FAILURE_DUPLICATE_SOP_INSTANCE, 'Duplicate: another instance with this SOP Instance UID is already stored'],
  [0x0117, 'Invalid SOP instance'],
  [0x0118, 'SOP class not supported'],
  [0x0119, 'SOP class and instance do not match'],
  [0x0122, 'SOP class not supported'],
  [0x0124, 'Not authorised'],
  [0x0131, 'Duplicate transaction'],
  [0xc122, 'Transfer syntax not supported'],
  [0xb000, 'Some attributes were coerced'],
  [0xb006, 'Some elements were discarded'],
  [0xb007, 'Data set does not match its SOP class'],
]);

/** Code ranges whose meaning is shared by every code in them (PS3.4 B.2.3: "Axxx", "A9xx", "Cxxx"). */
const REASON_RANGES: readonly [number, number, string][] = [
  [0xa700, 0xa7ff, 'Out of resources on the archive'],
  [0xa900, 0xa9ff, 'Data set does not match its SOP class'],
  [0xc000, 0xcfff, 'The archive cannot understand this file'],
];

/** A readable meaning for a STOW-RS Failure or Warning Reason, with the code for support tickets. */
export function stowReasonText(code: number | undefined): string {
  if (code === undefined) return 'No reason given';
  const hex = `0x${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const text = REASON_TEXT.get(code) ?? REASON_RANGES.find(([low, high]) => code >= low && code <= high)?.[2] ?? 'Unknown reason';
  return `${text} (${hex})`;
}
