import { type SQL, and, asc, desc, eq, gt, gte, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AuditEventName, AuditEventId, type AuditRecord } from '@consilium/shared';
import type { Db } from '../db/openDatabase.js';
import { auditEvents } from '../db/schema.js';

const eventNames = Object.keys(AuditEventId) as [AuditEventName, ...AuditEventName[]];

/** A search of the audit trail: every field narrows it; pages go by id. */
export const AuditFilterSchema = z.object({
  since: z.string().datetime({ offset: true }).optional(),
  until: z.string().datetime({ offset: true }).optional(),
  user: z.string().max(256).optional(),
  patient: z.string().max(64).optional(),
  study: z.string().max(64).optional(),
  event: z.enum(eventNames).optional(),
  /** Records with an id above this one (the last id of the previous page). */
  after: z.coerce.number().int().nonnegative().optional(),
  /** Records with an id below this one (paging newest first). */
  before: z.coerce.number().int().positive().optional(),
  /** asc: oldest first (exports); desc: newest first (the admin page). */
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type AuditFilter = z.infer<typeof AuditFilterSchema>;

export interface StoredAuditRecord {
  id: number;
  record: AuditRecord;
}

/** One page of audit records matching `filter`, oldest or newest first. */
export async function readAuditRecords(db: Db, filter: AuditFilter): Promise<StoredAuditRecord[]> {
  const where: SQL[] = [];
  if (filter.since) where.push(gte(auditEvents.at, filter.since));
  if (filter.until) where.push(lt(auditEvents.at, filter.until));
  if (filter.user) where.push(eq(auditEvents.userId, filter.user));
  if (filter.event) where.push(eq(auditEvents.event, filter.event));
  if (filter.after !== undefined) where.push(gt(auditEvents.id, filter.after));
  if (filter.before !== undefined) where.push(lt(auditEvents.id, filter.before));
  // Array containment uses the GIN indexes.
  if (filter.patient) where.push(sql`${auditEvents.patientIds} @> array[${filter.patient}]::text[]`);
  if (filter.study) where.push(sql`${auditEvents.studyInstanceUids} @> array[${filter.study}]::text[]`);
  const rows = await db
    .select({ id: auditEvents.id, record: auditEvents.record })
    .from(auditEvents)
    .where(and(...where))
    .orderBy(filter.order === 'desc' ? desc(auditEvents.id) : asc(auditEvents.id))
    .limit(filter.limit);
  return rows.map((r) => ({ id: r.id, record: r.record as AuditRecord }));
}

/** Every matching record, page by page (exports). */
export async function* allAuditRecords(db: Db, filter: Omit<AuditFilter, 'after' | 'before' | 'limit' | 'order'>): AsyncGenerator<StoredAuditRecord> {
  let after: number | undefined;
  for (;;) {
    const page = await readAuditRecords(db, { ...filter, order: 'asc', limit: 1000, ...(after !== undefined ? { after } : {}) });
    yield* page;
    if (page.length < 1000) return;
    after = page.at(-1)?.id;
  }
}
