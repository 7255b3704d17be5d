import { SopClass, err } from '@consilium/shared';
import type { DimseConfig } from '../../config.js';
import type { Db } from '../../db/openDatabase.js';
import { storedSopClasses } from '../../retrieve/storedSopClasses.js';
import { type Command, CommandField } from '../message/commandSet.js';
import type { ServiceHandler } from '../ScpAssociation.js';
import { parseCommitmentRequest } from './commitmentRequest.js';
import { commitmentResult } from './commitmentResult.js';
import { CommitmentStatus, REQUEST_STORAGE_COMMITMENT } from './commitmentStatus.js';
import { deliverCommitmentReport } from './sendCommitmentReport.js';

/**
 * Storage Commitment Push Model SCP (PS3.4 Annex J): an N-ACTION-RQ asking the
 * archive to commit to instances is checked (a malformed one is refused with
 * its DIMSE-N status and nothing more), the instances are looked up through the
 * retrieve layer, the N-ACTION-RSP says the request was taken, then the result
 * goes back as an N-EVENT-REPORT-RQ on the same or a new association (see
 * deliverCommitmentReport). The archive holds what it stored for good, so an
 * instance is committed as soon as it is stored under the class named.
 */
export function commitmentHandler(deps: { db: Db }, config: DimseConfig): ServiceHandler {
  return async ({ context, command, dataset }, association) => {
    const respond = (status: number, errorComment?: string) => association.send(context.id, nActionResponse(command, status, errorComment));
    const parsed =
      context.service === 'commitment'
        ? parseCommitmentRequest(command, dataset, context.transferSyntax)
        : err({ status: CommitmentStatus.NoSuchSopClass, errorComment: 'N-ACTION outside a Storage Commitment context' });
    if (!parsed.ok) {
      association.logger.info({ status: parsed.error.status, reason: parsed.error.errorComment }, 'storage commitment request refused');
      return respond(parsed.error.status, parsed.error.errorComment);
    }
    const request = parsed.value;
    let stored: Map<string, string>;
    try {
      stored = await storedSopClasses(deps.db, request.references.map((r) => r.sopInstanceUid));
    } catch (error) {
      association.logger.error({ err: error, transactionUid: request.transactionUid }, 'storage commitment look-up failed');
      return respond(CommitmentStatus.ProcessingFailure, 'the archive could not look the instances up');
    }
    const result = commitmentResult(request, stored);
    await respond(CommitmentStatus.Success);
    association.logger.info(
      { transactionUid: result.transactionUid, requested: request.references.length, committed: result.committed.length, failed: result.failed.length },
      'storage commitment request taken',
    );
    await deliverCommitmentReport(result, { association, context }, config);
  };
}

/**
 * The N-ACTION-RSP (PS3.7 10.3.4): the well-known instance as Affected SOP,
 * and the Action Type ID when the request was taken.
 */
function nActionResponse(request: Command, status: number, errorComment: string | undefined): Command {
  const taken = status === CommitmentStatus.Success;
  return {
    commandField: CommandField.N_ACTION_RSP,
    messageIdBeingRespondedTo: request.messageId,
    affectedSopClassUid: SopClass.StorageCommitmentPushModel,
    affectedSopInstanceUid: SopClass.StorageCommitmentPushModelInstance,
    hasDataset: false,
    status,
    ...(taken ? { actionTypeId: REQUEST_STORAGE_COMMITMENT } : {}),
    ...(errorComment ? { errorComment } : {}),
  };
}
