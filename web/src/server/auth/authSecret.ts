import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The secret that signs session cookies and encrypts stored signing keys: the
 * configured one, else one generated on first start into `keys/` of the data
 * directory (readable by this user only) and reused after, so sessions survive
 * restarts and no installation shares a built-in secret.
 */
export async function loadAuthSecret(configured: string | undefined, dataDir: string): Promise<string> {
  if (configured) {
    if (configured.length < 32) throw new Error('BETTER_AUTH_SECRET must be at least 32 characters');
    return configured;
  }
  const file = path.join(dataDir, 'keys', 'web-auth-secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  // wx: a second process starting at the same moment does not overwrite the first one's secret.
  await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return (await readFile(file, 'utf8')).trim();
}
