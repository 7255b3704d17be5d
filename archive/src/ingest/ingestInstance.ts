import { AppError, Subject, assertNever } from '@consilium/shared';
import type { Bus } from '../bus/Bus.js';
import type { Db } from '../db/openDatabase.js';
import type { KnownSeriesCache, SeriesRowIds } from '../db/KnownSeriesCache.js';
import { recordIntoKnownSeries, seriesRowIds } from '../db/recordIntoKnownSeries.js';
import { type RecordItem, type RecordOutcome, recordInstances } from '../db/recordInstances.js';
import type { Logger } from '../logger.js';
import type { BlobStore, StoredBlob } from '../store/BlobStore.js';
import { InstanceRejectedError, type ParsedInstance, parseInstance } from './parseInstance.js';
import type { HeaderVerdict, StreamedInstance } from './StreamedInstance.js';

export type IngestSource = 'stow' | 'dimse' | 'import' | 'convert' | 'demo';

export interface IngestContext {
  db: Db;
  blobs: BlobStore;
  bus: Bus;
  logger: Logger;
  duplicatePolicy: 'keep-first' | 'overwrite';
  /** Series already indexed, for the one-statement path of single instances (C-STORE); optional. */
  knownSeries?: KnownSeriesCache | undefined;
}

/** What happened to one instance; `error` carries the precise reason of a refusal. */
export type IngestOutcome =
  | { status: 'stored' | 'replaced' | 'duplicate'; uids: InstanceUids; transferSyntaxUID: string }
  | { status: 'conflict'; uids: InstanceUids; error: AppError }
  | { status: 'rejected'; uids: Partial<InstanceUids>; error: AppError };

export interface InstanceUids {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
  sopClassUID: string;
}

const UNIQUE_VIOLATION = '23505';
/** PostgreSQL aborts one of two transactions that lock rows in opposite orders; nothing of it was applied. */
const DEADLOCK_DETECTED = '40P01';
/** Blob writes in flight per batch: overlaps fsync latency without flooding the disk. */
const BLOB_WRITE_CONCURRENCY = 8;

export interface IngestOptions {
  source: IngestSource;
  /** STOW-RS to /studies/{study}: instances of other studies are refused. */
  expectedStudyInstanceUID?: string | undefined;
}

/**
 * The one ingest path for STOW-RS, C-STORE, imports and conversions: parse and
 * validate the header, write the bytes durably, index them in one transaction,
 * then publish `archive.instance.stored.v1`. Resolves only once the bytes are
 * fsynced and the row committed, so the caller may acknowledge. Expected failures
 * come back as outcomes, never as throws.
 */
export async function ingestInstance(ctx: IngestContext, bytes: Uint8Array, options: IngestOptions): Promise<IngestOutcome> {
  const [outcome] = await ingestInstances(ctx, [bytes], options);
  if (!outcome) throw new Error('ingest produced no outcome');
  return outcome;
}

/**
 * Ingests several instances as one batch (a STOW-RS request, an import chunk):
 * each is parsed and refused or accepted on its own, their blobs are written
 * concurrently, and the accepted ones are indexed in one transaction. Outcomes
 * come back in input order; one bad instance never affects the others.
 */
export async function ingestInstances(ctx: IngestContext, items: Uint8Array[], options: IngestOptions): Promise<IngestOutcome[]> {
  const outcomes: (IngestOutcome | undefined)[] = new Array(items.length);
  const accepted: { index: number; parsed: ParsedInstance; bytes: Uint8Array }[] = [];
  items.forEach((bytes, index) => {
    const checked = checkHeader(parseVerdict(bytes), options);
    if ('parsed' in checked) accepted.push({ index, parsed: checked.parsed, bytes });
    else outcomes[index] = checked.outcome;
  });
  const blobs = await mapConcurrently(accepted, BLOB_WRITE_CONCURRENCY, (a) => ctx.blobs.put(a.bytes));
  if (items.length === 1 && accepted.length === 1) return [await indexSingle(ctx, { parsed: accepted[0]!.parsed, blob: blobs[0]! }, options.source)];
  const records = await recordWithRetry(ctx, accepted.map((a, i) => ({ parsed: a.parsed, blob: blobs[i]! })));
  for (const [i, a] of accepted.entries()) {
    outcomes[a.index] = await settle(ctx, a.parsed, blobs[i]!, records[i]!, options.source);
  }
  return outcomes.map((o) => {
    if (!o) throw new Error('ingest left an instance without an outcome');
    return o;
  });
}

