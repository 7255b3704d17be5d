import 'server-only';
import { serverConfig } from '@/lib/serverConfig';
import { AuditReporter } from '../audit/AuditReporter';
import { type WebDb, openWebDatabase } from '../db/webDatabase';
import { webServiceToken } from './webTokens';
import { loadAuthSecret } from './authSecret';
import { type Auth, createAuth } from './createAuth';
import { ensureFirstAdmin } from './ensureFirstAdmin';
import { trustedOriginsOf } from './trustedOrigins';

/** What every part of the web server shares: opened once per process. */
export interface WebServer {
  auth: Auth;
  /** The web server's audit records, on their way to the archive's trail. */
  audit: AuditReporter;
  db: WebDb;
  /** The auth secret (also signs share-link cookies). */
  secret: string;
}
const holder = globalThis as typeof globalThis & { __consiliumWeb?: Promise<WebServer> };

async function open(): Promise<WebServer> {
  const c = serverConfig;
  const database = await openWebDatabase({ databaseUrl: c.databaseUrl, dataDir: c.dataDir });
  const secret = await loadAuthSecret(c.authSecret, c.dataDir);
  const audit = new AuditReporter({
    archiveUrl: c.archiveUrl,
    token: () => webServiceToken(auth),
    // stderr, without the records (they name users and studies).
    onError: (message) => console.error(`Consilium web: ${message}`),
  });
  const auth: Auth = createAuth({
    audit,
    db: database.db,
    secret,
    baseUrl: c.publicUrl,
    tokenIssuer: c.tokenIssuer,
    trustedOrigins: trustedOriginsOf(c.publicUrl),
    oidc: c.oidc,
  });
  const admin = await ensureFirstAdmin(auth, database.db, { configured: c.admin, dataDir: c.dataDir });
  if (admin.kind === 'generated') {
    // To the console of whoever started the server (stderr: the lint rule keeps stdout for Next.js).
    console.warn(`Consilium: first administrator ${admin.email} created; its password is in ${admin.passwordFile}`);
  }
  return { auth, db: database.db, secret, audit };
}

/**
 * The web server's shared parts, opened on first use (database, migrations,
 * secret, first administrator); a failure is not cached, so the next request retries.
 */
export function getWebServer(): Promise<WebServer> {
  holder.__consiliumWeb ??= open().catch((error: unknown) => {
    holder.__consiliumWeb = undefined;
    throw error;
  });
  return holder.__consiliumWeb;
}

/** The platform's auth (see getWebServer). */
export async function getAuth(): Promise<Auth> {
  return (await getWebServer()).auth;
}
