import * as Y from 'yjs';

/**
 * Whether bytes parse as a Yjs update (v1 encoding). Checked before anything
 * is persisted, so a garbage frame never enters the log it would poison.
 */
export function isWellFormedUpdate(update: Uint8Array): boolean {
  try {
    Y.decodeUpdate(update);
    return true;
  } catch {
    return false;
  }
}

/** An update with no structs and no deletions (what a peer in sync sends as step 2). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.byteLength <= 2 && update.every((b) => b === 0);
}
