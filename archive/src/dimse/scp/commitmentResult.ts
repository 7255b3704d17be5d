import type { DicomJsonDict } from 'dcmjs';
import { Tag } from '@consilium/shared';
import type { CommitmentReference, CommitmentRequest } from './commitmentRequest.js';
import { CommitmentEventType, CommitmentFailureReason } from './commitmentStatus.js';

/** An instance not committed, and why (PS3.4 J.3.3.1.1.2). */
export interface CommitmentFailure extends CommitmentReference {
  failureReason: number;
}

/** The outcome of one Storage Commitment transaction, as its N-EVENT-REPORT will carry it. */
export interface CommitmentResult {
  transactionUid: string;
  eventTypeId: number;
  committed: CommitmentReference[];
  failed: CommitmentFailure[];
}

/**
 * Decides each requested instance against what the archive holds
 * (`storedClasses`: SOP Instance UID to the SOP Class UID it is stored under):
 * committed when held under the class named, else failed with "no such object
 * instance" (0112H) or "class-instance conflict" (0119H). Event Type 1 when all
 * are committed, 2 when any failed (PS3.4 J.3.3.1.1). Requested order is kept.
 */
export function commitmentResult(request: CommitmentRequest, storedClasses: ReadonlyMap<string, string>): CommitmentResult {
  const committed: CommitmentReference[] = [];
  const failed: CommitmentFailure[] = [];
  for (const reference of request.references) {
    const storedClass = storedClasses.get(reference.sopInstanceUid);
    if (storedClass === reference.sopClassUid) committed.push(reference);
    else if (storedClass === undefined) failed.push({ ...reference, failureReason: CommitmentFailureReason.NoSuchObjectInstance });
    else failed.push({ ...reference, failureReason: CommitmentFailureReason.ClassInstanceConflict });
  }
  const eventTypeId = failed.length === 0 ? CommitmentEventType.AllCommitted : CommitmentEventType.FailuresExist;
  return { transactionUid: request.transactionUid, eventTypeId, committed, failed };
}

/**
 * The Event Information of the N-EVENT-REPORT (PS3.4 Table J.3-2): the
 * Transaction UID, the archive's AE title as Retrieve AE Title (where the
 * committed instances can be retrieved), the Referenced SOP Sequence of the
 * committed instances when there are any, and for Event Type 2 the Failed SOP
 * Sequence with a Failure Reason per item. Keys in ascending tag order.
 */
export function commitmentReportDataset(result: CommitmentResult, retrieveAeTitle: string): DicomJsonDict {
  const reference = (r: CommitmentReference): DicomJsonDict => ({
    [Tag.ReferencedSOPClassUID]: { vr: 'UI', Value: [r.sopClassUid] },
    [Tag.ReferencedSOPInstanceUID]: { vr: 'UI', Value: [r.sopInstanceUid] },
  });
  return {
    [Tag.RetrieveAETitle]: { vr: 'AE', Value: [retrieveAeTitle] },
    [Tag.TransactionUID]: { vr: 'UI', Value: [result.transactionUid] },
    ...(result.failed.length > 0
      ? { [Tag.FailedSOPSequence]: { vr: 'SQ', Value: result.failed.map((f) => ({ ...reference(f), [Tag.FailureReason]: { vr: 'US', Value: [f.failureReason] } })) } }
      : {}),
    ...(result.committed.length > 0 ? { [Tag.ReferencedSOPSequence]: { vr: 'SQ', Value: result.committed.map(reference) } } : {}),
  };
}
