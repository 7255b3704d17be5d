import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, type JWK, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '@consilium/shared';
import { freePort } from '../testing/freePort.js';
import { newUid } from '../testing/makeInstance.js';
import { type TestArchive, startTestArchive } from '../testing/testArchive.js';

const ISSUER = 'http://web.consilium.test';

interface KeyPair {
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function keyPair(kid: string): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256' } };
}

/** The issuer's JWKS endpoint, as the web app serves it. */
async function serveJwks(keys: JWK[]): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/auth/jwks`, server };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('service tokens at the archive', () => {
  let issuer: KeyPair;
  let stranger: KeyPair;
  let jwks: { url: string; server: Server };
  let t: TestArchive;

  const mint = (o: { key?: KeyPair; kid?: string; exp?: string | number; aud?: string; iss?: string; role?: string } = {}) =>
    new SignJWT({ role: o.role ?? 'radiologist', name: 'Dr Reader', email: 'reader@hospital.test' })
      .setProtectedHeader({ alg: 'ES256', kid: o.kid ?? (o.key ?? issuer).publicJwk.kid ?? '' })
      .setSubject('user-1')
      .setIssuer(o.iss ?? ISSUER)
      .setAudience(o.aud ?? 'consilium')
      .setIssuedAt()
      .setExpirationTime(o.exp ?? '5m')
      .sign((o.key ?? issuer).privateKey);

  beforeAll(async () => {
    issuer = await keyPair('issuer-key');
    stranger = await keyPair('stranger-key');
    jwks = await serveJwks([issuer.publicJwk]);
    t = await startTestArchive('pglite', { ARCHIVE_AUTH: 'required', AUTH_ISSUER: ISSUER, AUTH_JWKS_URL: jwks.url });
  });
  afterAll(async () => {
    await t?.close();
    jwks?.server.close();
  });

  const call = (method: string, path: string, token?: string) =>
    fetch(`${t.httpUrl}${path}`, { method, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

  it('refuses every route but the health check without a valid token: none, expired, foreign key, alg none, HMAC, wrong audience or issuer', async () => {
    const expired = await mint({ exp: Math.floor(Date.now() / 1000) - 60 });
    const foreign = await mint({ key: stranger });
    const foreignClaimingOurKid = await mint({ key: stranger, kid: 'issuer-key' });
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'user-1', iss: ISSUER, aud: 'consilium', exp: Math.floor(Date.now() / 1000) + 300, role: 'admin' })}.`;
    const hmac = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer(ISSUER).setAudience('consilium').setExpirationTime('5m').sign(new TextEncoder().encode('a shared secret of 32 bytes or more'));
    const otherAudience = await mint({ aud: 'someone-else' });
    const otherIssuer = await mint({ iss: 'http://evil.test' });
    const noRole = await mint({ role: 'superuser' });
    const credentials: [string, string | undefined][] = [
      ['none', undefined],
      ['garbage', 'not-a-jwt'],
      ['expired', expired],
      ['foreign key', foreign],
      ['foreign key claiming our kid', foreignClaimingOurKid],
      ['alg none', unsigned],
      ['HS256', hmac],
      ['other audience', otherAudience],
      ['other issuer', otherIssuer],
      ['unknown role', noRole],
    ];
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
    expect(((await (await call('GET', '/dicomweb/studies', await mint({ key: stranger }))).json()) as { detail: string }).detail).toBe(
      'the service token is not signed by the issuer',
    );
  });

  it('serves a valid token, and the audit names its user and role', async () => {
    const response = await call('GET', '/dicomweb/studies?PatientID=AUTH-TEST', await mint());
    expect(response.status).toBe(200);
    await t.archive.audit.flushed();
    const records = ((await (await call('GET', '/api/audit?event=Query&user=user-1', await mint())).json()) as { records: { record: AuditRecord }[] }).records;
    const mine = records.map((r) => r.record).filter((r) => r.query === 'PatientID=AUTH-TEST');
    expect(mine).toHaveLength(1);
    expect(mine[0]?.actor).toEqual({ userId: 'user-1', userName: 'Dr Reader', roles: ['radiologist'], networkAddress: '127.0.0.1' });
    // The refused attempts are in the trail too, as anonymous failures.
    const refused = (await (await call('GET', '/api/audit?user=anonymous&limit=1000', await mint())).json()) as { records: { record: AuditRecord }[] };
    expect(refused.records.length).toBeGreaterThan(0);
    expect(refused.records.every((r) => r.record.outcome === 4)).toBe(true);
  });

  it('answers 503 when the issuer keys cannot be fetched, and 401 for a missing token still', async () => {
    const orphan = await startTestArchive('pglite', { ARCHIVE_AUTH: 'required', AUTH_ISSUER: ISSUER, AUTH_JWKS_URL: `http://127.0.0.1:${await freePort()}/jwks` });
    try {
      const response = await fetch(`${orphan.httpUrl}/dicomweb/studies`, { headers: { authorization: `Bearer ${await mint()}` } });
      expect(response.status).toBe(503);
      expect((await fetch(`${orphan.httpUrl}/dicomweb/studies`)).status).toBe(401);
    } finally {
      await orphan.close();
    }
  });
});
