import { eq, sql } from 'drizzle-orm';
import type { AuditRecord } from '@consilium/shared';
import type { Db } from '../db/openDatabase.js';
import { pgTextArray } from '../db/pgTextArray.js';
import { auditEvents, patients, studies } from '../db/schema.js';
import type { Logger } from '../logger.js';

/** Where protocol code reports what it did; recording never fails the request. */
export interface AuditSink {
  record(record: AuditRecord): void;
}

/** Rows per INSERT: a burst of frame requests becomes a few statements. */
const BATCH = 500;
const RETRY_AFTER_MS = 1_000;

/**
 * The archive's audit trail in its database (table `audit_events`,
 * append-only). Records are written in the background, like a syslog sender
 * of PS3.15 messages: a request is not held up by its audit row, and records
 * arriving while a write is in flight go into the next INSERT together.
 * A record naming studies but no patients gets the patients the index holds
 * for those studies, so protocol code need not look them up. A write that
 * fails is retried once; if that fails too the loss is logged (a count, no
 * patient data).
 */
export class AuditTrail implements AuditSink {
  #queue: AuditRecord[] = [];
  #flushing: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  record(record: AuditRecord): void {
    this.#queue.push(record);
    this.#flushing ??= this.#flush();
  }

  /** Resolves once everything recorded so far is written (tests, shutdown). */
  async flushed(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async #flush(): Promise<void> {
    try {
      while (this.#queue.length > 0) await this.#write(this.#queue.splice(0, BATCH));
    } finally {
      this.#flushing = undefined;
    }
  }

  async #write(batch: AuditRecord[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const withPatients = await this.#withPatients(batch);
        await this.db.insert(auditEvents).values(withPatients.map(toRow));
        return;
      } catch (error) {
        if (attempt === 2) {
          this.log.error({ err: error, records: batch.length }, 'audit records could not be written and are lost');
          return;
        }
        this.log.warn({ err: error, records: batch.length }, 'audit records could not be written; retrying');
        await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
      }
    }
  }

  async #withPatients(batch: AuditRecord[]): Promise<AuditRecord[]> {
    const wanted = [...new Set(batch.filter((r) => r.patientIds.length === 0).flatMap((r) => r.studyInstanceUIDs))];
    if (wanted.length === 0) return batch;
    const rows = await this.db
      .select({ study: studies.studyInstanceUid, patientId: patients.patientId })
      .from(studies)
      .innerJoin(patients, eq(patients.id, studies.patientFk))
      .where(sql`${studies.studyInstanceUid} = any(${pgTextArray(wanted)}::text[])`);
    const patientOf = new Map(rows.filter((r) => r.patientId !== '').map((r) => [r.study, r.patientId]));
    return batch.map((r) => {
      if (r.patientIds.length > 0) return r;
      const found = r.studyInstanceUIDs.map((uid) => patientOf.get(uid)).filter((p): p is string => p !== undefined);
      return { ...r, patientIds: [...new Set(found)] };
    });
  }
}

/** PostgreSQL text and jsonb hold no NUL: a hostile query's NUL becomes U+FFFD rather than losing the record. */
function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/\0/g, '\uFFFD') as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNul(v)])) as T;
  return value;
}

function toRow(dirty: AuditRecord): typeof auditEvents.$inferInsert {
  const record = withoutNul(dirty);
  return {
    at: record.at,
    event: record.event,
    outcome: record.outcome,
    userId: record.actor.userId,
    patientIds: record.patientIds,
    studyInstanceUids: record.studyInstanceUIDs,
    record,
  };
}
