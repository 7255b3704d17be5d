import { randomUUID } from 'node:crypto';

/**
 * A new UID under the `2.25` root: the decimal form of a random UUID
 * (PS3.5 B.2), unique without a registered organisation root.
 */
export function uuidDerivedUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString(10)}`;
}
