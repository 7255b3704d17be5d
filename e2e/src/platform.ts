import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type APIRequestContext, type BrowserContext, request } from '@playwright/test';
import { type ArchiveProcess, startArchiveProcess } from '@consilium/archive/testing/archiveProcess';
import { freePort } from '@consilium/archive/testing/freePort';
import { type JanusProcess, hasJanus, startJanusProcess } from './janusProcess.js';
import { type RealtimeProcess, startRealtimeProcess } from './realtimeProcess.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NEXT_BIN = path.join(ROOT, 'node_modules/next/dist/bin/next');
const WEB_DIR = path.join(ROOT, 'web');
/** The administrator's signed-in cookies, written by the global setup, used by every test's context. */
export const STORAGE_STATE = path.join(ROOT, 'e2e/.auth/admin.json');
const WEB_READY_TIMEOUT_MS = 60_000;

/**
 * The administrator every e2e web server is configured with
 * (CONSILIUM_ADMIN_EMAIL/PASSWORD): a test's own credentials, nothing shipped.
 */
export const E2E_ADMIN = { email: 'admin@e2e.test', password: 'e2e administrator passphrase' } as const;

/** The whole system as a user meets it: the built archive and the built web app, on free ports. */
export interface Platform {
  webUrl: string;
  dicomwebUrl: string;
  dataDir: string;
  archive: ArchiveProcess;
  /** The realtime service the web app sends browsers to. */
  realtime: RealtimeProcess;
  /** The SFU behind realtime, where Janus is installed (calls past four participants go through it). */
  janus: JanusProcess | undefined;
  stop(): Promise<void>;
}

/**
 * Starts the built archive (embedded PGlite in a fresh data directory, demo
 * studies seeded unless `seedDemo` is false), the built realtime service
 * (PGlite in the same data directory) and `next start` of the built web app
 * pointed at both. All must have been built (`npm run build`).
 */
export async function startPlatform(options: { seedDemo?: boolean; realtimeEnv?: Record<string, string> } = {}): Promise<Platform> {
  const distDir = process.env.NEXT_DIST_DIR ?? '.next';
  if (!existsSync(path.join(WEB_DIR, distDir, 'BUILD_ID'))) throw new Error(`web/${distDir} is missing: run "npm run build" first`);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'consilium-e2e-'));
  const webPort = await freePort();
  const archive = await startArchiveProcess({ CONSILIUM_DATA_DIR: dataDir, ARCHIVE_SEED_DEMO: String(options.seedDemo ?? true), ...serviceTokenEnv(`http://127.0.0.1:${webPort}`) });
  const archiveUrl = archive.dicomwebUrl.replace(/\/dicomweb$/, '');
  const webOrigins = [`http://127.0.0.1:${webPort}`, `http://localhost:${webPort}`];
  const janus = hasJanus() ? await startJanusProcess(path.join(dataDir, 'sfu')) : undefined;
  const realtime = await startRealtimeProcess({
    port: await freePort(),
    dataDir: path.join(dataDir, 'realtime'),
    corsOrigins: webOrigins,
    env: { ...serviceTokenEnv(`http://127.0.0.1:${webPort}`), ARCHIVE_URL: archiveUrl, ...janus?.env, ...options.realtimeEnv },
  }).catch(async (error: unknown) => {
    await janus?.stop();
    await archive.stop();
    throw error;
  });
  const web = await startWeb(archiveUrl, { port: webPort, dataDir: path.join(dataDir, 'web'), env: { REALTIME_URL: realtime.url } }).catch(async (error: unknown) => {
    await realtime.stop();
    await janus?.stop();
    await archive.stop();
    throw error;
  });
  return {
    webUrl: web.url,
    dicomwebUrl: archive.dicomwebUrl,
    dataDir,
    archive,
    realtime,
    janus,
    async stop() {
      await stopChild(web.child);
      await realtime.stop();
      await janus?.stop();
      await archive.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * `next start` of web/ on a free port, talking to the archive at `archiveUrl`,
 * with E2E_ADMIN as its administrator and its accounts in `dataDir` (a
 * temporary folder of its own by default); resolves once it serves pages.
 */
export async function startWeb(
  archiveUrl: string,
  options: { port?: number; dataDir?: string; env?: Record<string, string> } = {},
): Promise<{ url: string; child: ChildProcess }> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'consilium-e2e-web-')));
  const child = spawn(process.execPath, [NEXT_BIN, 'start', WEB_DIR, '-p', String(port), '-H', '127.0.0.1'], {
    env: {
      ...process.env,
      ARCHIVE_URL: archiveUrl,
      NODE_ENV: 'production',
      CONSILIUM_DATA_DIR: dataDir,
      WEB_PUBLIC_URL: url,
      CONSILIUM_ADMIN_EMAIL: E2E_ADMIN.email,
      CONSILIUM_ADMIN_PASSWORD: E2E_ADMIN.password,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (!options.dataDir) child.once('exit', () => void rm(dataDir, { recursive: true, force: true }));
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + WEB_READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}: ${output.slice(-1000)}`);
    // The sign-in page: every other page needs a session.
    const ok = await fetch(`${url}/sign-in`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, child };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`next start did not serve ${url} within ${WEB_READY_TIMEOUT_MS} ms: ${output.slice(-1000)}`);
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

/** Archive and realtime configured to accept only service tokens of the web app at `webUrl` (as on a real installation). */
export function serviceTokenEnv(webUrl: string, issuer = webUrl): Record<string, string> {
  return { ARCHIVE_AUTH: 'required', REALTIME_AUTH: 'required', AUTH_ISSUER: issuer, AUTH_JWKS_URL: `${webUrl}/api/auth/jwks` };
}

const tokens = new Map<string, { token: string; until: number }>();

/**
 * A service token of E2E_ADMIN from the web app at `webUrl`, for a test that
 * calls the archive directly (as a script of the hospital would); reused for
 * four of its five minutes.
 */
export async function serviceToken(webUrl: string): Promise<string> {
  const cached = tokens.get(webUrl);
  if (cached && cached.until > Date.now()) return cached.token;
  const api = await request.newContext();
  try {
    await signIn(api, webUrl);
    const response = await api.get(`${webUrl}/api/auth/token`);
    if (!response.ok()) throw new Error(`service token from ${webUrl}: HTTP ${response.status()}`);
    const { token } = (await response.json()) as { token: string };
    tokens.set(webUrl, { token, until: Date.now() + 4 * 60_000 });
    return token;
  } finally {
    await api.dispose();
  }
}

/** The Authorization header of serviceToken(webUrl). */
export async function authorisedBy(webUrl: string): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await serviceToken(webUrl)}` };
}

/**
 * Signs `context` in to the web app at `webUrl` (its cookies then carry the
 * session), as the sign-in form does, through better-auth's endpoint.
 */
export async function signIn(context: BrowserContext | APIRequestContext, webUrl: string, who: { email: string; password: string } = E2E_ADMIN): Promise<void> {
  const request = 'request' in context ? context.request : context;
  const response = await request.post(`${webUrl}/api/auth/sign-in/email`, { data: who, headers: { origin: webUrl } });
  if (!response.ok()) throw new Error(`sign-in to ${webUrl} as ${who.email}: HTTP ${response.status()} ${await response.text()}`);
}
