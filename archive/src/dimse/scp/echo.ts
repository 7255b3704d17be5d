import { CommandField } from '../message/commandSet.js';
import type { ServiceHandler } from '../ScpAssociation.js';

/** Verification SCP (PS3.4 Annex A): C-ECHO always succeeds. */
export const handleEcho: ServiceHandler = async ({ context, command }, association) => {
  await association.send(context.id, {
    commandField: CommandField.C_ECHO_RSP,
    messageIdBeingRespondedTo: command.messageId,
    affectedSopClassUid: command.affectedSopClassUid ?? context.abstractSyntax,
    hasDataset: false,
    status: 0x0000,
  });
};
