import { randomUUID } from 'node:crypto';
import {
  HandshakeSchema,
  REALTIME_PROTOCOL_VERSION,
  err,
  ok,
  type ConnectRefusal,
  type Handshake,
  type ParticipantRole,
  type Result,
} from '@consilium/shared';
import type { SessionRecord, SessionRepository } from '../sessions/SessionRepository.js';

export interface Admission {
  session: SessionRecord;
  handshake: Handshake;
  role: ParticipantRole;
  participantId: string;
}

const refuse = (code: ConnectRefusal['code'], reason: string) =>
  err<ConnectRefusal>({ code, reason, serverProtocolVersion: REALTIME_PROTOCOL_VERSION });

/**
 * Checks a connection's auth payload: protocol version first (so an old client
 * is told to update rather than shown a schema error), then shape, then the
 * session and its token.
 */
export async function acceptHandshake(auth: unknown, sessions: SessionRepository): Promise<Result<Admission, ConnectRefusal>> {
  const version = typeof auth === 'object' && auth !== null ? (auth as Record<string, unknown>).protocolVersion : undefined;
  if (version !== REALTIME_PROTOCOL_VERSION) {
    return refuse(
      'ProtocolVersionMismatch',
      `client speaks protocol ${version === undefined ? '(none)' : String(version)}, this server speaks ${REALTIME_PROTOCOL_VERSION}: reload the page`,
    );
  }
  const parsed = HandshakeSchema.safeParse(auth);
  if (!parsed.success) {
    return refuse('MalformedMessage', `handshake: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  const handshake = parsed.data;
  const verdict = await sessions.authorise(handshake.sessionId, handshake.token, handshake.role);
  if (verdict === 'not-found') return refuse('NotFound', 'no such session');
  if (verdict === 'unauthorised') return refuse('Unauthorized', 'the token does not open this session');
  return ok({ session: verdict.session, handshake, role: verdict.role, participantId: handshake.participantId ?? randomUUID() });
}
