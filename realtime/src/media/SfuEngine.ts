import type { SessionDescription } from '@consilium/shared';

/** A participant of a call as the SFU engine sees it: who, and how to reach their browser. */
export interface SfuParticipant {
  sessionId: string;
  participantId: string;
  name: string;
  /** An offer of the SFU for the participant's subscription to `feed` (another participant's id). */
  offer(feed: string, description: SessionDescription): void;
}

/**
 * A selective forwarding unit behind the realtime service. Only the realtime
 * service talks to it; a participant reaches only their own publication and
 * subscriptions, keyed by their participant id in their session's room.
 * Janus is the one engine shipped (mediasoup's worker cannot be built here);
 * another goes behind this interface.
 */
export interface SfuEngine {
  readonly kind: string;
  /** Most publishers in one room. */
  readonly maxParticipants: number;
  /** Publishes the participant's offer; resolves with the SFU's answer. Subscriptions to the others follow as `offer` calls. */
  publish(participant: SfuParticipant, offer: SessionDescription): Promise<SessionDescription>;
  /** The participant's answer to the SFU's offer for `feed`. */
  answer(participant: SfuParticipant, feed: string, answer: SessionDescription): Promise<void>;
  /** Everything of the participant in the SFU goes (left the call, disconnected, or the call moved to peer-to-peer). */
  leave(sessionId: string, participantId: string): Promise<void>;
  close(): Promise<void>;
}
