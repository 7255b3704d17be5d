import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { embeddedMigrations } from './embeddedMigrations';
import { webSchema } from './schema';

export type WebDb = PgDatabase<PgQueryResultHKT, typeof webSchema>;

export interface WebDatabase {
  db: WebDb;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

/** Our migration journal's table: archive and realtime keep their own in the same database. */
const MIGRATIONS_TABLE = '__drizzle_migrations_web';
/** Arbitrary constant: serialises migrations of several web processes on one PostgreSQL. */
const MIGRATION_LOCK_KEY = 0x77656221;

/**
 * The web app's database (accounts, sign-in sessions, signing keys), migrated:
 * PostgreSQL when a URL is given, else PGlite in `web-pglite/` of the data
 * directory (a PGlite folder belongs to one process).
 */
export async function openWebDatabase(options: { databaseUrl?: string | undefined; dataDir: string }): Promise<WebDatabase> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  const dir = path.join(options.dataDir, 'web-pglite');
  await mkdir(dir, { recursive: true });
  const client = await PGlite.create(dir);
  const db = drizzlePglite(client, { schema: webSchema });
  await migrate(db as unknown as WebDb);
  return { db: db as unknown as WebDb, kind: 'pglite', close: () => client.close() };
}

async function openPostgres(url: string): Promise<WebDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client's error (the server restarting) must not crash the web server; the pool reconnects.
  pool.on('error', () => undefined);
  const lockClient = await pool.connect();
  try {
    await lockClient.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migrate(drizzlePg(lockClient, { schema: webSchema }) as unknown as WebDb);
  } finally {
    await lockClient.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    lockClient.release();
  }
  return { db: drizzlePg(pool, { schema: webSchema }) as unknown as WebDb, kind: 'postgres', close: () => pool.end() };
}

/**
 * drizzle's own migration step (what its folder migrators call after reading
 * the folder), fed the embedded migrations instead.
 */
async function migrate(db: WebDb): Promise<void> {
  const { dialect, session } = db as unknown as {
    dialect: { migrate(m: unknown, s: unknown, c: { migrationsTable: string }): Promise<void> };
    session: unknown;
  };
  await dialect.migrate(embeddedMigrations(), session, { migrationsTable: MIGRATIONS_TABLE });
}
