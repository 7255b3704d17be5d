import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_P2P_LIMIT, IceServerSchema, type IceServer, tokenIssuerOf } from '@consilium/shared';

/**
 * The realtime service's configuration: one zod schema over the environment,
 * parsed once at start. Defaults are the table in ARCHITECTURE.md; nothing
 * else reads process.env.
 */
const port = z.coerce.number().int().min(0).max(65535);
const ms = z.coerce.number().int().nonnegative();

const EnvSchema = z.object({
  CONSILIUM_DATA_DIR: z.string().min(1).default('./data'),
  CONSILIUM_HOST: z.string().min(1).default('127.0.0.1'),
  REALTIME_PORT: port.default(8090),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional(),
  NATS_URL: z.string().regex(/^(nats|tls):\/\//, 'NATS_URL must be a nats:// URL').optional(),
  /** Comma-separated origins allowed to connect from a browser (the web app). */
  REALTIME_CORS_ORIGINS: z.string().default('http://127.0.0.1:3000,http://localhost:3000'),
  /** How long a dropped participant stays listed as away before leaving. */
  REALTIME_RECONNECT_GRACE_MS: ms.default(15_000),
  /** How long a room without local participants stays loaded. */
  REALTIME_ROOM_IDLE_TIMEOUT_MS: ms.default(60_000),
  /**
   * With NATS: how often a process tells the others of each room it serves that it is
   * alive; members of a process unheard for three periods (it crashed) are dropped.
   */
  REALTIME_NODE_HEARTBEAT_MS: z.coerce.number().int().positive().default(20_000),
  /** Updates in a session's log that trigger compaction into its snapshot. */
  REALTIME_COMPACT_EVERY_UPDATES: z.coerce.number().int().positive().default(500),
  /** Handshakes and the REST API need a service token of the web app: `required`, or `off` (tests of other layers). */
  REALTIME_AUTH: z.enum(['required', 'off']).default('required'),
  /** The issuer of service tokens (the web app's public origin) and its keys, as for the archive. */
  AUTH_ISSUER: z.string().url().optional(),
  AUTH_JWKS_URL: z.string().url().optional(),
  WEB_PORT: port.default(3000),
  /** The archive, whose audit trail records session joins (as for the web app). */
  ARCHIVE_URL: z.string().url().optional(),
  ARCHIVE_HTTP_PORT: port.default(8044),
  /** Janus' WebSocket API (ws://127.0.0.1:8188), for calls past the peer-to-peer limit; unset: peer-to-peer only. */
  JANUS_URL: z.string().regex(/^wss?:\/\//, 'JANUS_URL must be a ws:// URL of Janus\' WebSocket API').optional(),
  /** Janus' api_secret and the VideoRoom admin_key (both set in Janus' configuration: npm run janus -w realtime). */
  JANUS_API_SECRET: z.string().min(1).optional(),
  JANUS_ADMIN_KEY: z.string().min(1).optional(),
  /** Derives rooms' secrets and PINs; the same on every realtime process (default: the API secret). */
  JANUS_ROOM_KEY: z.string().min(16).optional(),
  /** auto: peer-to-peer up to MEDIA_P2P_LIMIT, then the SFU; p2p: never the SFU; sfu: always (needs JANUS_URL). */
  MEDIA_TOPOLOGY: z.enum(['auto', 'p2p', 'sfu']).default('auto'),
  MEDIA_P2P_LIMIT: z.coerce.number().int().min(2).max(8).default(DEFAULT_P2P_LIMIT),
  /** Largest call through the SFU (publishers per Janus room). */
  MEDIA_SFU_MAX_PARTICIPANTS: z.coerce.number().int().min(2).max(64).default(16),
  /** STUN/TURN servers for browsers, as a JSON array of RTCIceServer ([{"urls":"turn:turn.example:3478","username":"u","credential":"p"}]). */
  ICE_SERVERS: z
    .string()
    .default('[]')
    .transform((text, ctx) => {
      try {
        return z.array(IceServerSchema).parse(JSON.parse(text));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'ICE_SERVERS must be a JSON array of {urls, username?, credential?}' });
        return z.NEVER;
      }
    }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface RealtimeConfig {
  dataDir: string;
  host: string;
  port: number;
  databaseUrl: string | undefined;
  natsUrl: string | undefined;
  corsOrigins: string[];
  reconnectGraceMs: number;
  roomIdleTimeoutMs: number;
  compactEveryUpdates: number;
  nodeHeartbeatMs: number;
  logLevel: string;
  /** The archive's HTTP origin (session joins go to its audit trail). */
  archiveUrl: string;
  auth: { mode: 'off' } | { mode: 'required'; issuer: string; jwksUrl: string };
  media: {
    mode: 'auto' | 'p2p' | 'sfu';
    p2pLimit: number;
    iceServers: IceServer[];
    janus: { url: string; apiSecret: string | undefined; adminKey: string | undefined; roomKey: string | undefined; maxParticipants: number } | undefined;
  };
}

/** Parses the environment; throws one readable message listing every bad variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): RealtimeConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid realtime configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.MEDIA_TOPOLOGY === 'sfu' && !e.JANUS_URL) throw new Error('Invalid realtime configuration:\n  MEDIA_TOPOLOGY: sfu needs JANUS_URL');
  return {
    dataDir: path.resolve(e.CONSILIUM_DATA_DIR),
    host: e.CONSILIUM_HOST,
    port: e.REALTIME_PORT,
    databaseUrl: e.DATABASE_URL,
    natsUrl: e.NATS_URL,
    corsOrigins: e.REALTIME_CORS_ORIGINS.split(',').map((o) => o.trim()).filter((o) => o !== ''),
    reconnectGraceMs: e.REALTIME_RECONNECT_GRACE_MS,
    roomIdleTimeoutMs: e.REALTIME_ROOM_IDLE_TIMEOUT_MS,
    compactEveryUpdates: e.REALTIME_COMPACT_EVERY_UPDATES,
    nodeHeartbeatMs: e.REALTIME_NODE_HEARTBEAT_MS,
    logLevel: e.LOG_LEVEL,
    media: {
      mode: e.MEDIA_TOPOLOGY,
      p2pLimit: e.MEDIA_P2P_LIMIT,
      iceServers: e.ICE_SERVERS,
      janus: e.JANUS_URL
        ? {
            url: e.JANUS_URL,
            apiSecret: e.JANUS_API_SECRET,
            adminKey: e.JANUS_ADMIN_KEY,
            roomKey: e.JANUS_ROOM_KEY ?? e.JANUS_API_SECRET,
            maxParticipants: e.MEDIA_SFU_MAX_PARTICIPANTS,
          }
        : undefined,
    },
    archiveUrl: (e.ARCHIVE_URL ?? `http://${e.CONSILIUM_HOST}:${e.ARCHIVE_HTTP_PORT}`).replace(/\/+$/, ''),
    auth:
      e.REALTIME_AUTH === 'off'
        ? { mode: 'off' }
        : { mode: 'required', ...tokenIssuerOf({ issuer: e.AUTH_ISSUER, jwksUrl: e.AUTH_JWKS_URL, host: e.CONSILIUM_HOST, webPort: e.WEB_PORT }) },
  };
}
