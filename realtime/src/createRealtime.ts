import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { MAX_BINARY_FRAME_BYTES, ServiceTokenVerifier } from '@consilium/shared';
import type { RealtimeConfig } from './config.js';
import { type Database, openDatabase } from './db/openDatabase.js';
import { type Fanout, InProcessFanout } from './fanout/Fanout.js';
import { NatsFanout } from './fanout/NatsFanout.js';
import { createHttpHandler } from './http/handleHttp.js';
import type { Logger } from './logger.js';
import { JanusEngine } from './media/janus/JanusEngine.js';
import type { SfuEngine } from './media/SfuEngine.js';
import type { MediaPolicy } from './media/topology.js';
import type { RealtimeIo } from './rooms/RealtimeIo.js';
import { RoomRegistry } from './rooms/RoomRegistry.js';
import { SessionRepository } from './sessions/SessionRepository.js';
import { attachSocketServer } from './socket/attachSocketServer.js';
import { DocumentStore } from './yjs/DocumentStore.js';

export interface Realtime {
  readonly nodeId: string;
  readonly sessions: SessionRepository;
  readonly store: DocumentStore;
  readonly registry: RoomRegistry;
  readonly fanout: Fanout;
  listen(): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
}

export interface RealtimeDependencies {
  /** A database opened by the caller (tests share one PGlite); closed by the caller too. */
  database?: Database;
  fanout?: Fanout;
  /** An SFU of the caller's (tests); otherwise Janus when JANUS_URL is set. */
  sfu?: SfuEngine;
}

/** Builds the service from its configuration; nothing listens until `listen()`. */
export async function createRealtime(config: RealtimeConfig, logger: Logger, deps: RealtimeDependencies = {}): Promise<Realtime> {
  const nodeId = randomUUID();
  const log = logger.child({ nodeId });
  const database =
    deps.database ??
    (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, onConnectionError: (e) => log.warn({ err: e }, 'database connection lost') }));
  const fanout = deps.fanout ?? (config.natsUrl ? await NatsFanout.connect({ url: config.natsUrl, logger: log }) : new InProcessFanout());
  const sfu = deps.sfu ?? (config.media.janus ? await connectJanus(config.media.janus, log) : undefined);
  const media: MediaPolicy = { mode: config.media.mode, p2pLimit: config.media.p2pLimit, iceServers: config.media.iceServers, sfu };
  const sessions = new SessionRepository(database.db);
  const store = new DocumentStore(database.db);
  const verifier = config.auth.mode === 'required' ? ServiceTokenVerifier.remote(config.auth.jwksUrl, config.auth.issuer) : undefined;
  if (!verifier) log.warn('REALTIME_AUTH=off: sessions open to anyone holding a session link');
  const httpServer = createServer(createHttpHandler({ sessions, corsOrigins: config.corsOrigins, log, verifier }));
  const io: RealtimeIo = new Server(httpServer, {
    serveClient: false,
    // Frames past the protocol cap get a refusal; past twice the cap engine.io closes that one connection.
    maxHttpBufferSize: 2 * MAX_BINARY_FRAME_BYTES,
    cors: { origin: config.corsOrigins },
  });
  const registry = new RoomRegistry({
    io,
    store,
    fanout,
    nodeId,
    log,
    reconnectGraceMs: config.reconnectGraceMs,
    roomIdleTimeoutMs: config.roomIdleTimeoutMs,
    compactEveryUpdates: config.compactEveryUpdates,
    nodeHeartbeatMs: config.nodeHeartbeatMs,
    media,
  });
  attachSocketServer(io, { registry, sessions, log, verifier, archiveUrl: config.archiveUrl });
  log.info({ database: database.kind, fanout: fanout.kind, media: sfu ? `${config.media.mode}, SFU ${sfu.kind}` : 'peer-to-peer' }, 'realtime ready');

  return {
    nodeId,
    sessions,
    store,
    registry,
    fanout,
    listen: () =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen({ host: config.host, port: config.port }, () => {
          const { port } = httpServer.address() as AddressInfo;
          log.info({ host: config.host, port }, 'realtime listening');
          resolve({ url: `http://${config.host}:${port}`, port });
        });
      }),
    async close() {
      io.disconnectSockets(true);
      await registry.close();
      if (!deps.sfu) await sfu?.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      if (!deps.fanout) await fanout.close();
      if (!deps.database) await database.close();
    },
  };
}

async function connectJanus(janus: NonNullable<RealtimeConfig['media']['janus']>, log: Logger): Promise<SfuEngine> {
  if (!janus.apiSecret) log.warn('JANUS_API_SECRET is not set: anyone reaching Janus\' API can use it');
  const roomKey = janus.roomKey ?? randomUUID();
  if (!janus.roomKey) log.warn('no JANUS_ROOM_KEY or JANUS_API_SECRET: SFU rooms of this process cannot be shared with other realtime processes');
  return JanusEngine.connect({ url: janus.url, apiSecret: janus.apiSecret, adminKey: janus.adminKey, roomKey, maxParticipants: janus.maxParticipants, log: log.child({ sfu: 'janus' }) });
}
