import 'server-only';
import { serverConfig } from '@/lib/serverConfig';
import { openWebDatabase } from '../db/webDatabase';
import { loadAuthSecret } from './authSecret';
import { type Auth, createAuth } from './createAuth';
import { ensureFirstAdmin } from './ensureFirstAdmin';

/** What every part of the web server shares: opened once per process. */
const holder = globalThis as typeof globalThis & { __consiliumAuth?: Promise<Auth> };

/** The other spelling of a loopback origin, so http://localhost:3000 and http://127.0.0.1:3000 both pass the origin check. */
function loopbackTwin(origin: string): string[] {
  const url = new URL(origin);
  if (url.hostname === '127.0.0.1') return [origin.replace('127.0.0.1', 'localhost')];
  if (url.hostname === 'localhost') return [origin.replace('localhost', '127.0.0.1')];
  return [];
}

async function open(): Promise<Auth> {
  const c = serverConfig;
  const database = await openWebDatabase({ databaseUrl: c.databaseUrl, dataDir: c.dataDir });
  const auth = createAuth({
    db: database.db,
    secret: await loadAuthSecret(c.authSecret, c.dataDir),
    baseUrl: c.publicUrl,
    tokenIssuer: c.tokenIssuer,
    trustedOrigins: [c.publicUrl, ...loopbackTwin(c.publicUrl)],
    oidc: c.oidc,
  });
  const admin = await ensureFirstAdmin(auth, database.db, { configured: c.admin, dataDir: c.dataDir });
  if (admin.kind === 'generated') {
    // To the console of whoever started the server (stderr: the lint rule keeps stdout for Next.js).
    console.warn(`Consilium: first administrator ${admin.email} created; its password is in ${admin.passwordFile}`);
  }
  return auth;
}

/**
 * The platform's auth, opened on first use (database, migrations, secret,
 * first administrator); a failure is not cached, so the next request retries.
 */
export function getAuth(): Promise<Auth> {
  holder.__consiliumAuth ??= open().catch((error: unknown) => {
    holder.__consiliumAuth = undefined;
    throw error;
  });
  return holder.__consiliumAuth;
}
