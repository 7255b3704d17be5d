/**
 * A realtime server in its own process for the benchmark: configuration from
 * the environment, port on stdout, and on IPC request its memory and CPU use
 * (after a full GC when started with --expose-gc).
 */
import { loadConfig } from '../config.js';
import { createRealtime } from '../createRealtime.js';
import { createLogger } from '../logger.js';

const config = loadConfig();
const realtime = await createRealtime(config, createLogger(config.logLevel));
const { port } = await realtime.listen();
process.send?.({ type: 'ready', port });

process.on('message', (message: { type: string }) => {
  if (message.type === 'usage') {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    process.send?.({ type: 'usage', memory: process.memoryUsage(), cpu: process.cpuUsage() });
  } else if (message.type === 'stop') {
    void realtime.close().then(() => process.exit(0));
  }
});
