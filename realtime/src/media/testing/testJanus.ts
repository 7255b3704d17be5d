import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type JanusServer, startJanusServer } from '../janus/janusServer.js';

let available: boolean | undefined;

/** Debian's janus (`apt-get install -y janus`, as .ci/run does). */
export function hasJanus(): boolean {
  available ??= spawnSync('janus', ['--help'], { stdio: 'ignore' }).status === 0;
  return available;
}

export async function freeTcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface TestJanus extends JanusServer {
  apiSecret: string;
  adminKey: string;
  /** The realtime service's environment for this Janus. */
  env: Record<string, string>;
}

/** Janus on a free port with fresh secrets, ICE on loopback only, in a scratch directory. */
export async function startTestJanus(): Promise<TestJanus> {
  const configDir = await mkdtemp(path.join(os.tmpdir(), 'consilium-janus-'));
  const apiSecret = randomBytes(18).toString('base64url');
  const adminKey = randomBytes(18).toString('base64url');
  const server = await startJanusServer({ configDir, port: await freeTcpPort(), apiSecret, adminKey, iceInterfaces: 'lo', debugLevel: 3 });
  return {
    ...server,
    apiSecret,
    adminKey,
    env: { JANUS_URL: server.url, JANUS_API_SECRET: apiSecret, JANUS_ADMIN_KEY: adminKey },
    async stop() {
      await server.stop();
      await rm(configDir, { recursive: true, force: true });
    },
  };
}
