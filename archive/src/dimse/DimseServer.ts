import { readFileSync } from 'node:fs';
import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import { type TLSSocket, createServer as createTlsServer } from 'node:tls';
import type { DimseConfig, DimseTlsConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { DatasetSinkFactory } from './MessageAssembler.js';
import type { AcceptedContext } from './negotiateAssociation.js';
import { type AssociationInfo, ScpAssociation, type ServiceHandler } from './ScpAssociation.js';

/** The data set sinks of one association (C-STORE streams its data sets to disk), given the association. */
export type AssociationSinks = (association: ScpAssociation) => DatasetSinkFactory<AcceptedContext>;

/** The ports the listeners got (0 in the configuration picks a free one). */
export interface DimsePorts {
  port: number;
  /** Undefined when no TLS certificate is configured. */
  tlsPort: number | undefined;
}

/**
 * The DIMSE listeners: plain TCP on the DIMSE port and, when a certificate is
 * configured, DICOM over TLS on its own port (PS3.15 B.1, the Basic TLS Secure
 * Transport Connection Profile: TLS from the first byte, then the same upper
 * layer). One ScpAssociation per connection, each service a handler keyed by
 * its request CommandField. Both bind to the configured host.
 */
export class DimseServer {
  private readonly server: Server;
  private readonly tlsServer: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly config: DimseConfig,
    private readonly handlers: Partial<Record<number, ServiceHandler>>,
    private readonly logger: Logger,
    private readonly datasetSinks?: AssociationSinks,
    /** Hears every refused A-ASSOCIATE-RQ (the audit's security alerts). */
    private readonly onRejected?: (info: AssociationInfo, reason: string) => void,
  ) {
    this.server = createServer((socket) => this.accept(socket));
    this.tlsServer = config.tls ? this.createTlsListener(config.tls) : undefined;
  }

  async listen(host: string): Promise<DimsePorts> {
    const port = await listenOn(this.server, host, this.config.port);
    const tlsPort = this.tlsServer && this.config.tls ? await listenOn(this.tlsServer, host, this.config.tls.port) : undefined;
    return { port, tlsPort };
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const servers = [this.server, this.tlsServer].filter((s): s is Server => s !== undefined && s.listening);
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    const association = new ScpAssociation(socket, this.config, this.handlers, this.logger, this.onRejected);
    if (this.datasetSinks) association.streamDatasets(this.datasetSinks(association));
  }

  /**
   * With a CA file, callers must present a certificate it signed (mutual
   * authentication, as PS3.15 B.1 expects between nodes); without one, any
   * caller that completes the handshake reaches the association policy.
   */
  private createTlsListener(tls: DimseTlsConfig): Server {
    const ca = tls.caFile ? readFileSync(tls.caFile) : undefined;
    const server = createTlsServer(
      {
        cert: readFileSync(tls.certFile),
        key: readFileSync(tls.keyFile),
        ...(ca ? { ca, requestCert: true, rejectUnauthorized: true } : {}),
        minVersion: 'TLSv1.2',
      },
      (socket: TLSSocket) => this.accept(socket),
    );
    server.on('tlsClientError', (error, socket) => {
      // A failed handshake never reaches the upper layer: log it without patient data (there is none yet).
      this.logger.info({ remoteAddress: socket.remoteAddress, reason: error.message }, 'DICOM TLS handshake refused');
    });
    return server;
  }
}

async function listenOn(server: Server, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}
