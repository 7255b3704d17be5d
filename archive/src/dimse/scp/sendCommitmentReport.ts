import { SopClass } from '@consilium/shared';
import type { DimseConfig, KnownAe } from '../../config.js';
import type { Logger } from '../../logger.js';
import { AssociationClosedError, type DimseResponse } from '../DimseAssociation.js';
import { type Command, CommandField } from '../message/commandSet.js';
import { encodeDataset } from '../message/dataset.js';
import type { NegotiatedContext } from '../MessageAssembler.js';
import type { AcceptedContext } from '../negotiateAssociation.js';
import type { AssociationHandle } from '../ScpAssociation.js';
import { ScuAssociation } from '../ScuAssociation.js';
import { COMMAND_DATASET_SYNTAXES } from '../supportedSyntaxes.js';
import { type CommitmentResult, commitmentReportDataset } from './commitmentResult.js';

type Requester = (contextId: number, command: Command, dataset: Buffer) => Promise<DimseResponse>;

/** Where the N-ACTION-RQ came from: its association and presentation context. */
export interface CommitmentOrigin {
  association: AssociationHandle;
  context: AcceptedContext;
}

const COMMITMENT = SopClass.StorageCommitmentPushModel;

/**
 * Sends the result of a Storage Commitment transaction as an N-EVENT-REPORT-RQ
 * (PS3.4 J.3.3.1) and waits for its N-EVENT-REPORT-RSP. On the requester's own
 * association when it is still open and the requester took the SCP/SCU role
 * for Storage Commitment there (role selection, PS3.7 D.3.3.4: it said it
 * takes its reports on this association); otherwise, or when that association
 * closes before the report went through, over a new association to the
 * caller's known AE (its configured host and port, DIMSE_KNOWN_AES), which
 * runs in the background so the caller's association is not held up. A caller
 * with no known port cannot be reached: logged, and the report is dropped.
 * Never rejects for a peer's failure; a bug is logged.
 */
export async function deliverCommitmentReport(result: CommitmentResult, origin: CommitmentOrigin, config: DimseConfig): Promise<void> {
  const { association, context } = origin;
  const log = association.logger.child({ transactionUid: result.transactionUid });
  if (context.peerScpRole && association.isOpen) {
    try {
      return await sendReport((id, command, dataset) => unlessClosing(association.request(id, command, dataset), association.closing), context, result, config.aeTitle, log);
    } catch (error) {
      if (!(error instanceof AssociationClosedError)) throw error;
      log.info({ why: error.message }, 'association closed before the storage commitment report was answered; opening a new one');
    }
  }
  const callingAe = association.info.callingAeTitle;
  const peer = association.info.peer ?? config.knownAes.find((ae) => ae.aeTitle === callingAe);
  if (!peer) {
    log.warn({ callingAe }, 'storage commitment report not sent: the caller is not a known AE, so there is no port to reach it on');
    return;
  }
  void reportOverNewAssociation(peer, result, config, log).catch((error: unknown) => log.error({ err: error }, 'storage commitment report failed'));
}

/**
 * The response, unless the requester asks to release first: then it cannot
 * answer (PS3.8 Sta7), and waiting for it would hold the release up until the
 * timeout. The abandoned request's later rejection is swallowed.
 */
function unlessClosing(response: Promise<DimseResponse>, closing: Promise<void>): Promise<DimseResponse> {
  response.catch(() => undefined);
  const released = closing.then((): never => {
    throw new AssociationClosedError('the requester asked to release before answering the report');
  });
  return Promise.race([response, released]);
}

/**
 * Opens an association to `peer` proposing Storage Commitment with the archive
 * in the SCP role (SCU-role 0, SCP-role 1 from the requestor's side, PS3.7
 * D.3.3.4; PS3.4 J.3.3.1.3 has the SCP start it), sends the report, releases.
 * A peer that explicitly declines that role is not sent the report; one that
 * answers no role item at all is (many Storage Commitment SCUs do not negotiate
 * roles), and logged.
 */
async function reportOverNewAssociation(peer: KnownAe, result: CommitmentResult, config: DimseConfig, logger: Logger): Promise<void> {
  const log = logger.child({ reportTo: peer.aeTitle });
  const opened = await ScuAssociation.open({
    host: peer.host,
    port: peer.port,
    callingAeTitle: config.aeTitle,
    calledAeTitle: peer.aeTitle,
    contexts: [{ abstractSyntax: COMMITMENT, transferSyntaxes: [...COMMAND_DATASET_SYNTAXES] }],
    roleSelections: [{ sopClassUid: COMMITMENT, scuRole: false, scpRole: true }],
    maxPduBytes: config.maxPduBytes,
    timeoutMs: config.timeoutMs,
    logger: log,
  });
  if (!opened.ok) {
    log.warn({ reason: opened.error.message }, 'storage commitment report not sent: no association to the caller');
    return;
  }
  const scu = opened.value;
  try {
    const role = scu.roleAnswer(COMMITMENT);
    const context = scu.findContext(COMMITMENT, COMMAND_DATASET_SYNTAXES);
    if (role?.scpRole === false || !context) {
      log.warn({ roleAnswered: role !== undefined }, 'storage commitment report not sent: the caller declined the archive as Storage Commitment SCP');
      return;
    }
    if (!role) log.info('the caller answered no role selection for Storage Commitment; sending the report in the default roles');
    await sendReport((id, command, dataset) => scu.request(id, command, dataset), context, result, config.aeTitle, log);
  } catch (error) {
    if (!(error instanceof AssociationClosedError)) throw error;
    log.warn({ why: error.message }, 'storage commitment report not answered: the association closed');
  } finally {
    await scu.release();
  }
}

async function sendReport(request: Requester, context: NegotiatedContext, result: CommitmentResult, aeTitle: string, log: Logger): Promise<void> {
  const dataset = encodeDataset(commitmentReportDataset(result, aeTitle), context.transferSyntax);
  const response = await request(
    context.id,
    {
      commandField: CommandField.N_EVENT_REPORT_RQ,
      affectedSopClassUid: COMMITMENT,
      affectedSopInstanceUid: SopClass.StorageCommitmentPushModelInstance,
      eventTypeId: result.eventTypeId,
      hasDataset: true,
    },
    dataset,
  );
  const { commandField, status } = response.command;
  const answered = commandField === CommandField.N_EVENT_REPORT_RSP && status === 0;
  const counts = { eventTypeId: result.eventTypeId, committed: result.committed.length, failed: result.failed.length, commandField, status };
  if (answered) log.info(counts, 'storage commitment reported');
  else log.warn(counts, 'storage commitment report refused by the caller');
}
