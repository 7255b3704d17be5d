import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { WebDb } from '../db/webDatabase';
import { user } from '../db/schema';
import type { Auth } from './createAuth';

export const INITIAL_ADMIN_EMAIL = 'admin@consilium.local';

export type FirstAdmin =
  | { kind: 'exists' }
  | { kind: 'configured'; email: string; created: boolean }
  | { kind: 'generated'; email: string; passwordFile: string };

/**
 * Makes sure someone can administer the installation, never with a built-in
 * password: the configured administrator (CONSILIUM_ADMIN_EMAIL/PASSWORD) is
 * created if missing; with none configured and no admin at all, one is created
 * with a random password written to `keys/initial-admin-password` of the data
 * directory (readable by this user only), as Jenkins does, for whoever started
 * the server to read and change.
 */
export async function ensureFirstAdmin(
  auth: Auth,
  db: WebDb,
  o: { configured: { email: string; password: string } | undefined; dataDir: string },
): Promise<FirstAdmin> {
  if (o.configured) {
    const email = o.configured.email.toLowerCase();
    const [existing] = await db.select({ id: user.id }).from(user).where(eq(user.email, email)).limit(1);
    if (!existing) await auth.api.createUser({ body: { email, password: o.configured.password, name: 'Administrator', role: 'admin' } });
    return { kind: 'configured', email, created: !existing };
  }
  const [admin] = await db.select({ id: user.id }).from(user).where(eq(user.role, 'admin')).limit(1);
  if (admin) return { kind: 'exists' };
  const password = randomBytes(18).toString('base64url');
  const passwordFile = path.join(o.dataDir, 'keys', 'initial-admin-password');
  await mkdir(path.dirname(passwordFile), { recursive: true, mode: 0o700 });
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  await auth.api.createUser({ body: { email: INITIAL_ADMIN_EMAIL, password, name: 'Administrator', role: 'admin' } });
  return { kind: 'generated', email: INITIAL_ADMIN_EMAIL, passwordFile };
}
