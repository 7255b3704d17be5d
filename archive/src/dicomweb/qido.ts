import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { assertStudyAccess, studyAccessOf } from '../access/StudyAccess.js';
import { auditObjectsOfResults } from '../audit/httpAudit.js';
import { formatQueryResult } from '../query/formatQueryResult.js';
import { parseQidoParams, type QueryParams } from '../query/parseQidoParams.js';
import type { StudyQuery } from '../query/QueryModel.js';
import { runQuery } from '../query/runQuery.js';
import type { DicomwebContext } from './DicomwebContext.js';
import { requestOrigin } from './requestOrigin.js';
import { seriesUidParam, studyUidParam } from './pathParams.js';

/** PS3.18 8.3.4.2 / 6.7.1.2.1: the warning a truncated result carries. */
const TRUNCATED_WARNING =
  '299 consilium "The number of results exceeded the maximum supported by the server. Additional results can be requested."';

/**
 * QIDO-RS (PS3.18 10.6): search for studies, series and instances. The routes
 * only translate: parse into the shared query model, run it, format DICOM JSON.
 */
export function registerQido(app: FastifyInstance, ctx: DicomwebContext): void {
  const search =
    (level: StudyQuery['level'], scopeOf: (p: Record<string, string>) => StudyQuery['scope']) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const scope = scopeOf(request.params as Record<string, string>);
      const query = parseQidoParams(level, scope, request.query as QueryParams);
      const access = studyAccessOf(request.principal);
      // A search inside one study the caller may not see is refused like a retrieve of it (403), not answered empty.
      if (scope.studyInstanceUID) await assertStudyAccess(ctx.db, access, scope.studyInstanceUID);
      const result = await runQuery(ctx.db, query, access);
      const body = formatQueryResult(query, result.rows, ctx.publicRoot(requestOrigin(request)));
      request.auditObjects = auditObjectsOfResults(body, scope.studyInstanceUID);
      if (result.truncated) void reply.header('Warning', TRUNCATED_WARNING);
      return reply.type('application/dicom+json').send(JSON.stringify(body));
    };

  app.get('/studies', search('STUDY', () => ({})));
  app.get('/series', search('SERIES', () => ({})));
  app.get('/instances', search('IMAGE', () => ({})));
  app.get('/studies/:study/series', search('SERIES', (p) => ({ studyInstanceUID: studyUidParam(p.study) })));
  app.get('/studies/:study/instances', search('IMAGE', (p) => ({ studyInstanceUID: studyUidParam(p.study) })));
  app.get(
    '/studies/:study/series/:series/instances',
    search('IMAGE', (p) => ({ studyInstanceUID: studyUidParam(p.study), seriesInstanceUID: seriesUidParam(p.series) })),
  );
}
