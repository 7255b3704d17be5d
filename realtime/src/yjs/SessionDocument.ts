import * as Y from 'yjs';
import { AppError, err, ok, type Result } from '@consilium/shared';
import type { Logger } from '../logger.js';
import type { DocumentStore } from './DocumentStore.js';
import { isEmptyUpdate, isWellFormedUpdate } from './updateChecks.js';

/** Origin of updates that came from another realtime process (already persisted there). */
export const REMOTE_ORIGIN = Symbol('remote');

interface Pending {
  update: Uint8Array;
  originSocketId: string;
  resolve: (result: Result<void>) => void;
}

export interface SessionDocumentOptions {
  sessionId: string;
  store: DocumentStore;
  log: Logger;
  /** Log entries after which the store compacts this session's log into its snapshot. */
  compactEveryUpdates: number;
  /** Called once an update is durable and applied: tell the others. */
  onAccepted: (update: Uint8Array, originSocketId: string) => void;
}

/**
 * A session's Yjs document in memory, in step with the database: an update
 * from a client is persisted first, then applied and broadcast, so whatever any
 * client sees (including a newcomer's sync step 2, encoded from this doc) is
 * already durable. Updates arriving while a write is in flight go into the
 * next write together (one INSERT per batch).
 */
export class SessionDocument {
  readonly doc = new Y.Doc();
  #queue: Pending[] = [];
  #flushing: Promise<void> | undefined;
  #logLength = 0;
  #compacting: Promise<void> | undefined;

  private constructor(private readonly options: SessionDocumentOptions) {}

  static async load(options: SessionDocumentOptions): Promise<SessionDocument> {
    const document = new SessionDocument(options);
    const { updates, logLength } = await options.store.load(options.sessionId);
    // One by one in one transaction: measured faster than Y.mergeUpdates for a 500-entry log.
    document.doc.transact(() => {
      for (const update of updates) document.#applyQuietly(update, null);
    });
    document.#logLength = logLength;
    // A long log (say, after a crash) is folded now so the next cold load reads one snapshot.
    if (logLength >= options.compactEveryUpdates) document.#compacting = document.#compact();
    return document;
  }

  /** Validates, persists, applies and broadcasts a client's update, in arrival order. */
  submit(update: Uint8Array, originSocketId: string): Promise<Result<void>> {
    if (!isWellFormedUpdate(update)) return Promise.resolve(err(new AppError('MalformedMessage', 'not a Yjs update')));
    if (isEmptyUpdate(update)) return Promise.resolve(ok(undefined));
    return new Promise((resolve) => {
      this.#queue.push({ update, originSocketId, resolve });
      this.#flushing ??= this.#flush();
    });
  }

  /** An update another process persisted and published. */
  applyRemote(update: Uint8Array): void {
    this.#applyQuietly(update, REMOTE_ORIGIN);
  }

  /** What a peer with `stateVector` lacks (sync step 2). */
  diffFor(stateVector: Uint8Array): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc, stateVector);
  }

  /** Waits for in-flight writes and compaction (shutdown, tests). */
  async settle(): Promise<void> {
    while (this.#flushing ?? this.#compacting) await (this.#flushing ?? this.#compacting);
  }

  /** Folds the log into the snapshot now (room closing). */
  async compact(): Promise<void> {
    await this.settle();
    await this.#compact();
  }

  destroy(): void {
    this.doc.destroy();
  }

  /** Drains the queue; clears #flushing in the same turn as the last empty-queue check, so no submit is stranded. */
  async #flush(): Promise<void> {
    try {
      await this.#drain();
    } finally {
      this.#flushing = undefined;
    }
    if (this.#logLength >= this.options.compactEveryUpdates) this.#compacting ??= this.#compact();
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0);
      try {
        await this.options.store.append(
          this.options.sessionId,
          batch.map((p) => p.update),
        );
      } catch (error) {
        this.options.log.error({ err: error, updates: batch.length }, 'could not persist Yjs updates');
        for (const p of batch) p.resolve(err(new AppError('ProcessingFailure', 'the update could not be saved; resend it')));
        continue;
      }
      this.#logLength += batch.length;
      for (const p of batch) {
        this.#applyQuietly(p.update, p.originSocketId);
        this.options.onAccepted(p.update, p.originSocketId);
        p.resolve(ok(undefined));
      }
    }
  }

  #compact(): Promise<void> {
    return this.options.store
      .compact(this.options.sessionId)
      .then((folded) => {
        this.#logLength = Math.max(0, this.#logLength - folded);
        this.options.log.debug({ folded }, 'compacted session document');
      })
      .catch((error: unknown) => this.options.log.error({ err: error }, 'compaction failed; the log keeps everything'))
      .finally(() => (this.#compacting = undefined));
  }

  /** A well-formed update that still fails to integrate is logged and skipped, never fatal for the room. */
  #applyQuietly(update: Uint8Array, origin: unknown): void {
    try {
      Y.applyUpdate(this.doc, update, origin);
    } catch (error) {
      this.options.log.error({ err: error, bytes: update.byteLength }, 'Yjs update could not be applied');
    }
  }
}
