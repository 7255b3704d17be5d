import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Usage {
  memory: NodeJS.MemoryUsage;
  cpu: NodeJS.CpuUsage;
}

const ENTRY = fileURLToPath(new URL('./benchServerMain.js', import.meta.url));

/** The benchmark's handle on a realtime server process. */
export class BenchServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(env: Record<string, string>): Promise<BenchServer> {
    const child = fork(ENTRY, [], {
      // Service tokens off: the figures are the protocol's (a handshake's token check is one ES256 verify).
      env: { ...process.env, CONSILIUM_HOST: '127.0.0.1', REALTIME_PORT: '0', LOG_LEVEL: 'warn', REALTIME_AUTH: 'off', ...env },
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`bench server exited (${code}) before it was ready`)));
      child.on('message', (m: { type: string; port?: number }) => m.type === 'ready' && resolve(m.port as number));
    });
    return new BenchServer(child, `http://127.0.0.1:${port}`);
  }

  usage(): Promise<Usage> {
    return new Promise((resolve) => {
      const onMessage = (m: { type: string } & Usage) => {
        if (m.type !== 'usage') return;
        this.child.off('message', onMessage);
        resolve(m);
      };
      this.child.on('message', onMessage);
      this.child.send({ type: 'usage' });
    });
  }

  async createSession(): Promise<{ sessionId: string; joinToken: string; hostToken: string }> {
    const response = await fetch(`${this.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ studyInstanceUIDs: ['1.2.826.0.1.3680043.8.498.7'], title: 'bench' }),
    });
    if (response.status !== 201) throw new Error(`session create: HTTP ${response.status}`);
    return (await response.json()) as { sessionId: string; joinToken: string; hostToken: string };
  }

  /** Graceful stop (compacts open rooms). */
  stop(): Promise<void> {
    return this.#exit(() => this.child.send({ type: 'stop' }));
  }

  /** Abrupt stop, as a crash: nothing compacted, only the log survives. */
  kill(): Promise<void> {
    return this.#exit(() => this.child.kill('SIGKILL'));
  }

  #exit(how: () => void): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      how();
    });
  }
}
