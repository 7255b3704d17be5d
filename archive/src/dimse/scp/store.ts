import { ErrorCode } from '@consilium/shared';
import { type IngestContext, type IngestOutcome, ingestInstance, ingestStreamedInstance } from '../../ingest/ingestInstance.js';
import { StreamedInstance } from '../../ingest/StreamedInstance.js';
import type { BlobStore } from '../../store/BlobStore.js';
import type { DatasetSinkFactory } from '../MessageAssembler.js';
import { type Command, CommandField } from '../message/commandSet.js';
import { part10Header } from '../message/part10.js';
import { type AcceptedContext, IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '../negotiateAssociation.js';
import type { AssociationHandle, ServiceHandler } from '../ScpAssociation.js';

/** PS3.4 Table B.2-1: "Cannot understand". */
const CANNOT_UNDERSTAND = 0xc000;

/**
 * Where a C-STORE-RQ's data set goes as its fragments arrive: behind the file
 * meta header naming the negotiated transfer syntax, straight into the blob
 * store's temp file (see StreamedInstance), so a large instance is never held
 * whole in memory. Other commands' data sets stay in memory.
 */
export function storeDatasetSinks(blobs: BlobStore, association: Pick<AssociationHandle, 'info'>): DatasetSinkFactory<AcceptedContext> {
  return (context, command) => {
    if (command.commandField !== CommandField.C_STORE_RQ || !command.affectedSopClassUid || !command.affectedSopInstanceUid) return undefined;
    const streamed = new StreamedInstance(blobs.createWriter());
    streamed.write(fileMetaHeader(context, command, association.info.callingAeTitle));
    return streamed;
  };
}

/**
 * Storage SCP (PS3.4 Annex B): the received data set, with a file meta header
 * naming its negotiated transfer syntax, goes through the one ingest path
 * unchanged, streamed to disk when storeDatasetSinks took it, else from memory;
 * the response carries the status ingest's outcome maps to. `onOutcome` hears
 * every outcome (the audit's per-association tally).
 */
export function storeHandler(ingest: IngestContext, onOutcome?: (association: AssociationHandle, outcome: IngestOutcome) => void): ServiceHandler {
  return async ({ context, command, dataset, sink }, association) => {
    const streamed = sink instanceof StreamedInstance ? sink : undefined;
    try {
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
      if ((!dataset && !streamed) || !command.affectedSopClassUid || !command.affectedSopInstanceUid) {
        return await respond(CANNOT_UNDERSTAND, 'C-STORE without data set or affected SOP');
      }
      const outcome: IngestOutcome = streamed
        ? await ingestStreamedInstance(ingest, streamed, { source: 'dimse' })
        : await ingestInstance(ingest, Buffer.concat([fileMetaHeader(context, command, association.info.callingAeTitle), dataset!]), { source: 'dimse' });
      onOutcome?.(association, outcome);
      switch (outcome.status) {
        case 'stored':
        case 'replaced':
        case 'duplicate':
          return await respond(0x0000);
        case 'conflict':
        case 'rejected':
          association.logger.info({ sopInstanceUID: command.affectedSopInstanceUid, code: outcome.error.code }, 'C-STORE refused');
          return await respond(ErrorCode[outcome.error.code].dimse, outcome.error.message);
        default: {
          const never: never = outcome;
          throw new Error(`unhandled outcome ${JSON.stringify(never)}`);
        }
      }
    } finally {
      // Ingest committed or discarded it; if it never got that far, nothing of it stays.
      streamed?.abort();
    }
  };
}

function fileMetaHeader(context: AcceptedContext, command: Command, callingAeTitle: string): Buffer {
  return part10Header({
    sopClassUid: command.affectedSopClassUid ?? '',
    sopInstanceUid: command.affectedSopInstanceUid ?? '',
    transferSyntaxUid: context.transferSyntax,
    implementationClassUid: IMPLEMENTATION_CLASS_UID,
    implementationVersionName: IMPLEMENTATION_VERSION_NAME,
    sourceAeTitle: callingAeTitle,
  });
}