/**
 * Ingests an instance that was streamed to the blob store's temp file as it
 * arrived (C-STORE): the same checks and index path as `ingestInstance`, its
 * header read from the first bytes. A refused instance's temp file is deleted;
 * an accepted one is committed (fsync, rename) before it is indexed.
 */
export async function ingestStreamedInstance(ctx: IngestContext, streamed: StreamedInstance, options: IngestOptions): Promise<IngestOutcome> {
  streamed.end();
  const checked = checkHeader(streamed.result, options);
  if (!('parsed' in checked)) {
    streamed.writer.discard();
    return checked.outcome;
  }
  const { parsed } = checked;
  const named = streamed.writer.digest();
  const durable = streamed.writer.commit();
  const ids = ctx.knownSeries?.get(parsed);
  if (ids && (await recordWhileDurable(ctx, { parsed, blob: { ...named, written: true } }, ids, durable))) {
    return settle(ctx, parsed, await durable, { kind: 'stored' }, options.source);
  }
  if (ids) ctx.knownSeries?.forget(parsed);
  return indexSingle(ctx, { parsed, blob: await durable }, options.source);
}

/**
 * The one-statement insert into a known series, in a transaction that commits
 * only once the blob is durable: the index's work overlaps the fsyncs (on one
 * association that is most of an instance's wait), and no committed row ever
 * names a blob a crash could still lose. False when the statement wrote nothing
 * (or PostgreSQL chose it as a deadlock victim): the full path follows.
 */
async function recordWhileDurable(ctx: IngestContext, item: RecordItem, ids: SeriesRowIds, durable: Promise<StoredBlob>): Promise<boolean> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const [inserted, placed] = await Promise.allSettled([recordIntoKnownSeries(tx, item, ids), durable]);
      if (placed.status === 'rejected') throw placed.reason;
      if (inserted.status === 'rejected') throw inserted.reason;
      return inserted.value;
    });
  } catch (error) {
    if (hasPgCode(error, DEADLOCK_DETECTED)) return false;
    throw error;
  }
}

/** One instance: the one-statement path into a known series when it applies, else the full one. */
async function indexSingle(ctx: IngestContext, item: RecordItem, source: IngestSource): Promise<IngestOutcome> {
  if (await recordSingleIntoKnownSeries(ctx, item)) return settle(ctx, item.parsed, item.blob, { kind: 'stored' }, source);
  const [record] = await recordWithRetry(ctx, [item]);
  if (!record) throw new Error('the index returned no verdict');
  if (record.kind === 'stored') await rememberSeries(ctx, item.parsed);
  return settle(ctx, item.parsed, item.blob, record, source);
}

function parseVerdict(bytes: Uint8Array): HeaderVerdict {
  try {
    return { parsed: parseInstance(bytes) };
  } catch (error) {
    if (error instanceof AppError) return { error };
    throw error;
  }
}

function checkHeader(verdict: HeaderVerdict, options: IngestOptions): { parsed: ParsedInstance } | { outcome: IngestOutcome } {
  if ('error' in verdict) {
    const { error } = verdict;
    return { outcome: { status: 'rejected', uids: error instanceof InstanceRejectedError ? error.uids : {}, error } };
  }
  const { parsed } = verdict;
  if (options.expectedStudyInstanceUID && options.expectedStudyInstanceUID !== parsed.studyInstanceUID) {
    const error = new AppError('StudyMismatch', 'StudyInstanceUID of the instance differs from the study in the request URL');
    return { outcome: { status: 'rejected', uids: uidsOf(parsed), error } };
  }
  return { parsed };
}

