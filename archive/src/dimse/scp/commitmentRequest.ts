import type { DicomJsonDict, DicomJsonElement } from 'dcmjs';
import { type Result, SopClass, Tag, err, ok } from '@consilium/shared';
import type { Command } from '../message/commandSet.js';
import { decodeDataset } from '../message/dataset.js';
import { DimseMessageError } from '../message/DimseMessageError.js';
import { CommitmentStatus, REQUEST_STORAGE_COMMITMENT } from './commitmentStatus.js';

/** One instance the requester asks the archive to commit to: the class it names and the instance. */
export interface CommitmentReference {
  sopClassUid: string;
  sopInstanceUid: string;
}

/** A Storage Commitment request as the N-ACTION-RQ carried it (PS3.4 Table J.3-1). */
export interface CommitmentRequest {
  transactionUid: string;
  references: CommitmentReference[];
}

/** Why an N-ACTION-RQ is refused: its N-ACTION-RSP status and a comment for the requester. */
export interface CommitmentRefusal {
  status: number;
  errorComment: string;
}

/** PS3.5 9.1: digits and dots, no leading zero in a component, at most 64 characters. */
const UID_PATTERN = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;
const UID_MAX_CHARACTERS = 64;

/**
 * Reads and checks a Storage Commitment N-ACTION-RQ (PS3.4 J.3.2.1): the
 * Requested SOP Class and the well-known SOP Instance 1.2.840.10008.1.20.1.1,
 * Action Type 1, and Action Information holding a Transaction UID and a
 * non-empty Referenced SOP Sequence whose items name a SOP class and instance,
 * all valid UIDs. Anything else is a refusal with the DIMSE-N status PS3.7
 * 10.1.4.1.10 gives for it; an undecodable data set is a processing failure.
 * Throws only for bugs.
 */
export function parseCommitmentRequest(command: Command, dataset: Buffer | undefined, transferSyntax: string): Result<CommitmentRequest, CommitmentRefusal> {
  const refuse = (status: number, errorComment: string) => err({ status, errorComment });
  if (command.requestedSopClassUid !== SopClass.StorageCommitmentPushModel) {
    return refuse(CommitmentStatus.NoSuchSopClass, 'Requested SOP Class is not Storage Commitment Push Model');
  }
  if (command.requestedSopInstanceUid !== SopClass.StorageCommitmentPushModelInstance) {
    return refuse(CommitmentStatus.NoSuchSopInstance, 'Requested SOP Instance is not 1.2.840.10008.1.20.1.1');
  }
  if (command.actionTypeId !== REQUEST_STORAGE_COMMITMENT) {
    return refuse(CommitmentStatus.NoSuchActionType, `Action Type ID ${command.actionTypeId ?? 'missing'}; only 1 is defined`);
  }
  if (!dataset) return refuse(CommitmentStatus.InvalidArgumentValue, 'N-ACTION without Action Information');
  let info: DicomJsonDict;
  try {
    info = decodeDataset(dataset, transferSyntax);
  } catch (error) {
    if (!(error instanceof DimseMessageError)) throw error;
    return refuse(CommitmentStatus.ProcessingFailure, error.message);
  }
  const transactionUid = uidOf(info[Tag.TransactionUID]);
  if (!transactionUid) return refuse(CommitmentStatus.InvalidArgumentValue, 'Transaction UID (0008,1195) missing or not a UID');
  const items = info[Tag.ReferencedSOPSequence]?.Value ?? [];
  if (items.length === 0) return refuse(CommitmentStatus.InvalidArgumentValue, 'Referenced SOP Sequence (0008,1199) missing or empty');
  const references: CommitmentReference[] = [];
  for (const [i, item] of items.entries()) {
    const reference = referenceOf(item);
    if (!reference) return refuse(CommitmentStatus.InvalidArgumentValue, `Referenced SOP Sequence item ${i + 1} lacks a valid class or instance UID`);
    references.push(reference);
  }
  return ok({ transactionUid, references });
}

function referenceOf(item: unknown): CommitmentReference | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const dict = item as DicomJsonDict;
  const sopClassUid = uidOf(dict[Tag.ReferencedSOPClassUID]);
  const sopInstanceUid = uidOf(dict[Tag.ReferencedSOPInstanceUID]);
  return sopClassUid && sopInstanceUid ? { sopClassUid, sopInstanceUid } : undefined;
}

/** The single UID value of an element, when it has exactly one valid one. */
function uidOf(element: DicomJsonElement | undefined): string | undefined {
  const values = element?.Value ?? [];
  const value = values[0];
  if (values.length !== 1 || typeof value !== 'string') return undefined;
  return value.length <= UID_MAX_CHARACTERS && UID_PATTERN.test(value) ? value : undefined;
}
