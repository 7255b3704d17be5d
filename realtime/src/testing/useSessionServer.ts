import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type Backend, type TestDatabase, openTestDatabase } from './testDatabase.js';
import { type TestRealtime, startTestRealtime } from './testRealtime.js';
import { newSession } from './testSession.js';

export type TestSession = Awaited<ReturnType<typeof newSession>>;

/**
 * For a describe block: a realtime server on `backend` for the block, and a
 * new session for each test (its clients closed after it). `env` is read when
 * the server starts, after the block's earlier beforeAll hooks (a Janus
 * started there, say).
 */
export function useSessionServer(backend: Backend, env: () => Record<string, string> = () => ({})): { readonly server: TestRealtime; readonly session: TestSession } {
  let db: TestDatabase | undefined;
  let server: TestRealtime | undefined;
  let session: TestSession | undefined;
  beforeAll(async () => {
    db = await openTestDatabase(backend);
    server = await startTestRealtime({ ...db, env: env() });
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });
  beforeEach(async () => {
    session = await newSession(server!.realtime);
  });
  afterEach(() => session?.closeAll());
  return {
    get server(): TestRealtime {
      if (!server) throw new Error('the test realtime server is not running: read it inside a test');
      return server;
    },
    get session(): TestSession {
      if (!session) throw new Error('no session: read it inside a test');
      return session;
    },
  };
}
