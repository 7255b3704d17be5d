import { setImmediate } from 'node:timers';
import { EventSchemas, type EventPayload, type SubjectName } from '@consilium/shared';
import type { Logger } from '../logger.js';
import type { Bus, BusHandler, BusSubscription, SubscribeOptions } from './Bus.js';
import { requireValidPayload } from './validatePayload.js';

/**
 * One subscription: a queue that feeds its handler one event at a time, so a
 * subscriber sees events in publish order as it would on NATS.
 */
class InProcessSubscriber {
  active = true;
  #tail: Promise<void> = Promise.resolve();

  constructor(
    readonly subject: SubjectName,
    private readonly handler: (payload: unknown) => void | Promise<void>,
    private readonly log: Logger,
  ) {}

  enqueue(payload: unknown): void {
    this.#tail = this.#tail.then(() => this.#run(payload));
  }

  /** Resolves when every queued event has been handled. */
  idle(): Promise<void> {
    return this.#tail;
  }

  async #run(payload: unknown): Promise<void> {
    if (!this.active) return;
    try {
      // A copy per handler, as a wire would give: one handler's mutation is not another's input.
      await this.handler(structuredClone(payload));
    } catch (error) {
      this.log.error({ err: error, subject: this.subject }, 'event handler failed');
    }
  }
}

/**
 * The embedded default bus: no broker, nothing persisted. Handlers run on a later
 * turn of the event loop (after `publish` has resolved, never on the publisher's
 * stack), and a failing handler is logged without touching the publisher or
 * other handlers. `durableName` is accepted and ignored: there is no process to
 * outlive.
 */
export class InProcessBus implements Bus {
  readonly kind = 'in-process' as const;
  readonly #log: Logger;
  readonly #subscribers = new Map<SubjectName, Set<InProcessSubscriber>>();
  #closed = false;

  constructor(logger: Logger) {
    this.#log = logger.child({ bus: 'in-process' });
  }

  async publish<S extends SubjectName>(subject: S, payload: EventPayload<S>): Promise<void> {
    if (this.#closed) throw new Error(`Cannot publish ${subject}: the bus is closed`);
    const event = requireValidPayload(subject, payload);
    const targets = [...(this.#subscribers.get(subject) ?? [])];
    if (targets.length === 0) return;
    setImmediate(() => {
      for (const target of targets) target.enqueue(event);
    });
  }

  async subscribe<S extends SubjectName>(
    subject: S,
    handler: BusHandler<S>,
    _options?: SubscribeOptions,
  ): Promise<BusSubscription> {
    if (this.#closed) throw new Error(`Cannot subscribe to ${subject}: the bus is closed`);
    if (!Object.hasOwn(EventSchemas, subject)) throw new Error(`Unknown bus subject ${String(subject)}`);
    // Events were validated on publish; the queue only carries this subject's payloads.
    const untyped = handler as (payload: unknown) => void | Promise<void>;
    const subscriber = new InProcessSubscriber(subject, untyped, this.#log);
    let set = this.#subscribers.get(subject);
    if (set === undefined) {
      set = new Set();
      this.#subscribers.set(subject, set);
    }
    set.add(subscriber);
    return {
      unsubscribe: async () => {
        subscriber.active = false;
        this.#subscribers.get(subject)?.delete(subscriber);
      },
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Dispatches already scheduled run first (immediates are FIFO); then drain the queues.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const subscribers = [...this.#subscribers.values()].flatMap((set) => [...set]);
    await Promise.all(subscribers.map((s) => s.idle()));
    for (const s of subscribers) s.active = false;
    this.#subscribers.clear();
  }
}
