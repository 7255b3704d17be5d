import { and, asc, eq, lte, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import type { Db } from '../db/openDatabase.js';
import { docSnapshots, docUpdates, sessions } from '../db/schema.js';

export interface LoadedDocument {
  /** Snapshot and log, in order; apply them all to get the document. */
  updates: Uint8Array[];
  logLength: number;
}

/**
 * Durable Yjs state of sessions: an append-only update log plus a snapshot
 * that compaction folds the log's prefix into. Updates are idempotent, so a
 * reader may see an update both in the snapshot and the log without harm.
 */
export class DocumentStore {
  constructor(private readonly db: Db) {}

  /** Appends updates (one statement); resolves once they are committed. */
  async append(sessionId: string, updates: Uint8Array[]): Promise<void> {
    if (updates.length === 0) return;
    await this.db.insert(docUpdates).values(updates.map((update) => ({ sessionId, update })));
  }

  async load(sessionId: string): Promise<LoadedDocument> {
    const [snapshot] = await this.db
      .select({ state: docSnapshots.state })
      .from(docSnapshots)
      .where(eq(docSnapshots.sessionId, sessionId));
    const log = await this.db
      .select({ update: docUpdates.update })
      .from(docUpdates)
      .where(eq(docUpdates.sessionId, sessionId))
      .orderBy(asc(docUpdates.seq));
    const updates = log.map((r) => r.update);
    return { updates: snapshot ? [snapshot.state, ...updates] : updates, logLength: updates.length };
  }

  /** The document as the database holds it, in a fresh Y.Doc. */
  async loadDoc(sessionId: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    const { updates } = await this.load(sessionId);
    doc.transact(() => updates.forEach((u) => Y.applyUpdate(doc, u)));
    return doc;
  }

  /**
   * Folds the whole log into the snapshot, from what the database holds (not
   * from a process's memory, which may lag another process's appends). The
   * session row is locked so two processes compacting at once serialise.
   * Returns the number of log entries folded.
   */
  async compact(sessionId: string): Promise<number> {
    return this.db.transaction(async (tx) => {
      await tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.id, sessionId)).for('update');
      const [snapshot] = await tx
        .select({ state: docSnapshots.state })
        .from(docSnapshots)
        .where(eq(docSnapshots.sessionId, sessionId));
      const log = await tx
        .select({ seq: docUpdates.seq, update: docUpdates.update })
        .from(docUpdates)
        .where(eq(docUpdates.sessionId, sessionId))
        .orderBy(asc(docUpdates.seq));
      const last = log.at(-1);
      if (!last) return 0;
      // Through a Y.Doc rather than Y.mergeUpdates so deleted content is garbage-collected.
      const doc = new Y.Doc();
      doc.transact(() => {
        if (snapshot) Y.applyUpdate(doc, snapshot.state);
        for (const row of log) Y.applyUpdate(doc, row.update);
      });
      const state = Y.encodeStateAsUpdate(doc);
      doc.destroy();
      await tx
        .insert(docSnapshots)
        .values({ sessionId, state, uptoSeq: last.seq })
        .onConflictDoUpdate({ target: docSnapshots.sessionId, set: { state, uptoSeq: last.seq, updatedAt: sql`now()` } });
      await tx.delete(docUpdates).where(and(eq(docUpdates.sessionId, sessionId), lte(docUpdates.seq, last.seq)));
      return log.length;
    });
  }
}
