import path from 'node:path';
import { z } from 'zod';
import { tokenIssuerOf } from '@consilium/shared';

/**
 * The archive's configuration: one zod schema over the environment, parsed once at
 * start. Defaults are the table in ARCHITECTURE.md; nothing else reads process.env.
 */
const port = z.coerce.number().int().min(0).max(65535);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z.object({
  CONSILIUM_DATA_DIR: z.string().min(1).default('./data'),
  CONSILIUM_HOST: z.string().min(1).default('127.0.0.1'),
  ARCHIVE_HTTP_PORT: port.default(8044),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional(),
  NATS_URL: z.string().regex(/^(nats|tls):\/\//, 'NATS_URL must be a nats:// URL').optional(),
  /** What a re-sent SOP Instance UID with different bytes does: keep the first copy, or replace it. */
  ARCHIVE_DUPLICATE_POLICY: z.enum(['keep-first', 'overwrite']).default('keep-first'),
  /** Largest STOW-RS request body accepted. */
  STOW_MAX_BODY_BYTES: z.coerce.number().int().positive().default(2 * 1024 ** 3),
  /**
   * Proxies whose X-Forwarded-For names the real client (audit records' network
   * address): comma-separated addresses or CIDRs; the web app on this host by default.
   */
  ARCHIVE_TRUSTED_PROXIES: z.string().default('127.0.0.1,::1'),
  /** Seed the demo studies when the archive is empty at start. */
  ARCHIVE_SEED_DEMO: bool.default(true),
  /** Public base URL of DICOMweb, used in RetrieveURL and BulkDataURI values. */
  ARCHIVE_PUBLIC_URL: z.string().url().optional(),
  DIMSE_PORT: port.default(11112),
  DIMSE_AE_TITLE: z.string().regex(/^[\x20-\x5b\x5d-\x7e]{1,16}$/, 'an AE title is 1-16 characters, no backslash').default('CONSILIUM'),
  /** Largest P-DATA-TF PDU we accept (announced in A-ASSOCIATE). */
  DIMSE_MAX_PDU_BYTES: z.coerce.number().int().min(4096).max(16 * 1024 * 1024).default(256 * 1024),
  /** Associations from AE titles not in DIMSE_KNOWN_AES are refused unless this is set. */
  DIMSE_ACCEPT_UNKNOWN: bool.default(false),
  /**
   * JSON list of known AEs: [{"aeTitle":"MODALITY1","host":"127.0.0.1","port":104,"services":["store","commitment"]}].
   * services (default all of DIMSE_SERVICES) are what the AE may use; host and port are where the archive reaches it:
   * as a C-MOVE destination (which needs "store") and for Storage Commitment reports over a new association.
   */
  DIMSE_KNOWN_AES: z.string().default('[]'),
  /** Idle and negotiation timeout of an association. */
  DIMSE_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  /** DICOM over TLS (PS3.15 B.1) listens on its own port when a certificate and key are configured; 2762 is IANA's dicom-tls. */
  DIMSE_TLS_PORT: port.default(2762),
  /** PEM certificate (chain) and private key of the archive's TLS listener. */
  DIMSE_TLS_CERT_FILE: z.string().min(1).optional(),
  DIMSE_TLS_KEY_FILE: z.string().min(1).optional(),
  /** PEM CA bundle: when set, callers must present a certificate it signed (mutual authentication). */
  DIMSE_TLS_CA_FILE: z.string().min(1).optional(),
  /**
   * HTTP callers must present a service token (a short-lived ES256 JWT the web app issues):
   * `required`, or `off` for tests of other layers and closed networks (logged as a warning at start).
   */
  ARCHIVE_AUTH: z.enum(['required', 'off']).default('required'),
  /** The issuer of service tokens: the web app's public origin (WEB_PUBLIC_URL there). */
  AUTH_ISSUER: z.string().url().optional(),
  /** Where the issuer's public keys are (JWKS); the issuer's /api/auth/jwks by default. */
  AUTH_JWKS_URL: z.string().url().optional(),
  WEB_PORT: port.default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface ArchiveConfig {
  dataDir: string;
  host: string;
  httpPort: number;
  databaseUrl: string | undefined;
  natsUrl: string | undefined;
  duplicatePolicy: 'keep-first' | 'overwrite';
  stowMaxBodyBytes: number;
  trustedProxies: string[];
  seedDemo: boolean;
  publicUrl: string | undefined;
  logLevel: string;
  dimse: DimseConfig;
  auth: AuthConfig;
}

/** Service-token verification of HTTP callers; undefined issuer and keys when off. */
export type AuthConfig = { mode: 'off' } | { mode: 'required'; issuer: string; jwksUrl: string };

export const DIMSE_SERVICES = ['echo', 'store', 'find', 'move', 'get', 'worklist', 'commitment'] as const;
export type DimseService = (typeof DIMSE_SERVICES)[number];

export interface KnownAe {
  aeTitle: string;
  host: string;
  port: number;
  services: DimseService[];
  /**
   * The physician account whose studies the AE sees (its grants, and studies referred
   * under `personName`); absent: every study (a modality, a PACS, a reading workstation).
   */
  actingFor?: { account: string; personName?: string | undefined } | undefined;
}

/** Files of the DICOM TLS listener (PS3.15 B.1); read when the listener starts. */
export interface DimseTlsConfig {
  port: number;
  certFile: string;
  keyFile: string;
  caFile: string | undefined;
}

export interface DimseConfig {
  port: number;
  /** Undefined: no TLS listener. */
  tls: DimseTlsConfig | undefined;
  aeTitle: string;
  maxPduBytes: number;
  acceptUnknown: boolean;
  knownAes: KnownAe[];
  timeoutMs: number;
}

const KnownAesSchema = z.array(
  z.object({
    aeTitle: z.string().min(1).max(16),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    services: z.array(z.enum(DIMSE_SERVICES)).default([...DIMSE_SERVICES]),
    actingFor: z.object({ account: z.string().min(1), personName: z.string().min(1).max(64).optional() }).strict().optional(),
  }),
);

/** Parses the environment; throws one readable message listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ArchiveConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid archive configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    dataDir: path.resolve(e.CONSILIUM_DATA_DIR),
    host: e.CONSILIUM_HOST,
    httpPort: e.ARCHIVE_HTTP_PORT,
    databaseUrl: e.DATABASE_URL,
    natsUrl: e.NATS_URL,
    duplicatePolicy: e.ARCHIVE_DUPLICATE_POLICY,
    stowMaxBodyBytes: e.STOW_MAX_BODY_BYTES,
    trustedProxies: e.ARCHIVE_TRUSTED_PROXIES.split(',').map((a) => a.trim()).filter((a) => a !== ''),
    seedDemo: e.ARCHIVE_SEED_DEMO,
    publicUrl: e.ARCHIVE_PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    auth: authConfig(e),
    dimse: {
      port: e.DIMSE_PORT,
      tls: tlsConfig(e),
      aeTitle: e.DIMSE_AE_TITLE,
      maxPduBytes: e.DIMSE_MAX_PDU_BYTES,
      acceptUnknown: e.DIMSE_ACCEPT_UNKNOWN,
      knownAes: parseKnownAes(e.DIMSE_KNOWN_AES),
      timeoutMs: e.DIMSE_TIMEOUT_MS,
    },
  };
}

function authConfig(e: z.infer<typeof EnvSchema>): AuthConfig {
  if (e.ARCHIVE_AUTH === 'off') return { mode: 'off' };
  return { mode: 'required', ...tokenIssuerOf({ issuer: e.AUTH_ISSUER, jwksUrl: e.AUTH_JWKS_URL, host: e.CONSILIUM_HOST, webPort: e.WEB_PORT }) };
}

function tlsConfig(e: z.infer<typeof EnvSchema>): DimseTlsConfig | undefined {
  if (!e.DIMSE_TLS_CERT_FILE && !e.DIMSE_TLS_KEY_FILE) {
    if (e.DIMSE_TLS_CA_FILE) throw new Error('Invalid archive configuration:\n  DIMSE_TLS_CA_FILE: needs DIMSE_TLS_CERT_FILE and DIMSE_TLS_KEY_FILE');
    return undefined;
  }
  if (!e.DIMSE_TLS_CERT_FILE || !e.DIMSE_TLS_KEY_FILE) {
    throw new Error('Invalid archive configuration:\n  DIMSE_TLS_CERT_FILE and DIMSE_TLS_KEY_FILE: set both or neither');
  }
  return { port: e.DIMSE_TLS_PORT, certFile: e.DIMSE_TLS_CERT_FILE, keyFile: e.DIMSE_TLS_KEY_FILE, caFile: e.DIMSE_TLS_CA_FILE };
}

function parseKnownAes(text: string): KnownAe[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('Invalid archive configuration:\n  DIMSE_KNOWN_AES: not valid JSON');
  }
  const parsed = KnownAesSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  DIMSE_KNOWN_AES.${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid archive configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
