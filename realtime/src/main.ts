import { loadConfig } from './config.js';
import { createRealtime } from './createRealtime.js';
import { createLogger } from './logger.js';

/** Entry point: configuration from the environment, then listen until SIGINT/SIGTERM. */
const config = loadConfig();
const logger = createLogger(config.logLevel);
const realtime = await createRealtime(config, logger);
const { url } = await realtime.listen();
process.stdout.write(`\nConsilium realtime ready\n  socket.io: ${url}\n  sessions:  ${url}/api/sessions\n\n`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping');
  await realtime.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
