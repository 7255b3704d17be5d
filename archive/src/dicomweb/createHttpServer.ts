import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { registerGrantRoutes } from '../access/grantRoutes.js';
import { registerWorklistRoutes } from '../api/worklistRoutes.js';
import type { AuditSink } from '../audit/AuditTrail.js';
import { requireServiceToken } from '../auth/requireServiceToken.js';
import type { ServiceTokenVerifier } from '@consilium/shared';
import { registerAuditRoutes } from '../audit/auditRoutes.js';
import { registerDicomwebAudit } from '../audit/httpAudit.js';
import type { Logger } from '../logger.js';
import type { DicomwebContext } from './DicomwebContext.js';
import { registerQido } from './qido.js';
import { registerRendered } from './rendered.js';
import { registerStow } from './stow.js';
import { registerWado } from './wado.js';
import { sendProblem } from './sendProblem.js';

export const DICOMWEB_PREFIX = '/dicomweb';

export interface RouteEntry {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    readonly routeTable: readonly RouteEntry[];
  }
}

/**
 * The archive's HTTP server: DICOMweb under /dicomweb, a health check under
 * /api, the audit trail under /api/audit. CORS is open for GET so that browser viewers on other origins (OHIF,
 * the web app in development) can read; writes need the same origin or a
 * proxy, until [access] brings tokens.
 */
export function createHttpServer(
  ctx: DicomwebContext,
  options: { logger: Logger; stowMaxBodyBytes: number; audit: AuditSink; verifier: ServiceTokenVerifier | undefined; trustedProxies?: string[] },
): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger.child({ module: 'http' }) as FastifyBaseLogger,
    // Fastify's own request lines would carry query strings; ours (onResponse) leave them out.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { maxParamLength: 20_000 },
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    // request.ip is the client the web app's proxy names, when the request comes from a trusted proxy.
    trustProxy: options.trustedProxies && options.trustedProxies.length > 0 ? options.trustedProxies : false,
  });
  // Every route as registered, for the test that walks them all without credentials.
  const routeTable: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url });
  });
  app.decorate('routeTable', routeTable);
  app.setErrorHandler((error, request, reply) => sendProblem(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(Object.assign(new Error(`No route for ${request.method} ${request.url.split('?')[0] ?? ''}`), { statusCode: 404 }), request, reply),
  );
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('Access-Control-Allow-Origin', '*');
    void reply.header('Access-Control-Expose-Headers', 'Warning, Content-Type, Content-Location');
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    // Paths carry UIDs only, never demographics; query strings are left out on purpose.
    request.log.info(
      { method: request.method, path: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });
  // Without a verifier (ARCHIVE_AUTH=off) every route is open; createArchive logs that.
  if (options.verifier) requireServiceToken(app, options.verifier);
  app.get('/api/health', async () => ({ status: 'ok' }));
  registerWorklistRoutes(app, ctx.db);
  registerAuditRoutes(app, ctx.db, options.audit);
  registerGrantRoutes(app, ctx.db, options.audit);
  void app.register(
    async (scope) => {
      // Every DICOMweb request is a read or a store of patient data: each leaves an audit record.
      registerDicomwebAudit(scope, options.audit);
      registerStow(scope, ctx, options.stowMaxBodyBytes);
      registerQido(scope, ctx);
      registerWado(scope, ctx);
      registerRendered(scope, ctx);
    },
    { prefix: DICOMWEB_PREFIX },
  );
  return app;
}
