import { z } from 'zod';

/** A session id is a UUID: safe in URLs, room names and NATS subjects. */
export const SessionIdSchema = z.uuid();

/** DICOM UID (PS3.5 9.1): digits and dots, at most 64 characters. */
export const UidSchema = z
  .string()
  .regex(/^[0-9]+(\.[0-9]+)*$/)
  .max(64);

export const ParticipantRoleSchema = z.enum(['host', 'participant', 'viewer']);
export type ParticipantRole = z.infer<typeof ParticipantRoleSchema>;

/** CSS hex colour of a participant's pointer and name tag. */
export const ColourSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/);

/**
 * The socket.io `auth` payload of a connection. `protocolVersion` is checked
 * first so an old client gets a version reason, not a schema error.
 * `participantId` is chosen by the client and kept across reconnects, so a
 * reloaded page resumes its place instead of appearing twice.
 */
export const HandshakeSchema = z.object({
  protocolVersion: z.number().int(),
  sessionId: SessionIdSchema,
  /** The join token from the session link, or the host token of its creator. */
  token: z.string().min(16).max(128),
  name: z.string().trim().min(1).max(64),
  participantId: z.uuid().optional(),
  /** Asked-for role; the host role comes only with the host token. */
  role: z.enum(['participant', 'viewer']).default('participant'),
  colour: ColourSchema.optional(),
  /** The signed-in user's service token (the web app's /api/auth/token): who is behind the participant. */
  serviceToken: z.string().max(4096).optional(),
});
export type Handshake = z.infer<typeof HandshakeSchema>;
export type HandshakeInput = z.input<typeof HandshakeSchema>;

/** What a refused connection carries in `connect_error`'s `data`. */
export interface ConnectRefusal {
  code: 'ProtocolVersionMismatch' | 'MalformedMessage' | 'Unauthorized' | 'Forbidden' | 'NotFound' | 'ProcessingFailure';
  reason: string;
  serverProtocolVersion: number;
}

/** REST body of `POST /api/sessions`. */
export const SessionCreateRequestSchema = z.object({
  studyInstanceUIDs: z.array(UidSchema).min(1).max(20),
  title: z.string().trim().max(200).default(''),
});
export type SessionCreateRequest = z.input<typeof SessionCreateRequestSchema>;

export interface SessionCreated {
  sessionId: string;
  studyInstanceUIDs: string[];
  title: string;
  /** Goes into the join link; joins as participant or viewer. */
  joinToken: string;
  /** Kept by the creator; joins as host. */
  hostToken: string;
}
