import { ErrorCode } from '@consilium/shared';
import { type IngestContext, ingestInstance } from '../../ingest/ingestInstance.js';
import { CommandField } from '../message/commandSet.js';
import { part10Header } from '../message/part10.js';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '../negotiateAssociation.js';
import type { ServiceHandler } from '../ScpAssociation.js';

/** PS3.4 Table B.2-1: "Cannot understand". */
const CANNOT_UNDERSTAND = 0xc000;

/**
 * Storage SCP (PS3.4 Annex B): the received data set, with a file meta header
 * naming its negotiated transfer syntax, goes through the one ingest path
 * unchanged; the response carries the status ingest's outcome maps to.
 */
export function storeHandler(ingest: IngestContext): ServiceHandler {
  return async ({ context, command, dataset }, association) => {
    const respond = (status: number, errorComment?: string) =>
      association.send(context.id, {
        commandField: CommandField.C_STORE_RSP,
        messageIdBeingRespondedTo: command.messageId,
        affectedSopClassUid: command.affectedSopClassUid,
        affectedSopInstanceUid: command.affectedSopInstanceUid,
        hasDataset: false,
        status,
        ...(errorComment ? { errorComment: errorComment.slice(0, 64) } : {}),
      });
    if (!dataset || !command.affectedSopClassUid || !command.affectedSopInstanceUid) {
      return respond(CANNOT_UNDERSTAND, 'C-STORE without data set or affected SOP');
    }
    const header = part10Header({
      sopClassUid: command.affectedSopClassUid,
      sopInstanceUid: command.affectedSopInstanceUid,
      transferSyntaxUid: context.transferSyntax,
      implementationClassUid: IMPLEMENTATION_CLASS_UID,
      implementationVersionName: IMPLEMENTATION_VERSION_NAME,
      sourceAeTitle: association.info.callingAeTitle,
    });
    const outcome = await ingestInstance(ingest, Buffer.concat([header, dataset]), { source: 'dimse' });
    switch (outcome.status) {
      case 'stored':
      case 'replaced':
      case 'duplicate':
        return respond(0x0000);
      case 'conflict':
      case 'rejected':
        association.logger.info({ sopInstanceUID: command.affectedSopInstanceUid, code: outcome.error.code }, 'C-STORE refused');
        return respond(ErrorCode[outcome.error.code].dimse, outcome.error.message);
      default: {
        const never: never = outcome;
        throw new Error(`unhandled outcome ${JSON.stringify(never)}`);
      }
    }
  };
}
