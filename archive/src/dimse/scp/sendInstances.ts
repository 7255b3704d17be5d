import { AppError, type Result, err, ok } from '@consilium/shared';
import type { Logger } from '../../logger.js';
import type { StoredInstance } from '../../retrieve/findInstances.js';
import type { BlobStore } from '../../store/BlobStore.js';
import { AssociationClosedError, type DatasetBody, type DimseResponse } from '../DimseAssociation.js';
import { type Command, CommandField } from '../message/commandSet.js';
import { type DatasetLocation, locateDataset } from '../message/part10.js';
import type { NegotiatedContext } from '../MessageAssembler.js';
import { TRANSCODE_TARGETS, transcodeDataset } from '../transcodeDataset.js';

/** Where C-STORE sub-operations go: an association's storage contexts and its request/response exchange. */
export interface StoreTarget {
  contexts: readonly NegotiatedContext[];
  request(contextId: number, command: Command, dataset: DatasetBody): Promise<DimseResponse>;
}

/** The sub-operation counts of PS3.4 C.4.2.1.5 / C.4.3.1.4. */
export interface SubOperationCounts {
  remaining: number;
  completed: number;
  failed: number;
  warning: number;
}

export interface SubOperationsOutcome extends SubOperationCounts {
  /** Failed SOP Instance UID List (0008,0058) of the final response. */
  failedSopInstanceUids: string[];
  cancelled: boolean;
}

export interface SendInstancesOptions {
  blobs: BlobStore;
  logger: Logger;
  /** Checked before each sub-operation (C-CANCEL, PS3.4 C.4.2.3.1). */
  isCancelled(): boolean;
  /** Called after each sub-operation; C-MOVE/C-GET send pending responses from here. */
  onProgress(counts: SubOperationCounts): Promise<void>;
  /** Move Originator AE Title and Message ID for C-MOVE sub-operations (PS3.7 9.1.1.1). */
  moveOriginator?: { aeTitle: string; messageId: number } | undefined;
}

/** Files above this are sent from disk by range instead of being read whole. */
export const STREAM_THRESHOLD_BYTES = 16 * 1024 * 1024;
/** Enough of a file to hold its meta header (PS3.10 7.1), read first when streaming. */
const META_PROBE_BYTES = 64 * 1024;
/** Warning statuses of C-STORE (PS3.4 Table B.2-1, PS3.7 C.4): coercion, elements discarded, attribute warnings. */
const WARNING_STATUSES: ReadonlySet<number> = new Set([0x0001, 0x0107, 0x0116]);
/** Priority MEDIUM (PS3.7 9.1.1.1). */
const MEDIUM = 0x0000;

interface PreparedStore {
  context: NegotiatedContext;
  sopClassUid: string;
  body: DatasetBody;
}

/**
 * Sends stored instances as C-STORE sub-operations (PS3.4 C.4.2.2/C.4.3.2),
 * one at a time, reading the next instance while the peer answers the current
 * one. An instance goes in its stored transfer syntax, bytes as stored, when the
 * peer accepted a context for it (big files are streamed from disk); otherwise
 * it is transcoded into an accepted native syntax; if that is impossible, or the
 * blob cannot be read, the sub-operation fails and the next one starts. When
 * the association ends, the rest fail. A cancel stops before the next
 * sub-operation, leaving the rest remaining.
 */
export async function sendInstances(instances: readonly StoredInstance[], target: StoreTarget, options: SendInstancesOptions): Promise<SubOperationsOutcome> {
  const outcome: SubOperationsOutcome = { remaining: instances.length, completed: 0, failed: 0, warning: 0, failedSopInstanceUids: [], cancelled: false };
  const fail = (instance: StoredInstance) => {
    outcome.failed++;
    outcome.failedSopInstanceUids.push(instance.sopInstanceUID);
  };
  const prepare = (instance: StoredInstance | undefined) => (instance ? prepareStore(instance, target.contexts, options) : undefined);
  let next = prepare(instances[0]);
  for (let i = 0; i < instances.length; i++) {
    const instance = instances[i] as StoredInstance;
    if (options.isCancelled()) {
      outcome.cancelled = true;
      break;
    }
    const prepared = await next;
    next = prepare(instances[i + 1]);
    outcome.remaining--;
    if (!prepared?.ok) {
      options.logger.info({ sopInstanceUID: instance.sopInstanceUID, reason: prepared?.error.message }, 'C-STORE sub-operation not possible');
      fail(instance);
    } else {
      try {
        const response = await target.request(prepared.value.context.id, storeRequest(instance, prepared.value, options), prepared.value.body);
        countResponse(outcome, instance, response, options.logger);
      } catch (error) {
        if (!(error instanceof AssociationClosedError)) throw error;
        options.logger.info({ remaining: outcome.remaining + 1 }, 'the association ended during C-STORE sub-operations; the rest fail');
        for (const rest of instances.slice(i)) fail(rest);
        outcome.remaining = 0;
        break;
      }
    }
    await options.onProgress(outcome);
  }
  return outcome;
}

