import 'server-only';

/**
 * The web server's configuration, read once (STYLE: nothing else reads
 * process.env). Defaults are those of a local `npm start` (ARCHITECTURE.md
 * defaults table):
 * - ARCHIVE_URL: the archive's HTTP origin, which the DICOMweb proxy calls;
 * - REALTIME_URL: the realtime service as this server reaches it (session creation);
 * - REALTIME_PUBLIC_URL: the realtime service as browsers reach it (socket.io);
 *   the same as REALTIME_URL unless a proxy or another host sits between;
 * - WEB_PUBLIC_URL: this app's origin as browsers reach it (issuer of service
 *   tokens, base of sign-in routes); http://CONSILIUM_HOST:WEB_PORT by default;
 * - CONSILIUM_DATA_DIR, DATABASE_URL: where accounts live (PGlite in
 *   `web-pglite/` of the data directory unless PostgreSQL is given);
 * - AUTH_ISSUER: the issuer named in service tokens, as the archive expects it;
 *   WEB_PUBLIC_URL by default (several web servers sharing one database and
 *   secret set one issuer);
 * - BETTER_AUTH_SECRET: signs cookies; generated into the data directory when unset;
 * - CONSILIUM_ADMIN_EMAIL, CONSILIUM_ADMIN_PASSWORD: the first administrator;
 * - OIDC_DISCOVERY_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: hospital single sign-on.
 */
export interface WebServerConfig {
  archiveUrl: string;
  realtimeUrl: string;
  realtimePublicUrl: string;
  publicUrl: string;
  tokenIssuer: string;
  dataDir: string;
  databaseUrl: string | undefined;
  authSecret: string | undefined;
  admin: { email: string; password: string } | undefined;
  oidc: { discoveryUrl: string; clientId: string; clientSecret: string } | undefined;
}

function origin(name: string, value: string): string {
  try {
    new URL(value);
  } catch {
    throw new Error(`${name} is not a URL: ${value}`);
  }
  return value.replace(/\/+$/, '');
}

function readConfig(env: NodeJS.ProcessEnv): WebServerConfig {
  const archiveUrl = origin('ARCHIVE_URL', env.ARCHIVE_URL ?? `http://127.0.0.1:${env.ARCHIVE_HTTP_PORT ?? '8044'}`);
  const realtimeUrl = origin('REALTIME_URL', env.REALTIME_URL ?? `http://127.0.0.1:${env.REALTIME_PORT ?? '8090'}`);
  const realtimePublicUrl = origin('REALTIME_PUBLIC_URL', env.REALTIME_PUBLIC_URL ?? realtimeUrl);
  const host = env.CONSILIUM_HOST ?? '127.0.0.1';
  const publicUrl = origin('WEB_PUBLIC_URL', env.WEB_PUBLIC_URL ?? `http://${host}:${env.WEB_PORT ?? '3000'}`);
  const admin = env.CONSILIUM_ADMIN_EMAIL && env.CONSILIUM_ADMIN_PASSWORD ? { email: env.CONSILIUM_ADMIN_EMAIL, password: env.CONSILIUM_ADMIN_PASSWORD } : undefined;
  const oidc =
    env.OIDC_DISCOVERY_URL && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
      ? { discoveryUrl: env.OIDC_DISCOVERY_URL, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET }
      : undefined;
  return {
    archiveUrl,
    realtimeUrl,
    realtimePublicUrl,
    publicUrl,
    tokenIssuer: env.AUTH_ISSUER || publicUrl,
    dataDir: env.CONSILIUM_DATA_DIR ?? './data',
    databaseUrl: env.DATABASE_URL || undefined,
    authSecret: env.BETTER_AUTH_SECRET || undefined,
    admin,
    oidc,
  };
}

export const serverConfig: WebServerConfig = readConfig(process.env);
