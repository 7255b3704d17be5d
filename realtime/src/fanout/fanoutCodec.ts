import type { FanoutEvent } from './Fanout.js';

/**
 * Fan-out events as JSON on the wire; byte arrays travel as base64 under a
 * marker key so they come back as Uint8Array.
 */
const BYTES = '$bytes';

export function encodeFanoutEvent(event: FanoutEvent): Uint8Array {
  // The holder's raw value: a Buffer's toJSON has already run by the time `value` arrives.
  const text = JSON.stringify(event, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    return raw instanceof Uint8Array ? { [BYTES]: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64') } : value;
  });
  return new TextEncoder().encode(text);
}

/** The event, or undefined for bytes that are not one. */
export function decodeFanoutEvent(data: Uint8Array): FanoutEvent | undefined {
  try {
    const event: unknown = JSON.parse(new TextDecoder().decode(data), (_key, value: unknown) =>
      typeof value === 'object' && value !== null && BYTES in value
        ? new Uint8Array(Buffer.from(String((value as Record<string, unknown>)[BYTES]), 'base64'))
        : value,
    );
    if (typeof event !== 'object' || event === null || !('kind' in event) || !('nodeId' in event)) return undefined;
    return event as FanoutEvent;
  } catch {
    return undefined;
  }
}
