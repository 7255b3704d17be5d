import type { EventPayload, SubjectName } from '@consilium/shared';

/** Receives one validated event; a rejection counts as a failed delivery. */
export type BusHandler<S extends SubjectName> = (payload: EventPayload<S>) => void | Promise<void>;

export interface SubscribeOptions {
  /**
   * Name of a durable subscription. On NATS it names a JetStream durable consumer:
   * events published while no subscriber runs are delivered when one resubscribes,
   * and every process subscribing with the same name shares the work. The
   * in-process bus has no persistence and ignores it.
   */
  durableName?: string;
}

export interface BusSubscription {
  /** Stops delivery; a handler already running finishes on its own. */
  unsubscribe(): Promise<void>;
}

/**
 * The archive's event bus: typed, versioned subjects from `@consilium/shared`.
 * Both ends validate against the subject's zod schema: `publish` throws on an
 * invalid payload (a bug in the publisher), subscribers drop invalid incoming
 * events with a warning (they may come from another process or version).
 * Delivery is at least once; handlers must be idempotent.
 */
export interface Bus {
  readonly kind: 'in-process' | 'nats';
  /** Resolves once the event is accepted (on NATS: stored by JetStream). */
  publish<S extends SubjectName>(subject: S, payload: EventPayload<S>): Promise<void>;
  /** Events of one subscription reach its handler one at a time, in publish order. */
  subscribe<S extends SubjectName>(
    subject: S,
    handler: BusHandler<S>,
    options?: SubscribeOptions,
  ): Promise<BusSubscription>;
  /**
   * Stops all subscriptions, waits for running handlers, then releases the
   * transport. Do not await it from inside a handler.
   */
  close(): Promise<void>;
}
