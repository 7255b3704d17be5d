import type { FastifyInstance } from 'fastify';
import { AppError, type Principal, type ServiceTokenVerifier } from '@consilium/shared';
import { scopeNeeded } from '../access/apiScopes.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request is for, once its service token verified (undefined when auth is off). */
    principal?: Principal;
  }
}

/** Routes anyone may call: liveness only, no data. */
const OPEN_PATHS = new Set(['/api/health']);

/**
 * Every other route of `app` needs a valid service token: a missing, expired,
 * foreign-signed or unsigned one is a 401 problem with a Bearer challenge
 * (RFC 6750), before any handler runs. The refusal still passes the audit
 * hook (an anonymous attempt with its outcome).
 */
export function requireServiceToken(app: FastifyInstance, verifier: ServiceTokenVerifier): void {
  app.addHook('onRequest', async (request, reply) => {
    if (OPEN_PATHS.has(request.url.split('?')[0] ?? '')) return;
    const verdict = await verifier.verify(request.headers.authorization);
    if (verdict.ok) {
      request.principal = verdict.value;
      const scopes = verdict.value.scopes;
      const path = request.url.split('?')[0] ?? '';
      // A machine client's token does only what its API key's scopes allow (the role still bounds it).
      if (scopes && !scopes.includes(scopeNeeded(request.method, path))) {
        throw new AppError('Forbidden', `this API key lacks the "${scopeNeeded(request.method, path)}" scope`);
      }
      return;
    }
    if (verdict.error.code === 'Unauthorized') {
      void reply.header('WWW-Authenticate', `Bearer realm="consilium", error="invalid_token", error_description="${verdict.error.message}"`);
    }
    request.log.info({ reason: verdict.error.message }, 'request refused: no valid service token');
    throw verdict.error;
  });
}
