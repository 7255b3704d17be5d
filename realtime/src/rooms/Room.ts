import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
  AppError,
  MAX_POINTER_UPDATES_PER_S,
  REALTIME_PROTOCOL_VERSION,
  assertNever,
  err,
  ok,
  type Handshake,
  type Participant,
  type ParticipantRole,
  type Result,
  type SessionWelcome,
  type ViewportState,
} from '@consilium/shared';
import type { Fanout, FanoutEvent } from '../fanout/Fanout.js';
import type { Logger } from '../logger.js';
import { Call } from '../media/Call.js';
import type { MediaPolicy } from '../media/topology.js';
import type { SessionRecord } from '../sessions/SessionRepository.js';
import type { DocumentStore } from '../yjs/DocumentStore.js';
import { SessionDocument } from '../yjs/SessionDocument.js';
import type { IncomingMessage } from './IncomingMessage.js';
import { readSyncFrame } from './readSyncFrame.js';
import { PointerThrottle } from './PointerThrottle.js';
import { Roster } from './Roster.js';
import type { RealtimeIo } from './RealtimeIo.js';

export interface RoomOptions {
  session: SessionRecord;
  io: RealtimeIo;
  store: DocumentStore;
  fanout: Fanout;
  nodeId: string;
  log: Logger;
  reconnectGraceMs: number;
  compactEveryUpdates: number;
  /** Period of the per-room liveness message between processes (NATS only). */
  nodeHeartbeatMs: number;
  /** How video calls are carried (peer-to-peer, SFU). */
  media: MediaPolicy;
  /** Called when the last local participant has left. */
  onEmpty: () => void;
}

const forbidden = (reason: string) => err(new AppError('Forbidden', reason));

/**
 * One session on this process: presence, the presenter, the last followed
 * viewport state, pointers and the Yjs document. Costs nothing while idle: no
 * timers run except a participant's reconnect grace and a pointer burst.
 * Liveness is socket.io's own heartbeat, per connection.
 */
export class Room {
  readonly roster: Roster;
  readonly #channel: string;
  #presenterId: string | null = null;
  #followState: ViewportState | null = null;
  #document!: SessionDocument;
  #unsubscribe: () => void = () => undefined;
  readonly #pointer: PointerThrottle;
  /** Remote updates that arrived while the document was loading. */
  #early: Uint8Array[] | undefined = [];
  /** When each other process serving this room was last heard from. */
  readonly #nodeSeen = new Map<string, number>();
  #heartbeat: NodeJS.Timeout | undefined;
  readonly #call: Call;

