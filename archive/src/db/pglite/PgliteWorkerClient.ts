import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { QueryOptions, Results, Transaction } from '@electric-sql/pglite';
import { type WorkerReady, type WorkerReply, type WorkerRequest, deserializeError } from './pgliteWorkerProtocol.js';

/** What drizzle's PGlite driver calls on its client (drizzle-orm/pglite/session.js): query and transaction. */
export interface DrizzlePgliteClient {
  query<T>(query: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(query: string): Promise<Results[]>;
  transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T>;
}

type RequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

/**
 * PGlite in a worker thread, behind the part of PGlite's client API drizzle
 * uses. Why a worker: PGlite runs PostgreSQL's WebAssembly on the thread that
 * calls it, ~1 ms of each C-STORE's index statement and 10-20 ms of a QIDO
 * search, during which the event loop served no association or request. A
 * statement now costs one message each way (~80 us here) and runs beside the
 * event loop: 4 associations storing 128x128 CT went from 475 to 670
 * instances/s in the archive bench.
 */
export class PgliteWorkerClient implements DrizzlePgliteClient {
  private nextId = 1;
  private nextTxId = 1;
  private readonly pending = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();
  private exitError: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: WorkerReply) => this.settle(reply));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`the PGlite worker exited (code ${code})`)));
  }

  /** Starts the worker and opens PGlite in `dataDir` (in memory when undefined); rejects with PGlite's error. */
  static async open(dataDir: string | undefined): Promise<PgliteWorkerClient> {
    const worker = new Worker(workerEntry(), { workerData: { dataDir } });
    let listeners: { message(ready: WorkerReady): void; error(error: Error): void; exit(code: number): void } | undefined;
    const ready = await new Promise<WorkerReady>((resolve, reject) => {
      listeners = { message: resolve, error: reject, exit: (code) => reject(new Error(`the PGlite worker exited (code ${code}) before it was ready`)) };
      worker.on('message', listeners.message).on('error', listeners.error).on('exit', listeners.exit);
    }).finally(() => {
      // Only these: the Worker's own listeners (which deliver messages) must stay.
      if (listeners) worker.off('message', listeners.message).off('error', listeners.error).off('exit', listeners.exit);
    });
    if (!ready.ready) {
      await worker.terminate();
      throw deserializeError(ready.error);
    }
    return new PgliteWorkerClient(worker);
  }

  query<T>(query: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return this.queryIn(undefined, query, params, options);
  }

  exec(query: string): Promise<Results[]> {
    return this.request({ op: 'exec', sql: query, txId: undefined }) as Promise<Results[]>;
  }

  /**
   * The callback's statements run in one PGlite transaction: committed when it
   * resolves, rolled back when it throws (its error is rethrown), as PGlite's
   * own `transaction` does. BEGIN travels with the first statement, not ahead.
   */
  async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    const txId = this.nextTxId++;
    const begun = this.request({ op: 'begin', txId });
    begun.catch(() => undefined); // its failure reaches the callback through its first statement
    const tx = this.transactionHandle(txId);
    let result: T;
    try {
      result = await callback(tx);
    } catch (error) {
      await this.request({ op: 'end', txId, commit: false }).catch(() => undefined);
      throw error;
    }
    await begun;
    await this.request({ op: 'end', txId, commit: true });
    return result;
  }

  /** Closes PGlite (a clean shutdown of its files) and ends the worker. */
  async close(): Promise<void> {
    if (this.exitError) return;
    try {
      await this.request({ op: 'close' });
    } finally {
      await this.worker.terminate();
    }
  }

  private queryIn<T>(txId: number | undefined, query: string, params: unknown[] | undefined, options: QueryOptions | undefined): Promise<Results<T>> {
    // drizzle's per-query parsers are the worker's defaults (DRIZZLE_PGLITE_PARSERS); functions cannot be posted.
    return this.request({ op: 'query', sql: query, params, rowMode: options?.rowMode, txId }) as Promise<Results<T>>;
  }

  private transactionHandle(txId: number): Transaction {
    const handle: Pick<Transaction, 'query' | 'exec'> = {
      query: <T>(query: string, params?: unknown[], options?: QueryOptions) => this.queryIn<T>(txId, query, params, options),
      exec: (query: string) => this.request({ op: 'exec', sql: query, txId }) as Promise<Results[]>,
    };
    // drizzle uses query only; the rest of PGlite's Transaction (rollback, sql, listen) is not offered.
    return handle as Transaction;
  }

  private request(body: RequestBody): Promise<unknown> {
    if (this.exitError) return Promise.reject(this.exitError);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...body, id } as WorkerRequest);
    });
  }

  private settle(reply: WorkerReply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if ('error' in reply) waiting.reject(deserializeError(reply.error));
    else waiting.resolve(reply.result);
  }

  private fail(error: Error): void {
    this.exitError ??= error;
    for (const waiting of this.pending.values()) waiting.reject(this.exitError);
    this.pending.clear();
  }
}

/**
 * The worker's compiled module beside this one. Tests run this file from
 * `src/` (TypeScript), where Node cannot start a worker: they use the build in
 * `dist/`, which `npm test` makes before it runs them.
 */
function workerEntry(): URL {
  const beside = new URL('./pgliteWorker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  const built = new URL('../../../dist/db/pglite/pgliteWorker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new Error(`the PGlite worker is not built (${fileURLToPath(built)}): run "npm run build -w archive"`);
}
