import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './freePort.js';

const found = new Map<string, boolean>();

/** Whether a command-line tool runs here (`<name> --version` exits 0); suites skip with `describe.skipIf(!hasBinary('movescu'))`. */
export function hasBinary(name: string): boolean {
  if (!found.has(name)) found.set(name, spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0);
  return found.get(name) as boolean;
}

/** A TCP port free on 127.0.0.1 a moment ago (bound to port 0, then released). */
export interface Storescp {
  aeTitle: string;
  port: number;
  /** Where it writes what it receives. */
  dir: string;
  /** What it printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * DCMTK's storescp as a move destination: listening on a free port of
 * 127.0.0.1 with AE title `aeTitle`, writing into a fresh temporary directory
 * (`+B`: bit-preserving, the data set exactly as received), with TCP_NODELAY=1.
 * `options` add to the command line (e.g. `+xa` to accept every transfer
 * syntax). Resolves once it accepts connections.
 */
export async function startStorescp(aeTitle: string, options: readonly string[] = []): Promise<Storescp> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `consilium-storescp-${aeTitle.toLowerCase()}-`));
  const port = await freePort();
  const child = spawn('storescp', ['-aet', aeTitle, '-od', dir, '+B', ...options, String(port)], {
    env: { ...process.env, TCP_NODELAY: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitUntilListening(child, port, () => output);
  return {
    aeTitle,
    port,
    dir,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Polls the port until a connection succeeds; fails if the process exits first or after 10 s. */
async function waitUntilListening(child: ChildProcess, port: number, output: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`storescp exited with ${child.exitCode}: ${output()}`);
    if (await canConnect(port)) return;
    if (Date.now() > deadline) throw new Error(`storescp did not listen on ${port}: ${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
