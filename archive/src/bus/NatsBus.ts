import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  jetstream,
  jetstreamManager,
  type Consumer,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { EventSchemas, type EventPayload, type SubjectName } from '@consilium/shared';
import type { Logger } from '../logger.js';
import type { Bus, BusHandler, BusSubscription, SubscribeOptions } from './Bus.js';
import { ensureStream, isApiError } from './ensureStream.js';
import { NatsSubscription } from './NatsSubscription.js';
import { requireValidPayload } from './validatePayload.js';

export const DEFAULT_STREAM_NAME = 'CONSILIUM_ARCHIVE';
/** Every archive subject (`archive.instance.stored.v1`, ...) lives under this filter. */
const ARCHIVE_SUBJECTS = 'archive.>';
const DAY_MS = 24 * 60 * 60 * 1000;
const SUBJECT_PREFIX = /^$|^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

export interface NatsBusOptions {
  url: string;
  logger: Logger;
  /** JetStream stream holding the events; default `CONSILIUM_ARCHIVE`. */
  streamName?: string;
  /**
   * Prepended (with a dot) to every subject on the wire. Two streams cannot
   * capture the same subjects, so deployments (or test runs) sharing one NATS
   * server each need their own prefix. Default none.
   */
  subjectPrefix?: string;
  /** How long the stream keeps events; default 7 days. */
  streamMaxAgeMs?: number;
  /** Give up connecting after this long; default 3 s. */
  connectTimeoutMs?: number;
  /** Deliveries of one event to a durable subscriber before it is dropped; default 5. */
  maxDeliver?: number;
  /** How long a durable delivery may stay unacknowledged; handlers extend it while running. Default 30 s. */
  ackWaitMs?: number;
  /** First redelivery delay after a failed handler, doubling per attempt; default 1 s. */
  redeliveryDelayMs?: number;
}

/**
 * The bus on NATS JetStream, for archives running as more than one process.
 * Events are stored in a file-backed stream before `publish` resolves, so a
 * subscriber that is down receives them when it returns (durable subscriptions).
 */
