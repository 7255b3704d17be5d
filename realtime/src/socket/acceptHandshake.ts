import { randomUUID } from 'node:crypto';
import {
  HandshakeSchema,
  REALTIME_PROTOCOL_VERSION,
  err,
  ok,
  type ConnectRefusal,
  type Handshake,
  type ParticipantRole,
  type Principal,
  type Result,
  type ServiceTokenVerifier,
} from '@consilium/shared';
import type { StudyAccessCheck } from '../sessions/archiveStudyAccess.js';
import type { SessionRecord, SessionRepository } from '../sessions/SessionRepository.js';

export interface Admission {
  session: SessionRecord;
  handshake: Handshake;
  role: ParticipantRole;
  participantId: string;
  /** The signed-in user behind the participant (undefined when service tokens are off). */
  user: Principal | undefined;
}

const refuse = (code: ConnectRefusal['code'], reason: string) =>
  err<ConnectRefusal>({ code, reason, serverProtocolVersion: REALTIME_PROTOCOL_VERSION });

/**
 * Checks a connection's auth payload: protocol version first (so an old client
 * is told to update rather than shown a schema error), then shape, then the
 * user's service token (when a verifier is given), then the session and its
 * token: joining takes both a signed-in user and the session's link. A guest
 * (share link) joins a session of their link's study only, as a viewer; a
 * physician one whose studies the archive shows them (`studyAccess`).
 */
export async function acceptHandshake(
  auth: unknown,
  sessions: SessionRepository,
  verifier?: ServiceTokenVerifier,
  studyAccess?: StudyAccessCheck,
): Promise<Result<Admission, ConnectRefusal>> {
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
  let user: Principal | undefined;
  if (verifier) {
    const verified = await verifier.verify(handshake.serviceToken === undefined ? undefined : `Bearer ${handshake.serviceToken}`);
    if (!verified.ok) return refuse(verified.error.code === 'Unauthorized' ? 'Unauthorized' : 'ProcessingFailure', verified.error.message);
    user = verified.value;
    // A machine client's token joins sessions only if its API key has that scope.
    if (user.scopes && !user.scopes.includes('session')) return refuse('Forbidden', 'this API key lacks the "session" scope');
  }
  const verdict = await sessions.authorise(handshake.sessionId, handshake.token, handshake.role, user?.role === 'guest' ? undefined : user?.userId);
  if (verdict === 'not-found') return refuse('NotFound', 'no such session');
  if (verdict === 'unauthorised') return refuse('Unauthorized', 'the token does not open this session');
  let role = verdict.role;
  if (user?.role === 'guest') {
    // A share-link guest watches: only a session of the link's study, and only as a viewer.
    const granted = new Set(user.studies ?? []);
    if (!verdict.session.studyInstanceUIDs.every((uid) => granted.has(uid))) return refuse('Forbidden', 'your share link does not open this session');
    role = 'viewer';
  }
  if (user?.role === 'physician' && studyAccess && handshake.serviceToken) {
    // A physician sees only studies granted or referred to them: the archive says which.
    const allowed = await studyAccess(handshake.serviceToken, verdict.session.studyInstanceUIDs);
    if (allowed === undefined) return refuse('ProcessingFailure', 'the archive could not confirm your access to this session’s studies; try again');
    if (!allowed) return refuse('Forbidden', 'this session’s studies are not shared with you');
  }
  return ok({ session: verdict.session, handshake, role, participantId: handshake.participantId ?? randomUUID(), user });
}
