/**
 * DIMSE-N statuses a Storage Commitment SCP answers an N-ACTION-RQ with
 * (PS3.7 10.1.4.1.10, meanings in PS3.7 Annex C.4 and C.5), and the Failure
 * Reason values of a Failed SOP Sequence item (PS3.4 J.3.3.1.1.2, codes from
 * PS3.7 C.4).
 */
export const CommitmentStatus = {
  Success: 0x0000,
  /** The Action Information could not be read, or the look-up failed. */
  ProcessingFailure: 0x0110,
  /** The Requested SOP Instance is not the well-known Storage Commitment instance. */
  NoSuchSopInstance: 0x0112,
  /** Transaction UID or Referenced SOP Sequence missing, empty or not a valid value. */
  InvalidArgumentValue: 0x0115,
  /** The Requested SOP Class is not Storage Commitment Push Model. */
  NoSuchSopClass: 0x0118,
  /** The Action Type ID is not 1, "Request Storage Commitment" (PS3.4 J.3.2). */
  NoSuchActionType: 0x0123,
} as const;

/** Why an instance was not committed (PS3.4 J.3.3.1.1.2). */
export const CommitmentFailureReason = {
  /** The archive could not look the instance up. */
  ProcessingFailure: 0x0110,
  /** The archive holds no instance with this SOP Instance UID. */
  NoSuchObjectInstance: 0x0112,
  /** The instance is held, but under another SOP class than the one named. */
  ClassInstanceConflict: 0x0119,
} as const;

/** Action Type ID of N-ACTION "Request Storage Commitment" (PS3.4 Table J.3-1). */
export const REQUEST_STORAGE_COMMITMENT = 1;

/** Event Type IDs of the N-EVENT-REPORT (PS3.4 Table J.3-2). */
export const CommitmentEventType = {
  /** Storage Commitment Request Successful: every instance committed. */
  AllCommitted: 1,
  /** Storage Commitment Request Complete - Failures Exist. */
  FailuresExist: 2,
} as const;
