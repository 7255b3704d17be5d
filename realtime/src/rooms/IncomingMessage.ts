import type { ClientMessage, ClientMessageType } from '@consilium/shared';

/** A client message after validation: its type and parsed payload, as a discriminated union. */
export type IncomingMessage = { [T in ClientMessageType]: { type: T; payload: ClientMessage<T> } }[ClientMessageType];
