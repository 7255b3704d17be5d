import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, type JWK, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { JWKS_PATH, SERVICE_TOKEN_ALG, SERVICE_TOKEN_AUDIENCE } from '../auth/serviceToken.js';

interface KeyPair {
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function keyPair(kid: string): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(SERVICE_TOKEN_ALG);
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: SERVICE_TOKEN_ALG } };
}

export interface MintOptions {
  /** Sign with a key the JWKS does not publish (a forger). */
  foreign?: boolean;
  /** The kid the header names (a forger may claim the issuer's). */
  kid?: string;
  exp?: string | number;
  aud?: string;
  iss?: string;
  role?: string;
  sub?: string;
  /** Further claims (pn, studies, share, svc). */
  claims?: Record<string, unknown>;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * For tests of the services that verify service tokens: an issuer like the
 * web app (an ES256 key, its JWKS served over HTTP on 127.0.0.1) that mints
 * good tokens and every kind of bad one. Not used outside tests.
 */
export class TestTokenIssuer {
  private constructor(
    readonly issuer: string,
    readonly jwksUrl: string,
    private readonly own: KeyPair,
    private readonly stranger: KeyPair,
    private readonly server: Server,
  ) {}

  static async start(issuer = 'http://web.consilium.test'): Promise<TestTokenIssuer> {
    const own = await keyPair('issuer-key');
    const stranger = await keyPair('stranger-key');
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [own.publicJwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${JWKS_PATH}`;
    return new TestTokenIssuer(issuer, jwksUrl, own, stranger, server);
  }

  /** The verifying service's configuration for this issuer. */
  env(): Record<string, string> {
    return { AUTH_ISSUER: this.issuer, AUTH_JWKS_URL: this.jwksUrl };
  }

  mint(o: MintOptions = {}): Promise<string> {
    const key = o.foreign ? this.stranger : this.own;
    return new SignJWT({ role: o.role ?? 'radiologist', name: 'Dr Reader', email: 'reader@hospital.test', ...o.claims })
      .setProtectedHeader({ alg: SERVICE_TOKEN_ALG, kid: o.kid ?? key.publicJwk.kid ?? '' })
      .setSubject(o.sub ?? 'user-1')
      .setIssuer(o.iss ?? this.issuer)
      .setAudience(o.aud ?? SERVICE_TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(o.exp ?? '5m')
      .sign(key.privateKey);
  }

  /** Every kind of credential a verifier must refuse, by name (undefined: none at all). */
  async badCredentials(): Promise<[string, string | undefined][]> {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'user-1', iss: this.issuer, aud: SERVICE_TOKEN_AUDIENCE, exp: now + 300, role: 'admin' })}.`;
    const hmac = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer(this.issuer)
      .setAudience(SERVICE_TOKEN_AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a shared secret of 32 bytes or more'));
    return [
      ['none', undefined],
      ['garbage', 'not-a-jwt'],
      ['expired', await this.mint({ exp: now - 60 })],
      ['foreign key', await this.mint({ foreign: true })],
      ['foreign key claiming our kid', await this.mint({ foreign: true, kid: this.own.publicJwk.kid ?? '' })],
      ['alg none', unsigned],
      ['HS256', hmac],
      ['other audience', await this.mint({ aud: 'someone-else' })],
      ['other issuer', await this.mint({ iss: 'http://evil.test' })],
      ['unknown role', await this.mint({ role: 'superuser' })],
    ];
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
