import 'server-only';
import { getWebServer } from '../auth/getAuth';
import { SHARE_COOKIE, readShareCookie } from './shareCookie';
import { type ShareLinkRow, activeShareLink } from './shareLinks';

/** A revoked link shuts its guests out within this long on every web server (at once on the one that revoked it). */
const RECHECK_MS = 5_000;
const checked = new Map<string, { link: ShareLinkRow | undefined; until: number }>();

function cookieOf(headers: Headers, name: string): string | undefined {
  for (const part of headers.get('cookie')?.split(';') ?? []) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** The share link a guest request came in through (signed cookie, link still open), else undefined. */
export async function guestLinkOf(headers: Headers): Promise<ShareLinkRow | undefined> {
  const value = cookieOf(headers, SHARE_COOKIE);
  if (!value) return undefined;
  const { db, secret } = await getWebServer();
  const linkId = readShareCookie(secret, value);
  if (!linkId) return undefined;
  const now = Date.now();
  const hit = checked.get(linkId);
  if (hit && hit.until > now) return hit.link;
  const link = await activeShareLink(db, linkId);
  if (checked.size > 10_000) checked.clear();
  checked.set(linkId, { link, until: now + RECHECK_MS });
  return link;
}

/** After a revocation on this server: its guests are out on their next request. */
export function forgetGuestLink(linkId: string): void {
  checked.delete(linkId);
}
