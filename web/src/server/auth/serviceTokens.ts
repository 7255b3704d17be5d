import 'server-only';
import { getAuth } from './getAuth';

/** Tokens live 5 minutes (SERVICE_TOKEN_LIFETIME); one is reused for 4, so none reaches the archive about to expire. */
const REUSE_MS = 4 * 60_000;
const MAX_CACHED = 10_000;

const cache = new Map<string, { token: string; until: number }>();

/**
 * The service token to call the archive with on behalf of the signed-in
 * session of `headers`, or undefined without one. Minting signs with the
 * stored key; a viewer's hundreds of image requests share one token per
 * session instead.
 */
export async function serviceTokenFor(headers: Headers): Promise<string | undefined> {
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers });
  return session ? serviceTokenOfSession(session.session.id, headers) : undefined;
}

/** The same for a session already checked (the request proxy has one): no second session look-up. */
export async function serviceTokenOfSession(sessionId: string, headers: Headers): Promise<string> {
  const auth = await getAuth();
  const now = Date.now();
  const cached = cache.get(sessionId);
  if (cached && cached.until > now) return cached.token;
  const { token } = await auth.api.getToken({ headers });
  if (cache.size >= MAX_CACHED) for (const [id, entry] of cache) if (entry.until <= now) cache.delete(id);
  cache.set(sessionId, { token, until: now + REUSE_MS });
  return token;
}
