import { describe, expect, it } from 'vitest';
import { decodeFanoutEvent, encodeFanoutEvent } from './fanoutCodec.js';

describe('fan-out codec', () => {
  it('round-trips events with byte arrays', () => {
    const update = new Uint8Array([1, 2, 3, 250]);
    const decoded = decodeFanoutEvent(encodeFanoutEvent({ kind: 'yjs.update', nodeId: 'n1', update }));
    expect(decoded).toEqual({ kind: 'yjs.update', nodeId: 'n1', update });
    expect(decoded?.kind === 'yjs.update' && decoded.update).toBeInstanceOf(Uint8Array);
  });

  it('round-trips Buffers (what socket.io hands the server) as Uint8Array', () => {
    const frame = Buffer.from([9, 8, 7]);
    const decoded = decodeFanoutEvent(encodeFanoutEvent({ kind: 'awareness.update', nodeId: 'n1', frame }));
    expect(decoded?.kind === 'awareness.update' && [...decoded.frame]).toEqual([9, 8, 7]);
  });

  it('drops what is not an event', () => {
    expect(decodeFanoutEvent(new TextEncoder().encode('{"x":1}'))).toBeUndefined();
    expect(decodeFanoutEvent(new Uint8Array([0xff, 0x00]))).toBeUndefined();
  });
});