export class NatsBus implements Bus {
  readonly kind = 'nats' as const;
  readonly #subscriptions = new Set<NatsSubscription>();
  #closed = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly log: Logger,
    private readonly settings: Required<Omit<NatsBusOptions, 'logger' | 'url' | 'connectTimeoutMs'>>,
  ) {}

  /** Connects, makes sure the stream exists, and fails with a readable message otherwise. */
  static async connect(options: NatsBusOptions): Promise<NatsBus> {
    const log = options.logger.child({ bus: 'nats' });
    if (options.subjectPrefix !== undefined && !SUBJECT_PREFIX.test(options.subjectPrefix)) {
      throw new Error(`Invalid NATS subject prefix "${options.subjectPrefix}": use dot-separated words, no wildcards`);
    }
    const where = redactUrl(options.url);
    const timeoutMs = options.connectTimeoutMs ?? 3_000;
    let nc: NatsConnection;
    try {
      nc = await connect({
        servers: options.url,
        timeout: timeoutMs,
        name: 'consilium-archive',
        // Once up, ride out NATS restarts instead of giving up after a few tries.
        maxReconnectAttempts: -1,
      });
    } catch (error) {
      const reason = describe(error);
      throw new Error(`Cannot connect to NATS at ${where} within ${timeoutMs} ms: ${reason}`, { cause: error });
    }
    const settings = {
      streamName: options.streamName ?? DEFAULT_STREAM_NAME,
      subjectPrefix: options.subjectPrefix ?? '',
      streamMaxAgeMs: options.streamMaxAgeMs ?? 7 * DAY_MS,
      maxDeliver: options.maxDeliver ?? 5,
      ackWaitMs: options.ackWaitMs ?? 30_000,
      redeliveryDelayMs: options.redeliveryDelayMs ?? 1_000,
    };
    try {
      const jsm = await jetstreamManager(nc, { timeout: timeoutMs });
      const bus = new NatsBus(nc, jetstream(nc), jsm, log, settings);
      await ensureStream(
        jsm,
        { name: settings.streamName, subjects: bus.#wire(ARCHIVE_SUBJECTS), maxAgeMs: settings.streamMaxAgeMs },
        log,
      );
      bus.#watchStatus();
      log.info({ server: where, stream: settings.streamName }, 'connected to NATS');
      return bus;
    } catch (error) {
      await nc.close();
      throw new Error(`NATS at ${where} is not usable as the event bus: ${describe(error)}`, { cause: error });
    }
  }

  async publish<S extends SubjectName>(subject: S, payload: EventPayload<S>): Promise<void> {
    if (this.#closed) throw new Error(`Cannot publish ${subject}: the bus is closed`);
    const event = requireValidPayload(subject, payload);
    await this.js.publish(this.#wire(subject), JSON.stringify(event), {
      expect: { streamName: this.settings.streamName },
    });
  }

  async subscribe<S extends SubjectName>(
    subject: S,
    handler: BusHandler<S>,
    options?: SubscribeOptions,
  ): Promise<BusSubscription> {
    if (this.#closed) throw new Error(`Cannot subscribe to ${subject}: the bus is closed`);
    if (!Object.hasOwn(EventSchemas, subject)) throw new Error(`Unknown bus subject ${String(subject)}`);
    const durableName = options?.durableName;
    const consumer =
      durableName === undefined
        ? await this.#orderedConsumer(subject)
        : await this.#durableConsumer(subject, durableName);
    const subscription = await NatsSubscription.start({
      subject,
      consumer,
      durable: durableName !== undefined,
      // NatsSubscription validates each payload against `subject` before calling.
      handler: handler as (payload: unknown) => void | Promise<void>,
      log: durableName === undefined ? this.log : this.log.child({ durableName }),
      maxDeliver: this.settings.maxDeliver,
      ackWaitMs: this.settings.ackWaitMs,
      redeliveryDelayMs: this.settings.redeliveryDelayMs,
    });
    this.#subscriptions.add(subscription);
    return {
      unsubscribe: async () => {
        this.#subscriptions.delete(subscription);
        await subscription.unsubscribe();
      },
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Let running handlers finish and ack before the connection drains and closes.
    await Promise.all([...this.#subscriptions].map((s) => s.stopAndWait()));
    this.#subscriptions.clear();
    await this.nc.drain();
  }

  /** Live events only, from now on: no acks, nothing kept after unsubscribe. */
  async #orderedConsumer(subject: SubjectName): Promise<Consumer> {
    return this.js.consumers.get(this.settings.streamName, {
      filter_subjects: this.#wire(subject),
      deliver_policy: DeliverPolicy.New,
    });
  }

  /**
   * A durable consumer is created once and then outlives every process: it
   * remembers what was acknowledged. A new one starts at the oldest event the
   * stream still holds, so events published before its first subscriber
   * started are not lost (handlers are idempotent anyway).
   */
  async #durableConsumer(subject: SubjectName, durableName: string): Promise<Consumer> {
    const { streamName } = this.settings;
    const filter = this.#wire(subject);
    const existing = await this.jsm.consumers.info(streamName, durableName).catch((error: unknown) => {
      if (isApiError(error, JetStreamApiCodes.ConsumerNotFound)) return undefined;
      throw error;
    });
    if (existing !== undefined && existing.config.filter_subject !== filter) {
      throw new Error(
        `Durable subscription ${durableName} already exists for ` +
          `${existing.config.filter_subject ?? 'all subjects'}; use one durable name per subject`,
      );
    }
    if (existing === undefined) {
      await this.jsm.consumers.add(streamName, {
        durable_name: durableName,
        filter_subject: filter,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(this.settings.ackWaitMs),
        max_deliver: this.settings.maxDeliver,
      });
      this.log.info({ stream: streamName, durableName, subject }, 'created durable NATS consumer');
    }
    return this.js.consumers.get(streamName, durableName);
  }

  #wire(subject: string): string {
    return this.settings.subjectPrefix === '' ? subject : `${this.settings.subjectPrefix}.${subject}`;
  }

  /** Logs connection trouble; the client reconnects on its own. */
  #watchStatus(): void {
    void (async () => {
      for await (const status of this.nc.status()) {
        if (status.type === 'disconnect' || status.type === 'reconnect') {
          this.log.warn({ event: status.type, server: status.server }, 'NATS connection status');
        } else if (status.type === 'error') {
          this.log.error({ err: status.error }, 'NATS connection error');
        }
      }
    })();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Credentials in a URL never reach a log line or an error message. */
function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//[redacted]@');
}
