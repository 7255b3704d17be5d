import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { ServiceTokenVerifier, Subject } from '@consilium/shared';
import { AuditTrail } from './audit/AuditTrail.js';
import type { Bus } from './bus/Bus.js';
import { createBus } from './bus/createBus.js';
import type { ArchiveConfig } from './config.js';
import { type Database, openDatabase } from './db/openDatabase.js';
import type { DicomwebContext } from './dicomweb/DicomwebContext.js';
import { DICOMWEB_PREFIX, createHttpServer } from './dicomweb/createHttpServer.js';
import { type IngestContext, type IngestOutcome, type IngestSource, ingestInstance } from './ingest/ingestInstance.js';
import { KnownSeriesCache } from './db/KnownSeriesCache.js';
import { createDimseServer } from './dimse/createDimseServer.js';
import type { Logger } from './logger.js';
import { InstanceCache } from './retrieve/InstanceCache.js';
import { FsBlobStore } from './store/FsBlobStore.js';

export interface Archive {
  config: ArchiveConfig;
  database: Database;
  blobs: FsBlobStore;
  bus: Bus;
  audit: AuditTrail;
  http: FastifyInstance;
  logger: Logger;
  ingestContext: IngestContext;
  ingest(bytes: Uint8Array, source: IngestSource): Promise<IngestOutcome>;
  /** Starts listening on the configured host and ports (0 picks a free one). */
  listen(): Promise<{ httpUrl: string; dicomwebUrl: string; dimsePort: number; dimseTlsPort: number | undefined }>;
  close(): Promise<void>;
}

/**
 * Wires the archive's layers: index (PGlite or PostgreSQL), blob store, bus,
 * the one ingest path, and the HTTP server. Tests create one per suite with a
 * temporary data directory and port 0.
 */
export async function createArchive(config: ArchiveConfig, logger: Logger): Promise<Archive> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onConnectionError: (error) => logger.warn({ err: error }, 'database connection lost; the pool will reconnect'),
  });
  const blobs = await FsBlobStore.open(config.dataDir);
  const bus = await createBus({ natsUrl: config.natsUrl, logger: logger.child({ module: 'bus' }) });
  const ingestCtx: IngestContext = {
    db: database.db,
    blobs,
    bus,
    logger: logger.child({ module: 'ingest' }),
    duplicatePolicy: config.duplicatePolicy,
    knownSeries: new KnownSeriesCache(),
  };
  const instanceCache = new InstanceCache();
  // A replaced instance has new bytes: drop its look-up here and, over NATS, in every archive process.
  await bus.subscribe(Subject.InstanceStored, (event) => {
    if (event.outcome === 'replaced') instanceCache.forgetInstance(event.sopInstanceUID);
  });
  const dicomweb: DicomwebContext = {
    ingest: ingestCtx,
    db: database.db,
    blobs,
    instances: instanceCache,
    publicRoot: (origin) => (config.publicUrl ?? `${origin}${DICOMWEB_PREFIX}`).replace(/\/$/, ''),
  };
  const audit = new AuditTrail(database.db, logger.child({ module: 'audit' }));
  const verifier = config.auth.mode === 'required' ? ServiceTokenVerifier.remote(config.auth.jwksUrl, config.auth.issuer) : undefined;
  if (!verifier) logger.warn('ARCHIVE_AUTH=off: DICOMweb and the REST API answer anyone who can reach them');
  const http = createHttpServer(dicomweb, { logger, stowMaxBodyBytes: config.stowMaxBodyBytes, audit, verifier, trustedProxies: config.trustedProxies });
  const dimse = createDimseServer(config.dimse, { db: database.db, ingest: ingestCtx, logger, audit });

  return {
    config,
    database,
    blobs,
    bus,
    audit,
    http,
    logger,
    ingestContext: ingestCtx,
    ingest: (bytes, source) => ingestInstance(ingestCtx, bytes, { source }),
    async listen() {
      await http.listen({ host: config.host, port: config.httpPort });
      const { port } = http.server.address() as AddressInfo;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      const httpUrl = `http://${host}:${port}`;
      const { port: dimsePort, tlsPort: dimseTlsPort } = await dimse.listen(config.host);
      return { httpUrl, dicomwebUrl: `${httpUrl}${DICOMWEB_PREFIX}`, dimsePort, dimseTlsPort };
    },
    async close() {
      await dimse.close();
      await http.close();
      await audit.flushed();
      await bus.close();
      await database.close();
      blobs.close();
    },
  };
}
