import { z } from 'zod';

/**
 * Video consults inside a session. Who is in the call, with which devices, is
 * part of each participant's presence (so it reaches every realtime process
 * like the rest of presence); offers, answers and ICE candidates are relayed
 * to one peer (peer-to-peer) or handed to the SFU by the realtime service,
 * which alone speaks to the SFU (browsers never reach its API).
 */

/** Participants in a call before the room moves to the SFU (when one is configured). */
export const DEFAULT_P2P_LIMIT = 4;

export const MediaTopologySchema = z.enum(['p2p', 'sfu']);
export type MediaTopology = z.infer<typeof MediaTopologySchema>;

/** A participant's devices as the others should show them. */
export const MediaStateSchema = z
  .object({
    /** 'none': joined without a microphone (no device, or permission refused). */
    microphone: z.enum(['on', 'muted', 'none']),
    camera: z.enum(['on', 'off', 'none']),
    /** Sharing a screen instead of the camera picture. */
    screen: z.boolean(),
  })
  .strict();
export type MediaState = z.infer<typeof MediaStateSchema>;

/** In a participant's presence while in the call. `callId` is new on every join: peers key connections by it. */
export const MediaPresenceSchema = MediaStateSchema.extend({ callId: z.uuid() });
export type MediaPresence = z.infer<typeof MediaPresenceSchema>;

/** An SDP offer or answer (RTCSessionDescriptionInit). */
export const SessionDescriptionSchema = z
  .object({
    type: z.enum(['offer', 'answer']),
    sdp: z.string().min(1).max(15_000),
  })
  .strict();
export type SessionDescription = z.infer<typeof SessionDescriptionSchema>;

/** An ICE candidate (RTCIceCandidateInit); null ends the candidates. */
export const IceCandidateSchema = z
  .object({
    candidate: z.string().max(1024),
    sdpMid: z.string().max(64).nullable().optional(),
    sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
    usernameFragment: z.string().max(256).nullable().optional(),
  })
  .strict();
export type IceCandidate = z.infer<typeof IceCandidateSchema>;

/** Peer-to-peer: to one participant in the call, for the connection of `callId` (theirs). */
export const PeerSignalSchema = z
  .object({
    to: z.uuid(),
    /** The recipient's callId this is meant for: a signal for an earlier call of theirs is dropped. */
    callId: z.uuid(),
    description: SessionDescriptionSchema.optional(),
    candidate: IceCandidateSchema.nullable().optional(),
  })
  .strict()
  .refine((s) => s.description !== undefined || s.candidate !== undefined, 'a description or a candidate');
export type PeerSignal = z.infer<typeof PeerSignalSchema>;

/**
 * SFU: `feed` 'self' is the participant's own publication (they send the offer,
 * the SFU answers); a participant id is their subscription to that participant's
 * feed (the SFU offers, they answer). ICE candidates go in the SDP (gathered first).
 */
export const SfuSignalSchema = z
  .object({
    feed: z.union([z.literal('self'), z.uuid()]),
    description: SessionDescriptionSchema,
  })
  .strict();
export type SfuSignal = z.infer<typeof SfuSignalSchema>;

/** RTCIceServer, from the realtime service's configuration. */
export const IceServerSchema = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof IceServerSchema>;

/** What a participant learns of the call on joining the session, and again whenever it changes. */
export interface MediaSettings {
  topology: MediaTopology;
  iceServers: IceServer[];
  /** Largest call: the peer-to-peer limit without an SFU, the SFU's room size with one. */
  maxParticipants: number;
}
