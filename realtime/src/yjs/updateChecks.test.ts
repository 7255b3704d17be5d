import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isEmptyUpdate, isWellFormedUpdate } from './updateChecks.js';

describe('update checks', () => {
  it('accepts a real update and refuses garbage', () => {
    const doc = new Y.Doc();
    doc.getMap('annotations').set('a', 1);
    expect(isWellFormedUpdate(Y.encodeStateAsUpdate(doc))).toBe(true);
    expect(isWellFormedUpdate(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2]))).toBe(false);
    expect(isWellFormedUpdate(new TextEncoder().encode('{"not":"yjs"}'))).toBe(false);
  });

  it('knows the empty update of a peer in sync', () => {
    const doc = new Y.Doc();
    expect(isEmptyUpdate(Y.encodeStateAsUpdate(doc))).toBe(true);
    doc.getText('notes').insert(0, 'x');
    expect(isEmptyUpdate(Y.encodeStateAsUpdate(doc))).toBe(false);
  });
});
