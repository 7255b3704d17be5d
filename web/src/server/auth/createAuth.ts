import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { nextCookies } from 'better-auth/next-js';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { admin, genericOAuth, jwt } from 'better-auth/plugins';
import { JWKS_PATH, SERVICE_TOKEN_ALG, SERVICE_TOKEN_AUDIENCE } from '@consilium/shared';
import type { WebDb } from '../db/webDatabase';
import { authSchema } from '../db/schema';
import type { WebAuditRecord } from '../audit/AuditReporter';
import { accessControl, roles } from './roles';
import { SIGN_IN_LOCKOUT, clearSignInFailures, lockedUntil, recordSignInFailure } from './signInLockout';

export interface OidcProvider {
  /** The provider's discovery document (…/.well-known/openid-configuration). */
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
}

export interface AuthOptions {
  db: WebDb;
  /** Signs cookies and encrypts the stored signing keys. */
  secret: string;
  /** The web app's public origin: the base of auth routes. */
  baseUrl: string;
  /** The `iss` of service tokens (the public origin unless several web servers share one). */
  tokenIssuer?: string;
  trustedOrigins: string[];
  oidc?: OidcProvider | undefined;
  /** Sign-in attempts per IP address per minute before 429. */
  signInPerMinute?: number;
  /** Where sign-in audit records go (the archive's trail, through an AuditReporter). */
  audit?: { record(record: WebAuditRecord): void };
}

/** The caller's address as the Next.js server saw it (it sets X-Forwarded-For), for audit records. */
export function clientAddress(headers: Headers | undefined): string | undefined {
  return headers?.get('x-forwarded-for')?.split(',')[0]?.trim().slice(0, 64) || undefined;
}

/** Lifetime of a service token: short, since the archive and realtime cannot revoke one. */
export const SERVICE_TOKEN_LIFETIME_S = 300;
export const SERVICE_TOKEN_LIFETIME = `${SERVICE_TOKEN_LIFETIME_S / 60}m`;

/**
 * Identity for the whole platform, with better-auth: email and password
 * accounts (no self sign-up: an admin creates them), sessions in the database,
 * roles (admin plugin with our access control), hospital single sign-on over
 * a generic OpenID Connect provider when one is configured, and short-lived
 * ES256 service tokens with a JWKS (jwt plugin) that the archive and realtime
 * verify without calling back.
 */
export function createAuth(o: AuthOptions) {
  return betterAuth({
    appName: 'Consilium',
    baseURL: o.baseUrl,
    basePath: '/api/auth',
    secret: o.secret,
    trustedOrigins: o.trustedOrigins,
    database: drizzleAdapter(o.db, { provider: 'pg', schema: authSchema }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 256 },
    // The cookie cache spares a database look-up on each of a viewer's hundreds of image requests.
    session: { expiresIn: 12 * 60 * 60, updateAge: 60 * 60, cookieCache: { enabled: true, maxAge: 60 } },
    rateLimit: {
      enabled: true,
      window: 60,
      max: 300,
      customRules: { '/sign-in/email': { window: 60, max: o.signInPerMinute ?? 10 } },
    },
    user: {
      // Set by administrators only (input: false): a user cannot rename themselves into another's referrals.
      additionalFields: { dicomName: { type: 'string', required: false, input: false } },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== '/sign-in/email') return;
        const email = typeof ctx.body?.email === 'string' ? ctx.body.email : '';
        if (email && (await lockedUntil(o.db, email))) {
          o.audit?.record(signInRecord(email, undefined, clientAddress(ctx.headers), 'account locked'));
          throw new APIError('TOO_MANY_REQUESTS', {
            message: `This account is locked for ${SIGN_IN_LOCKOUT.lockMs / 60_000} minutes after ${SIGN_IN_LOCKOUT.failures} failed sign-ins.`,
          });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== '/sign-in/email') return;
        const email = typeof ctx.body?.email === 'string' ? ctx.body.email : '';
        if (!email) return;
        const signedIn = ctx.context.newSession?.user;
        if (signedIn) {
          await clearSignInFailures(o.db, email);
          o.audit?.record(signInRecord(email, signedIn, clientAddress(ctx.headers)));
          return;
        }
        const locked = await recordSignInFailure(o.db, email);
        o.audit?.record(signInRecord(email, undefined, clientAddress(ctx.headers), locked ? 'wrong credentials; account now locked' : 'wrong credentials'));
      }),
    },
    advanced: { useSecureCookies: o.baseUrl.startsWith('https:'), database: { generateId: () => crypto.randomUUID() } },
    plugins: [
      admin({ ac: accessControl, roles, defaultRole: 'guest', adminRoles: ['admin'] }),
      jwt({
        // Otherwise every getSession (the proxy's and each route's, twice per DICOMweb request) signs a
        // JWT for a `set-auth-jwt` header nobody reads: a JWKS read, key decryption and an ES256
        // signature each. Service tokens come from getToken, reused per session (serviceTokens.ts).
        disableSettingJwtHeader: true,
        jwks: { keyPairConfig: { alg: SERVICE_TOKEN_ALG }, jwksPath: JWKS_PATH.replace('/api/auth', '') },
        jwt: {
          issuer: o.tokenIssuer ?? o.baseUrl,
          audience: SERVICE_TOKEN_AUDIENCE,
          expirationTime: SERVICE_TOKEN_LIFETIME,
          definePayload: ({ user }) => ({
            name: user.name,
            email: user.email,
            role: user.role ?? 'guest',
            ...(typeof user.dicomName === 'string' && user.dicomName ? { pn: user.dicomName } : {}),
          }),
        },
      }),
      ...(o.oidc
        ? [
            genericOAuth({
              config: [
                {
                  providerId: 'hospital',
                  discoveryUrl: o.oidc.discoveryUrl,
                  clientId: o.oidc.clientId,
                  clientSecret: o.oidc.clientSecret,
                  scopes: ['openid', 'email', 'profile'],
                  pkce: true,
                },
              ],
            }),
          ]
        : []),
      nextCookies(),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** PS3.15 A.5.3.9 User Authentication (Login), success or failure. */
function signInRecord(email: string, user: { id: string; name: string; role?: string | null } | undefined, address: string | undefined, failure?: string): WebAuditRecord {
  return {
    event: 'UserAuthentication',
    action: 'E',
    outcome: failure ? 4 : 0,
    ...(failure ? { outcomeDescription: failure } : {}),
    operation: 'sign-in',
    actor: {
      userId: user?.id ?? email.slice(0, 256),
      ...(user ? { userName: user.name.slice(0, 256), roles: [user.role ?? 'guest'] } : {}),
      ...(address ? { networkAddress: address } : {}),
    },
  };
}
