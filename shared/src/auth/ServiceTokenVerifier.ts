import { type JWTVerifyGetKey, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { AppError, type Result, err, ok } from '../errors.js';
import { type ApiScope, type Role, SERVICE_TOKEN_ALG, SERVICE_TOKEN_AUDIENCE, ServiceTokenClaimsSchema } from './serviceToken.js';

/** Who a verified service token speaks for. */
export interface Principal {
  userId: string;
  name: string | undefined;
  email: string | undefined;
  role: Role;
  /** DICOM Person Name of the account (referring physician matching). */
  personName?: string | undefined;
  /** Studies granted by a share link (guests). */
  studies?: readonly string[] | undefined;
  /** The share link a guest came through. */
  shareId?: string | undefined;
  /** The web server itself, not a user. */
  service?: boolean | undefined;
  /** An API key's scopes: the token may do only these (undefined: a user's own token). */
  scopes?: readonly ApiScope[] | undefined;
  /** The API key the token was exchanged for. */
  apiKeyId?: string | undefined;
}

/**
 * Verifies the service tokens the web app issues (jose): signature by a key
 * of the issuer's JWKS, ES256 only (so `alg: none` and HMAC tricks fail),
 * issuer, audience, expiry; then the claims' shape. The JWKS is fetched once
 * and again when a token names a key it does not hold (key rotation). The
 * archive checks HTTP requests with it, realtime its handshakes.
 */
export class ServiceTokenVerifier {
  constructor(
    private readonly keys: JWTVerifyGetKey,
    private readonly issuer: string,
  ) {}

  static remote(jwksUrl: string, issuer: string): ServiceTokenVerifier {
    return new ServiceTokenVerifier(createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000 }), issuer);
  }

  /** The principal of an `Authorization: Bearer …` header, or why it is refused (no token detail leaks). */
  async verify(authorization: string | undefined): Promise<Result<Principal, AppError>> {
    const token = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(authorization?.trim() ?? '')?.[1];
    if (!token) return err(new AppError('Unauthorized', 'a service token (Authorization: Bearer) is required'));
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.keys, { issuer: this.issuer, audience: SERVICE_TOKEN_AUDIENCE, algorithms: [SERVICE_TOKEN_ALG] }));
    } catch (error) {
      // Without the issuer's keys nothing can be verified: the caller may retry, its token may be fine.
      if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
        return err(new AppError('DependencyUnavailable', "the token issuer's keys could not be fetched"));
      }
      return err(new AppError('Unauthorized', refusalOf(error)));
    }
    const claims = ServiceTokenClaimsSchema.safeParse(payload);
    if (!claims.success) return err(new AppError('Unauthorized', 'the service token lacks its claims'));
    const { sub, name, email, role, pn, studies, share, svc, scope, key } = claims.data;
    return ok({ userId: sub, name, email, role, personName: pn, studies, shareId: share, service: svc === true, scopes: scope, apiKeyId: key });
  }
}

function refusalOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the service token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `the service token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the service token is not signed with ES256';
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWSSignatureVerificationFailed) return 'the service token is not signed by the issuer';
  return 'the service token is malformed';
}
