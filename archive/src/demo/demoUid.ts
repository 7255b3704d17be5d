import { createHash } from 'node:crypto';

/**
 * Name-space UUID of the demo UIDs (RFC 9562 §6.6 allows any UUID as a name space;
 * this one is fixed forever so that the demo study keeps its UIDs across releases).
 */
const DEMO_UID_NAMESPACE = Buffer.from('7d3c5a4e6b1f4c0e9a2d8e5f1b3c7a90', 'hex');

/**
 * A deterministic DICOM UID under the `2.25` root: the decimal form of a name-based
 * UUID (version 5, RFC 9562 §5.5) of `parts`, as PS3.5 Annex B.2 prescribes for UIDs
 * derived from a UUID. The result has at most 44 characters (limit: 64, PS3.5 §9.1).
 */
export function demoUid(...parts: readonly string[]): string {
  const digest = createHash('sha1')
    .update(DEMO_UID_NAMESPACE)
    .update(parts.join('\u0000'), 'utf8')
    .digest()
    .subarray(0, 16);
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${digest.toString('hex')}`).toString(10)}`;
}
