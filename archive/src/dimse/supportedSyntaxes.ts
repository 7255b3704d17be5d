import { STORAGE_SOP_CLASS_BY_UID, SopClass, TRANSFER_SYNTAXES, TransferSyntax } from '@consilium/shared';
import type { DimseService } from '../config.js';

/** Which service an abstract syntax (SOP class) belongs to, if the archive offers it. */
export function serviceOf(abstractSyntax: string): DimseService | undefined {
  if (abstractSyntax === SopClass.VerificationSOPClass) return 'echo';
  if (STORAGE_SOP_CLASS_BY_UID.has(abstractSyntax)) return 'store';
  switch (abstractSyntax) {
    case SopClass.StudyRootQueryRetrieveInformationModelFind:
    case SopClass.PatientRootQueryRetrieveInformationModelFind:
      return 'find';
    case SopClass.StudyRootQueryRetrieveInformationModelMove:
    case SopClass.PatientRootQueryRetrieveInformationModelMove:
      return 'move';
    case SopClass.StudyRootQueryRetrieveInformationModelGet:
    case SopClass.PatientRootQueryRetrieveInformationModelGet:
      return 'get';
    case SopClass.ModalityWorklistInformationModelFind:
      return 'worklist';
    case SopClass.StorageCommitmentPushModel:
      return 'commitment';
    default:
      return undefined;
  }
}

/**
 * Data sets of queries, actions and notifications are decoded (and a Storage
 * Commitment report encoded), so only the plain encodings, in order of preference.
 */
export const COMMAND_DATASET_SYNTAXES: readonly string[] = [
  TransferSyntax.ExplicitVRLittleEndian,
  TransferSyntax.ImplicitVRLittleEndian,
  TransferSyntax.ExplicitVRBigEndian,
];

/**
 * The transfer syntax the archive accepts for a presentation context: for
 * storage the first one proposed that it knows (instances are stored as
 * received, PS3.4 B.4.1), otherwise the plain encodings in its own order of
 * preference. Undefined when none fits.
 */
export function chooseTransferSyntax(service: DimseService, proposed: readonly string[]): string | undefined {
  if (service === 'store') return proposed.find((ts) => TRANSFER_SYNTAXES.has(ts));
  return COMMAND_DATASET_SYNTAXES.find((ts) => proposed.includes(ts));
}
