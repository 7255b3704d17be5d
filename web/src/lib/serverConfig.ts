import 'server-only';

/**
 * The web server's configuration, read once (STYLE: nothing else reads
 * process.env). ARCHIVE_URL names the archive's HTTP origin; by default the
 * archive of a local `npm start` (ARCHITECTURE.md defaults table).
 */
export interface WebServerConfig {
  archiveUrl: string;
}

function readConfig(): WebServerConfig {
  const archiveUrl = process.env.ARCHIVE_URL ?? `http://127.0.0.1:${process.env.ARCHIVE_HTTP_PORT ?? '8044'}`;
  try {
    new URL(archiveUrl);
  } catch {
    throw new Error(`ARCHIVE_URL is not a URL: ${archiveUrl}`);
  }
  return { archiveUrl: archiveUrl.replace(/\/+$/, '') };
}

export const serverConfig: WebServerConfig = readConfig();
