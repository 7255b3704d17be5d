import {
  REALTIME_PROTOCOL_VERSION,
  type Ack,
  type ClientMessage,
  type ClientMessageType,
  type ConnectRefusal,
  type Participant,
  type PointerMoved,
  type RealtimeServerEvents,
  type SessionWelcome,
  type ViewportState,
} from '@consilium/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { type Socket, io } from 'socket.io-client';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/** Origin of Yjs changes applied from the server: never sent back, never undone by a local undo manager. */
export const FROM_SERVER = Symbol('consilium-session-server');

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'refused';

/** Everything the UI shows of a session; a new object on every change (for useSyncExternalStore). */
export interface SessionSnapshot {
  status: ConnectionStatus;
  refusal: ConnectRefusal | undefined;
  welcome: SessionWelcome | undefined;
  participants: readonly Participant[];
  presenterId: string | null;
  /** Participants who asked the presenter for control, newest last. */
  controlRequests: readonly string[];
  synced: boolean;
}

export interface JoinOptions {
  url: string;
  sessionId: string;
  token: string;
  name: string;
  participantId?: string | undefined;
  colour?: string | undefined;
  /** The signed-in user's service token, asked for on every (re)connect (tokens are short-lived). */
  serviceToken?: (() => Promise<string | undefined>) | undefined;
}

type FollowListener = (state: ViewportState, from: string) => void;

/**
 * A participant's connection to a session from the browser: socket.io to the
 * realtime service, the shared Y.Doc kept in sync by y-protocols (step 1 on
 * every (re)connect, so edits made while offline reach the server), presence,
 * control and follow events. socket.io reconnects by itself; the welcome's
 * participantId goes into the next handshake, so a reconnect or a reload
 * resumes the same participant. Mirrors realtime/src/testing/SessionClient.ts,
 * which the server's tests drive.
 */