  private constructor(private readonly o: RoomOptions) {
    this.roster = new Roster(o.nodeId);
    this.#channel = `session:${o.session.sessionId}`;
    this.#call = new Call({
      sessionId: o.session.sessionId,
      channel: this.#channel,
      nodeId: o.nodeId,
      io: o.io,
      roster: this.roster,
      policy: o.media,
      log: o.log,
      publish: (event) => this.#publish(event),
      presenceUpdated: (participant) => this.#presenceUpdated(participant),
    });
    this.#pointer = new PointerThrottle(1000 / MAX_POINTER_UPDATES_PER_S, (event) => {
      this.o.io.to(this.#channel).emit('pointer.move', event);
      this.#publish({ kind: 'pointer.move', nodeId: this.o.nodeId, event });
    });
  }

  /** Subscribes to other processes first, then loads: nothing published in between is missed. */
  static async open(options: RoomOptions): Promise<Room> {
    const room = new Room(options);
    room.#unsubscribe = options.fanout.subscribe(options.session.sessionId, (e) => room.#onFanout(e));
    room.#document = await SessionDocument.load({
      sessionId: options.session.sessionId,
      store: options.store,
      log: options.log,
      compactEveryUpdates: options.compactEveryUpdates,
      onAccepted: (update, originSocketId) => {
        options.io.to(room.#channel).except(originSocketId).emit('yjs.update', update);
        room.#publish({ kind: 'yjs.update', nodeId: options.nodeId, update });
      },
    });
    for (const update of room.#early ?? []) room.#document.applyRemote(update);
    room.#early = undefined;
    room.#publish({ kind: 'hello', nodeId: options.nodeId });
    if (options.fanout.kind !== 'in-process') {
      room.#heartbeat = setInterval(() => room.#beat(), options.nodeHeartbeatMs);
      room.#heartbeat.unref();
    }
    return room;
  }

  get sessionId(): string {
    return this.o.session.sessionId;
  }

  get document(): SessionDocument {
    return this.#document;
  }

  /** A connection passed the handshake: add or resume its participant and greet it. */
  admit(socket: { id: string; join(room: string): unknown }, handshake: Handshake, role: ParticipantRole, participantId: string): void {
    const previous = this.roster.get(participantId);
    const participant: Participant = {
      participantId,
      name: handshake.name,
      colour: handshake.colour ?? previous?.participant.colour ?? this.roster.pickColour(participantId),
      role,
      lookingAt: previous?.participant.lookingAt ?? null,
      following: previous?.participant.following ?? true,
      connection: 'online',
      // Media lives with the page that joined the call: a new socket starts outside it.
      media: null,
    };
    if (previous) this.#call.dropped(previous);
    // The same participant on a second tab or after a silent drop: the newest socket wins.
    // Only that namespace socket: a transport may carry the new socket too.
    if (previous?.socketId && previous.socketId !== socket.id) this.o.io.in(previous.socketId).disconnectSockets(false);
    this.roster.setLocal(participant, socket.id);
    void socket.join(this.#channel);
    if (this.#presenterId === null && role === 'host') this.#setPresenter(participantId);
    const welcome: SessionWelcome = {
      protocolVersion: REALTIME_PROTOCOL_VERSION,
      sessionId: this.sessionId,
      studyInstanceUIDs: this.o.session.studyInstanceUIDs,
      title: this.o.session.title,
      participantId,
      participants: this.roster.participants(),
      presenterId: this.#presenterId,
      followState: this.#followState,
      media: this.#call.settings,
    };
    this.o.io.to(socket.id).emit('session.welcome', welcome);
    // Sync step 1: the client answers with what the server lacks (edits made offline).
    const encoder = encoding.createEncoder();
    syncProtocol.writeSyncStep1(encoder, this.#document.doc);
    this.o.io.to(socket.id).emit('yjs.sync', encoding.toUint8Array(encoder));
    const kind = previous ? 'presence.updated' : 'presence.joined';
    this.o.io.to(this.#channel).except(socket.id).emit(kind, { participant });
    this.#publish({ kind, nodeId: this.o.nodeId, participant });
    this.#call.refresh();
  }

  /** A socket closed: the participant is away for the grace period, then leaves. */
  disconnected(participantId: string, socketId: string): void {
    const member = this.roster.get(participantId);
    if (!member || member.socketId !== socketId) return;
    member.socketId = null;
    this.#call.dropped(member);
    member.participant = { ...member.participant, connection: 'away' };
    this.#presenceUpdated(member.participant);
    member.graceTimer = setTimeout(() => this.#leave(participantId), this.o.reconnectGraceMs);
  }

  async handle(participantId: string, socketId: string, message: IncomingMessage): Promise<Result<void>> {
    const member = this.roster.get(participantId);
    if (!member || member.socketId !== socketId) return err(new AppError('Unauthorized', 'not in this session'));
    const me = member.participant;
    switch (message.type) {
      case 'presence.update': {
        const { lookingAt, following, colour } = message.payload;
        member.participant = {
          ...me,
          ...(lookingAt !== undefined ? { lookingAt } : {}),
          ...(following !== undefined ? { following } : {}),
          ...(colour !== undefined ? { colour } : {}),
        };
        this.#presenceUpdated(member.participant, socketId);
        return ok(undefined);
      }
      case 'viewport.follow': {
        if (this.#presenterId !== participantId) return forbidden('only the presenter sends viewport.follow');
        this.#followState = message.payload.state;
        this.o.io.to(this.#channel).except(socketId).emit('viewport.follow', { participantId, state: message.payload.state });
        this.#publish({ kind: 'viewport.follow', nodeId: this.o.nodeId, participantId, state: message.payload.state });
        return ok(undefined);
      }
      case 'pointer.move': {
        if (me.role === 'viewer') return forbidden('viewers do not point');
        this.#pointer.move({ participantId, ...message.payload });
        return ok(undefined);
      }
      case 'control.request': {
        if (me.role === 'viewer') return forbidden('viewers cannot present');
        if (this.#presenterId === null) this.#setPresenter(participantId);
        else if (this.#presenterId !== participantId) this.#deliverControlRequest(participantId, true);
        return ok(undefined);
      }
      case 'control.grant': {
        const to = message.payload.participantId;
        if (this.#presenterId !== participantId && me.role !== 'host') return forbidden('only the presenter or a host hands over control');
        const target = this.roster.get(to);
        if (!target) return err(new AppError('NotFound', 'no such participant in this session'));
        if (target.participant.role === 'viewer') return forbidden('viewers cannot present');
        this.#setPresenter(to);
        return ok(undefined);
      }
      case 'control.release': {
        if (this.#presenterId !== participantId) return forbidden('you are not the presenter');
        this.#setPresenter(null);
        return ok(undefined);
      }
      case 'yjs.sync':
      case 'yjs.update': {
        const frame = message.type === 'yjs.sync' ? readSyncFrame(message.payload) : { kind: 'update' as const, update: message.payload };
        if (frame.kind === 'malformed') return err(new AppError('MalformedMessage', frame.reason));
        if (frame.kind === 'step1') {
          const encoder = encoding.createEncoder();
          encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
          encoding.writeVarUint8Array(encoder, this.#document.diffFor(frame.stateVector));
          this.o.io.to(socketId).emit('yjs.sync', encoding.toUint8Array(encoder));
          return ok(undefined);
        }
        if (me.role === 'viewer') return forbidden('viewers cannot edit the session document');
        return this.#document.submit(frame.update, socketId);
      }
      case 'awareness.update': {
        this.o.io.to(this.#channel).except(socketId).emit('awareness.update', message.payload);
        this.#publish({ kind: 'awareness.update', nodeId: this.o.nodeId, frame: message.payload });
        return ok(undefined);
      }
      case 'media.join':
      case 'media.update':
      case 'media.leave':
      case 'media.signal':
      case 'media.sfu':
        return this.#call.handle(member, socketId, message);
      default:
        return assertNever(message);
    }
  }

  /** Compacts the document and stops listening to other processes. */
  async close(): Promise<void> {
    if (this.roster.localCount > 0) this.#publish({ kind: 'bye', nodeId: this.o.nodeId });
    await this.#call.close();
    this.#unsubscribe();
    clearInterval(this.#heartbeat);
    this.#pointer.close();
    this.roster.clear();
    await this.#document.compact();
    this.#document.destroy();
  }

  /** The state of the document (tests, export). */
  snapshot(): Uint8Array {
    return Y.encodeStateAsUpdate(this.#document.doc);
  }

  #leave(participantId: string): void {
    const member = this.roster.remove(participantId);
    if (!member) return;
    this.#pointer.forget(participantId);
    this.o.io.to(this.#channel).emit('presence.left', { participantId });
    if (member.nodeId === this.o.nodeId) this.#publish({ kind: 'presence.left', nodeId: this.o.nodeId, participantId });
    if (this.#presenterId === participantId) this.#setPresenter(null);
    this.#call.refresh();
    if (this.roster.localCount === 0) this.o.onEmpty();
  }

  #setPresenter(presenterId: string | null, fromRemote = false): void {
    if (this.#presenterId === presenterId) return;
    this.#presenterId = presenterId;
    this.o.io.to(this.#channel).emit('control.changed', { presenterId });
    if (!fromRemote) this.#publish({ kind: 'control.changed', nodeId: this.o.nodeId, presenterId });
  }

  /** To the presenter and the hosts, wherever they are connected. */
  #deliverControlRequest(participantId: string, publish: boolean): void {
    const sockets = this.roster.localSocketsOf((p) => p.participantId === this.#presenterId || p.role === 'host');
    if (sockets.length > 0) this.o.io.to(sockets).emit('control.requested', { participantId });
    if (publish) this.#publish({ kind: 'control.requested', nodeId: this.o.nodeId, participantId });
  }

  #presenceUpdated(participant: Participant, exceptSocketId?: string): void {
    const to = this.o.io.to(this.#channel);
    (exceptSocketId ? to.except(exceptSocketId) : to).emit('presence.updated', { participant });
    this.#publish({ kind: 'presence.updated', nodeId: this.o.nodeId, participant });
    this.#call.refresh();
  }

  /** Says this process is alive (if it serves anyone here) and drops members of processes gone silent. */
  #beat(): void {
    if (this.roster.localCount > 0) this.#publish({ kind: 'alive', nodeId: this.o.nodeId });
    const deadline = Date.now() - 3 * this.o.nodeHeartbeatMs;
    for (const [nodeId, seen] of this.#nodeSeen) {
      if (seen >= deadline) continue;
      this.#nodeSeen.delete(nodeId);
      this.#dropNode(nodeId);
    }
  }

  #dropNode(nodeId: string): void {
    for (const participantId of this.roster.removeNode(nodeId)) {
      this.o.io.to(this.#channel).emit('presence.left', { participantId });
      if (this.#presenterId === participantId) this.#setPresenter(null, true);
    }
    this.#call.refresh();
  }

  #publish(event: FanoutEvent): void {
    this.o.fanout.publish(this.sessionId, event);
  }

  #onFanout(event: FanoutEvent): void {
    if (event.nodeId === this.o.nodeId) return;
    if (event.kind !== 'bye') this.#nodeSeen.set(event.nodeId, Date.now());
    const io = this.o.io.to(this.#channel);
    switch (event.kind) {
      case 'hello':
        this.#publish({
          kind: 'roster',
          nodeId: this.o.nodeId,
          participants: this.roster.local().map((m) => m.participant),
          presenterId: this.#presenterId,
          followState: this.#followState,
        });
        return;
      case 'roster':
        for (const p of event.participants) {
          const known = this.roster.get(p.participantId);
          this.roster.setRemote(p, event.nodeId);
          io.emit(known ? 'presence.updated' : 'presence.joined', { participant: p });
        }
        if (this.#presenterId === null && event.presenterId !== null) this.#setPresenter(event.presenterId, true);
        this.#followState ??= event.followState;
        this.#call.refresh();
        return;
      case 'bye':
        this.#nodeSeen.delete(event.nodeId);
        this.#dropNode(event.nodeId);
        return;
      case 'alive':
        return;
      case 'presence.joined':
      case 'presence.updated': {
        const known = this.roster.get(event.participant.participantId);
        // Our away member reconnected to another process: it is theirs now.
        this.roster.setRemote(event.participant, event.nodeId);
        io.emit(known ? 'presence.updated' : 'presence.joined', { participant: event.participant });
        this.#call.refresh();
        return;
      }
      case 'presence.left':
        if (this.roster.get(event.participantId)?.nodeId !== event.nodeId) return;
        this.roster.remove(event.participantId);
        io.emit('presence.left', { participantId: event.participantId });
        this.#call.refresh();
        return;
      case 'media.signal':
        this.#call.deliver(event.to, event.signal);
        return;
      case 'viewport.follow':
        this.#followState = event.state;
        io.emit('viewport.follow', { participantId: event.participantId, state: event.state });
        return;
      case 'pointer.move':
        io.emit('pointer.move', event.event);
        return;
      case 'control.changed':
        this.#setPresenter(event.presenterId, true);
        return;
      case 'control.requested':
        this.#deliverControlRequest(event.participantId, false);
        return;
      case 'awareness.update':
        io.emit('awareness.update', event.frame);
        return;
      case 'yjs.update':
        if (this.#early) this.#early.push(event.update);
        else this.#document.applyRemote(event.update);
        io.emit('yjs.update', event.update);
        return;
      default:
        assertNever(event);
    }
  }
}
