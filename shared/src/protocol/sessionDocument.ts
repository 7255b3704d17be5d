/**
 * Layout of a session's Yjs document, agreed by every client and the server's
 * tests. Annotations: a Y.Map keyed by Cornerstone3D annotation UID, each value
 * a Y.Map of that annotation's fields (so concurrent edits of different fields
 * merge). Notes: one Y.Text of shared free text.
 */
export const SessionDocKey = {
  Annotations: 'annotations',
  Notes: 'notes',
} as const;
