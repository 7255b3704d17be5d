import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../db/openDatabase.js';

export type Backend = 'pglite' | 'postgres';

/**
 * Backends the integration suites run on, as in the archive's suites:
 * `TEST_BACKENDS` (comma-separated) when set, else PGlite, plus PostgreSQL
 * when `DATABASE_URL` points at a server.
 */
export function testBackends(): Backend[] {
  const listed = process.env.TEST_BACKENDS?.split(',').map((b) => b.trim());
  if (listed) return listed.filter((b): b is Backend => b === 'pglite' || b === 'postgres');
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase {
  database: Database;
  dataDir: string;
  /** Another connection to the same database (PostgreSQL), or the same one (PGlite belongs to one process). */
  openAnother(): Promise<Database>;
  close(): Promise<void>;
}

/**
 * A fresh database for one suite: PGlite in a temporary data directory, or a
 * scratch database on the DATABASE_URL server, dropped on close. PGlite is
 * slow to create: open one per test file, not per test.
 */
export async function openTestDatabase(backend: Backend): Promise<TestDatabase> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'consilium-realtime-test-'));
  const scratch = backend === 'postgres' ? await createScratchDatabase() : undefined;
  const database = await openDatabase({ databaseUrl: scratch?.url, dataDir });
  const others: Database[] = [];
  return {
    database,
    dataDir,
    async openAnother() {
      if (!scratch) return database;
      const other = await openDatabase({ databaseUrl: scratch.url, dataDir });
      others.push(other);
      return other;
    },
    async close() {
      for (const other of others) await other.close();
      await database.close();
      await scratch?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A database of its own on the DATABASE_URL server (tests, benchmarks). */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('TEST_BACKENDS asks for postgres but DATABASE_URL is not set');
  const name = `consilium_rt_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}
