/**
 * Messages between PgliteWorkerClient (the archive's thread) and the worker
 * running PGlite (pgliteWorker.ts). Requests carry an id the reply repeats;
 * statements of a transaction carry its txId.
 */
export type WorkerRequest =
  | { id: number; op: 'query'; sql: string; params: unknown[] | undefined; rowMode: 'array' | 'object' | undefined; txId: number | undefined }
  | { id: number; op: 'exec'; sql: string; txId: number | undefined }
  | { id: number; op: 'begin'; txId: number }
  | { id: number; op: 'end'; txId: number; commit: boolean }
  | { id: number; op: 'close' };

/** A PGlite error's fields (code, detail, constraint, ...) survive the trip; the Error object itself would lose them. */
export interface SerializedError {
  name: string;
  message: string;
  fields: Record<string, string | number>;
}

export type WorkerReply = { id: number; result: unknown } | { id: number; error: SerializedError };

/** The worker's first message: PGlite is open, or could not be. */
export type WorkerReady = { ready: true } | { ready: false; error: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === 'string' || typeof value === 'number') fields[key] = value;
  }
  return { name: error.name, message: error.message, fields };
}

export function deserializeError(serialized: SerializedError): Error {
  const error = Object.assign(new Error(serialized.message), serialized.fields);
  error.name = serialized.name;
  return error;
}
