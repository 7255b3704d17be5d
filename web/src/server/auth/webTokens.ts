import 'server-only';
import type { Auth } from './createAuth';

/** Guests hold tokens for 2 minutes (a revoked link stops at the web server at once, and at the archive within that). */
const GUEST_TOKEN_LIFETIME_S = 120;
const GUEST_REUSE_MS = 60_000;
const SERVICE_REUSE_MS = 4 * 60_000;

const cache = new Map<string, { token: string; until: number }>();

async function cached(key: string, reuseMs: number, mint: () => Promise<string>): Promise<string> {
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.token;
  const token = await mint();
  if (cache.size > 10_000) for (const [k, v] of cache) if (v.until <= now) cache.delete(k);
  cache.set(key, { token, until: now + reuseMs });
  return token;
}

/**
 * The web server's own service token (`svc`): it reports audit events to
 * the archive with it. Signed with the same keys as users' tokens (jwt plugin).
 */
export function webServiceToken(auth: Auth): Promise<string> {
  return cached('service:web', SERVICE_REUSE_MS, async () => {
    const { token } = await auth.api.signJWT({ body: { payload: { sub: 'service:web', role: 'admin', svc: true, name: 'Consilium web server' } } });
    return token;
  });
}

/** The service token of a guest who opened share link `linkId`: role guest, that study only. */
export function guestServiceToken(auth: Auth, link: { id: string; studyInstanceUid: string }): Promise<string> {
  return cached(`share:${link.id}`, GUEST_REUSE_MS, async () => {
    const { token } = await auth.api.signJWT({
      body: {
        payload: {
          sub: `share:${link.id}`,
          role: 'guest',
          studies: [link.studyInstanceUid],
          share: link.id,
          name: 'Guest (share link)',
          // signJWT's overrideOptions replace the whole jwt block (issuer, audience): the expiry goes in the payload.
          exp: Math.floor(Date.now() / 1000) + GUEST_TOKEN_LIFETIME_S,
        },
      },
    });
    return token;
  });
}

/** Forgets a revoked link's token, so this server mints no more for it. */
export function forgetGuestToken(linkId: string): void {
  cache.delete(`share:${linkId}`);
}
