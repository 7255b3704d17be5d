import type { AuditRecord, ParticipantRole, Principal } from '@consilium/shared';
import type { Logger } from '../logger.js';
import type { SessionRecord } from '../sessions/SessionRepository.js';

export interface SessionJoin {
  session: SessionRecord;
  user: Principal;
  role: ParticipantRole;
  /** The user's service token from the handshake: the archive takes a user's own session joins with it. */
  serviceToken: string;
  address: string | undefined;
}

/** The audit record of a join: who opened which session's studies, in which session role (PS3.15 A.5.3.7-like access). */
export function sessionJoinRecord(join: SessionJoin, at = new Date()): AuditRecord {
  return {
    event: 'InstancesAccessed',
    action: 'R',
    outcome: 0,
    operation: 'session-join',
    source: 'realtime',
    actor: {
      userId: join.user.userId,
      ...(join.user.name ? { userName: join.user.name.slice(0, 256) } : {}),
      roles: [join.user.role, `session:${join.role}`],
      ...(join.address ? { networkAddress: join.address.replace(/^::ffff:/, '').slice(0, 64) } : {}),
    },
    patientIds: [],
    studyInstanceUIDs: join.session.studyInstanceUIDs.slice(0, 1000),
    resource: `session/${join.session.sessionId}`,
    at: at.toISOString(),
  };
}

/**
 * Sends a session join to the archive's audit trail, in the background (a
 * join never waits for it); a failure is logged without the record.
 */
export function reportSessionJoin(archiveUrl: string, join: SessionJoin, log: Logger): void {
  void fetch(`${archiveUrl}/api/audit/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${join.serviceToken}` },
    body: JSON.stringify({ records: [sessionJoinRecord(join)] }),
    signal: AbortSignal.timeout(10_000),
  }).then(
    (response) => {
      if (response.status !== 202) log.warn({ status: response.status, sessionId: join.session.sessionId }, 'the archive refused a session-join audit record');
    },
    () => log.warn({ sessionId: join.session.sessionId }, 'the archive could not be reached with a session-join audit record'),
  );
}
