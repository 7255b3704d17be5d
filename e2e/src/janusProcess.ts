import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@consilium/archive/testing/freePort';

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../realtime/dist/media/janus/janusMain.js');

let installed: boolean | undefined;

/** Debian's janus (`apt-get install -y janus`, as .ci/run does). */
export function hasJanus(): boolean {
  installed ??= spawnSync('janus', ['--help'], { stdio: 'ignore' }).status === 0;
  return installed;
}

export interface JanusProcess {
  /** The realtime service's settings for this Janus. */
  env: Record<string, string>;
  /** Janus' own process (for CPU figures). */
  janusPid: number;
  stop(): Promise<void>;
}

/**
 * Janus as an installation runs it: `npm run janus -w realtime` (the built
 * realtime/dist/media/janus/janusMain.js) with fresh secrets on a free port,
 * ICE on loopback (browsers and Janus share this machine).
 */
export async function startJanusProcess(dataDir: string): Promise<JanusProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" first`);
  const port = await freePort();
  const env = { JANUS_URL: `ws://127.0.0.1:${port}`, JANUS_API_SECRET: randomBytes(18).toString('base64url'), JANUS_ADMIN_KEY: randomBytes(18).toString('base64url') };
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: { ...process.env, ...env, JANUS_PORT: String(port), JANUS_ICE_INTERFACES: 'lo', CONSILIUM_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const janusPid = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /Janus ready for Consilium: .* \(pid (\d+)\)/.exec(output);
      if (ready) resolve(Number(ready[1]));
    });
    child.once('exit', (code) => reject(new Error(`janus exited with ${code} before it was ready: ${output.slice(-1500)}`)));
  });
  return {
    env,
    janusPid,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
