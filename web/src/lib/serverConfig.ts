import 'server-only';

/**
 * The web server's configuration, read once (STYLE: nothing else reads
 * process.env). Defaults are those of a local `npm start` (ARCHITECTURE.md
 * defaults table):
 * - ARCHIVE_URL: the archive's HTTP origin, which the DICOMweb proxy calls;
 * - REALTIME_URL: the realtime service as this server reaches it (session creation);
 * - REALTIME_PUBLIC_URL: the realtime service as browsers reach it (socket.io);
 *   the same as REALTIME_URL unless a proxy or another host sits between.
 */
export interface WebServerConfig {
  archiveUrl: string;
  realtimeUrl: string;
  realtimePublicUrl: string;
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
  return { archiveUrl, realtimeUrl, realtimePublicUrl };
}

export const serverConfig: WebServerConfig = readConfig(process.env);
