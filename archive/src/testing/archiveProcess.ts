import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARCHIVE_NODE_FLAGS } from '../nodeFlags.js';
import { freePort } from './freePort.js';

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/main.js');

export interface ArchiveProcess {
  dicomwebUrl: string;
  dimsePort: number;
  child: ChildProcess;
  /** SIGKILL: no shutdown code runs, as in a crash or power cut of the process. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The built archive (archive/dist/main.js, made by `npm test`'s build step) in
 * a process of its own, for tests that kill it.
 */
export async function startArchiveProcess(env: Record<string, string>): Promise<ArchiveProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" first`);
  const port = await freePort();
  const child = spawn(process.execPath, [...ARCHIVE_NODE_FLAGS, MAIN], {
    // Service tokens off unless the caller asks (the e2e platform does, with its web app as issuer).
    env: { ...process.env, CONSILIUM_HOST: '127.0.0.1', ARCHIVE_HTTP_PORT: String(port), DIMSE_PORT: '0', ARCHIVE_SEED_DEMO: 'false', ARCHIVE_AUTH: 'off', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let dimsePort = 0;
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /DIMSE: +\S+@\S+:(\d+)/.exec(out);
      if (ready) {
        dimsePort = Number(ready[1]);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`archive exited with ${code} before it was ready: ${stderr.slice(-500)}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    dicomwebUrl: `http://127.0.0.1:${port}/dicomweb`,
    dimsePort,
    child,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
