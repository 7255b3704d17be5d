import { type Server, type Socket, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { DimseConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { ScpAssociation, type ServiceHandler } from './ScpAssociation.js';

/**
 * The DIMSE listener: one ScpAssociation per TCP connection, each service a
 * handler keyed by its request CommandField. Binds to the configured host.
 */
export class DimseServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly config: DimseConfig,
    private readonly handlers: Partial<Record<number, ServiceHandler>>,
    private readonly logger: Logger,
  ) {
    this.server = createServer((socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      new ScpAssociation(socket, this.config, this.handlers, this.logger);
    });
  }

  async listen(host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host, port: this.config.port }, () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
