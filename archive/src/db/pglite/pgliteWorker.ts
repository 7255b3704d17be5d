/**
 * Worker thread entry: opens PGlite in `workerData.dataDir` (in memory when
 * undefined) and runs what PgliteWorkerClient sends. Statements of one
 * transaction run inside one PGlite transaction, held open until the client
 * ends it; PGlite's own lock queues every other statement meanwhile, as it
 * does in process.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { DRIZZLE_PGLITE_PARSERS } from './drizzlePgliteParsers.js';
import { type WorkerReady, type WorkerReply, type WorkerRequest, serializeError } from './pgliteWorkerProtocol.js';

interface OpenTransaction {
  /** Resolves once BEGIN ran; rejects if it failed. */
  ready: Promise<Transaction>;
  /** Settles once COMMIT or ROLLBACK ran. */
  finished: Promise<void>;
  end(commit: boolean): void;
}

/** Ends a transaction's callback so that PGlite rolls it back. */
class RollbackRequested extends Error {}

const port = parentPort;
if (!port) throw new Error('pgliteWorker runs only as a worker thread');
const { dataDir } = workerData as { dataDir: string | undefined };

let client: PGlite;
try {
  client = await PGlite.create(dataDir, { parsers: DRIZZLE_PGLITE_PARSERS });
} catch (error) {
  port.postMessage({ ready: false, error: serializeError(error) } satisfies WorkerReady);
  process.exit(1);
}
// PGlite sets its array types' parsers while opening; drizzle's own win, as they would per query.
Object.assign(client.parsers, DRIZZLE_PGLITE_PARSERS);
const transactions = new Map<number, OpenTransaction>();

port.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (result) => port.postMessage({ id: request.id, result } satisfies WorkerReply),
    (error: unknown) => port.postMessage({ id: request.id, error: serializeError(error) } satisfies WorkerReply),
  );
});
port.postMessage({ ready: true } satisfies WorkerReady);

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'query': {
      const target = request.txId === undefined ? client : await transaction(request.txId).ready;
      return target.query(request.sql, request.params, request.rowMode ? { rowMode: request.rowMode } : undefined);
    }
    case 'exec': {
      const target = request.txId === undefined ? client : await transaction(request.txId).ready;
      return target.exec(request.sql);
    }
    case 'begin': {
      const open = begin();
      transactions.set(request.txId, open);
      await open.ready.catch((error: unknown) => {
        transactions.delete(request.txId);
        throw error;
      });
      return null;
    }
    case 'end': {
      const open = transaction(request.txId);
      transactions.delete(request.txId);
      open.end(request.commit);
      await open.finished.catch((error: unknown) => {
        if (!(error instanceof RollbackRequested)) throw error;
      });
      return null;
    }
    case 'close':
      await client.close();
      return null;
    default: {
      const never: never = request;
      throw new Error(`unknown request ${JSON.stringify(never)}`);
    }
  }
}

function transaction(txId: number): OpenTransaction {
  const open = transactions.get(txId);
  if (!open) throw new Error(`no open transaction ${txId}`);
  return open;
}

function begin(): OpenTransaction {
  let end: (commit: boolean) => void = () => undefined;
  let ready: (tx: Transaction) => void = () => undefined;
  const txReady = new Promise<Transaction>((resolve) => (ready = resolve));
  const finished = client.transaction(
    (tx) =>
      new Promise<void>((resolve, reject) => {
        end = (commit) => (commit ? resolve() : reject(new RollbackRequested('rollback requested')));
        ready(tx);
      }),
  );
  finished.catch(() => undefined); // awaited by 'end'; a transaction nobody ends must not crash the worker
  // A BEGIN that failed settles `finished` without ever making the transaction ready.
  const failedToBegin = finished.then(() => Promise.reject(new Error('the transaction ended before it began')));
  failedToBegin.catch(() => undefined);
  return { ready: Promise.race([txReady, failedToBegin]), finished, end: (commit) => end(commit) };
}
