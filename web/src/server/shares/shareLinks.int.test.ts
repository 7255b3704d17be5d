import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase, testBackends } from '@consilium/realtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebDatabase, openWebDatabase } from '../db/webDatabase';
import { readShareCookie, shareCookieValue } from './shareCookie';
import { PASSCODE_LOCKOUT, activeShareLink, createShareLink, inspectShareLink, listShareLinks, redeemShareLink, revokeShareLink } from './shareLinks';

const STUDY = '1.2.826.0.1.3680043.8.498.1';
const hours = (n: number) => new Date(Date.now() + n * 3_600_000);

describe.each(testBackends())('share links on %s', (backend) => {
  let dataDir: string;
  let database: WebDatabase;
  let scratch: { url: string; drop(): Promise<void> } | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'consilium-shares-'));
    scratch = backend === 'postgres' ? await createScratchDatabase() : undefined;
    database = await openWebDatabase({ databaseUrl: scratch?.url, dataDir });
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('opens a link without a passcode and counts each opening; keeps only a digest of its secret', async () => {
    const { link, token } = await createShareLink(database.db, { studyInstanceUID: STUDY, createdBy: 'rad-1', expiresAt: hours(1) });
    expect(token.length).toBeGreaterThanOrEqual(32);
    const opened = await redeemShareLink(database.db, token, undefined);
    expect(opened.ok && opened.link.studyInstanceUid).toBe(STUDY);
    await redeemShareLink(database.db, token, undefined);
    const [listed] = (await listShareLinks(database.db, { createdBy: 'rad-1' })).filter((l) => l.id === link.id);
    expect(listed).toMatchObject({ uses: 2, state: 'open', hasPasscode: false });
    expect(JSON.stringify(listed)).not.toContain(token);
    expect((await redeemShareLink(database.db, `${token}x`, undefined)).ok).toBe(false);
  });

  it('refuses expired, revoked and used-up links, with the reason', async () => {
    const expired = await createShareLink(database.db, { studyInstanceUID: STUDY, createdBy: 'rad-1', expiresAt: new Date(Date.now() - 1000) });
    expect(await redeemShareLink(database.db, expired.token, undefined)).toMatchObject({ ok: false, reason: 'expired' });
    const revoked = await createShareLink(database.db, { studyInstanceUID: STUDY, createdBy: 'rad-1', expiresAt: hours(1) });
    expect(await revokeShareLink(database.db, revoked.link.id)).toBe(true);
    expect(await revokeShareLink(database.db, revoked.link.id)).toBe(false);
    expect(await redeemShareLink(database.db, revoked.token, undefined)).toMatchObject({ ok: false, reason: 'revoked' });
    expect(await activeShareLink(database.db, revoked.link.id)).toBeUndefined();
    const once = await createShareLink(database.db, { studyInstanceUID: STUDY, createdBy: 'rad-1', expiresAt: hours(1), maxUses: 1 });
    const race = await Promise.all([redeemShareLink(database.db, once.token, undefined), redeemShareLink(database.db, once.token, undefined)]);
    expect(race.filter((r) => r.ok)).toHaveLength(1);
    expect(await redeemShareLink(database.db, once.token, undefined)).toMatchObject({ ok: false, reason: 'used-up' });
  });

  it('asks for the passcode, and locks the link after five wrong ones, even for the right one', async () => {
    const { token } = await createShareLink(database.db, { studyInstanceUID: STUDY, createdBy: 'rad-1', expiresAt: hours(1), passcode: '482913' });
    expect(await inspectShareLink(database.db, token)).toMatchObject({ ok: false, reason: 'passcode-required' });
    expect(await redeemShareLink(database.db, token, undefined)).toMatchObject({ ok: false, reason: 'passcode-required' });
    expect((await redeemShareLink(database.db, token, '482913')).ok, 'the right passcode').toBe(true);
    const reasons: string[] = [];
    for (let i = 0; i < PASSCODE_LOCKOUT.failures + 1; i += 1) reasons.push(((await redeemShareLink(database.db, token, `00000${i}`)) as { reason: string }).reason);
    expect(reasons).toEqual(['wrong-passcode', 'wrong-passcode', 'wrong-passcode', 'wrong-passcode', 'locked', 'locked']);
    expect(await redeemShareLink(database.db, token, '482913')).toMatchObject({ ok: false, reason: 'locked' });
    const later = new Date(Date.now() + PASSCODE_LOCKOUT.lockMs + 1000);
    expect((await redeemShareLink(database.db, token, '482913', later)).ok, 'after the lockout').toBe(true);
  });

  it('signs the guest cookie: a forged, altered or expired one lets nobody in', () => {
    const secret = 'a secret of at least thirty-two characters';
    const value = shareCookieValue(secret, 'link-1', new Date(Date.now() + 60_000));
    expect(readShareCookie(secret, value)).toBe('link-1');
    expect(readShareCookie('another secret of thirty-two characters', value)).toBeUndefined();
    expect(readShareCookie(secret, value.replace('link-1', 'link-2'))).toBeUndefined();
    expect(readShareCookie(secret, value, Date.now() + 120_000)).toBeUndefined();
    expect(readShareCookie(secret, undefined)).toBeUndefined();
    expect(readShareCookie(secret, 'garbage')).toBeUndefined();
  });
});
