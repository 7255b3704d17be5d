import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { AppError, toDicomAuditMessage } from '@consilium/shared';
import type { Db } from '../db/openDatabase.js';
import { AuditFilterSchema, allAuditRecords, readAuditRecords } from './readAuditRecords.js';

/**
 * Reading the audit trail: GET /api/audit searches it (JSON, a page of
 * records, `after` for the next), GET /api/audit/export streams every match
 * as JSON lines of PS3.15 A.5 audit messages. Query parameters: since, until,
 * user, patient, study, event (see AuditFilterSchema). There is no route that
 * changes a record. Administrators only: a caller whose service token names
 * another role gets 403 (with service tokens off, as open as the rest).
 */
export function registerAuditRoutes(app: FastifyInstance, db: Db): void {
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/audit')) return;
    if (request.principal && request.principal.role !== 'admin') throw new AppError('Forbidden', 'the audit trail is for administrators');
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
    const { after: _after, limit: _limit, ...filter } = filterOf(request.query);
    async function* lines() {
      for await (const { record } of allAuditRecords(db, filter)) yield `${JSON.stringify(toDicomAuditMessage(record))}\n`;
    }
    return reply
      .type('application/x-ndjson; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="consilium-audit.jsonl"')
      .send(Readable.from(lines()));
  });
}
