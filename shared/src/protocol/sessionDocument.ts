/**
 * Layout of a session's Yjs document, agreed by every client and the server's
 * tests. Annotations: a Y.Map keyed by Cornerstone3D annotation UID, each value
 * a Y.Map of that annotation's fields (so concurrent edits of different fields
 * merge). Notes: one Y.Text of shared free text. Reports: a Y.Array of
 * {@link SharedReport}, one per measurement report a participant saved to the
 * archive, so every viewer lists it without asking the archive again.
 */
export const SessionDocKey = {
  Annotations: 'annotations',
  Notes: 'notes',
  Reports: 'reports',
} as const;

/** A DICOM SR the session saved, as the Reports array of the session document holds it. */
export interface SharedReport {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
  seriesNumber: number;
  description: string;
  /** Who saved it (the participant's display name). */
  author: string;
  /** When, as an ISO 8601 instant. */
  savedAt: string;
  /** Measurements in it. */
  count: number;
}
