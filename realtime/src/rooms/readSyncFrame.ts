import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';

export type SyncFrame =
  | { kind: 'step1'; stateVector: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'malformed'; reason: string };

/**
 * Reads a y-protocols sync frame (type varuint, then one varUint8Array) without
 * applying it: step 2 and update frames carry an update that is persisted
 * before it is applied.
 */
export function readSyncFrame(frame: Uint8Array): SyncFrame {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    const body = decoding.readVarUint8Array(decoder);
    if (decoding.hasContent(decoder)) return { kind: 'malformed', reason: 'trailing bytes after the sync frame' };
    switch (type) {
      case syncProtocol.messageYjsSyncStep1:
        return { kind: 'step1', stateVector: body };
      case syncProtocol.messageYjsSyncStep2:
      case syncProtocol.messageYjsUpdate:
        return { kind: 'update', update: body };
      default:
        return { kind: 'malformed', reason: `unknown sync message type ${type}` };
    }
  } catch {
    return { kind: 'malformed', reason: 'not a y-protocols sync frame' };
  }
}
