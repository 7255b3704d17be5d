import { AppError, type Result, SopClass, Tag, err, ok } from '@consilium/shared';
import type { Db } from '../../db/openDatabase.js';
import type { InformationModel } from '../../query/parseFindIdentifier.js';
import { type StudyAccess, studyAccessOfAe } from '../../access/StudyAccess.js';
import type { StoredInstance } from '../../retrieve/findInstances.js';
import { instancesForIdentifier } from '../../retrieve/instancesForIdentifier.js';
import type { BlobStore } from '../../store/BlobStore.js';
import type { Command } from '../message/commandSet.js';
import { decodeDataset, encodeDataset } from '../message/dataset.js';
import type { AssociationHandle, DimseMessage } from '../ScpAssociation.js';
import { type StoreTarget, type SubOperationCounts, type SubOperationsOutcome, sendInstances } from './sendInstances.js';

/** Statuses of C-MOVE/C-GET responses (PS3.4 C.4.2.1.5, C.4.3.1.4; PS3.7 C). */
export const RetrieveStatus = {
  Success: 0x0000,
  Pending: 0xff00,
  Cancel: 0xfe00,
  /** Sub-operations complete, one or more failures or warnings. */
  SomeFailed: 0xb000,
  /** Refused: out of resources, unable to perform sub-operations. */
  UnableToPerform: 0xa702,
  /** Refused: Move Destination unknown. */
  MoveDestinationUnknown: 0xa801,
  UnableToProcess: 0xc000,
} as const;

/** A pending response at least after this many sub-operations... */
export const PENDING_EVERY_SUBOPERATIONS = 10;
/** ...or when this long has passed since the last one. */
export const PENDING_INTERVAL_MS = 200;

const MODEL_OF: Record<string, InformationModel> = {
  [SopClass.PatientRootQueryRetrieveInformationModelMove]: 'PATIENT_ROOT',
  [SopClass.StudyRootQueryRetrieveInformationModelMove]: 'STUDY_ROOT',
  [SopClass.PatientRootQueryRetrieveInformationModelGet]: 'PATIENT_ROOT',
  [SopClass.StudyRootQueryRetrieveInformationModelGet]: 'STUDY_ROOT',
};

/** A refusal before or instead of sub-operations: the status and why. */
export interface Refusal {
  status: number;
  errorComment: string;
}

/** Sub-operations' target for one retrieve, and what to do when they are over. */
export interface OpenedTarget extends StoreTarget {
  close(): Promise<void>;
}

/** What differs between C-MOVE and C-GET. */
export interface RetrieveService {
  responseField: number;
  /** Checked before the identifier is resolved (C-MOVE: a destination we know). */
  refuse?(command: Command): Refusal | undefined;
  /** Where the sub-operations go (C-MOVE: a new association to the destination; C-GET: this one). */
  openTarget(instances: readonly StoredInstance[], command: Command): Promise<Result<OpenedTarget, Refusal>>;
  moveOriginator?(command: Command): SubOperationsOptions['moveOriginator'];
}

type SubOperationsOptions = Parameters<typeof sendInstances>[2];

export interface RetrieveDeps {
  db: Db;
  blobs: BlobStore;
}

/**
 * The flow C-MOVE and C-GET share (PS3.4 C.4.2.2, C.4.3.2): resolve the
 * identifier to stored instances, run their C-STORE sub-operations on the
 * service's target, report progress with pending responses (every
 * PENDING_EVERY_SUBOPERATIONS sub-operations or PENDING_INTERVAL_MS), and end
 * with the final status: success when all completed (or none matched),
 * A702 when all failed, B000 when some failed or had warnings, FE00 after a
 * C-CANCEL. Failed SOP Instance UID List travels with any status but success.
 */
