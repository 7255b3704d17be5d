import type { Consumer, ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { SubjectName } from '@consilium/shared';
import type { Logger } from '../logger.js';
import type { BusSubscription } from './Bus.js';
import { validatePayload } from './validatePayload.js';

/** Longest pause before a failed event is redelivered. */
const MAX_REDELIVERY_DELAY_MS = 60_000;
/** Events pulled ahead of the handler; small, since each waits its turn against ack_wait. */
const DURABLE_PREFETCH_MESSAGES = 16;

export interface NatsSubscriptionOptions {
  subject: SubjectName;
  consumer: Consumer;
  /** Durable consumers ack, nak and term; ordered (ephemeral) ones have no acks. */
  durable: boolean;
  handler: (payload: unknown) => void | Promise<void>;
  log: Logger;
  maxDeliver: number;
  ackWaitMs: number;
  /** First redelivery delay after a handler failure; doubles with each attempt. */
  redeliveryDelayMs: number;
}

/**
 * Feeds one JetStream consumer to one handler, one event at a time. Durable: ack
 * after the handler succeeds, nak with backoff when it fails, term when the event
 * is invalid or out of attempts. Ordered: a failed handler is logged and the
 * stream moves on (nothing to redeliver to).
 */
export class NatsSubscription implements BusSubscription {
  #stopped = false;
  readonly #done: Promise<void>;

  private constructor(
    private readonly options: NatsSubscriptionOptions,
    private readonly messages: ConsumerMessages,
  ) {
    this.#done = this.#loop();
  }

  static async start(options: NatsSubscriptionOptions): Promise<NatsSubscription> {
    const messages = await options.consumer.consume(
      options.durable ? { max_messages: DURABLE_PREFETCH_MESSAGES } : {},
    );
    return new NatsSubscription(options, messages);
  }

  /** Stops delivery without waiting, so a handler may unsubscribe itself. */
  async unsubscribe(): Promise<void> {
    this.#stop();
    if (!this.options.durable) await this.#deleteEphemeral();
  }

  /** Stops delivery and waits for the running handler (used by `Bus.close`). */
  async stopAndWait(): Promise<void> {
    this.#stop();
    await this.#done;
    if (!this.options.durable) await this.#deleteEphemeral();
  }

  #stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.messages.stop();
  }

  async #deleteEphemeral(): Promise<void> {
    // The server removes it after its inactivity threshold anyway; this is tidiness.
    await this.options.consumer.delete().catch(() => undefined);
  }

  async #loop(): Promise<void> {
    try {
      for await (const msg of this.messages) {
        if (this.#stopped) {
          // Pulled but not handled: hand it straight back to other subscribers.
          if (this.options.durable) msg.nak();
          continue;
        }
        await this.#deliver(msg);
      }
    } catch (error) {
      if (!this.#stopped) this.options.log.error({ err: error }, 'event subscription stopped');
    }
  }

  async #deliver(msg: JsMsg): Promise<void> {
    const { durable, handler, log, subject } = this.options;
    const payload = this.#decode(msg);
    if (payload === undefined) {
      // No reason text: nats-server 2.9 ignores `+TERM <reason>` and would redeliver.
      if (durable) msg.term();
      return;
    }
    const keepAliveMs = Math.max(1_000, this.options.ackWaitMs / 2);
    const keepAlive = durable ? setInterval(() => msg.working(), keepAliveMs) : undefined;
    try {
      await handler(payload.value);
      if (durable) msg.ack();
    } catch (error) {
      const context = { err: error, subject, streamSeq: msg.seq, delivery: msg.info.deliveryCount };
      if (!durable) {
        log.error(context, 'event handler failed');
      } else if (msg.info.deliveryCount >= this.options.maxDeliver) {
        log.error(context, 'event handler failed on the last allowed delivery; dropping the event');
        msg.term();
      } else {
        const delayMs = Math.min(
          this.options.redeliveryDelayMs * 2 ** (msg.info.deliveryCount - 1),
          MAX_REDELIVERY_DELAY_MS,
        );
        log.warn({ ...context, redeliveryDelayMs: delayMs }, 'event handler failed; will redeliver');
        msg.nak(delayMs);
      }
    } finally {
      clearInterval(keepAlive);
    }
  }

  /** The validated payload, or undefined (logged) for an event that is not one. */
  #decode(msg: JsMsg): { value: unknown } | undefined {
    const { log, subject } = this.options;
    let data: unknown;
    try {
      data = msg.json();
    } catch {
      log.warn({ subject, streamSeq: msg.seq, issues: 'not JSON' }, 'dropping invalid event');
      return undefined;
    }
    const result = validatePayload(subject, data);
    if (!result.ok) {
      log.warn({ subject, streamSeq: msg.seq, issues: result.error }, 'dropping invalid event');
      return undefined;
    }
    return { value: result.value };
  }
}