export class BrowserSession {
  readonly doc = new Y.Doc();
  readonly socket: Socket;
  #snapshot: SessionSnapshot = {
    status: 'connecting',
    refusal: undefined,
    welcome: undefined,
    participants: [],
    presenterId: null,
    controlRequests: [],
    synced: false,
  };
  readonly #pointers = new Map<string, PointerMoved>();
  readonly #pointerListeners = new Set<() => void>();
  readonly #listeners = new Set<() => void>();
  readonly #followListeners = new Set<FollowListener>();
  /** What each handshake sends (besides the service token). */
  readonly #handshake: Record<string, unknown> = {};

  constructor(options: JoinOptions) {
    const handshake = this.#handshake;
    Object.assign(handshake, {
      protocolVersion: REALTIME_PROTOCOL_VERSION,
      sessionId: options.sessionId,
      token: options.token,
      name: options.name,
      ...(options.participantId ? { participantId: options.participantId } : {}),
      ...(options.colour ? { colour: options.colour } : {}),
    });
    const serviceToken = options.serviceToken;
    this.socket = io(options.url, {
      // A function, so every reconnect carries a fresh service token and the latest participant id and colour.
      auth: (send) => {
        if (!serviceToken) return send({ ...handshake });
        serviceToken().then(
          (token) => send(token ? { ...handshake, serviceToken: token } : { ...handshake }),
          () => send({ ...handshake }),
        );
      },
      transports: ['websocket'],
      // One manager per session: its reconnection settings are this session's alone.
      forceNew: true,
      reconnection: true,
      reconnectionDelay: 250,
      reconnectionDelayMax: 2_000,
    });
    this.#wireSocket();
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== FROM_SERVER && this.socket.connected) this.socket.emit('yjs.update', update);
    });
  }

  get snapshot(): SessionSnapshot {
    return this.#snapshot;
  }

  get participantId(): string | undefined {
    return this.#snapshot.welcome?.participantId;
  }

  get isPresenter(): boolean {
    const id = this.participantId;
    return id !== undefined && this.#snapshot.presenterId === id;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Presenter viewport states as they arrive (not kept in the snapshot: they come up to 30 times a second). */
  onFollow(listener: FollowListener): () => void {
    this.#followListeners.add(listener);
    return () => this.#followListeners.delete(listener);
  }

  /**
   * The last pointer of each participant that shows one. Kept out of the
   * snapshot: pointers move up to 30 times a second, and only the pointer
   * overlay needs to redraw for them.
   */
  get pointers(): ReadonlyMap<string, PointerMoved> {
    return this.#pointers;
  }

  onPointer(listener: () => void): () => void {
    this.#pointerListeners.add(listener);
    return () => this.#pointerListeners.delete(listener);
  }

  send<T extends ClientMessageType>(type: T, payload: ClientMessage<T>): Promise<Ack> {
    return this.socket.timeout(5_000).emitWithAck(type, payload) as Promise<Ack>;
  }

  /** Fire and forget, for streams where the next message supersedes this one (follow, pointer). */
  fire<T extends ClientMessageType>(type: T, payload: ClientMessage<T>): void {
    if (this.socket.connected) this.socket.emit(type, payload);
  }

  close(): void {
    this.socket.close();
    this.doc.destroy();
    this.#listeners.clear();
    this.#followListeners.clear();
    this.#pointerListeners.clear();
  }

  #wireSocket(): void {
    const s = this.socket;
    s.on('connect_error', (error: Error & { data?: ConnectRefusal }) => {
      // A refusal is final (wrong version, bad token, no such session); a network error is retried by socket.io.
      if (error.data) {
        s.io.opts.reconnection = false;
        this.#update({ status: 'refused', refusal: error.data });
      } else this.#update({ status: this.#snapshot.welcome ? 'reconnecting' : 'connecting' });
    });
    s.on('disconnect', () => this.#update({ status: 'reconnecting', synced: false }));
    s.on('session.welcome', (welcome: SessionWelcome) => {
      const auth = this.#handshake;
      auth.participantId = welcome.participantId;
      // Rejoin with the same colour: a restarted server has forgotten it, and colours must not swap mid-session.
      const mine = welcome.participants.find((p) => p.participantId === welcome.participantId);
      if (mine) auth.colour = mine.colour;
      this.#update({ status: 'online', welcome, participants: welcome.participants, presenterId: welcome.presenterId, synced: false });
      const encoder = encoding.createEncoder();
      syncProtocol.writeSyncStep1(encoder, this.doc);
      s.emit('yjs.sync', encoding.toUint8Array(encoder));
      if (welcome.followState && welcome.presenterId && welcome.presenterId !== welcome.participantId) {
        this.#emitFollow(welcome.followState, welcome.presenterId);
      }
    });
    s.on('yjs.sync', (frame: ArrayBuffer | Uint8Array) => {
      const decoder = decoding.createDecoder(new Uint8Array(frame));
      const encoder = encoding.createEncoder();
      const type = syncProtocol.readSyncMessage(decoder, encoder, this.doc, FROM_SERVER);
      if (encoding.length(encoder) > 0) s.emit('yjs.sync', encoding.toUint8Array(encoder));
      if (type === syncProtocol.messageYjsSyncStep2) this.#update({ synced: true });
    });
    s.on('yjs.update', (update: ArrayBuffer | Uint8Array) => Y.applyUpdate(this.doc, new Uint8Array(update), FROM_SERVER));
    const on = <E extends keyof RealtimeServerEvents>(event: E, handler: RealtimeServerEvents[E]) => s.on(event, handler as never);
    on('presence.joined', ({ participant }) => this.#upsert(participant));
    on('presence.updated', ({ participant }) => this.#upsert(participant));
    on('presence.left', ({ participantId }) => {
      this.#update({
        participants: this.#snapshot.participants.filter((p) => p.participantId !== participantId),
        controlRequests: this.#snapshot.controlRequests.filter((id) => id !== participantId),
      });
      if (this.#pointers.delete(participantId)) this.#emitPointers();
    });
    on('control.changed', ({ presenterId }) =>
      this.#update({ presenterId, controlRequests: this.#snapshot.controlRequests.filter((id) => id !== presenterId) }),
    );
    on('control.requested', ({ participantId }) => {
      if (this.#snapshot.controlRequests.includes(participantId)) return;
      this.#update({ controlRequests: [...this.#snapshot.controlRequests, participantId] });
    });
    on('viewport.follow', ({ participantId, state }) => this.#emitFollow(state, participantId));
    on('pointer.move', (event) => {
      if (event.point) this.#pointers.set(event.participantId, event);
      else this.#pointers.delete(event.participantId);
      this.#emitPointers();
    });
  }

  #emitFollow(state: ViewportState, from: string): void {
    for (const listener of [...this.#followListeners]) listener(state, from);
  }

  #emitPointers(): void {
    for (const listener of [...this.#pointerListeners]) listener();
  }

  #upsert(participant: Participant): void {
    const others = this.#snapshot.participants.filter((p) => p.participantId !== participant.participantId);
    this.#update({ participants: [...others, participant] });
  }

  #update(patch: Partial<SessionSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...patch };
    for (const listener of [...this.#listeners]) listener();
  }
}
