import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { DimseConfig, KnownAe } from '../config.js';
import type { Logger } from '../logger.js';
import { type Command, CommandField, decodeCommand, encodeCommand } from './message/commandSet.js';
import { type AcceptedContext, negotiateAssociation } from './negotiateAssociation.js';
import { encodePdu, encodePDataTf } from './pdu/encodePdu.js';
import type { Pdu, Pdv } from './pdu/Pdu.js';
import { PduError, PduReader } from './pdu/PduReader.js';

/** One complete DIMSE message: a command and, when it announces one, its data set. */
export interface DimseMessage {
  context: AcceptedContext;
  command: Command;
  dataset: Buffer | undefined;
}

export interface AssociationInfo {
  id: string;
  callingAeTitle: string;
  calledAeTitle: string;
  remoteAddress: string;
  peer: KnownAe | undefined;
}

/** What a service handler may do on the association that brought its request. */
export interface AssociationHandle {
  info: AssociationInfo;
  logger: Logger;
  send(contextId: number, command: Command, dataset?: Buffer): Promise<void>;
  /** C-CANCEL received for this message ID (C-FIND/C-MOVE/C-GET check it between responses). */
  isCancelled(messageId: number): boolean;
}

export type ServiceHandler = (message: DimseMessage, association: AssociationHandle) => Promise<void>;

/** PS3.7 C.4: a command the SCP does not support. */
const UNRECOGNIZED_OPERATION = 0x0211;
/** Abort reasons of PS3.8 Table 9-26. */
const UNEXPECTED_PDU = 2;
const INVALID_PARAMETER = 6;

interface PartialMessage {
  context: AcceptedContext;
  commandParts: Buffer[];
  command: Command | undefined;
  datasetParts: Buffer[];
}

/**
 * The acceptor side of one association (PS3.8 9.2 state machine, reduced to the
 * states an SCP passes through): negotiation, P-DATA with message reassembly,
 * release and abort. Messages are handled one after another in arrival order;
 * a malformed PDU or an unexpected one aborts the association, never the process.
 * A message is only handed to a service once complete, so a peer that drops
 * mid-transfer leaves nothing half-stored.
 */
export class ScpAssociation implements AssociationHandle {
  private state: 'awaiting-request' | 'established' | 'releasing' | 'closed' = 'awaiting-request';
  private readonly reader: PduReader;
  private contexts = new Map<number, AcceptedContext>();
  private peerMaxPdu = 0;
  private partial: PartialMessage | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly cancelled = new Set<number>();
  private association: AssociationInfo;
  private log: Logger;