/** Turns the index's verdict into an outcome, and publishes the event of a stored instance. */
async function settle(
  ctx: IngestContext,
  parsed: ParsedInstance,
  blob: StoredBlob,
  record: RecordOutcome,
  source: IngestSource,
): Promise<IngestOutcome> {
  const uids = uidsOf(parsed);
  const log = ctx.logger.child({ sopInstanceUID: uids.sopInstanceUID, source });
  switch (record.kind) {
    case 'duplicate-same':
      log.debug('duplicate instance with identical bytes; nothing to do');
      return { status: 'duplicate', uids, transferSyntaxUID: parsed.transferSyntaxUID };
    case 'duplicate-different':
      log.info('duplicate SOP Instance UID with different bytes; kept the first copy');
      return {
        status: 'conflict',
        uids,
        error: new AppError('DuplicateInstance', 'An instance with this SOP Instance UID and different content is already stored; the first copy is kept'),
      };
    case 'series-in-other-study':
      log.info('series already filed under another study; instance refused');
      return { status: 'rejected', uids, error: new AppError('InvalidDicom', 'SeriesInstanceUID already belongs to a different study') };
    case 'stored':
    case 'replaced': {
      // The instance is durable and indexed whatever the bus does: a bus outage is
      // logged, not reported as a failed store (an outbox table would also keep the event).
      await ctx.bus
        .publish(Subject.InstanceStored, {
          ...uids,
          transferSyntaxUID: parsed.transferSyntaxUID,
          sizeBytes: blob.sizeBytes,
          source,
          outcome: record.kind,
          storedAt: new Date().toISOString(),
        })
        .catch((error: unknown) => log.error({ err: error }, 'instance stored but its event could not be published'));
      if (record.kind === 'replaced') log.info('instance replaced under the overwrite policy');
      return { status: record.kind, uids, transferSyntaxUID: parsed.transferSyntaxUID };
    }
    default:
      return assertNever(record);
  }
}

function uidsOf(parsed: ParsedInstance): InstanceUids {
  return {
    studyInstanceUID: parsed.studyInstanceUID,
    seriesInstanceUID: parsed.seriesInstanceUID,
    sopInstanceUID: parsed.sopInstanceUID,
    sopClassUID: parsed.sopClassUID,
  };
}

/**
 * The one-statement path for a single instance into a series this process has
 * indexed before (see KnownSeriesCache); false sends it the full way, which
 * also decides duplicates. A deadlock aborted the statement whole, so the full
 * way may follow it safely.
 */
async function recordSingleIntoKnownSeries(ctx: IngestContext, item: RecordItem): Promise<boolean> {
  const ids = ctx.knownSeries?.get(item.parsed);
  if (!ids) return false;
  try {
    if (await recordIntoKnownSeries(ctx.db, item, ids)) return true;
  } catch (error) {
    if (!hasPgCode(error, DEADLOCK_DETECTED)) throw error;
  }
  ctx.knownSeries?.forget(item.parsed);
  return false;
}

async function rememberSeries(ctx: IngestContext, parsed: ParsedInstance): Promise<void> {
  if (!ctx.knownSeries || ctx.knownSeries.get(parsed)) return;
  const ids = await seriesRowIds(ctx.db, parsed.seriesInstanceUID);
  if (ids) ctx.knownSeries.remember(parsed, ids);
}

/** Two concurrent first stores of one UID race on the unique index; the loser retries and sees a duplicate. */
async function recordWithRetry(ctx: IngestContext, items: RecordItem[]): Promise<RecordOutcome[]> {
  const overwrite = ctx.duplicatePolicy === 'overwrite';
  for (let attempt = 0; ; attempt++) {
    try {
      return await recordInstances(ctx.db, items, overwrite);
    } catch (error) {
      if (attempt < 3 && (hasPgCode(error, UNIQUE_VIOLATION) || hasPgCode(error, DEADLOCK_DETECTED))) continue;
      throw error;
    }
  }
}

/** Whether a database error (or one it wraps: drizzle wraps the driver's) carries this SQLSTATE. */
function hasPgCode(error: unknown, code: string): boolean {
  for (let e: unknown = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === code) return true;
  }
  return false;
}

/** Maps with at most `limit` calls in flight, results in input order. */
async function mapConcurrently<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
