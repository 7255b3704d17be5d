/**
 * `npm run janus -w realtime`: starts Debian's Janus as Consilium's SFU with
 * the configuration of janusServer.ts, for the realtime service to drive.
 * The same JANUS_API_SECRET and JANUS_ADMIN_KEY go to the realtime service,
 * with JANUS_URL=ws://127.0.0.1:<JANUS_PORT>.
 */
import path from 'node:path';
import { startJanusServer } from './janusServer.js';

const env = process.env;
const apiSecret = env.JANUS_API_SECRET;
const adminKey = env.JANUS_ADMIN_KEY;
if (!apiSecret || !adminKey) {
  console.error('Set JANUS_API_SECRET and JANUS_ADMIN_KEY (long random strings; the realtime service needs the same).');
  process.exit(2);
}
const port = Number(env.JANUS_PORT ?? 8188);
const server = await startJanusServer({
  configDir: path.resolve(env.CONSILIUM_DATA_DIR ?? './data', 'janus'),
  port,
  apiSecret,
  adminKey,
  iceInterfaces: env.JANUS_ICE_INTERFACES,
  rtpPortRange: env.JANUS_RTP_PORT_RANGE,
  debugLevel: env.JANUS_DEBUG_LEVEL ? Number(env.JANUS_DEBUG_LEVEL) : 3,
});
process.stdout.write(`Janus ready for Consilium: JANUS_URL=${server.url} (pid ${server.pid})\n`);
const stop = () => void server.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
