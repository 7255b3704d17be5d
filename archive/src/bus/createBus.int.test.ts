import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createBus } from './createBus.js';
import { createTestLogger } from './createTestLogger.js';

/** Start-up must fail fast and readably when NATS is configured but unusable. No NATS server needed. */
describe('createBus with an unreachable NATS', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  /** A TCP port that accepts connections and never speaks NATS. */
  async function silentServer(): Promise<number> {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      // The NATS client leaves its socket open after a connect timeout; close it from this side.
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    return (server.address() as net.AddressInfo).port;
  }

  /** A port nothing listens on. */
  async function closedPort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  it('rejects a refused connection at once, naming the server', async () => {
    const port = await closedPort();
    const started = Date.now();
    await expect(
      createBus({ natsUrl: `nats://127.0.0.1:${port}`, logger: createTestLogger().logger }),
    ).rejects.toThrow(`Cannot connect to NATS at nats://127.0.0.1:${port} within 3000 ms: connection refused`);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('gives up on a server that never answers after the connect timeout, without leaking credentials', async () => {
    const port = await silentServer();
    const attempt = createBus({
      natsUrl: `nats://archive:s3cret@127.0.0.1:${port}`,
      logger: createTestLogger().logger,
      connectTimeoutMs: 300,
    });
    await expect(attempt).rejects.toThrow(
      `Cannot connect to NATS at nats://[redacted]@127.0.0.1:${port} within 300 ms: timeout`,
    );
    await expect(attempt).rejects.not.toThrow(/s3cret/);
  });
});
