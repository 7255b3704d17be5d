import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { createScratchDatabase, testBackends } from '@consilium/realtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeys, user } from '../db/schema';
import { type WebDatabase, openWebDatabase } from '../db/webDatabase';
import { createApiKey, listApiKeys, revokeApiKey, verifyApiKey } from './apiKeys';

/** The secret part of `csk_<12-character id>_<secret>` (the secret may hold underscores). */
const secretOf = (key: string) => key.slice('csk_'.length + 13);

describe.each(testBackends())('API keys on %s', (backend) => {
  let dataDir: string;
  let database: WebDatabase;
  let scratch: { url: string; drop(): Promise<void> } | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'consilium-keys-'));
    scratch = backend === 'postgres' ? await createScratchDatabase() : undefined;
    database = await openWebDatabase({ databaseUrl: scratch?.url, dataDir });
    await database.db.insert(user).values({ id: 'rad-1', name: 'Dr Reader', email: 'reader@hospital.test', role: 'radiologist', dicomName: 'READER^R' });
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('verifies a key as its account with its scopes, and keeps only a digest of the secret', async () => {
    const { key, view } = await createApiKey(database.db, { owner: 'rad-1', name: 'export script', scopes: ['read', 'read', 'store'] });
    expect(key).toMatch(/^csk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(view.scopes).toEqual(['read', 'store']);
    const verdict = await verifyApiKey(database.db, key);
    expect(verdict).toMatchObject({ ok: true, key: { id: view.id, scopes: ['read', 'store'] }, account: { id: 'rad-1', role: 'radiologist', dicomName: 'READER^R' } });
    const [row] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, view.id));
    expect(JSON.stringify(row)).not.toContain(secretOf(key));
    expect(row?.lastUsedAt).not.toBeNull();
    expect((await listApiKeys(database.db, 'rad-1')).map((k) => k.id)).toContain(view.id);
  });

  it('refuses a malformed, altered, revoked or expired key, and one of a blocked account', async () => {
    const { key, view } = await createApiKey(database.db, { owner: 'rad-1', name: 'k', scopes: ['read'] });
    expect(await verifyApiKey(database.db, 'not-a-key')).toEqual({ ok: false, reason: 'malformed' });
    const altered = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    expect(await verifyApiKey(database.db, altered)).toEqual({ ok: false, reason: 'unknown' });
    expect(await verifyApiKey(database.db, `csk_zzzzzzzzzzzz_${secretOf(key)}`)).toEqual({ ok: false, reason: 'unknown' });
    const expired = await createApiKey(database.db, { owner: 'rad-1', name: 'old', scopes: ['read'], expiresAt: new Date(Date.now() - 1000) });
    expect(await verifyApiKey(database.db, expired.key)).toMatchObject({ ok: false, reason: 'expired' });
    await database.db.update(user).set({ banned: true }).where(eq(user.id, 'rad-1'));
    expect(await verifyApiKey(database.db, key)).toMatchObject({ ok: false, reason: 'account-banned' });
    await database.db.update(user).set({ banned: false }).where(eq(user.id, 'rad-1'));
    expect(await revokeApiKey(database.db, view.id)).toBe(true);
    expect(await revokeApiKey(database.db, view.id)).toBe(false);
    expect(await verifyApiKey(database.db, key)).toMatchObject({ ok: false, reason: 'revoked' });
  });
});
