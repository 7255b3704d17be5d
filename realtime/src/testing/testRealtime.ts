import { loadConfig } from '../config.js';
import { type Realtime, createRealtime } from '../createRealtime.js';
import type { Database } from '../db/openDatabase.js';
import type { Fanout } from '../fanout/Fanout.js';
import { createLogger } from '../logger.js';

export interface TestRealtime {
  realtime: Realtime;
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A realtime server on 127.0.0.1 port 0 over a database the test owns, with
 * short grace and idle timeouts so presence changes happen within a test.
 */
export async function startTestRealtime(options: {
  database: Database;
  dataDir: string;
  env?: Record<string, string>;
  fanout?: Fanout;
  natsUrl?: string;
}): Promise<TestRealtime> {
  // The distributed configuration: PostgreSQL together with NATS when the machine has it.
  const natsUrl = options.natsUrl ?? (options.database.kind === 'postgres' ? process.env.NATS_URL : undefined);
  const config = loadConfig({
    CONSILIUM_DATA_DIR: options.dataDir,
    CONSILIUM_HOST: '127.0.0.1',
    REALTIME_PORT: '0',
    REALTIME_RECONNECT_GRACE_MS: '300',
    REALTIME_ROOM_IDLE_TIMEOUT_MS: '1000',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Suites of other layers join with session tokens only; serviceTokens.int.test.ts turns verification on.
    REALTIME_AUTH: 'off',
    ...(natsUrl ? { NATS_URL: natsUrl } : {}),
    ...options.env,
  });
  const realtime = await createRealtime(config, createLogger(config.logLevel), {
    database: options.database,
    ...(options.fanout ? { fanout: options.fanout } : {}),
  });
  const { url, port } = await realtime.listen();
  return { realtime, url, port, close: () => realtime.close() };
}
