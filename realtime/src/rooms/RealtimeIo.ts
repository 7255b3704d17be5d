import type { Server, Socket } from 'socket.io';
import type { Handshake, ParticipantRole, RealtimeServerEvents } from '@consilium/shared';
import type { Room } from './Room.js';

/** What the handshake leaves on a socket for the connection handler. */
export interface SocketData {
  room: Room;
  handshake: Handshake;
  role: ParticipantRole;
  participantId: string;
}

/** Clients' events are not typed here: each is validated by its schema where it arrives. */
type ClientEvents = Record<string, (...args: unknown[]) => void>;

export type RealtimeIo = Server<ClientEvents, RealtimeServerEvents, Record<string, never>, SocketData>;
export type RealtimeSocket = Socket<ClientEvents, RealtimeServerEvents, Record<string, never>, SocketData>;
