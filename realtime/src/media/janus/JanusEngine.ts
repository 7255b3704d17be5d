import { createHmac } from 'node:crypto';
import Janode, { type JanodeConnection, type JanodeSession } from 'janode';
import VideoRoomPlugin, { type Publisher, type VideoRoomHandle } from 'janode/plugins/videoroom';
import { AppError, type SessionDescription } from '@consilium/shared';
import type { Logger } from '../../logger.js';
import type { SfuEngine, SfuParticipant } from '../SfuEngine.js';

export interface JanusEngineOptions {
  /** Janus' WebSocket API (ws://127.0.0.1:8188): reached by the realtime service only. */
  url: string;
  /** Janus' api_secret: every request carries it. */
  apiSecret: string | undefined;
  /** The VideoRoom plugin's admin_key: needed to create rooms. */
  adminKey: string | undefined;
  /** Rooms' secrets and PINs are derived from it, so every realtime process computes the same. */
  roomKey: string;
  maxParticipants: number;
  log: Logger;
}

/** VideoRoom error codes (janus_videoroom.c) the engine answers to. */
const ROOM_EXISTS = 427;
const NO_SUCH_ROOM = 426;
const ID_EXISTS = 436;

interface Peer {
  participant: SfuParticipant;
  publisher: VideoRoomHandle;
  /** Subscriptions by feed (the other participant's id), while their offer is being made and after. */
  subscriptions: Map<string, Promise<VideoRoomHandle | undefined>>;
  closed: boolean;
}

interface Connected {
  connection: JanodeConnection;
  session: JanodeSession;
  /** Creates, checks and destroys rooms. */
  control: VideoRoomHandle;
}

const codeOf = (error: unknown): number | undefined => (error as { _code?: number } | null)?._code;

/**
 * The SFU on Janus' VideoRoom plugin, driven through janode (Meetecho's own
 * Node adapter) over Janus' WebSocket API. One Janus session per realtime
 * process; per participant one publisher handle and one subscriber handle per
 * other participant's feed. Rooms are the session ids (the plugin runs with
 * string_ids), private, with a secret and a PIN derived from the room key;
 * feeds are participant ids. Browsers never see the API, a secret or a handle:
 * they send SDP through their own socket and the engine applies it to their
 * own handles only.
 */
export class JanusEngine implements SfuEngine {
  readonly kind = 'janus';
  readonly #peers = new Map<string, Peer>();
  readonly #rooms = new Map<string, Promise<void>>();
  #connected: Promise<Connected> | undefined;
  /** Rooms this process no longer serves, to be destroyed if nobody (of any process) publishes in them a moment later. */
  readonly #tidy = new Map<string, NodeJS.Timeout>();

  private constructor(private readonly o: JanusEngineOptions) {}

  /**
   * Connects at once, so a wrong URL or secret shows in the log at start; an
   * unreachable Janus does not stop the service (sessions and peer-to-peer
   * calls go on): each publication tries again, and fails with a clear reason
   * until Janus is back.
   */
  static async connect(options: JanusEngineOptions): Promise<JanusEngine> {
    Janode.Logger.setLevel('none'); // failures come back to the engine, which logs them without janode's console lines
    const engine = new JanusEngine(options);
    await engine.#connect().catch(() => undefined);
    return engine;
  }

  get maxParticipants(): number {
    return this.o.maxParticipants;
  }

