import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, AuditOutcome, type AuditRecord } from '@consilium/shared';
import { actorOf } from '../audit/httpAudit.js';
import type { AuditSink } from '../audit/AuditTrail.js';
import type { Db } from '../db/openDatabase.js';
import { studyUidParam } from '../dicomweb/pathParams.js';
import { grantStudy, listGrants, revokeGrant } from './grants.js';
import { STUDY_MANAGERS, requireRole } from './requireRole.js';

const GranteeSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9._:@-]+$/, 'an account id');
const ListQuerySchema = z.object({ grantee: GranteeSchema.optional(), study: z.string().optional() }).strict();

function granteeParam(value: string | undefined): string {
  const parsed = GranteeSchema.safeParse(value);
  if (!parsed.success) throw new AppError('InvalidQuery', 'The grantee must be an account id');
  return parsed.data;
}

/**
 * Study grants (who besides radiologists may see a study):
 * `PUT /api/studies/{study}/grants/{account}` grants (201, or 200 when it already
 * was), `DELETE` of the same path withdraws (204, 404 when there was none),
 * `GET /api/grants?grantee=&study=` lists. Administrators and radiologists
 * manage them; a physician may list only their own. Each change leaves a
 * Security Alert audit record (Object Security Attributes Changed).
 */
export function registerGrantRoutes(app: FastifyInstance, db: Db, audit: AuditSink): void {
  const managers = { onRequest: requireRole(STUDY_MANAGERS, 'Granting studies') };
  const recordChange = (request: FastifyRequest, operation: 'grant' | 'revoke-grant', study: string, grantee: string) => {
    const record: AuditRecord = {
      event: 'SecurityAlert',
      action: operation === 'grant' ? 'C' : 'D',
      outcome: AuditOutcome.Success,
      operation,
      source: 'archive',
      actor: actorOf(request.principal, request.ip),
      destination: { userId: grantee },
      patientIds: [],
      studyInstanceUIDs: [study],
      resource: request.url.split('?')[0]?.slice(0, 1024),
      at: new Date().toISOString(),
    };
    audit.record(record);
  };

  app.put('/api/studies/:study/grants/:grantee', managers, async (request, reply) => {
    const params = request.params as { study?: string; grantee?: string };
    const study = studyUidParam(params.study);
    const grantee = granteeParam(params.grantee);
    const created = await grantStudy(db, { studyInstanceUID: study, grantee, grantedBy: request.principal?.userId ?? 'anonymous' });
    if (created) recordChange(request, 'grant', study, grantee);
    request.log.info({ studyInstanceUid: study, created }, 'study granted');
    return reply.status(created ? 201 : 200).send({ studyInstanceUID: study, grantee });
  });

  app.delete('/api/studies/:study/grants/:grantee', managers, async (request, reply) => {
    const params = request.params as { study?: string; grantee?: string };
    const study = studyUidParam(params.study);
    const grantee = granteeParam(params.grantee);
    if (!(await revokeGrant(db, study, grantee))) throw new AppError('NotFound', 'No such grant');
    recordChange(request, 'revoke-grant', study, grantee);
    request.log.info({ studyInstanceUid: study }, 'study grant withdrawn');
    return reply.status(204).send();
  });

  app.get('/api/grants', async (request) => {
    const parsed = ListQuerySchema.safeParse(request.query);
    if (!parsed.success) throw new AppError('InvalidQuery', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const { grantee, study } = parsed.data;
    const principal = request.principal;
    const manager = !principal || principal.service || STUDY_MANAGERS.includes(principal.role);
    if (!manager && grantee !== principal.userId) throw new AppError('Forbidden', 'You may list only your own grants');
    const grants = await listGrants(db, { grantee, studyInstanceUID: study === undefined ? undefined : studyUidParam(study) });
    return { grants };
  });
}
