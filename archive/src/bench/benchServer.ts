import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A free loopback port, for a server started in another process. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface BenchServer {
  dicomwebUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts the built archive (dist/main.js) in its own process, so the figures
 * measure the server and not the benchmark client sharing its event loop.
 */
export async function startBenchServer(dataDir: string, env: Record<string, string> = {}): Promise<BenchServer> {
  const port = await freePort();
  const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../main.js');
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      CONSILIUM_DATA_DIR: dataDir,
      CONSILIUM_HOST: '127.0.0.1',
      ARCHIVE_HTTP_PORT: String(port),
      ARCHIVE_SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const dicomwebUrl = `http://127.0.0.1:${port}/dicomweb`;
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('archive ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`archive exited with ${code} before it was ready`)));
  });
  return {
    dicomwebUrl,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
