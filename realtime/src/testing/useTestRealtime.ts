import { afterAll, beforeAll } from 'vitest';
import { type TestDatabase, openTestDatabase } from './testDatabase.js';
import { type TestRealtime, startTestRealtime } from './testRealtime.js';

/**
 * For a describe block of another workspace's tests: a realtime server over a
 * fresh PGlite database, started before the block's tests and closed after
 * them. `server` throws when read outside the tests (before beforeAll ran).
 */
export function useTestRealtime(): { readonly server: TestRealtime } {
  let db: TestDatabase | undefined;
  let server: TestRealtime | undefined;
  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    server = await startTestRealtime(db);
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });
  return {
    get server(): TestRealtime {
      if (!server) throw new Error('the test realtime server is not running: read it inside a test');
      return server;
    },
  };
}
