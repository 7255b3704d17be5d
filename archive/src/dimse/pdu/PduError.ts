import type { PduItem } from './PduCursor.js';

/**
 * A-ABORT reason/diagnostic values for a service-provider initiated abort
 * (PS3.8 Table 9-26, source 2).
 */
export const AbortReason = {
  NotSpecified: 0,
  UnrecognizedPdu: 1,
  UnexpectedPdu: 2,
  UnrecognizedPduParameter: 4,
  UnexpectedPduParameter: 5,
  InvalidPduParameterValue: 6,
} as const;

/**
 * Malformed or unacceptable input from the peer. The association layer answers it
 * with an A-ABORT (source 2, service-provider) carrying `abortReason`, then closes
 * the connection (PS3.8 9.2, action AA-8). It is the only error the PDU reader and
 * decoder throw.
 */
export class PduError extends Error {
  constructor(
    message: string,
    readonly abortReason: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'PduError';
  }
}

/** A known item in a PDU or item where it does not belong. */
export function unexpectedItem(where: string, item: PduItem): PduError {
  return new PduError(`item type 0x${item.type.toString(16)} at offset ${item.offset} does not belong in ${where}`, AbortReason.UnexpectedPduParameter);
}

/** A second instance of an item that PS3.8 allows once. */
export function repeatedItem(where: string, item: PduItem): PduError {
  return new PduError(`item type 0x${item.type.toString(16)} at offset ${item.offset} occurs more than once in ${where}`, AbortReason.UnexpectedPduParameter);
}
