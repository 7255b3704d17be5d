import { z } from 'zod';
import { ColourSchema, ParticipantRoleSchema, UidSchema } from './handshake.js';
import { MediaPresenceSchema, MediaStateSchema, PeerSignalSchema, SfuSignalSchema, type IceCandidate, type MediaSettings, type SessionDescription } from './media.js';
import { MAX_BINARY_FRAME_BYTES } from './version.js';
import { Vec3Schema, ViewportStateSchema, type Vec3, type ViewportState } from './viewportState.js';

/** Where a participant is looking, shown in the participant list. */
export const LookingAtSchema = z.object({
  viewportId: z.string().min(1).max(64),
  studyInstanceUID: UidSchema.optional(),
  seriesInstanceUID: UidSchema.optional(),
});

export const ParticipantSchema = z.object({
  participantId: z.uuid(),
  name: z.string().min(1).max(64),
  colour: ColourSchema,
  role: ParticipantRoleSchema,
  lookingAt: LookingAtSchema.nullable(),
  /** Following the presenter (false after stepping out to look around alone). */
  following: z.boolean(),
  /** away: the connection dropped and the participant may still come back. */
  connection: z.enum(['online', 'away']),
  /** In the video call, with these devices; null when not in it. */
  media: MediaPresenceSchema.nullable(),
});
export type Participant = z.infer<typeof ParticipantSchema>;

/**
 * A y-protocols frame: only the envelope is checked here (a byte array within
 * the cap); the content is read by y-protocols where it arrives.
 */
export const BinaryFrameSchema = z
  .instanceof(Uint8Array)
  .refine((b) => b.byteLength > 0, 'empty frame')
  .refine((b) => b.byteLength <= MAX_BINARY_FRAME_BYTES, 'frame too large');

/**
 * Client → server messages: socket.io event name → payload schema. Every
 * incoming message is safeParse'd against this map; unknown names are refused.
 */
export const ClientMessageSchemas = {
  'presence.update': z
    .object({ lookingAt: LookingAtSchema.nullable().optional(), following: z.boolean().optional(), colour: ColourSchema.optional() })
    .strict(),
  /** From the presenter only; followers mirror it. Sent on change, throttled, never per frame. */
  'viewport.follow': z.object({ state: ViewportStateSchema }).strict(),
  /** Laser pointer in world coordinates; null hides it. */
  'pointer.move': z
    .object({
      point: Vec3Schema.nullable(),
      viewportId: z.string().min(1).max(64).optional(),
      frameOfReferenceUID: UidSchema.optional(),
    })
    .strict(),
  'control.request': z.object({}).strict(),
  /** By the presenter or a host: hand control to `participantId` (a host may grant it to itself to take it back). */
  'control.grant': z.object({ participantId: z.uuid() }).strict(),
  'control.release': z.object({}).strict(),
  /** y-protocols sync frame (step 1, step 2 or update). */
  'yjs.sync': BinaryFrameSchema,
  /** A raw Yjs update (as `Y.Doc` emits it). */
  'yjs.update': BinaryFrameSchema,
  /** A y-protocols awareness frame, relayed as is. */
  'awareness.update': BinaryFrameSchema,
  /** Enter the video call with these devices. */
  'media.join': MediaStateSchema,
  /** Muted, camera off, screen shared: the whole state, as the others should show it. */
  'media.update': MediaStateSchema,
  'media.leave': z.object({}).strict(),
  /** Peer-to-peer offer, answer or candidate for one participant in the call. */
  'media.signal': PeerSignalSchema,
  /** The participant's own publication offer, or an answer for a subscription, for the SFU. */
  'media.sfu': SfuSignalSchema,
} as const;

export type ClientMessageType = keyof typeof ClientMessageSchemas;
export type ClientMessage<T extends ClientMessageType> = z.infer<(typeof ClientMessageSchemas)[T]>;

export function isClientMessageType(name: string): name is ClientMessageType {
  return Object.hasOwn(ClientMessageSchemas, name);
}

/** The answer to every client message that asked for an acknowledgement. */
export type Ack = { ok: true } | { ok: false; code: string; reason: string };

export interface PointerMoved {
  participantId: string;
  point: Vec3 | null;
  viewportId?: string | undefined;
  frameOfReferenceUID?: string | undefined;
}

export interface SessionWelcome {
  protocolVersion: number;
  sessionId: string;
  studyInstanceUIDs: string[];
  title: string;
  participantId: string;
  participants: Participant[];
  presenterId: string | null;
  /** The presenter's last viewport state, so a newcomer or re-syncing follower starts there. */
  followState: ViewportState | null;
  media: MediaSettings;
}

/** A peer's offer, answer or candidate, for the recipient's connection to `from`'s call `fromCallId`. */
export interface PeerSignalReceived {
  from: string;
  fromCallId: string;
  description?: SessionDescription | undefined;
  candidate?: IceCandidate | null | undefined;
}

/** Server → client events (socket.io typing). */
export interface RealtimeServerEvents {
  'session.welcome': (welcome: SessionWelcome) => void;
  'presence.joined': (event: { participant: Participant }) => void;
  'presence.updated': (event: { participant: Participant }) => void;
  'presence.left': (event: { participantId: string }) => void;
  'viewport.follow': (event: { participantId: string; state: ViewportState }) => void;
  'pointer.move': (event: PointerMoved) => void;
  'control.changed': (event: { presenterId: string | null }) => void;
  'control.requested': (event: { participantId: string }) => void;
  'yjs.sync': (frame: Uint8Array) => void;
  'yjs.update': (update: Uint8Array) => void;
  'awareness.update': (frame: Uint8Array) => void;
  /** The call moved between peer-to-peer and the SFU (or its limits changed). */
  'media.settings': (settings: MediaSettings) => void;
  'media.signal': (signal: PeerSignalReceived) => void;
  /** From the SFU: the answer to the participant's publication ('self'), or the offer of a subscription to `feed`. */
  'media.sfu': (signal: { feed: string; description: SessionDescription }) => void;
  /** A message sent without an ack callback was refused. */
  'message.refused': (event: { type: string; code: string; reason: string }) => void;
}
