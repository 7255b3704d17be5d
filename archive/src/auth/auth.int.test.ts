import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '@consilium/shared';
import { TestTokenIssuer } from '@consilium/shared/testing';
import { freePort } from '../testing/freePort.js';
import { newUid } from '../testing/makeInstance.js';
import { type TestArchive, startTestArchive } from '../testing/testArchive.js';

describe('service tokens at the archive', () => {
  let issuer: TestTokenIssuer;
  let t: TestArchive;
  const mint = (o?: Parameters<TestTokenIssuer['mint']>[0]) => issuer.mint(o);

  beforeAll(async () => {
    issuer = await TestTokenIssuer.start();
    t = await startTestArchive('pglite', { ARCHIVE_AUTH: 'required', ...issuer.env() });
  });
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
  });

  const call = (method: string, path: string, token?: string) =>
    fetch(`${t.httpUrl}${path}`, { method, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

  it('refuses every route but the health check without a valid token: none, expired, foreign key, alg none, HMAC, wrong audience or issuer', async () => {
    const credentials = await issuer.badCredentials();
    const routes = t.archive.http.routeTable.filter((r) => r.method !== 'OPTIONS');
    expect(routes.length).toBeGreaterThan(20);
    const uid = newUid();
    for (const { method, url } of routes) {
      const path = url.replace(/:frames/g, '1').replace(/:tag/g, '7FE00010').replace(/:[a-z]+/gi, uid);
      for (const [what, token] of credentials) {
        const response = await call(method, path, token);
        if (url === '/api/health') {
          expect(response.status, `${method} ${path}`).toBe(200);
          continue;
        }
        expect(response.status, `${method} ${path} with ${what}`).toBe(401);
        if (method !== 'HEAD') expect(response.headers.get('content-type'), `${method} ${path}`).toMatch(/application\/problem\+json/);
        expect(response.headers.get('www-authenticate'), `${method} ${path}`).toMatch(/^Bearer realm="consilium", error="invalid_token"/);
      }
    }
  });

  it('says why a token is refused, without echoing it', async () => {
    const expired = await mint({ exp: Math.floor(Date.now() / 1000) - 60 });
    const body = (await (await call('GET', '/dicomweb/studies', expired)).json()) as { detail: string };
    expect(body.detail).toBe('the service token has expired');
    expect(JSON.stringify(body)).not.toContain(expired);
    expect(((await (await call('GET', '/dicomweb/studies', await mint({ foreign: true }))).json()) as { detail: string }).detail).toBe(
      'the service token is not signed by the issuer',
    );
  });

  it('serves a valid token, and the audit names its user and role', async () => {
    const response = await call('GET', '/dicomweb/studies?PatientID=AUTH-TEST', await mint());
    expect(response.status).toBe(200);
    await t.archive.audit.flushed();
    const admin = await mint({ role: 'admin', sub: 'admin-1' });
    expect((await call('GET', '/api/audit', await mint())).status, 'a radiologist reads no audit trail').toBe(403);
    const records = ((await (await call('GET', '/api/audit?event=Query&user=user-1', admin)).json()) as { records: { record: AuditRecord }[] }).records;
    const mine = records.map((r) => r.record).filter((r) => r.query === 'PatientID=AUTH-TEST');
    expect(mine).toHaveLength(1);
    expect(mine[0]?.actor).toEqual({ userId: 'user-1', userName: 'Dr Reader', roles: ['radiologist'], networkAddress: '127.0.0.1' });
    // The refused attempts are in the trail too, as anonymous failures.
    const refused = (await (await call('GET', '/api/audit?user=anonymous&limit=1000', admin)).json()) as { records: { record: AuditRecord }[] };
    expect(refused.records.length).toBeGreaterThan(0);
    expect(refused.records.every((r) => r.record.outcome === 4)).toBe(true);
  });

  it("holds an API key's token to its scopes: a read-only key reads and stores nothing", async () => {
    // Each body is read: an unread one holds its connection open until keep-alive ends, and the archive's close waits for it.
    const status = async (method: string, path: string, token: string) => {
      const response = await call(method, path, token);
      await response.arrayBuffer();
      return response.status;
    };
    const readOnly = await mint({ role: 'radiologist', claims: { scope: ['read'], key: 'key-1' } });
    expect(await status('GET', '/dicomweb/studies', readOnly)).toBe(200);
    const stow = await call('POST', '/dicomweb/studies', readOnly);
    expect(stow.status).toBe(403);
    expect(((await stow.json()) as { detail: string }).detail).toBe('this API key lacks the "store" scope');
    expect(await status('POST', '/api/worklist', readOnly)).toBe(403);
    const admin = await mint({ role: 'admin', claims: { scope: ['read'] } });
    expect(await status('GET', '/api/audit', admin), 'an admin key without the audit scope').toBe(403);
    expect(await status('GET', '/api/audit', await mint({ role: 'admin', claims: { scope: ['audit'] } }))).toBe(200);
    expect(await status('GET', '/api/audit', await mint({ role: 'physician', claims: { scope: ['audit'] } })), 'the role still bounds a key').toBe(403);
    expect(await status('GET', '/dicomweb/studies', await mint({ claims: { scope: ['teleport'] } })), 'an unknown scope').toBe(401);
  });

  it('answers 503 when the issuer keys cannot be fetched, and 401 for a missing token still', async () => {
    const orphan = await startTestArchive('pglite', { ARCHIVE_AUTH: 'required', AUTH_ISSUER: issuer.issuer, AUTH_JWKS_URL: `http://127.0.0.1:${await freePort()}/jwks` });
    try {
      const response = await fetch(`${orphan.httpUrl}/dicomweb/studies`, { headers: { authorization: `Bearer ${await mint()}` } });
      expect(response.status).toBe(503);
      expect((await fetch(`${orphan.httpUrl}/dicomweb/studies`)).status).toBe(401);
    } finally {
      await orphan.close();
    }
  });
});
