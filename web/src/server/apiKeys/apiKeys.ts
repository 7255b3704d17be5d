import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { ApiScope } from '@consilium/shared';
import type { WebDb } from '../db/webDatabase';
import { apiKeys, user } from '../db/schema';

/*
 * Hand-written rather than better-auth's API-key plugin: @better-auth/api-key
 * (1.7.5 in our registry) pins better-call 1.4.0 and @better-auth/utils 0.4.2
 * as peers, where the better-auth 1.7.25 we use brings 1.4.5 and 0.5.1.
 */

/** A key is `csk_<id>_<secret>`: the id finds the row, the secret's digest is compared in constant time. */
const KEY_FORMAT = /^csk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  owner: string;
  scopes: ApiScope[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

type Row = typeof apiKeys.$inferSelect;
const digest = (secret: string) => createHash('sha256').update(secret).digest();

function viewOf(row: Row): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    owner: row.owner,
    scopes: row.scopes as ApiScope[],
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Makes a key for `owner`; the key itself is returned here once and never stored. */
export async function createApiKey(
  db: WebDb,
  input: { owner: string; name: string; scopes: ApiScope[]; expiresAt?: Date | undefined },
): Promise<{ key: string; view: ApiKeyView }> {
  const id = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  const [row] = await db
    .insert(apiKeys)
    .values({
      id,
      name: input.name,
      prefix: `csk_${id}`,
      secretSha256: digest(secret).toString('hex'),
      owner: input.owner,
      scopes: [...new Set(input.scopes)],
      expiresAt: input.expiresAt ?? null,
    })
    .returning();
  if (!row) throw new Error('API key was not stored');
  return { key: `csk_${id}_${secret}`, view: viewOf(row) };
}

/** Keys of one owner, or everyone's; newest first. */
export async function listApiKeys(db: WebDb, owner: string | undefined): Promise<ApiKeyView[]> {
  const rows = await db
    .select()
    .from(apiKeys)
    .where(owner ? eq(apiKeys.owner, owner) : undefined)
    .orderBy(desc(apiKeys.createdAt))
    .limit(500);
  return rows.map(viewOf);
}

export async function findApiKey(db: WebDb, id: string): Promise<ApiKeyView | undefined> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
  return row && viewOf(row);
}

/** Revokes a key for good; false when it already was. */
export async function revokeApiKey(db: WebDb, id: string, now = new Date()): Promise<boolean> {
  const updated = await db.update(apiKeys).set({ revokedAt: now }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).returning({ id: apiKeys.id });
  return updated.length > 0;
}

export type KeyVerdict =
  | { ok: true; key: ApiKeyView; account: { id: string; name: string; email: string; role: string; dicomName: string | null } }
  | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' | 'expired' | 'account-banned'; keyId?: string };

/** Checks a presented key: its form, its secret, not revoked or expired, its owner not banned; records its use. */
export async function verifyApiKey(db: WebDb, presented: string, now = new Date()): Promise<KeyVerdict> {
  const match = KEY_FORMAT.exec(presented.trim());
  if (!match) return { ok: false, reason: 'malformed' };
  const [, id = '', secret = ''] = match;
  const [found] = await db
    .select({ key: apiKeys, account: { id: user.id, name: user.name, email: user.email, role: user.role, banned: user.banned, dicomName: user.dicomName } })
    .from(apiKeys)
    .innerJoin(user, eq(user.id, apiKeys.owner))
    .where(eq(apiKeys.id, id));
  const stored = found ? Buffer.from(found.key.secretSha256, 'hex') : Buffer.alloc(32);
  const same = timingSafeEqual(stored, digest(secret));
  if (!found || !same) return { ok: false, reason: 'unknown' };
  if (found.key.revokedAt) return { ok: false, reason: 'revoked', keyId: id };
  if (found.key.expiresAt && found.key.expiresAt <= now) return { ok: false, reason: 'expired', keyId: id };
  if (found.account.banned) return { ok: false, reason: 'account-banned', keyId: id };
  await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, id));
  const { banned: _banned, ...account } = found.account;
  return { ok: true, key: viewOf(found.key), account: { ...account, role: account.role ?? 'guest' } };
}