  async publish(participant: SfuParticipant, offer: SessionDescription): Promise<SessionDescription> {
    const { sessionId, participantId } = participant;
    await this.leave(sessionId, participantId);
    const { session, control } = await this.#connect().catch(() => {
      throw new AppError('DependencyUnavailable', 'the media server (Janus) cannot be reached');
    });
    await this.#ensureRoom(sessionId);
    const publisher = await session.attach(VideoRoomPlugin);
    const peer: Peer = { participant, publisher, subscriptions: new Map(), closed: false };
    this.#peers.set(keyOf(sessionId, participantId), peer);
    publisher.on(VideoRoomPlugin.EVENT.VIDEOROOM_PUB_LIST, ({ publishers }: { publishers: Publisher[] }) => this.#subscribeAll(peer, publishers));
    const gone = ({ feed }: { feed: string | number }) => this.#unsubscribe(peer, String(feed));
    publisher.on(VideoRoomPlugin.EVENT.VIDEOROOM_UNPUBLISHED, gone);
    publisher.on(VideoRoomPlugin.EVENT.VIDEOROOM_LEAVING, gone);
    const join = () =>
      publisher.joinConfigurePublisher({
        room: sessionId,
        feed: participantId,
        display: participant.name.slice(0, 64),
        audio: true,
        video: true,
        pin: this.#derive('pin', sessionId),
        jsep: offer,
      });
    try {
      const joined = await join().catch(async (error: unknown) => {
        // The same participant still published from a socket that has not been noticed gone yet (another process, say).
        // Another process tidied the room away just now: make it again.
        if (codeOf(error) === NO_SUCH_ROOM) {
          this.#rooms.delete(sessionId);
          await this.#ensureRoom(sessionId);
          return join();
        }
        if (codeOf(error) === ID_EXISTS) {
          await control.kick({ room: sessionId, feed: participantId, secret: this.#derive('secret', sessionId) }).catch(() => undefined);
          return join();
        }
        throw error;
      });
      if (!joined.jsep) throw new Error('Janus answered the publication without SDP');
      this.#subscribeAll(peer, joined.publishers);
      return { type: 'answer', sdp: joined.jsep.sdp };
    } catch (error) {
      await this.leave(sessionId, participantId);
      throw new AppError('DependencyUnavailable', `the SFU refused the publication (${describe(error)})`);
    }
  }

  async answer(participant: SfuParticipant, feed: string, answer: SessionDescription): Promise<void> {
    const peer = this.#peers.get(keyOf(participant.sessionId, participant.participantId));
    const subscription = await peer?.subscriptions.get(feed);
    if (!subscription) throw new AppError('NotFound', 'no subscription to that participant');
    await subscription.start({ jsep: answer });
  }

  async leave(sessionId: string, participantId: string): Promise<void> {
    const key = keyOf(sessionId, participantId);
    const peer = this.#peers.get(key);
    if (!peer) return;
    this.#peers.delete(key);
    peer.closed = true;
    const handles = [Promise.resolve(peer.publisher), ...peer.subscriptions.values()];
    peer.subscriptions.clear();
    await Promise.all(handles.map((h) => h.then((handle) => handle?.detach()).catch(() => undefined)));
    if (!this.#servesRoom(sessionId)) this.#scheduleTidy(sessionId);
  }

  async close(): Promise<void> {
    for (const timer of this.#tidy.values()) clearTimeout(timer);
    this.#tidy.clear();
    for (const peer of [...this.#peers.values()]) await this.leave(peer.participant.sessionId, peer.participant.participantId);
    const connected = await this.#connected?.catch(() => undefined);
    this.#connected = undefined;
    if (!connected) return;
    await connected.session.destroy().catch(() => undefined);
    await connected.connection.close().catch(() => undefined);
  }

  /** The connection, opened again after Janus went away (its rooms went with it). */
  #connect(): Promise<Connected> {
    if (this.#connected) return this.#connected;
    const connecting = (async () => {
      const connection = await Janode.connect({ address: { url: this.o.url, apisecret: this.o.apiSecret }, retry_time_secs: 1, max_retries: 2 });
      const lost = () => {
        if (this.#connected !== connecting) return;
        this.o.log.error('the connection to Janus was lost; calls through the SFU end until it is back');
        this.#connected = undefined;
        this.#rooms.clear();
        this.#peers.clear();
      };
      connection.once(Janode.EVENT.CONNECTION_CLOSED, lost);
      connection.once(Janode.EVENT.CONNECTION_ERROR, lost);
      const session = await connection.create(30);
      session.once(Janode.EVENT.SESSION_DESTROYED, lost);
      const control = await session.attach(VideoRoomPlugin);
      return { connection, session, control };
    })();
    this.#connected = connecting;
    connecting.catch((error: unknown) => {
      if (this.#connected === connecting) this.#connected = undefined;
      this.o.log.error({ reason: describe(error) }, 'cannot reach Janus');
    });
    return connecting;
  }

  #ensureRoom(sessionId: string): Promise<void> {
    let room = this.#rooms.get(sessionId);
    if (room) return room;
    room = (async () => {
      const { control } = await this.#connect();
      if ((await control.exists({ room: sessionId })).exists) return;
      await control
        .create({
          room: sessionId,
          description: 'consilium session',
          max_publishers: this.o.maxParticipants,
          is_private: true,
          permanent: false,
          secret: this.#derive('secret', sessionId),
          pin: this.#derive('pin', sessionId),
          ...(this.o.adminKey ? { admin_key: this.o.adminKey } : {}),
          audiocodec: 'opus',
          videocodec: 'vp8',
        })
        .catch((error: unknown) => {
          if (codeOf(error) !== ROOM_EXISTS) throw error; // another process created it first
        });
    })();
    this.#rooms.set(sessionId, room);
    room.catch(() => this.#rooms.delete(sessionId));
    return room;
  }

  #servesRoom(sessionId: string): boolean {
    return [...this.#peers.values()].some((p) => p.participant.sessionId === sessionId);
  }

  /** A moment after the last local participant left (others leaving with them have detached by then). */
  #scheduleTidy(sessionId: string): void {
    if (this.#tidy.has(sessionId)) return;
    const timer = setTimeout(() => {
      this.#tidy.delete(sessionId);
      if (!this.#servesRoom(sessionId)) void this.#destroyIfEmpty(sessionId);
    }, 1_000);
    timer.unref();
    this.#tidy.set(sessionId, timer);
  }

  /** The room goes once nobody of any process publishes in it; a process joining at that moment creates it again. */
  async #destroyIfEmpty(sessionId: string): Promise<void> {
    try {
      const { control } = await this.#connect();
      const secret = this.#derive('secret', sessionId);
      const { participants } = await control.listParticipants({ room: sessionId, secret });
      if (participants.length > 0) return;
      this.#rooms.delete(sessionId);
      await control.destroy({ room: sessionId, secret });
    } catch (error) {
      if (codeOf(error) !== NO_SUCH_ROOM) this.o.log.warn({ reason: describe(error) }, 'could not tidy an SFU room');
    }
  }

  #subscribeAll(peer: Peer, publishers: Publisher[]): void {
    for (const { feed } of publishers) this.#subscribe(peer, String(feed));
  }

  #subscribe(peer: Peer, feed: string): void {
    const { participantId } = peer.participant;
    if (peer.closed || feed === participantId || peer.subscriptions.has(feed)) return;
    // Still the subscription wanted once Janus answers (the feed may have gone, or the peer left, meanwhile).
    const wanted = (): boolean => !peer.closed && peer.subscriptions.get(feed) === subscribing;
    const subscribing = this.#openSubscription(peer, feed, wanted);
    peer.subscriptions.set(feed, subscribing);
    subscribing.catch((error: unknown) => {
      if (peer.subscriptions.get(feed) === subscribing) peer.subscriptions.delete(feed);
      this.o.log.warn({ reason: describe(error) }, 'an SFU subscription failed');
    });
  }

  async #openSubscription(peer: Peer, feed: string, wanted: () => boolean): Promise<VideoRoomHandle | undefined> {
    const { sessionId } = peer.participant;
    const { session } = await this.#connect();
    const handle = await session.attach(VideoRoomPlugin);
    const { jsep } = await handle.joinSubscriber({ room: sessionId, streams: [{ feed }], pin: this.#derive('pin', sessionId) }).catch(async (error: unknown) => {
      await handle.detach().catch(() => undefined);
      throw error;
    });
    if (!wanted() || !jsep) {
      await handle.detach().catch(() => undefined);
      return undefined;
    }
    peer.participant.offer(feed, { type: 'offer', sdp: jsep.sdp });
    return handle;
  }

  #unsubscribe(peer: Peer, feed: string): void {
    const subscription = peer.subscriptions.get(feed);
    if (!subscription) return;
    peer.subscriptions.delete(feed);
    void subscription.then((handle) => handle?.detach()).catch(() => undefined);
  }

  /** A room's secret or PIN: HMAC of the session id under the room key (never sent to a browser). */
  #derive(purpose: 'secret' | 'pin', sessionId: string): string {
    return createHmac('sha256', this.o.roomKey).update(`${purpose}:${sessionId}`).digest('base64url');
  }
}

const keyOf = (sessionId: string, participantId: string) => `${sessionId}/${participantId}`;

function describe(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 200) : String(error).slice(0, 200);
}
