import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteWorkerClient } from './PgliteWorkerClient.js';

const SETUP = `
  create table t (id int primary key, at timestamptz, day date, span interval, amounts numeric[], days date[], names text[], n bigint, raw bytea);
  insert into t values (1, '2026-12-07 10:15:00+00', '2026-12-07', '1 day 2 hours', '{1.5,2}', '{2026-01-01}', '{a,b}', 42, '\\x0102');`;

/** Opening PGlite takes 3-5 s here, and longer when other suites share the two cores. */
const PGLITE_OPEN_TIMEOUT_MS = 60_000;

describe('PgliteWorkerClient', { timeout: PGLITE_OPEN_TIMEOUT_MS }, () => {
  let client: PgliteWorkerClient;
  let inProcess: PGlite;

  beforeAll(async () => {
    [client, inProcess] = await Promise.all([PgliteWorkerClient.open(undefined), PGlite.create()]);
    await Promise.all([client.exec(SETUP), inProcess.exec(SETUP)]);
  }, PGLITE_OPEN_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all([client?.close(), inProcess?.close()]);
  }, PGLITE_OPEN_TIMEOUT_MS);

  it('gives drizzle the rows drizzle gets from PGlite in process', async () => {
    const select = sql`select * from t`;
    const expected = await drizzle({ client: inProcess }).execute(select);
    expect(expected.rows[0]).toMatchObject({ at: expect.any(String), day: '2026-12-07', names: ['a', 'b'] });
    const db = drizzle({ client: client as never });
    expect((await db.execute(select)).rows).toEqual(expected.rows);
    expect((await db.transaction((tx) => tx.execute(select))).rows).toEqual(expected.rows);
  });

  it('commits a transaction, rolls back a failed one and keeps the error code PostgreSQL gave', async () => {
    const db = drizzle({ client: client as never });
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into t (id) values (2)`);
    });
    const failure = await db
      .transaction(async (tx) => {
        await tx.execute(sql`insert into t (id) values (3)`);
        await tx.execute(sql`insert into t (id) values (2)`);
      })
      .catch((error: unknown) => error);
    const cause = (failure as { cause?: { code?: string } }).cause;
    expect(cause?.code).toBe('23505');
    expect((await db.execute(sql`select id from t order by id`)).rows).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('queues statements from outside while a transaction is open, and runs them after it', async () => {
    const order: string[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tx = client.transaction(async (t) => {
      await t.query('insert into t (id) values (10)');
      order.push('in transaction');
      await held;
    });
    while (!order.includes('in transaction')) await new Promise((resolve) => setImmediate(resolve));
    const outside = client.query<{ count: number }>('select count(*)::int as count from t').then((r) => {
      order.push('outside');
      return r.rows[0]?.count;
    });
    // A grace for the outside statement to (wrongly) overtake; a correct queue never lets it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(order).toEqual(['in transaction']);
    release();
    await tx;
    expect(await outside).toBe(3);
    expect(order).toEqual(['in transaction', 'outside']);
  });

  it('refuses to open a data directory PGlite cannot use, with its reason', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'consilium-pglite-worker-'));
    try {
      await writeFile(path.join(dir, 'PG_VERSION'), 'not a version');
      await expect(PgliteWorkerClient.open(dir)).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects statements after close', async () => {
    const other = await PgliteWorkerClient.open(undefined);
    await other.close();
    await expect(other.query('select 1')).rejects.toThrow(/exited/);
  });
});
