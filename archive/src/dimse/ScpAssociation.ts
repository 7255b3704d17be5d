import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { DimseConfig, KnownAe } from '../config.js';
import type { Logger } from '../logger.js';
import { type DatasetBody, DimseAssociation, type DimseResponse } from './DimseAssociation.js';
import type { Command } from './message/commandSet.js';
import type { ReceivedMessage } from './MessageAssembler.js';
import { type AcceptedContext, negotiateAssociation } from './negotiateAssociation.js';
import { encodePdu } from './pdu/encodePdu.js';
import type { Pdu } from './pdu/Pdu.js';
import { AbortReason } from './pdu/PduReader.js';

export type { DatasetBody, DimseResponse } from './DimseAssociation.js';

/** One complete DIMSE message on an accepted context. */
export type DimseMessage = ReceivedMessage<AcceptedContext>;

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
  /** The accepted presentation contexts (C-GET sends its sub-operations on the storage ones). */
  contexts: ReadonlyMap<number, AcceptedContext>;
  /** Established and not releasing: a request sent now can still be answered (a Storage Commitment report, PS3.4 J.3.3.1.2). */
  readonly isOpen: boolean;
  /**
   * Settles once the peer asked to release (A-RELEASE-RQ) or the association
   * ended: a request sent after that may never be answered, since a requestor
   * awaiting A-RELEASE-RP sends no more P-DATA (PS3.8 9.2, Sta7).
   */
  readonly closing: Promise<void>;
  send(contextId: number, command: Command, dataset?: Buffer): Promise<void>;
  /** Sends a request to the peer and resolves with its response (C-GET's C-STORE sub-operations). */
  request(contextId: number, command: Command, dataset?: DatasetBody): Promise<DimseResponse>;
  /** C-CANCEL received for this message ID (C-FIND/C-MOVE/C-GET check it between responses). */
  isCancelled(messageId: number): boolean;
}

export type ServiceHandler = (message: DimseMessage, association: AssociationHandle) => Promise<void>;

/**
 * The acceptor side of one association (PS3.8 9.2 state machine, reduced to the
 * states an SCP passes through): negotiation, P-DATA with message reassembly,
 * release and abort. Requests are handled one after another in arrival order,
 * responses and C-CANCELs as they arrive (see DimseAssociation); a malformed PDU
 * or an unexpected one aborts the association, never the process. A message is
 * only handed to a service once complete, so a peer that drops mid-transfer
 * leaves nothing half-stored. A-RELEASE-RQ is answered once the requests before
 * it are done.
 */
export class ScpAssociation extends DimseAssociation<AcceptedContext> implements AssociationHandle {
  private association: AssociationInfo;
  private settleClosing: (() => void) | undefined;
  readonly closing = new Promise<void>((resolve) => (this.settleClosing = resolve));

  constructor(
    socket: Socket,
    private readonly config: DimseConfig,
    private readonly handlers: Partial<Record<number, ServiceHandler>>,
    logger: Logger,
    private readonly onRejected?: (info: AssociationInfo, reason: string) => void,
  ) {
    const id = randomUUID();
    const remoteAddress = socket.remoteAddress ?? '';
    super(socket, {
      maxPduBytes: config.maxPduBytes,
      timeoutMs: config.timeoutMs,
      logger: logger.child({ association: id, remoteAddress }),
      initialState: 'awaiting-request',
    });
    this.association = { id, callingAeTitle: '', calledAeTitle: '', remoteAddress, peer: undefined };
  }

  get info(): AssociationInfo {
    return this.association;
  }

  get logger(): Logger {
    return this.log;
  }

  protected handlerFor(commandField: number): ((message: DimseMessage) => Promise<void>) | undefined {
    const handler = this.handlers[commandField];
    return handler && ((message) => handler(message, this));
  }

  protected onControlPdu(pdu: Exclude<Pdu, { type: 'P-DATA-TF' }>): void {
    switch (pdu.type) {
      case 'A-ASSOCIATE-RQ':
        if (this.state !== 'awaiting-request') return this.abort(AbortReason.UnexpectedPdu, 'A-ASSOCIATE-RQ on an established association');
        return this.onAssociateRequest(pdu);
      case 'A-RELEASE-RQ':
        if (this.state !== 'established') return this.abort(AbortReason.UnexpectedPdu, 'A-RELEASE-RQ before association');
        this.state = 'releasing';
        this.settleClosing?.();
        return this.afterRequests(async () => {
          if (this.state !== 'releasing') return;
          await this.sendPdu(encodePdu({ type: 'A-RELEASE-RP' }));
          this.log.info('association released');
          this.closeAfterRelease();
        });
      case 'A-ABORT':
        this.log.info({ source: pdu.source, reason: pdu.reason }, 'association aborted by the peer');
        this.state = 'closed';
        this.socket.destroy();
        return;
      case 'A-ASSOCIATE-AC':
      case 'A-ASSOCIATE-RJ':
      case 'A-RELEASE-RP':
        return this.abort(AbortReason.UnexpectedPdu, `unexpected ${pdu.type}`);
      default: {
        const never: never = pdu;
        throw new Error(`unhandled PDU ${JSON.stringify(never)}`);
      }
    }
  }

  protected override onClosed(): void {
    this.settleClosing?.();
  }

  private onAssociateRequest(rq: Extract<Pdu, { type: 'A-ASSOCIATE-RQ' }>): void {
    this.association = { ...this.association, callingAeTitle: rq.callingAeTitle.trim(), calledAeTitle: rq.calledAeTitle.trim() };
    this.log = this.log.child({ callingAe: this.association.callingAeTitle });
    const negotiation = negotiateAssociation(rq, this.association.remoteAddress, this.config);
    if (negotiation.kind === 'reject') {
      this.log.info({ reason: negotiation.reason }, 'association rejected');
      this.onRejected?.(this.association, negotiation.reason);
      this.state = 'closed';
      this.socket.end(encodePdu(negotiation.rj));
      return;
    }
    for (const [id, context] of negotiation.contexts) this.contextsById.set(id, context);
    this.peerMaxPdu = negotiation.peerMaxPdu;
    this.association.peer = negotiation.peer;
    this.state = 'established';
    void this.sendPdu(encodePdu(negotiation.ac)).catch(() => undefined);
    this.log.info({ contexts: this.contextsById.size, proposed: rq.presentationContexts.length, peerMaxPdu: this.peerMaxPdu }, 'association accepted');
  }
}