function storeRequest(instance: StoredInstance, prepared: PreparedStore, options: SendInstancesOptions): Command {
  return {
    commandField: CommandField.C_STORE_RQ,
    affectedSopClassUid: prepared.sopClassUid,
    affectedSopInstanceUid: instance.sopInstanceUID,
    priority: MEDIUM,
    hasDataset: true,
    ...(options.moveOriginator
      ? { moveOriginatorAeTitle: options.moveOriginator.aeTitle, moveOriginatorMessageId: options.moveOriginator.messageId }
      : {}),
  };
}

function countResponse(outcome: SubOperationsOutcome, instance: StoredInstance, response: DimseResponse, logger: Logger): void {
  const status = response.command.status ?? 0xffff;
  if (status === 0x0000) {
    outcome.completed++;
  } else if (WARNING_STATUSES.has(status) || (status & 0xf000) === 0xb000) {
    outcome.warning++;
  } else {
    logger.info({ sopInstanceUID: instance.sopInstanceUID, status: status.toString(16), errorComment: response.command.errorComment }, 'C-STORE sub-operation failed');
    outcome.failed++;
    outcome.failedSopInstanceUids.push(instance.sopInstanceUID);
  }
}

/**
 * The accepted context to send an instance on: one in its stored transfer
 * syntax, else one in a syntax it can be transcoded into (PS3.4 C.4.2.3.1
 * leaves the choice to the SCP).
 */
export function chooseStoreContext(contexts: readonly NegotiatedContext[], sopClassUid: string, transferSyntaxUid: string): NegotiatedContext | undefined {
  const candidates = contexts.filter((c) => c.abstractSyntax === sopClassUid);
  return (
    candidates.find((c) => c.transferSyntax === transferSyntaxUid) ??
    TRANSCODE_TARGETS.map((ts) => candidates.find((c) => c.transferSyntax === ts)).find((c) => c !== undefined)
  );
}

/** Picks the context and gets the bytes to send; every expected failure is a value, an unexpected one is logged and becomes one. */
async function prepareStore(instance: StoredInstance, contexts: readonly NegotiatedContext[], options: SendInstancesOptions): Promise<Result<PreparedStore, AppError>> {
  const context = chooseStoreContext(contexts, instance.sopClassUID, instance.transferSyntaxUID);
  if (!context) {
    return err(new AppError('UnsupportedTransferSyntax', `no accepted presentation context for SOP class ${instance.sopClassUID} in ${instance.transferSyntaxUID} or a syntax it transcodes to`));
  }
  try {
    if (context.transferSyntax === instance.transferSyntaxUID && instance.sizeBytes > STREAM_THRESHOLD_BYTES) {
      const streamed = await streamedBody(instance, context, options.blobs);
      if (streamed) return ok(streamed);
    }
    const file = await options.blobs.read(instance.blobKey);
    const location = locateDataset(file);
    const body = await transcodeDataset(file, location, context.transferSyntax);
    return body.ok ? ok({ context, sopClassUid: location.sopClassUid, body: body.value }) : body;
  } catch (error) {
    if (error instanceof AppError) return err(error);
    options.logger.error({ err: error, sopInstanceUID: instance.sopInstanceUID }, 'reading a stored instance for a C-STORE sub-operation failed');
    return err(new AppError('ProcessingFailure', 'the stored instance could not be read'));
  }
}

/** The data set of a large file, read by range as it is sent; undefined when its meta header does not fit the probe or names another syntax. */
async function streamedBody(instance: StoredInstance, context: NegotiatedContext, blobs: BlobStore): Promise<PreparedStore | undefined> {
  let location: DatasetLocation;
  try {
    location = locateDataset(await blobs.readRange(instance.blobKey, 0, Math.min(META_PROBE_BYTES, instance.sizeBytes)));
  } catch {
    return undefined;
  }
  if (location.transferSyntaxUid !== context.transferSyntax) return undefined;
  const { offset } = location;
  const body = { length: instance.sizeBytes - offset, read: (at: number, length: number) => blobs.readRange(instance.blobKey, offset + at, length) };
  return { context, sopClassUid: location.sopClassUid, body };
}
