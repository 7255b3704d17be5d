import { boolean, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Accounts and sign-in sessions, in the tables better-auth's drizzle adapter
 * expects (core schema plus the admin and jwt plugins' fields), named `auth_*`
 * so they sit beside the archive's and realtime's tables in one PostgreSQL
 * database without clashing.
 */
export const user = pgTable('auth_users', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  /** admin, radiologist, physician or guest (see roles.ts). */
  role: text('role'),
  banned: boolean('banned').default(false),
  banReason: text('ban_reason'),
  banExpires: timestamp('ban_expires', { withTimezone: true }),
  /** The account's name as DICOM writes it (`Family^Given`): a physician sees the studies referred under it. */
  dicomName: text('dicom_name'),
});

export const session = pgTable(
  'auth_sessions',
  {
    id: text('id').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    token: text('token').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    impersonatedBy: text('impersonated_by'),
  },
  (t) => [index('auth_sessions_user_idx').on(t.userId)],
);

export const account = pgTable(
  'auth_accounts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
    refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { withTimezone: true }),
    scope: text('scope'),
    /** A password hash (scrypt, better-auth's default), never the password. */
    password: text('password'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('auth_accounts_user_idx').on(t.userId)],
);

export const verification = pgTable(
  'auth_verifications',
  {
    id: text('id').primaryKey(),
    identifier: text('identifier').notNull(),
    value: text('value').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('auth_verifications_identifier_idx').on(t.identifier)],
);

/** The signing keys of service tokens (jwt plugin); private keys encrypted with the auth secret. */
export const jwks = pgTable('auth_jwks', {
  id: text('id').primaryKey(),
  publicKey: text('public_key').notNull(),
  privateKey: text('private_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  alg: text('alg'),
  crv: text('crv'),
});

export const authSchema = { user, session, account, verification, jwks };

/**
 * Share links for referring clinicians: one study, or one reading session of
 * it, opened without an account. The link's secret is kept only as a SHA-256
 * digest, the passcode as a scrypt hash; a revoked link stays (who shared what
 * stays answerable), as do its counters of uses and failed passcodes.
 */
export const shareLinks = pgTable(
  'share_links',
  {
    id: text('id').primaryKey(),
    tokenSha256: text('token_sha256').notNull().unique(),
    studyInstanceUid: text('study_instance_uid').notNull(),
    /** A reading session the link joins (as a viewer); null for a study link. */
    sessionId: text('session_id'),
    /** The session's join token, encrypted under the auth secret (sealedText), handed to the guest's viewer; null for a study link. */
    sessionJoinToken: text('session_join_token'),
    label: text('label').notNull().default(''),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    passcodeHash: text('passcode_hash'),
    maxUses: integer('max_uses'),
    uses: integer('uses').notNull().default(0),
    failedPasscodes: integer('failed_passcodes').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('share_links_study_idx').on(t.studyInstanceUid), index('share_links_creator_idx').on(t.createdBy)],
);

/**
 * Failed sign-ins per account (email, lower-cased): after
 * SIGN_IN_LOCKOUT.failures in a row the account is locked for a while, from
 * every address and every web server sharing the database.
 */
export const signInLockouts = pgTable('sign_in_lockouts', {
  email: text('email').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * API keys of machine clients (a hospital's scripts, a router, an AI node):
 * each belongs to an account and acts with its role, narrowed to its scopes.
 * Only a SHA-256 digest of the secret part is kept; a revoked key stays listed.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** The key's public start (`csk_<id>`), shown in lists to tell keys apart. */
    prefix: text('prefix').notNull(),
    secretSha256: text('secret_sha256').notNull(),
    owner: text('owner')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    scopes: text('scopes').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_keys_owner_idx').on(t.owner)],
);

export const webSchema = { ...authSchema, shareLinks, signInLockouts, apiKeys };
