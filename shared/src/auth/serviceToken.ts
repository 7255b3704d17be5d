import { z } from 'zod';

/** Account roles (ordered from most to least trusted). */
export const ROLES = ['admin', 'radiologist', 'physician', 'guest'] as const;
export type Role = (typeof ROLES)[number];

/** The audience of service tokens the web app issues for the archive and realtime. */
export const SERVICE_TOKEN_AUDIENCE = 'consilium';
/** Signing algorithm of service tokens (ECDSA P-256): verifiers accept this one only, never `none`. */
export const SERVICE_TOKEN_ALG = 'ES256';
/** Path of the web app's JWKS (public keys of service tokens). */
export const JWKS_PATH = '/api/auth/jwks';

/** The claims of a service token, as the archive and realtime read them after verifying its signature. */
export const ServiceTokenClaimsSchema = z.object({
  sub: z.string().min(1),
  iss: z.string().min(1),
  aud: z.union([z.string(), z.array(z.string())]),
  exp: z.number(),
  iat: z.number().optional(),
  name: z.string().optional(),
  email: z.string().optional(),
  role: z.enum(ROLES),
});
export type ServiceTokenClaims = z.infer<typeof ServiceTokenClaimsSchema>;

/**
 * Where a verifier finds the issuer of service tokens: the configured issuer
 * (AUTH_ISSUER), else the web app's default origin on this host; its keys at
 * AUTH_JWKS_URL, else the issuer's JWKS_PATH. Archive and realtime resolve it alike.
 */
export function tokenIssuerOf(o: { issuer?: string | undefined; jwksUrl?: string | undefined; host: string; webPort: number }): { issuer: string; jwksUrl: string } {
  const issuer = (o.issuer ?? `http://${o.host}:${o.webPort}`).replace(/\/+$/, '');
  return { issuer, jwksUrl: o.jwksUrl ?? `${issuer}${JWKS_PATH}` };
}
