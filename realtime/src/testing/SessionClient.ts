import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { io, type Socket } from 'socket.io-client';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
  REALTIME_PROTOCOL_VERSION,
  type Ack,
  type ClientMessageType,
  type ConnectRefusal,
  type HandshakeInput,
  type RealtimeServerEvents,
  type SessionWelcome,
} from '@consilium/shared';

/** Origin of changes that came from the server, so they are not sent back. */
const FROM_SERVER = Symbol('server');

export interface ReceivedEvent {
  type: keyof RealtimeServerEvents;
  payload: unknown;
}

/**
 * A session participant in Node, as the viewer will be: a socket.io client and
 * a Y.Doc kept in sync over y-protocols frames. Edits made while disconnected
 * reach the server through sync step 2 when it reconnects. Records every event
 * it receives, for tests to wait on.
 */
export class SessionClient {
  readonly doc = new Y.Doc();
  readonly socket: Socket;
  readonly events: ReceivedEvent[] = [];
  welcome: SessionWelcome | undefined;
  /** Server sync step 2 received since the last (re)connect. */
  synced = false;
  readonly #listeners = new Set<() => void>();

  private constructor(url: string, auth: Omit<HandshakeInput, 'protocolVersion'> & { protocolVersion?: number }) {
    this.socket = io(url, {
      auth: { protocolVersion: REALTIME_PROTOCOL_VERSION, ...auth },
      transports: ['websocket'],
      // Reconnect on our own after a dropped transport, quickly (tests, benchmarks).
      reconnection: true,
      reconnectionDelay: 20,
      reconnectionDelayMax: 200,
      forceNew: true,
    });
    this.socket.onAny((type: keyof RealtimeServerEvents, payload: unknown) => {
      this.events.push({ type, payload });
      this.#notify();
    });
    this.socket.on('session.welcome', (welcome: SessionWelcome) => {
      this.welcome = welcome;
      // Reconnects resume this participant instead of joining as a new one.
      (this.socket.auth as Record<string, unknown>).participantId = welcome.participantId;
      this.synced = false;
      const encoder = encoding.createEncoder();
      syncProtocol.writeSyncStep1(encoder, this.doc);
      this.socket.emit('yjs.sync', encoding.toUint8Array(encoder));
    });
    this.socket.on('yjs.sync', (frame: ArrayBuffer | Uint8Array) => {
      const decoder = decoding.createDecoder(new Uint8Array(frame));
      const encoder = encoding.createEncoder();
      const type = syncProtocol.readSyncMessage(decoder, encoder, this.doc, FROM_SERVER);
      if (encoding.length(encoder) > 0) this.socket.emit('yjs.sync', encoding.toUint8Array(encoder));
      if (type === syncProtocol.messageYjsSyncStep2) this.synced = true;
      this.#notify();
    });
    this.socket.on('yjs.update', (update: ArrayBuffer | Uint8Array) => {
      Y.applyUpdate(this.doc, new Uint8Array(update), FROM_SERVER);
      this.#notify();
    });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== FROM_SERVER && this.socket.connected) this.socket.emit('yjs.update', update);
    });
    this.socket.on('disconnect', () => {
      this.synced = false;
      this.#notify();
    });
  }

  /** Connects and resolves once welcomed and the document is synced. */
  static async join(url: string, auth: Omit<HandshakeInput, 'protocolVersion'> & { protocolVersion?: number }): Promise<SessionClient> {
    const client = new SessionClient(url, auth);
    await client.connected();
    return client;
  }

  /** Connects, expecting a refusal; resolves with what the server said. */
  static async refused(url: string, auth: Record<string, unknown>): Promise<ConnectRefusal> {
    const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      return await new Promise<ConnectRefusal>((resolve, reject) => {
        socket.on('connect', () => reject(new Error('the server accepted the connection')));
        socket.on('connect_error', (error: Error & { data?: ConnectRefusal }) =>
          error.data ? resolve(error.data) : reject(new Error(`no refusal data: ${error.message}`)),
        );
      });
    } finally {
      socket.close();
    }
  }

  get participantId(): string {
    if (!this.welcome) throw new Error('not welcomed yet');
    return this.welcome.participantId;
  }

  send(type: ClientMessageType | string, payload?: unknown, timeoutMs = 5_000): Promise<Ack> {
    const args = payload === undefined ? [] : [payload];
    return this.socket.timeout(timeoutMs).emitWithAck(type, ...args) as Promise<Ack>;
  }

  /** Sends without waiting (pointer streams, benchmarks). */
  fire(type: ClientMessageType, payload: unknown): void {
    this.socket.emit(type, payload);
  }

  of<T>(type: keyof RealtimeServerEvents): T[] {
    return this.events.filter((e) => e.type === type).map((e) => e.payload as T);
  }

  /** Resolves when `condition` holds, checked after every event; no sleeps. */
  waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        const last = this.events.slice(-5).map((e) => e.type).join(', ');
        reject(new Error(`timed out waiting for ${what} (connected: ${this.socket.connected}, synced: ${this.synced}, last events: ${last})`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.#listeners.delete(check);
      };
      this.#listeners.add(check);
    });
  }

  async connected(): Promise<void> {
    if (!this.socket.connected) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not connected after 10 s (active: ${this.socket.active}, manager: ${this.socket.io._readyState})`)), 10_000);
        this.socket.once('connect', () => {
          clearTimeout(timer);
          resolve();
        });
        this.socket.once('connect_error', (e: Error) => {
          clearTimeout(timer);
          reject(e);
        });
        // A second connect() while one is under way would open a second socket.
        if (!this.socket.active) this.socket.connect();
      });
    }
    await this.waitFor(() => this.synced, 'document sync');
  }

  /** Drops the transport as a network failure would; the client reconnects by itself. */
  drop(): void {
    this.socket.io.engine.close();
  }

  /** Leaves on purpose: no automatic reconnection. */
  disconnect(): void {
    this.socket.disconnect();
  }

  close(): void {
    this.socket.close();
    this.doc.destroy();
    this.#listeners.clear();
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
