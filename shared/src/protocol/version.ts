/**
 * Version of the socket protocol between viewer and realtime. Bump it on any
 * change a peer of the previous version would misread; the handshake refuses a
 * mismatch with a clear reason instead of letting both sides half-work
 * (tldraw's sync-core does the same with TLSYNC_PROTOCOL_VERSION).
 */
export const REALTIME_PROTOCOL_VERSION = 1;

/** Largest JSON message (as serialised) a client may send. */
export const MAX_JSON_MESSAGE_BYTES = 16 * 1024;

/**
 * Largest binary y-protocols frame (Yjs sync/update, awareness) a client may send.
 * Larger frames are refused with PayloadTooLarge; frames beyond the transport
 * limit (twice this) close the offending connection only.
 */
export const MAX_BINARY_FRAME_BYTES = 512 * 1024;

/** Pointer updates fanned out per participant per second, at most. */
export const MAX_POINTER_UPDATES_PER_S = 30;
