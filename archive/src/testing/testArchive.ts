import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../config.js';
import { type Archive, createArchive } from '../createArchive.js';
import { type Logger, createLogger } from '../logger.js';

export type Backend = 'pglite' | 'postgres';

/**
 * Backends the integration suites run on: `TEST_BACKENDS` (comma-separated) when
 * set, else PGlite, plus PostgreSQL when `DATABASE_URL` points at a server.
 * .ci/run runs the suites once on the defaults and once with TEST_BACKENDS=postgres.
 */
export function testBackends(): Backend[] {
  const listed = process.env.TEST_BACKENDS?.split(',').map((b) => b.trim());
  if (listed) return listed.filter((b): b is Backend => b === 'pglite' || b === 'postgres');
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestArchive {
  archive: Archive;
  httpUrl: string;
  dicomwebUrl: string;
  dataDir: string;
  dimsePort: number;
  /** Port of the DICOM TLS listener, when DIMSE_TLS_CERT_FILE/KEY_FILE were given. */
  dimseTlsPort: number | undefined;
  close(): Promise<void>;
}

/**
 * An archive on 127.0.0.1 port 0 with a fresh data directory and, for
 * PostgreSQL, a fresh database that is dropped on close. Pass `logger` to
 * capture what the archive logs (e.g. to check that no demographics reach it).
 */
export async function startTestArchive(backend: Backend, env: Record<string, string> = {}, logger?: Logger): Promise<TestArchive> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'consilium-test-'));
  const database = backend === 'postgres' ? await createScratchDatabase() : undefined;
  const config = loadConfig({
    CONSILIUM_DATA_DIR: dataDir,
    CONSILIUM_HOST: '127.0.0.1',
    ARCHIVE_HTTP_PORT: '0',
    DIMSE_PORT: '0',
    ARCHIVE_SEED_DEMO: 'false',
    // Suites of other layers call DICOMweb without tokens; auth.int.test.ts turns verification on.
    ARCHIVE_AUTH: 'off',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // The distributed configuration: PostgreSQL together with NATS when the machine has it.
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...(database && process.env.NATS_URL ? { NATS_URL: process.env.NATS_URL } : {}),
    ...env,
  });
  const archive = await createArchive(config, logger ?? createLogger(config.logLevel));
  const { httpUrl, dicomwebUrl, dimsePort, dimseTlsPort } = await archive.listen();
  return {
    archive,
    httpUrl,
    dicomwebUrl,
    dataDir,
    dimsePort,
    dimseTlsPort,
    async close() {
      await archive.close();
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A database of its own for one suite, on the server DATABASE_URL names. */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set');
  const name = `consilium_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
