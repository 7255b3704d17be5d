import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import type { Logger } from '../logger.js';
import type { Fanout, FanoutEvent, FanoutHandler } from './Fanout.js';
import { decodeFanoutEvent, encodeFanoutEvent } from './fanoutCodec.js';

/**
 * Session fan-out over core NATS (at most once, no stream): Yjs updates on
 * `session.<id>.yjs.v1`, everything else on `session.<id>.room.v1`. Durability
 * is the database's job — an update is persisted before it is published — and
 * a process that misses a message catches up when its clients resync.
 * `noEcho` keeps a process from hearing itself.
 */
export class NatsFanout implements Fanout {
  readonly kind = 'nats' as const;
  readonly #subscriptions = new Set<Subscription>();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly log: Logger,
  ) {}

  static async connect(options: { url: string; logger: Logger; connectTimeoutMs?: number }): Promise<NatsFanout> {
    const log = options.logger.child({ fanout: 'nats' });
    const timeout = options.connectTimeoutMs ?? 3_000;
    try {
      const nc = await connect({ servers: options.url, timeout, name: 'consilium-realtime', noEcho: true, maxReconnectAttempts: -1 });
      log.info('connected to NATS');
      return new NatsFanout(nc, log);
    } catch (error) {
      throw new Error(`Cannot connect to NATS within ${timeout} ms: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }

  publish(sessionId: string, event: FanoutEvent): void {
    const subject = `session.${sessionId}.${event.kind === 'yjs.update' ? 'yjs' : 'room'}.v1`;
    try {
      this.nc.publish(subject, encodeFanoutEvent(event));
    } catch (error) {
      // Closed or draining connection: the other processes resync through their clients.
      this.log.warn({ err: error, subject }, 'could not publish to NATS');
    }
  }

  subscribe(sessionId: string, handler: FanoutHandler): () => void {
    const subscription = this.nc.subscribe(`session.${sessionId}.*.v1`, {
      callback: (error, message) => {
        if (error) {
          this.log.warn({ err: error, sessionId }, 'NATS subscription error');
          return;
        }
        const event = decodeFanoutEvent(message.data);
        if (event) handler(event);
        else this.log.warn({ subject: message.subject }, 'unreadable fan-out message dropped');
      },
    });
    this.#subscriptions.add(subscription);
    return () => {
      this.#subscriptions.delete(subscription);
      subscription.unsubscribe();
    };
  }

  async close(): Promise<void> {
    if (this.nc.isClosed()) return;
    for (const s of this.#subscriptions) s.unsubscribe();
    this.#subscriptions.clear();
    await this.nc.drain();
  }
}
