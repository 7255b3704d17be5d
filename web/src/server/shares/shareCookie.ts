import { createHmac, timingSafeEqual } from 'node:crypto';

/** The cookie that keeps a guest in after opening a share link (httpOnly). */
export const SHARE_COOKIE = 'consilium.share';
/** A guest visit lasts at most this long (or until the link expires or is revoked). */
export const GUEST_VISIT_MS = 8 * 60 * 60_000;

const mac = (secret: string, body: string) => createHmac('sha256', `share-cookie:${secret}`).update(body).digest('base64url');

/** `linkId.expiresAtMs.mac`: which link let the guest in, until when; signed with the auth secret. */
export function shareCookieValue(secret: string, linkId: string, expiresAt: Date): string {
  const body = `${linkId}.${expiresAt.getTime()}`;
  return `${body}.${mac(secret, body)}`;
}

/** The link id of a genuine, unexpired share cookie, else undefined. */
export function readShareCookie(secret: string, value: string | undefined, now = Date.now()): string | undefined {
  const [linkId, expires, signature] = value?.split('.') ?? [];
  if (!linkId || !expires || !signature) return undefined;
  const expected = Buffer.from(mac(secret, `${linkId}.${expires}`));
  const actual = Buffer.from(signature);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
  return Number(expires) > now ? linkId : undefined;
}
