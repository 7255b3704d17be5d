import type { Ack, AppError, ServiceTokenVerifier } from '@consilium/shared';
import type { Logger } from '../logger.js';
import type { RealtimeIo, RealtimeSocket } from '../rooms/RealtimeIo.js';
import type { RoomRegistry } from '../rooms/RoomRegistry.js';
import type { SessionRepository } from '../sessions/SessionRepository.js';
import { reportSessionJoin } from '../audit/reportSessionJoin.js';
import { archiveStudyAccess } from '../sessions/archiveStudyAccess.js';
import { acceptHandshake } from './acceptHandshake.js';
import { receiveMessage } from './receiveMessage.js';

/** The one place an AppError becomes a socket answer. */
export function toAck(error: AppError): Ack {
  return { ok: false, code: error.code, reason: error.message };
}

/**
 * Wires socket.io to the rooms. The handshake runs as middleware and opens the
 * room before the connection is accepted, so the connection handler registers
 * its listeners synchronously and no early message is lost.
 */
export function attachSocketServer(
  io: RealtimeIo,
  deps: { registry: RoomRegistry; sessions: SessionRepository; log: Logger; verifier: ServiceTokenVerifier | undefined; archiveUrl: string },
): void {
  const studyAccess = archiveStudyAccess(deps.archiveUrl);
  io.use((socket, next) => {
    acceptHandshake(socket.handshake.auth, deps.sessions, deps.verifier, studyAccess)
      .then(async (result) => {
        if (!result.ok) {
          deps.log.info({ code: result.error.code, reason: result.error.reason }, 'connection refused');
          next(Object.assign(new Error(result.error.reason), { data: result.error }));
          return;
        }
        const { session, handshake, role, participantId, user } = result.value;
        socket.data = { room: await deps.registry.open(session), handshake, role, participantId };
        // Every join by a signed-in user (or share-link guest) goes to the audit trail; without service tokens there is nobody to name.
        if (user && handshake.serviceToken) {
          reportSessionJoin(deps.archiveUrl, { session, user, role, serviceToken: handshake.serviceToken, address: socket.handshake.address }, deps.log);
        }
        next();
      })
      .catch((error: unknown) => {
        deps.log.error({ err: error }, 'handshake failed');
        next(Object.assign(new Error('the server could not open the session'), { data: { code: 'ProcessingFailure', reason: 'the server could not open the session' } }));
      });
  });

  io.on('connection', (socket: RealtimeSocket) => {
    const { room, handshake, role, participantId } = socket.data;
    room.admit(socket, handshake, role, participantId);
    socket.onAny((type: string, ...args: unknown[]) => {
      const ack = typeof args.at(-1) === 'function' ? (args.pop() as (a: Ack) => void) : undefined;
      void dispatch(socket, type, args, ack, deps.log);
    });
    socket.on('disconnect', () => room.disconnected(participantId, socket.id));
  });
}

async function dispatch(socket: RealtimeSocket, type: string, args: unknown[], ack: ((a: Ack) => void) | undefined, log: Logger): Promise<void> {
  const { room, participantId } = socket.data;
  let answer: Ack;
  try {
    const message = receiveMessage(type, args);
    const result = message.ok ? await room.handle(participantId, socket.id, message.value) : message;
    answer = result.ok ? { ok: true } : toAck(result.error);
  } catch (error) {
    log.error({ err: error, type, sessionId: room.sessionId }, 'message handler failed');
    answer = { ok: false, code: 'ProcessingFailure', reason: 'the server failed to handle the message' };
  }
  if (ack) ack(answer);
  else if (!answer.ok) socket.emit('message.refused', { type: type.slice(0, 64), code: answer.code, reason: answer.reason });
}
