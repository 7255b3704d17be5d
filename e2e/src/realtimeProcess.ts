import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../realtime/dist/main.js');

export interface RealtimeProcess {
  url: string;
  port: number;
  /** The running process (for CPU figures). */
  pid(): number | undefined;
  /** SIGKILL, as a crash: nothing is flushed on the way out. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data (after a kill or stop). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** What the process printed (logs at LOG_LEVEL, warn unless `env` says otherwise), for failure messages. */
  output(): string;
}

/**
 * The built realtime service (`realtime/dist/main.js`) on `port`, its PGlite
 * in `dataDir` unless `env` names a DATABASE_URL; resolves once it prints its
 * ready banner.
 */
export async function startRealtimeProcess(options: { port: number; dataDir: string; corsOrigins: string[]; env?: Record<string, string> }): Promise<RealtimeProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" first`);
  let child: ChildProcess | undefined;
  let printed = '';
  const launch = async () => {
    const started = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        CONSILIUM_HOST: '127.0.0.1',
        CONSILIUM_DATA_DIR: options.dataDir,
        REALTIME_PORT: String(options.port),
        REALTIME_CORS_ORIGINS: options.corsOrigins.join(','),
        LOG_LEVEL: 'warn',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    started.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    started.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    started.stderr?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      started.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Consilium realtime ready')) resolve();
      });
      started.once('exit', (code) => reject(new Error(`realtime exited with ${code} before it was ready: ${stderr.slice(-800)}`)));
    });
    child = started;
  };
  const end = async (signal: NodeJS.Signals) => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill(signal);
    await exited;
  };
  await launch();
  return {
    url: `http://127.0.0.1:${options.port}`,
    port: options.port,
    pid: () => child?.pid,
    kill: () => end('SIGKILL'),
    restart: launch,
    stop: () => end('SIGTERM'),
    output: () => printed,
  };
}
