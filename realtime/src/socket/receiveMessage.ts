import {
  AppError,
  ClientMessageSchemas,
  MAX_BINARY_FRAME_BYTES,
  MAX_JSON_MESSAGE_BYTES,
  err,
  isClientMessageType,
  ok,
  type Result,
} from '@consilium/shared';
import type { IncomingMessage } from '../rooms/IncomingMessage.js';

/**
 * Turns what arrived on a socket into a validated message, or the reason it
 * is refused: unknown type, too large, or not matching its schema.
 */
export function receiveMessage(type: string, args: unknown[]): Result<IncomingMessage> {
  if (!isClientMessageType(type)) return err(new AppError('UnknownMessage', `unknown message type "${type.slice(0, 64)}"`));
  if (args.length !== 1) return err(new AppError('MalformedMessage', `${type} takes exactly one payload`));
  const payload = args[0];
  const size = payload instanceof Uint8Array ? payload.byteLength : (JSON.stringify(payload)?.length ?? 0);
  const limit = payload instanceof Uint8Array ? MAX_BINARY_FRAME_BYTES : MAX_JSON_MESSAGE_BYTES;
  if (size > limit) return err(new AppError('PayloadTooLarge', `${type} of ${size} bytes exceeds ${limit}`));
  const parsed = ClientMessageSchemas[type].safeParse(payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`);
    return err(new AppError('MalformedMessage', `${type}: ${issues.join('; ')}`));
  }
  return ok({ type, payload: parsed.data } as IncomingMessage);
}
