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
