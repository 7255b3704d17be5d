import { AppError, Subject, assertNever } from '@consilium/shared';
import type { Bus } from '../bus/Bus.js';
import type { Db } from '../db/openDatabase.js';
import { SeriesInOtherStudyError, recordInstance } from '../db/recordInstance.js';
import type { Logger } from '../logger.js';
import type { BlobStore } from '../store/BlobStore.js';
import { parseInstance } from './parseInstance.js';

export type IngestSource = 'stow' | 'dimse' | 'import' | 'convert' | 'demo';

export interface IngestContext {
  db: Db;
  blobs: BlobStore;
  bus: Bus;
  logger: Logger;
  duplicatePolicy: 'keep-first' | 'overwrite';
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

/**
 * The one ingest path for STOW-RS, C-STORE, imports and conversions: parse and
 * validate the header, write the bytes durably, index them in one transaction,
 * then publish `archive.instance.stored.v1`. Resolves only once the bytes are
 * fsynced and the row committed, so the caller may acknowledge. Expected failures
 * come back as outcomes, never as throws.
 */
export async function ingestInstance(
  ctx: IngestContext,
  bytes: Uint8Array,
  options: { source: IngestSource; expectedStudyInstanceUID?: string | undefined },
): Promise<IngestOutcome> {
  let parsed;
  try {
    parsed = parseInstance(bytes);
  } catch (error) {
    if (error instanceof AppError) return { status: 'rejected', uids: {}, error };
    throw error;
  }
  const uids: InstanceUids = {
    studyInstanceUID: parsed.studyInstanceUID,
    seriesInstanceUID: parsed.seriesInstanceUID,
    sopInstanceUID: parsed.sopInstanceUID,
    sopClassUID: parsed.sopClassUID,
  };
  if (options.expectedStudyInstanceUID && options.expectedStudyInstanceUID !== parsed.studyInstanceUID) {
    const error = new AppError('StudyMismatch', 'StudyInstanceUID of the instance differs from the study in the request URL');
    return { status: 'rejected', uids, error };
  }

  const blob = await ctx.blobs.put(bytes);
  let outcome;
  try {
    outcome = await recordWithRetry(ctx, parsed, blob);
  } catch (error) {
    if (error instanceof SeriesInOtherStudyError) {
      return { status: 'rejected', uids, error: new AppError('InvalidDicom', error.message) };
    }
    throw error;
  }
  const log = ctx.logger.child({ sopInstanceUID: uids.sopInstanceUID, source: options.source });
  switch (outcome.kind) {
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
    case 'stored':
    case 'replaced': {
      // The instance is durable and indexed whatever the bus does: a bus outage is
      // logged, not reported as a failed store (an outbox table would also keep the event).
      await ctx.bus
        .publish(Subject.InstanceStored, {
          ...uids,
          transferSyntaxUID: parsed.transferSyntaxUID,
          sizeBytes: blob.sizeBytes,
          source: options.source,
          outcome: outcome.kind,
          storedAt: new Date().toISOString(),
        })
        .catch((error: unknown) => log.error({ err: error }, 'instance stored but its event could not be published'));
      if (outcome.kind === 'replaced') log.info('instance replaced under the overwrite policy');
      return { status: outcome.kind, uids, transferSyntaxUID: parsed.transferSyntaxUID };
    }
    default:
      return assertNever(outcome);
  }
}

/** Two concurrent first stores of one UID race on the unique index; the loser retries as a duplicate. */
async function recordWithRetry(ctx: IngestContext, parsed: ReturnType<typeof parseInstance>, blob: Awaited<ReturnType<BlobStore['put']>>) {
  const overwrite = ctx.duplicatePolicy === 'overwrite';
  for (let attempt = 0; ; attempt++) {
    try {
      return await recordInstance(ctx.db, parsed, blob, overwrite);
    } catch (error) {
      if (attempt < 3 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error || (typeof e === 'object' && e !== null); e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === UNIQUE_VIOLATION) return true;
    if (!(e as { cause?: unknown }).cause) break;
  }
  return false;
}

