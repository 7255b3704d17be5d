import { randomUUID } from 'node:crypto';
import {
  AppError,
  assertNever,
  err,
  ok,
  type MediaSettings,
  type Participant,
  type PeerSignalReceived,
  type Result,
} from '@consilium/shared';
import type { FanoutEvent } from '../fanout/Fanout.js';
import type { Logger } from '../logger.js';
import type { IncomingMessage } from '../rooms/IncomingMessage.js';
import type { RealtimeIo } from '../rooms/RealtimeIo.js';
import type { Member, Roster } from '../rooms/Roster.js';
import type { SfuParticipant } from './SfuEngine.js';
import { type MediaPolicy, mediaSettingsFor, sameSettings } from './topology.js';

export type MediaMessage = Extract<IncomingMessage, { type: `media.${string}` }>;

export interface CallOptions {
  sessionId: string;
  /** The socket.io room of the session on this process. */
  channel: string;
  nodeId: string;
  io: RealtimeIo;
  roster: Roster;
  policy: MediaPolicy;
  log: Logger;
  publish(event: FanoutEvent): void;
  /** Tells the session (here and on other processes) that a participant's presence changed. */
  presenceUpdated(participant: Participant): void;
}

const notInCall = () => err(new AppError('Forbidden', 'join the call first'));

/**
 * The video call of one session on this process. Who is in it, with which
 * devices, lives in each participant's presence; this relays peer-to-peer
 * signals to the one peer they are for (on this process or another), hands a
 * participant's SDP to the SFU, and tells the local sockets when the call moves
 * between peer-to-peer and the SFU.
 */
export class Call {
  #settings: MediaSettings;

  constructor(private readonly o: CallOptions) {
    this.#settings = mediaSettingsFor(0, o.policy);
  }

  get settings(): MediaSettings {
    return this.#settings;
  }

  async handle(member: Member, socketId: string, message: MediaMessage): Promise<Result<void>> {
    const me = member.participant;
    switch (message.type) {
      case 'media.join': {
        const others = this.o.roster.participants().filter((p) => p.media && p.participantId !== me.participantId).length;
        const max = mediaSettingsFor(others + 1, this.o.policy).maxParticipants;
        if (others >= max) return err(new AppError('OutOfResources', `the call is full (${max} participants${this.o.policy.sfu ? '' : ' without a media server'})`));
        await this.#leaveSfu(me.participantId);
        this.#setMedia(member, { ...message.payload, callId: randomUUID() });
        return ok(undefined);
      }
      case 'media.update': {
        if (!me.media) return notInCall();
        this.#setMedia(member, { ...message.payload, callId: me.media.callId });
        return ok(undefined);
      }
      case 'media.leave': {
        if (!me.media) return ok(undefined);
        await this.#leaveSfu(me.participantId);
        this.#setMedia(member, null);
        return ok(undefined);
      }
      case 'media.signal': {
        if (!me.media) return notInCall();
        if (this.#settings.topology !== 'p2p') return err(new AppError('Forbidden', 'the call runs through the SFU now'));
        const { to, callId, description, candidate } = message.payload;
        const target = this.o.roster.get(to);
        if (!target?.participant.media || target.participant.media.callId !== callId) return err(new AppError('NotFound', 'that participant is not in the call'));
        const signal: PeerSignalReceived = { from: me.participantId, fromCallId: me.media.callId, description, candidate };
        if (target.nodeId !== this.o.nodeId) this.o.publish({ kind: 'media.signal', nodeId: this.o.nodeId, to, signal });
        else if (target.socketId) this.o.io.to(target.socketId).emit('media.signal', signal);
        return ok(undefined);
      }
      case 'media.sfu': {
        if (!me.media) return notInCall();
        const sfu = this.o.policy.sfu;
        if (!sfu || this.#settings.topology !== 'sfu') return err(new AppError('Forbidden', 'the call is peer-to-peer now'));
        const { feed, description } = message.payload;
        const participant = this.#sfuParticipant(me);
        try {
          if (feed === 'self') {
            if (description.type !== 'offer') return err(new AppError('MalformedMessage', 'a publication starts with an offer'));
            const answer = await sfu.publish(participant, description);
            this.o.io.to(socketId).emit('media.sfu', { feed: 'self', description: answer });
          } else {
            if (description.type !== 'answer') return err(new AppError('MalformedMessage', 'a subscription takes an answer'));
            await sfu.answer(participant, feed, description);
          }
          return ok(undefined);
        } catch (error) {
          if (error instanceof AppError) return err(error);
          this.o.log.warn({ reason: error instanceof Error ? error.message : String(error) }, 'the SFU failed a request');
          return err(new AppError('DependencyUnavailable', 'the media server did not accept the request'));
        }
      }
      default:
        return assertNever(message);
    }
  }

  /** The participant's socket closed: their media went with the page, so they are out of the call. */
  dropped(member: Member): void {
    if (!member.participant.media) return;
    void this.#leaveSfu(member.participant.participantId);
    member.participant = { ...member.participant, media: null };
  }

  /** A signal another process relayed: delivered if its recipient is connected here. */
  deliver(to: string, signal: PeerSignalReceived): void {
    const target = this.o.roster.get(to);
    if (target?.nodeId === this.o.nodeId && target.socketId) this.o.io.to(target.socketId).emit('media.signal', signal);
  }

  /** After any change of presence: the call may have moved between peer-to-peer and the SFU. */
  refresh(): void {
    const inCall = this.o.roster.participants().filter((p) => p.media).length;
    const next = mediaSettingsFor(inCall, this.o.policy);
    if (sameSettings(next, this.#settings)) return;
    const wasSfu = this.#settings.topology === 'sfu';
    this.#settings = next;
    this.o.io.to(this.o.channel).emit('media.settings', next);
    if (wasSfu && next.topology !== 'sfu') for (const m of this.o.roster.local()) void this.#leaveSfu(m.participant.participantId);
  }

  async close(): Promise<void> {
    await Promise.all(this.o.roster.local().map((m) => this.#leaveSfu(m.participant.participantId)));
  }

  #setMedia(member: Member, media: Participant['media']): void {
    member.participant = { ...member.participant, media };
    this.o.presenceUpdated(member.participant);
  }

  #sfuParticipant(me: Participant): SfuParticipant {
    return {
      sessionId: this.o.sessionId,
      participantId: me.participantId,
      name: me.name,
      offer: (feed, description) => {
        const socketId = this.o.roster.get(me.participantId)?.socketId;
        if (socketId) this.o.io.to(socketId).emit('media.sfu', { feed, description });
      },
    };
  }

  async #leaveSfu(participantId: string): Promise<void> {
    await this.o.policy.sfu?.leave(this.o.sessionId, participantId).catch((error: unknown) => {
      this.o.log.warn({ reason: error instanceof Error ? error.message : String(error) }, 'leaving the SFU failed');
    });
  }
}
