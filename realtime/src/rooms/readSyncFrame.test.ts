import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readSyncFrame } from './readSyncFrame.js';

describe('readSyncFrame', () => {
  it('reads step 1, step 2 and update frames without applying them', () => {
    const doc = new Y.Doc();
    doc.getMap('annotations').set('u1', 'x');
    const e1 = encoding.createEncoder();
    syncProtocol.writeSyncStep1(e1, doc);
    expect(readSyncFrame(encoding.toUint8Array(e1))).toEqual({ kind: 'step1', stateVector: Y.encodeStateVector(doc) });
    const e2 = encoding.createEncoder();
    syncProtocol.writeSyncStep2(e2, doc);
    expect(readSyncFrame(encoding.toUint8Array(e2))).toEqual({ kind: 'update', update: Y.encodeStateAsUpdate(doc) });
  });

  it('refuses unknown types, truncation and trailing bytes', () => {
    expect(readSyncFrame(new Uint8Array([7, 1, 0])).kind).toBe('malformed');
    expect(readSyncFrame(new Uint8Array([0, 9, 1])).kind).toBe('malformed');
    expect(readSyncFrame(new Uint8Array([0, 1, 0, 5])).kind).toBe('malformed');
  });
});
