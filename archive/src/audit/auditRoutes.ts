import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError, AuditOutcome, type AuditRecord, AuditRecordSchema, toDicomAuditMessage } from '@consilium/shared';
import { actorOf } from './httpAudit.js';
import type { AuditSink } from './AuditTrail.js';
import type { Db } from '../db/openDatabase.js';
import { AuditFilterSchema, allAuditRecords, readAuditRecords } from './readAuditRecords.js';

function isOwnSessionJoin(record: AuditRecord, userId: string): boolean {
  return record.source === 'realtime' && record.operation === 'session-join' && record.actor.userId === userId;
}

const ReportedEventsSchema = z.object({
  records: z.array(AuditRecordSchema.refine((r) => r.source !== 'archive', { message: 'the archive records its own events' })).min(1).max(500),
});

/**
 * Reading the audit trail: GET /api/audit searches it (JSON, a page of
 * records, `after` for the next), GET /api/audit/export streams every match
 * as JSON lines of PS3.15 A.5 audit messages. Query parameters: since, until,
 * user, patient, study, event, and for pages order (asc, or desc for newest
 * first) with after/before the last id seen (see AuditFilterSchema); `next`
 * is the id to continue from. There is no route that
 * changes a record. Administrators only: a caller whose service token names
 * another role gets 403 (with service tokens off, as open as the rest).
 * POST /api/audit/events takes the records of the web server (its own
 * service token) and the session joins realtime reports with the joining
 * user's token (only that user's): 202; nothing can alter or remove one.
 */
export function registerAuditRoutes(app: FastifyInstance, db: Db, audit: AuditSink): void {
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/audit')) return;
    const principal = request.principal;
    if (!principal || principal.service) return;
    // Reported events are checked record by record below.
    if (request.method === 'POST' && request.url.split('?')[0] === '/api/audit/events') return;
    if (principal.role !== 'admin') throw new AppError('Forbidden', 'the audit trail is for administrators');
  });

  // The other services (sign-ins, share links, session joins) record into the one trail, never as 'archive'.
  app.post('/api/audit/events', { bodyLimit: 1_048_576 }, async (request, reply) => {
    const parsed = ReportedEventsSchema.safeParse(request.body);
    if (!parsed.success) {
      throw new AppError('InvalidQuery', parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    }
    const principal = request.principal;
    // The realtime service reports a user's session join with that user's own token: only such records, only about them.
    if (principal && !principal.service && !parsed.data.records.every((r) => isOwnSessionJoin(r, principal.userId))) {
      throw new AppError('Forbidden', "a user's token reports only that user's session joins");
    }
    for (const record of parsed.data.records) audit.record(record);
    return reply.status(202).send({ accepted: parsed.data.records.length });
  });

  const filterOf = (query: unknown) => {
    const parsed = AuditFilterSchema.safeParse(query);
    if (!parsed.success) {
      throw new AppError('InvalidQuery', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    }
    return parsed.data;
  };

  app.get('/api/audit', async (request) => {
    const records = await readAuditRecords(db, filterOf(request.query));
    return { records, next: records.length > 0 ? records.at(-1)?.id : undefined };
  });

  app.get('/api/audit/export', async (request, reply) => {
    const { after: _after, before: _before, limit: _limit, order: _order, ...asked } = filterOf(request.query);
    // A snapshot of the trail as it stood when asked (so the export's own record, below, is not in it).
    const filter = { ...asked, until: asked.until ?? new Date().toISOString() };
    // Taking the trail away is itself recorded (PS3.15 A.5.3.5 Export), with the selection asked for.
    const query = request.url.split('?')[1];
    audit.record({
      event: 'Export',
      action: 'R',
      outcome: AuditOutcome.Success,
      operation: 'audit-export',
      source: 'archive',
      actor: actorOf(request.principal, request.ip),
      patientIds: filter.patient ? [filter.patient] : [],
      studyInstanceUIDs: filter.study ? [filter.study] : [],
      ...(query ? { query: query.slice(0, 4096) } : {}),
      resource: '/api/audit/export',
      at: new Date().toISOString(),
    });
    async function* lines() {
      for await (const { record } of allAuditRecords(db, filter)) yield `${JSON.stringify(toDicomAuditMessage(record))}\n`;
    }
    return reply
      .type('application/x-ndjson; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="consilium-audit.jsonl"')
      .send(Readable.from(lines()));
  });
}
