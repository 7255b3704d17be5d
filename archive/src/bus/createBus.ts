import type { Logger } from '../logger.js';
import type { Bus } from './Bus.js';
import { InProcessBus } from './InProcessBus.js';
import { NatsBus } from './NatsBus.js';

export interface CreateBusOptions {
  /** `nats://` URL; without one the archive runs on the embedded in-process bus. */
  natsUrl?: string | undefined;
  logger: Logger;
  /** JetStream stream name; default `CONSILIUM_ARCHIVE`. */
  streamName?: string;
  /** Wire-subject prefix for deployments sharing one NATS server; default none. */
  subjectPrefix?: string;
  /** How long the stream keeps events; default 7 days. */
  streamMaxAgeMs?: number;
  /** How long to try reaching NATS before failing start-up; default 3 s. */
  connectTimeoutMs?: number;
}

/**
 * Picks the bus from configuration: NATS JetStream when a URL is configured
 * (start-up fails with a readable error if it is unreachable: an archive that
 * silently dropped to in-process events would strand other services), else the
 * embedded in-process bus.
 */
export async function createBus(options: CreateBusOptions): Promise<Bus> {
  const { natsUrl, logger, ...nats } = options;
  if (natsUrl === undefined || natsUrl === '') return new InProcessBus(logger);
  return NatsBus.connect({ url: natsUrl, logger, ...nats });
}
