import { type Socket, connect } from 'node:net';
import { type Command, CommandField, decodeCommand, encodeCommand } from '../dimse/message/commandSet.js';
import { encodePDataTf, encodePdu } from '../dimse/pdu/encodePdu.js';
import { DICOM_APPLICATION_CONTEXT, type Pdu, type PresentationContextRq } from '../dimse/pdu/Pdu.js';
import { PduReader } from '../dimse/pdu/PduReader.js';

type AssociateAc = Extract<Pdu, { type: 'A-ASSOCIATE-AC' }>;

/**
 * A DICOM peer at the byte level: whatever a test writes goes out as is, and
 * what comes back is read with the archive's PDU reader (its own unit tests
 * check it against DCMTK captures). For sending what no real client would.
 */
export class RawDimsePeer {
  private readonly reader = new PduReader({ maxPduLength: 0 });
  private readonly received: Pdu[] = [];
  private waiter: (() => void) | undefined;
  private closed = false;
  readonly closedAt: Promise<number>;

  private constructor(
    readonly socket: Socket,
    private readonly maxPduBytes: number,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.received.push(...this.reader.push(chunk));
      this.waiter?.();
    });
    socket.on('error', () => undefined);
    this.closedAt = new Promise((resolve) =>
      socket.once('close', () => {
        this.closed = true;
        this.waiter?.();
        resolve(performance.now());
      }),
    );
  }

  /** `maxPduBytes` is both what it proposes to receive and the size of the PDUs `request` sends. */
  static async connect(port: number, maxPduBytes = 16384): Promise<RawDimsePeer> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new RawDimsePeer(socket, maxPduBytes);
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The next PDU from the archive; undefined when the connection closed first. Fails after `timeoutMs`. */
  async next(timeoutMs = 5000): Promise<Pdu | undefined> {
    const deadline = performance.now() + timeoutMs;
    while (this.received.length === 0 && !this.closed) {
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`no PDU within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return this.received.shift();
  }

  /** Reads until the archive closes the connection; returns every PDU it sent on the way. */
  async untilClosed(timeoutMs = 5000): Promise<Pdu[]> {
    const pdus: Pdu[] = [];
    for (;;) {
      const pdu = await this.next(timeoutMs);
      if (!pdu) return pdus;
      pdus.push(pdu);
    }
  }

  async associate(contexts: PresentationContextRq[], calledAeTitle = 'CONSILIUM'): Promise<AssociateAc> {
    this.send(
      encodePdu({
        type: 'A-ASSOCIATE-RQ',
        protocolVersion: 1,
        calledAeTitle,
        callingAeTitle: 'RAW_PEER',
        applicationContext: DICOM_APPLICATION_CONTEXT,
        presentationContexts: contexts,
        userInformation: { maxPduLength: this.maxPduBytes, implementationClassUid: '1.2.826.0.1.3680043.10.1542.99', roleSelections: [], extendedNegotiation: [] },
      }),
    );
    const ac = await this.next();
    if (ac?.type !== 'A-ASSOCIATE-AC') throw new Error(`expected A-ASSOCIATE-AC, got ${ac?.type ?? 'a closed connection'}`);
    return ac;
  }

  /** Sends a command (and data set) and returns the command of the next message back. */
  async request(contextId: number, command: Command, dataset?: Buffer): Promise<Command> {
    for (const pdu of encodePDataTf(contextId, true, encodeCommand(command), this.maxPduBytes)) this.send(pdu);
    if (dataset) for (const pdu of encodePDataTf(contextId, false, dataset, this.maxPduBytes)) this.send(pdu);
    return this.response();
  }

  async response(): Promise<Command> {
    const pdu = await this.next();
    if (pdu?.type !== 'P-DATA-TF') throw new Error(`expected P-DATA-TF, got ${pdu?.type ?? 'a closed connection'}`);
    const [pdv] = pdu.pdvs;
    if (!pdv?.command || !pdv.last) throw new Error('expected a command in one fragment');
    return decodeCommand(pdv.data);
  }

  async release(): Promise<void> {
    this.send(encodePdu({ type: 'A-RELEASE-RQ' }));
    const rp = await this.next();
    if (rp?.type !== 'A-RELEASE-RP') throw new Error(`expected A-RELEASE-RP, got ${rp?.type ?? 'a closed connection'}`);
    await this.closedAt;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** A C-STORE-RQ command (PS3.7 9.3.1.1) announcing a data set. */
export function storeRequest(sopClassUid: string, sopInstanceUid: string, messageId = 1): Command {
  return {
    commandField: CommandField.C_STORE_RQ,
    messageId,
    affectedSopClassUid: sopClassUid,
    affectedSopInstanceUid: sopInstanceUid,
    priority: 0,
    hasDataset: true,
  };
}
