import { describe, expect, it } from 'vitest';
import { MAX_BINARY_FRAME_BYTES } from '@consilium/shared';
import { receiveMessage } from './receiveMessage.js';

const code = (r: ReturnType<typeof receiveMessage>) => (r.ok ? 'ok' : r.error.code);

describe('receiveMessage', () => {
  it('accepts a valid message', () => {
    const r = receiveMessage('pointer.move', [{ point: [1, 2, 3] }]);
    expect(r.ok && r.value).toEqual({ type: 'pointer.move', payload: { point: [1, 2, 3] } });
  });

  it('refuses unknown types, bad shapes, extra keys and oversize', () => {
    expect(code(receiveMessage('admin.shutdown', [{}]))).toBe('UnknownMessage');
    expect(code(receiveMessage('toString', [{}]))).toBe('UnknownMessage');
    expect(code(receiveMessage('pointer.move', [{ point: [1, 2] }]))).toBe('MalformedMessage');
    expect(code(receiveMessage('pointer.move', [{ point: [1, 2, Number.NaN] }]))).toBe('MalformedMessage');
    expect(code(receiveMessage('control.request', [{ sneaky: true }]))).toBe('MalformedMessage');
    expect(code(receiveMessage('control.request', []))).toBe('MalformedMessage');
    expect(code(receiveMessage('yjs.update', ['not bytes']))).toBe('MalformedMessage');
    expect(code(receiveMessage('yjs.update', [new Uint8Array(MAX_BINARY_FRAME_BYTES + 1)]))).toBe('PayloadTooLarge');
    expect(code(receiveMessage('presence.update', [{ lookingAt: { viewportId: 'x'.repeat(20_000) } }]))).toBe('PayloadTooLarge');
  });
});
