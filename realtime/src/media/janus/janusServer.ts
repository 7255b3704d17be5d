import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Janode from 'janode';

export interface JanusServerOptions {
  /** Where the configuration is written (Janus reads nothing of /etc/janus). */
  configDir: string;
  /** WebSocket API port, bound to 127.0.0.1 only. */
  port: number;
  apiSecret: string;
  adminKey: string;
  /** ICE only on these interfaces or address prefixes (Janus' ice_enforce_list), e.g. "lo" for a test on one machine. */
  iceInterfaces?: string | undefined;
  /** UDP ports for media. */
  rtpPortRange?: string | undefined;
  /** Janus' debug level 0-7 (4 = info). */
  debugLevel?: number | undefined;
  binary?: string | undefined;
}

export interface JanusServer {
  url: string;
  pid: number | undefined;
  /** What Janus printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Debian's layout (package `janus`), by architecture. */
function janusLibDir(): string {
  const candidates = ['/usr/lib/x86_64-linux-gnu/janus', '/usr/lib/aarch64-linux-gnu/janus', '/usr/lib/janus', '/opt/janus/lib/janus'];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'plugins')));
  if (!found) throw new Error('Janus is not installed (apt-get install -y janus)');
  return found;
}

const quote = (value: string) => JSON.stringify(value);

/**
 * Janus' configuration for Consilium's SFU: only the VideoRoom plugin and the
 * WebSocket transport, the API bound to 127.0.0.1 behind an API secret, no
 * admin API, rooms created only with the admin key and with string ids (the
 * session and participant ids). The realtime service is its only client.
 */
export async function writeJanusConfig(o: JanusServerOptions): Promise<string> {
  const lib = janusLibDir();
  await mkdir(o.configDir, { recursive: true, mode: 0o700 });
  const main = `general: {
  configs_folder = ${quote(o.configDir)}
  plugins_folder = ${quote(path.join(lib, 'plugins'))}
  transports_folder = ${quote(path.join(lib, 'transports'))}
  events_folder = ${quote(path.join(lib, 'events'))}
  loggers_folder = ${quote(path.join(lib, 'loggers'))}
  debug_level = ${o.debugLevel ?? 4}
  server_name = "Consilium SFU"
  api_secret = ${quote(o.apiSecret)}
  session_timeout = 60
  protected_folders = ["/bin", "/boot", "/dev", "/etc", "/lib", "/proc", "/sbin", "/sys", "/usr", "/var"]
}
media: {
  rtp_port_range = ${quote(o.rtpPortRange ?? '20000-40000')}
}
nat: {
  nice_debug = false
  ignore_mdns = true
${o.iceInterfaces ? `  ice_enforce_list = ${quote(o.iceInterfaces)}\n` : ''}}
plugins: {
  disable = "libjanus_audiobridge.so,libjanus_duktape.so,libjanus_echotest.so,libjanus_lua.so,libjanus_nosip.so,libjanus_recordplay.so,libjanus_sip.so,libjanus_streaming.so,libjanus_textroom.so,libjanus_videocall.so,libjanus_voicemail.so"
}
transports: {
  disable = "libjanus_http.so,libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,libjanus_rabbitmq.so"
}
loggers: {
  disable = "libjanus_jsonlog.so"
}
events: {
  broadcast = false
}
`;
  const websockets = `general: {
  json = "plain"
  ws = true
  ws_port = ${o.port}
  ws_ip = "127.0.0.1"
  wss = false
}
admin: {
  admin_ws = false
  admin_wss = false
}
`;
  const videoroom = `general: {
  admin_key = ${quote(o.adminKey)}
  lock_rtp_forward = true
  string_ids = true
}
`;
  await writeFile(path.join(o.configDir, 'janus.jcfg'), main, { mode: 0o600 });
  await writeFile(path.join(o.configDir, 'janus.transport.websockets.jcfg'), websockets, { mode: 0o600 });
  await writeFile(path.join(o.configDir, 'janus.plugin.videoroom.jcfg'), videoroom, { mode: 0o600 });
  return path.join(o.configDir, 'janus.jcfg');
}

/** Writes the configuration, starts Janus and resolves once its API answers (10 s at most). */
export async function startJanusServer(o: JanusServerOptions): Promise<JanusServer> {
  const configFile = await writeJanusConfig(o);
  const child: ChildProcess = spawn(o.binary ?? 'janus', ['-C', configFile, '-F', o.configDir, '--disable-colors'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let printed = '';
  const keep = (chunk: Buffer) => {
    printed = (printed + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnFailed = new Promise<never>((_, reject) => child.once('error', reject));
  const url = `ws://127.0.0.1:${o.port}`;
  const server: JanusServer = {
    url,
    pid: child.pid,
    output: () => printed,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(killer);
    },
  };
  try {
    await Promise.race([waitForApi(url, o.apiSecret, () => child.exitCode !== null), spawnFailed]);
  } catch (error) {
    await server.stop();
    throw new Error(`Janus did not start: ${error instanceof Error ? error.message : String(error)}\n${printed.slice(-2_000)}`);
  }
  return server;
}

async function waitForApi(url: string, apiSecret: string, gone: () => boolean): Promise<void> {
  Janode.Logger.setLevel('none');
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (gone()) throw new Error('Janus exited');
    try {
      const connection = await Janode.connect({ address: { url, apisecret: apiSecret }, retry_time_secs: 1, max_retries: 1 });
      await connection.getInfo();
      await connection.close();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
