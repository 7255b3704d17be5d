import type { IncomingMessage, ServerResponse } from 'node:http';
import { SessionCreateRequestSchema, SessionIdSchema } from '@consilium/shared';
import type { Principal, ServiceTokenVerifier } from '@consilium/shared';
import type { Logger } from '../logger.js';
import type { SessionRepository } from '../sessions/SessionRepository.js';

const MAX_BODY_BYTES = 16 * 1024;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new RangeError('body too large');
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/**
 * REST beside the socket server: `POST /api/sessions` creates a session bound
 * to studies and returns its tokens; `GET /api/sessions/:id` describes one;
 * `GET /health`. socket.io answers its own path before this is reached.
 */
export function createHttpHandler(deps: HttpDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const origin = req.headers.origin;
    if (origin && deps.corsOrigins.includes(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-headers', 'content-type, authorization');
      res.setHeader('vary', 'origin');
    }
    route(req, res, deps).catch((error: unknown) => {
      deps.log.error({ err: error, url: req.url }, 'http handler failed');
      if (!res.headersSent) send(res, 500, { code: 'ProcessingFailure', reason: 'internal error' });
    });
  };
}

interface HttpDeps {
  sessions: SessionRepository;
  corsOrigins: string[];
  log: Logger;
  /** Checks the Bearer service token of /api requests; undefined when REALTIME_AUTH=off. */
  verifier: ServiceTokenVerifier | undefined;
}

async function route(req: IncomingMessage, res: ServerResponse, deps: HttpDeps): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'OPTIONS') return void res.writeHead(204).end();
  if (req.method === 'GET' && url.pathname === '/health') return send(res, 200, { ok: true });
  let user: Principal | undefined;
  if (deps.verifier) {
    const verified = await deps.verifier.verify(req.headers.authorization);
    if (verified.ok) user = verified.value;
    if (!verified.ok) {
      const unauthorised = verified.error.code === 'Unauthorized';
      if (unauthorised) res.setHeader('www-authenticate', 'Bearer realm="consilium", error="invalid_token"');
      deps.log.info({ reason: verified.error.message }, 'request refused: no valid service token');
      return send(res, unauthorised ? 401 : 503, { code: verified.error.code, reason: verified.error.message });
    }
  }
  if (req.method === 'POST' && url.pathname === '/api/sessions') {
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (error) {
      const tooLarge = error instanceof RangeError;
      return send(res, tooLarge ? 413 : 400, { code: tooLarge ? 'PayloadTooLarge' : 'MalformedMessage', reason: tooLarge ? 'body too large' : 'body is not JSON' });
    }
    const parsed = SessionCreateRequestSchema.safeParse(body);
    if (!parsed.success) return send(res, 400, { code: 'MalformedMessage', reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    // A share-link guest watches; a machine client starts sessions only with the session scope.
    if (user?.role === 'guest') return send(res, 403, { code: 'Forbidden', reason: 'guests cannot start sessions' });
    if (user?.scopes && !user.scopes.includes('session')) return send(res, 403, { code: 'Forbidden', reason: 'this API key lacks the "session" scope' });
    return send(res, 201, await deps.sessions.create(parsed.data, user?.userId));
  }
  const match = /^\/api\/sessions\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && match) {
    const id = SessionIdSchema.safeParse(match[1]);
    const session = id.success ? await deps.sessions.find(id.data) : undefined;
    return session ? send(res, 200, session) : send(res, 404, { code: 'NotFound', reason: 'no such session' });
  }
  send(res, 404, { code: 'NotFound', reason: 'no such route' });
}