  constructor(
    private readonly socket: Socket,
    private readonly config: DimseConfig,
    private readonly handlers: Partial<Record<number, ServiceHandler>>,
    logger: Logger,
  ) {
    this.reader = new PduReader({ maxPduLength: config.maxPduBytes });
    this.association = { id: randomUUID(), callingAeTitle: '', calledAeTitle: '', remoteAddress: socket.remoteAddress ?? '', peer: undefined };
    this.log = logger.child({ association: this.association.id, remoteAddress: this.association.remoteAddress });
    socket.setNoDelay(true);
    socket.setTimeout(config.timeoutMs, () => this.abort(0, 'timed out waiting for the peer'));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.log.info({ err: error.message }, 'association socket error'));
    socket.on('close', () => this.onClose());
  }

  private onData(chunk: Buffer): void {
    let pdus: Pdu[];
    try {
      pdus = this.reader.push(chunk);
    } catch (error) {
      if (error instanceof PduError) return this.abort(error.abortReason, `malformed PDU: ${error.message}`);
      throw error;
    }
    for (const pdu of pdus) this.enqueue(() => this.onPdu(pdu));
  }

  private enqueue(task: () => Promise<void> | void): void {
    this.queue = this.queue.then(task).catch((error: unknown) => {
      this.log.error({ err: error }, 'association failed while handling a message');
      this.abort(0, 'internal error');
    });
  }

  private async onPdu(pdu: Pdu): Promise<void> {
    if (this.state === 'closed') return;
    switch (pdu.type) {
      case 'A-ASSOCIATE-RQ':
        return this.state === 'awaiting-request' ? this.onAssociateRequest(pdu) : this.abort(UNEXPECTED_PDU, 'A-ASSOCIATE-RQ on an established association');
      case 'P-DATA-TF':
        if (this.state !== 'established') return this.abort(UNEXPECTED_PDU, 'P-DATA-TF before association');
        for (const pdv of pdu.pdvs) await this.onPdv(pdv);
        return;
      case 'A-RELEASE-RQ':
        this.state = 'releasing';
        await this.write(encodePdu({ type: 'A-RELEASE-RP' }));
        this.log.info('association released');
        this.state = 'closed';
        this.socket.end();
        return;
      case 'A-ABORT':
        this.log.info({ source: pdu.source, reason: pdu.reason }, 'association aborted by the peer');
        this.state = 'closed';
        this.socket.destroy();
        return;
      case 'A-ASSOCIATE-AC':
      case 'A-ASSOCIATE-RJ':
      case 'A-RELEASE-RP':
        return this.abort(UNEXPECTED_PDU, `unexpected ${pdu.type}`);
      default: {
        const never: never = pdu;
        throw new Error(`unhandled PDU ${JSON.stringify(never)}`);
      }
    }
  }

  private async onAssociateRequest(rq: Extract<Pdu, { type: 'A-ASSOCIATE-RQ' }>): Promise<void> {
    this.association = { ...this.association, callingAeTitle: rq.callingAeTitle.trim(), calledAeTitle: rq.calledAeTitle.trim() };
    this.log = this.log.child({ callingAe: this.association.callingAeTitle });
    const negotiation = negotiateAssociation(rq, this.association.remoteAddress, this.config);
    if (negotiation.kind === 'reject') {
      this.log.info({ reason: negotiation.reason }, 'association rejected');
      await this.write(encodePdu(negotiation.rj));
      this.state = 'closed';
      this.socket.end();
      return;
    }
    this.contexts = negotiation.contexts;
    this.peerMaxPdu = negotiation.peerMaxPdu;
    this.association.peer = negotiation.peer;
    this.state = 'established';
    await this.write(encodePdu(negotiation.ac));
    this.log.info({ contexts: this.contexts.size, proposed: rq.presentationContexts.length, peerMaxPdu: this.peerMaxPdu }, 'association accepted');
  }

  private async onPdv(pdv: Pdv): Promise<void> {
    const context = this.contexts.get(pdv.contextId);
    if (!context) return this.abort(INVALID_PARAMETER, `PDV on presentation context ${pdv.contextId}, which was not accepted`);
    const message = (this.partial ??= { context, commandParts: [], command: undefined, datasetParts: [] });
    if (message.context.id !== pdv.contextId) return this.abort(UNEXPECTED_PDU, 'PDVs of two messages interleaved');
    if (pdv.command) {
      if (message.command) return this.abort(UNEXPECTED_PDU, 'command fragment after the command was complete');
      message.commandParts.push(pdv.data);
      if (!pdv.last) return;
      message.command = decodeCommand(Buffer.concat(message.commandParts));
      if (message.command.hasDataset) return;
    } else {
      if (!message.command) return this.abort(UNEXPECTED_PDU, 'data set fragment before its command');
      message.datasetParts.push(pdv.data);
      if (!pdv.last) return;
    }
    this.partial = undefined;
    const complete: DimseMessage = {
      context,
      command: message.command,
      dataset: message.datasetParts.length > 0 ? Buffer.concat(message.datasetParts) : undefined,
    };
    await this.dispatch(complete);
  }

  private async dispatch(message: DimseMessage): Promise<void> {
    const { command } = message;
    if (command.commandField === CommandField.C_CANCEL_RQ) {
      if (command.messageIdBeingRespondedTo !== undefined) this.cancelled.add(command.messageIdBeingRespondedTo);
      return;
    }
    const handler = this.handlers[command.commandField];
    if (!handler) {
      this.log.info({ commandField: command.commandField }, 'unsupported DIMSE command');
      await this.send(message.context.id, {
        commandField: command.commandField | 0x8000,
        messageIdBeingRespondedTo: command.messageId,
        affectedSopClassUid: command.affectedSopClassUid,
        hasDataset: false,
        status: UNRECOGNIZED_OPERATION,
      });
      return;
    }
    await handler(message, this);
  }

  get info(): AssociationInfo {
    return this.association;
  }

  get logger(): Logger {
    return this.log;
  }

  isCancelled(messageId: number): boolean {
    return this.cancelled.has(messageId);
  }

  async send(contextId: number, command: Command, dataset?: Buffer): Promise<void> {
    for (const pdu of encodePDataTf(contextId, true, encodeCommand(command), this.peerMaxPdu)) await this.write(pdu);
    if (dataset) for (const pdu of encodePDataTf(contextId, false, dataset, this.peerMaxPdu)) await this.write(pdu);
  }

  private write(bytes: Buffer): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      if (this.socket.write(bytes)) resolve();
      else this.socket.once('drain', () => resolve());
    });
  }

  private abort(reason: number, why: string): void {
    if (this.state === 'closed') return;
    this.log.info({ reason, why }, 'aborting association');
    this.state = 'closed';
    if (!this.socket.destroyed) this.socket.end(encodePdu({ type: 'A-ABORT', source: 2, reason }));
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  private onClose(): void {
    if (this.partial) this.log.info('peer closed the connection in the middle of a message; nothing of it was stored');
    if (this.state !== 'closed') this.log.info('peer closed the connection without release');
    this.state = 'closed';
    this.partial = undefined;
  }
}
