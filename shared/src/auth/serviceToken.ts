import { z } from 'zod';

/** Account roles (ordered from most to least trusted). */
export const ROLES = ['admin', 'radiologist', 'physician', 'guest'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a machine client's API key may do (its tokens carry them as `scope`;
 * a user's own tokens carry none and may do what the role allows):
 * read (QIDO-RS, WADO-RS, listings), store (STOW-RS), worklist (schedule
 * steps), grant (study grants), audit (read the audit trail), session (join
 * reading sessions). The role still bounds each.
 */
export const API_SCOPES = ['read', 'store', 'worklist', 'grant', 'audit', 'session'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

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
  /** The account's name as DICOM writes it (PN, `Family^Given`): a physician sees the studies referred under it. */
  pn: z.string().max(64).optional(),
  /** The studies a share link grants (guests): they see these and nothing else. */
  studies: z.array(z.string().regex(/^[0-9.]{1,64}$/)).max(100).optional(),
  /** The share link a guest token was issued for (audit). */
  share: z.string().max(64).optional(),
  /** An API key's scopes (tokens exchanged for a key); absent on a user's own tokens. */
  scope: z.array(z.enum(API_SCOPES)).max(API_SCOPES.length).optional(),
  /** The API key a token was exchanged for (audit). */
  key: z.string().max(64).optional(),
  /** Set on tokens the web server mints for itself (it reports its audit events to the archive with them). */
  svc: z.literal(true).optional(),
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
