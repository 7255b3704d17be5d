import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase, testBackends } from '@consilium/realtime/testing';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JWKS_PATH, SERVICE_TOKEN_AUDIENCE, ServiceTokenClaimsSchema } from '@consilium/shared';
import { eq } from 'drizzle-orm';
import { signInLockouts } from '../db/schema';
import { type WebDatabase, openWebDatabase } from '../db/webDatabase';
import { loadAuthSecret } from './authSecret';
import { type Auth, createAuth } from './createAuth';
import { INITIAL_ADMIN_EMAIL, ensureFirstAdmin } from './ensureFirstAdmin';

const BASE = 'http://127.0.0.1:3999';
const ADMIN = { email: 'chief@hospital.test', password: 'a long admin passphrase' };

describe.each(testBackends())('accounts and service tokens on %s', (backend) => {
  let dataDir: string;
  let database: WebDatabase;
  let scratch: { url: string; drop(): Promise<void> } | undefined;
  let auth: Auth;
  // better-auth's in-memory rate limiter is one per process: each backend's requests come from addresses of its own.
  const net = backend === 'postgres' ? '10.2' : '10.1';

  const call = (method: string, route: string, init: { body?: unknown; cookie?: string; ip?: string } = {}) =>
    auth.handler(
      new Request(`${BASE}/api/auth${route}`, {
        method,
        headers: {
          origin: BASE,
          'x-forwarded-for': init.ip ?? `${net}.0.1`,
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(init.cookie ? { cookie: init.cookie } : {}),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      }),
    );
  const signIn = async (email: string, password: string, ip?: string) => {
    const response = await call('POST', '/sign-in/email', { body: { email, password }, ...(ip ? { ip } : {}) });
    const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    return { status: response.status, cookie };
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'consilium-web-auth-'));
    scratch = backend === 'postgres' ? await createScratchDatabase() : undefined;
    database = await openWebDatabase({ databaseUrl: scratch?.url, dataDir });
    auth = createAuth({ db: database.db, secret: await loadAuthSecret(undefined, dataDir), baseUrl: BASE, trustedOrigins: [BASE] });
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('generates the auth secret once, readable by this user only, and keeps it', async () => {
    const file = path.join(dataDir, 'keys', 'web-auth-secret');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const first = (await readFile(file, 'utf8')).trim();
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(await loadAuthSecret(undefined, dataDir)).toBe(first);
  });

  it('creates the configured administrator once; an admin signs in', async () => {
    expect(await ensureFirstAdmin(auth, database.db, { configured: ADMIN, dataDir })).toEqual({ kind: 'configured', email: ADMIN.email, created: true });
    expect(await ensureFirstAdmin(auth, database.db, { configured: ADMIN, dataDir })).toMatchObject({ created: false });
    expect(await ensureFirstAdmin(auth, database.db, { configured: undefined, dataDir })).toEqual({ kind: 'exists' });
    const { status, cookie } = await signIn(ADMIN.email, ADMIN.password);
    expect(status).toBe(200);
    const session = (await (await call('GET', '/get-session', { cookie })).json()) as { user: { email: string; role: string } };
    expect(session.user).toMatchObject({ email: ADMIN.email, role: 'admin' });
  });

  it('refuses a wrong password and self sign-up', async () => {
    expect((await signIn(ADMIN.email, 'not the passphrase at all')).status).toBe(401);
    const signUp = await call('POST', '/sign-up/email', { body: { email: 'me@x.test', password: 'let me in please', name: 'Me' } });
    expect(signUp.status).toBeGreaterThanOrEqual(400);
    expect((await signIn('me@x.test', 'let me in please')).status).toBe(401);
  });

  it('lets an admin create a physician, who signs in with that role and cannot create users', async () => {
    const admin = await signIn(ADMIN.email, ADMIN.password);
    const created = await call('POST', '/admin/create-user', {
      cookie: admin.cookie,
      body: { email: 'gp@clinic.test', password: 'physician passphrase', name: 'Dr GP', role: 'physician' },
    });
    expect(created.status).toBe(200);
    const gp = await signIn('gp@clinic.test', 'physician passphrase');
    expect(gp.status).toBe(200);
    const refused = await call('POST', '/admin/create-user', { cookie: gp.cookie, body: { email: 'x@y.test', password: 'another passphrase', name: 'X' } });
    expect(refused.status).toBe(403);
  });

  it('issues a short-lived ES256 service token that verifies against the JWKS and carries the role', async () => {
    const gp = await signIn('gp@clinic.test', 'physician passphrase');
    const { token } = (await (await call('GET', '/token', { cookie: gp.cookie })).json()) as { token: string };
    const jwks = (await (await call('GET', JWKS_PATH.replace('/api/auth', ''))).json()) as Parameters<typeof createLocalJWKSet>[0];
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), { issuer: BASE, audience: SERVICE_TOKEN_AUDIENCE, algorithms: ['ES256'] });
    expect(protectedHeader.alg).toBe('ES256');
    const claims = ServiceTokenClaimsSchema.parse(payload);
    expect(claims).toMatchObject({ role: 'physician', email: 'gp@clinic.test', name: 'Dr GP' });
    expect(claims.exp - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(5 * 60);
    expect(JSON.stringify(jwks)).not.toMatch(/"d":/);
  });

  it('gives no service token without a session', async () => {
    expect((await call('GET', '/token')).status).toBe(401);
  });

  it('slows down password guessing: past 10 attempts a minute from one address, 429', async () => {
    const statuses: number[] = [];
    // Other accounts each time, so that only the per-address limit can apply.
    for (let i = 0; i < 12; i++) statuses.push((await signIn(`nobody${i}@clinic.test`, `guess number ${i} wrong`, `${net}.9.9`)).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Another address is not affected.
    expect((await signIn('gp@clinic.test', 'physician passphrase', `${net}.9.10`)).status).toBe(200);
  });

  it('locks an account for 15 minutes after 5 failed sign-ins in a row, from whatever addresses; a success starts the count again', async () => {
    const attempt = (password: string, i: number) => signIn('gp@clinic.test', password, `${net}.7.${i}`);
    for (let i = 0; i < 4; i++) expect((await attempt('wrong guess', i)).status).toBe(401);
    expect((await attempt('physician passphrase', 4)).status, 'four failures do not lock').toBe(200);
    for (let i = 5; i < 10; i++) expect((await attempt('wrong guess', i)).status).toBe(401);
    const locked = await call('POST', '/sign-in/email', { body: { email: 'GP@clinic.test', password: 'physician passphrase' }, ip: `${net}.7.10` });
    expect(locked.status, 'the right password while locked').toBe(429);
    expect(((await locked.json()) as { message: string }).message).toBe('This account is locked for 15 minutes after 5 failed sign-ins.');
    const [row] = await database.db.select().from(signInLockouts).where(eq(signInLockouts.email, 'gp@clinic.test'));
    expect(row?.lockedUntil?.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    // Fifteen minutes later (the lock's end moved into the past):
    await database.db.update(signInLockouts).set({ lockedUntil: new Date(Date.now() - 1000) }).where(eq(signInLockouts.email, 'gp@clinic.test'));
    expect((await attempt('physician passphrase', 11)).status).toBe(200);
    expect(await database.db.select().from(signInLockouts).where(eq(signInLockouts.email, 'gp@clinic.test'))).toEqual([]);
  });

  it('creates a first administrator with a random password when none is configured', async () => {
    const otherDir = await mkdtemp(path.join(os.tmpdir(), 'consilium-web-auth-'));
    const other = await openWebDatabase({ dataDir: otherDir });
    try {
      const fresh = createAuth({ db: other.db, secret: await loadAuthSecret(undefined, otherDir), baseUrl: BASE, trustedOrigins: [BASE] });
      const result = await ensureFirstAdmin(fresh, other.db, { configured: undefined, dataDir: otherDir });
      expect(result).toMatchObject({ kind: 'generated', email: INITIAL_ADMIN_EMAIL });
      const file = result.kind === 'generated' ? result.passwordFile : '';
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const password = (await readFile(file, 'utf8')).trim();
      expect(password.length).toBeGreaterThanOrEqual(20);
      auth = fresh;
      expect((await signIn(INITIAL_ADMIN_EMAIL, password)).status).toBe(200);
    } finally {
      await other.close();
      await rm(otherDir, { recursive: true, force: true });
    }
  });
});