export async function runRetrieve(message: DimseMessage, association: AssociationHandle, deps: RetrieveDeps, service: RetrieveService): Promise<void> {
  const { context, command, dataset } = message;
  const respond = responder(message, association, service.responseField);
  const refusal = service.refuse?.(command);
  if (refusal) return respond(refusal.status, undefined, refusal);
  const resolved = await resolveInstances(deps.db, context.abstractSyntax, context.transferSyntax, dataset, studyAccessOfAe(association.info.peer?.actingFor));
  if (!resolved.ok) {
    association.logger.info({ reason: resolved.error.errorComment }, 'retrieve identifier refused');
    return respond(resolved.error.status, undefined, resolved.error);
  }
  const instances = resolved.value;
  if (instances.length === 0) return respond(RetrieveStatus.Success, { completed: 0, failed: 0, warning: 0 });

  const opened = await service.openTarget(instances, command);
  if (!opened.ok) {
    const uids = instances.map((i) => i.sopInstanceUID);
    return respond(opened.error.status, { completed: 0, failed: instances.length, warning: 0 }, { ...opened.error, failed: uids });
  }
  const started = performance.now();
  let outcome: SubOperationsOutcome;
  try {
    outcome = await sendInstances(instances, opened.value, {
      blobs: deps.blobs,
      logger: association.logger,
      isCancelled: () => command.messageId !== undefined && association.isCancelled(command.messageId),
      moveOriginator: service.moveOriginator?.(command),
      onProgress: pendingResponses((counts) => respond(RetrieveStatus.Pending, counts)),
    });
  } finally {
    await opened.value.close();
  }
  const { remaining, completed, failed, warning, failedSopInstanceUids, cancelled } = outcome;
  association.logger.info({ instances: instances.length, completed, failed, warning, cancelled, ms: Math.round(performance.now() - started) }, 'retrieve sub-operations done');
  if (cancelled) return respond(RetrieveStatus.Cancel, { remaining, completed, failed, warning }, { failed: failedSopInstanceUids });
  return respond(finalStatus(outcome), { completed, failed, warning }, { failed: failedSopInstanceUids });
}

type Respond = (status: number, counts?: Partial<SubOperationCounts>, extra?: { errorComment?: string; failed?: string[] }) => Promise<void>;

/** C-MOVE-RSP / C-GET-RSP to the request: the counts given, a Failed SOP Instance UID List identifier when there are failures. */
function responder({ context, command }: DimseMessage, association: AssociationHandle, responseField: number): Respond {
  return (status, counts, extra = {}) => {
    const identifier = extra.failed?.length ? encodeDataset({ [Tag.FailedSOPInstanceUIDList]: { vr: 'UI', Value: extra.failed } }, context.transferSyntax) : undefined;
    return association.send(
      context.id,
      {
        commandField: responseField,
        messageIdBeingRespondedTo: command.messageId,
        affectedSopClassUid: context.abstractSyntax,
        hasDataset: identifier !== undefined,
        status,
        ...(counts?.remaining !== undefined ? { numberOfRemainingSuboperations: counts.remaining } : {}),
        ...(counts?.completed !== undefined ? { numberOfCompletedSuboperations: counts.completed } : {}),
        ...(counts?.failed !== undefined ? { numberOfFailedSuboperations: counts.failed } : {}),
        ...(counts?.warning !== undefined ? { numberOfWarningSuboperations: counts.warning } : {}),
        ...(extra.errorComment ? { errorComment: extra.errorComment } : {}),
      },
      identifier,
    );
  };
}

/** A progress callback sending a pending response every PENDING_EVERY_SUBOPERATIONS sub-operations or PENDING_INTERVAL_MS, while some remain. */
function pendingResponses(send: (counts: SubOperationCounts) => Promise<void>): (counts: SubOperationCounts) => Promise<void> {
  let lastAt = performance.now();
  let lastDone = 0;
  return async (counts) => {
    const done = counts.completed + counts.failed + counts.warning;
    const due = done - lastDone >= PENDING_EVERY_SUBOPERATIONS || performance.now() - lastAt >= PENDING_INTERVAL_MS;
    if (counts.remaining === 0 || !due) return;
    lastAt = performance.now();
    lastDone = done;
    await send({ ...counts });
  };
}

/** PS3.4 C.4.2.1.5: all completed, all failed, or a mix. */
function finalStatus({ completed, failed, warning }: SubOperationCounts): number {
  if (failed === 0 && warning === 0) return RetrieveStatus.Success;
  if (completed === 0 && warning === 0) return RetrieveStatus.UnableToPerform;
  return RetrieveStatus.SomeFailed;
}

async function resolveInstances(
  db: Db,
  sopClass: string,
  transferSyntax: string,
  dataset: Buffer | undefined,
  access: StudyAccess,
): Promise<Result<StoredInstance[], Refusal>> {
  const model = MODEL_OF[sopClass];
  if (!dataset || !model) return err({ status: RetrieveStatus.UnableToProcess, errorComment: 'retrieve without identifier' });
  try {
    return ok(await instancesForIdentifier(db, decodeDataset(dataset, transferSyntax), model, access));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return err({ status: error.dimseStatus, errorComment: error.message });
  }
}
