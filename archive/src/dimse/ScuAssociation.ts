import { connect } from 'node:net';
import { type Result, err, ok } from '@consilium/shared';
import type { Logger } from '../logger.js';
import { DimseAssociation } from './DimseAssociation.js';
import type { NegotiatedContext, ReceivedMessage } from './MessageAssembler.js';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from './negotiateAssociation.js';
import { encodePdu } from './pdu/encodePdu.js';
import { DICOM_APPLICATION_CONTEXT, type Pdu, type PresentationContextRq, type RoleSelection } from './pdu/Pdu.js';
import { AbortReason } from './pdu/PduReader.js';

export type { NegotiatedContext } from './MessageAssembler.js';

/** One presentation context to propose: an abstract syntax and the transfer syntaxes offered for it, in order of preference. */
export interface ProposedContext {
  abstractSyntax: string;
  transferSyntaxes: string[];
}

export interface ScuOptions {
  host: string;
  port: number;
  callingAeTitle: string;
  calledAeTitle: string;
  contexts: readonly ProposedContext[];
  /** SCP/SCU Role Selection items (PS3.7 D.3.3.4), e.g. SCP role for Storage Commitment reports. */
  roleSelections?: readonly RoleSelection[];
  /** Requests the peer may send on the association, by CommandField; any other is answered "unrecognized operation". */
  handlers?: Partial<Record<number, ScuRequestHandler>>;
  /** Our Maximum Length Received (PS3.8 D.1). */
  maxPduBytes: number;
  /** Connection, negotiation, idle and response timeout. */
  timeoutMs: number;
  logger: Logger;
}

/** Why an association could not be opened: refused or unreachable, rejected (PS3.8 9.3.4), aborted, timed out, or no context accepted. */
export interface OpenFailure {
  reason: 'unreachable' | 'rejected' | 'aborted' | 'timeout' | 'no-context';
  message: string;
}

/**
 * Serves one request the peer sends on an association the archive opened (a
 * Storage Commitment SCU receiving its N-EVENT-REPORT, PS3.4 J.3.3.1.3); it
 * answers with `association.send`.
 */
export type ScuRequestHandler = (message: ReceivedMessage, association: ScuAssociation) => Promise<void>;

/** Presentation context IDs are odd, 1 to 255 (PS3.8 9.3.2.2): at most 128 per association. */
export const MAX_PROPOSED_CONTEXTS = 128;

type OpenResult = Result<ScuAssociation, OpenFailure>;

/**
 * The requestor side of an association (PS3.8 9.2, states Sta4–Sta13 as an
 * initiator passes them): connect, A-ASSOCIATE-RQ, then requests with `request`
 * (the C-STORE sub-operations of a C-MOVE, Storage Commitment reports),
 * and A-RELEASE or A-ABORT. Reassembly, routing and sending are DimseAssociation's,
 * shared with the acceptor. Requests the peer sends on it go to the `handlers`
 * given (a Storage Commitment SCU takes its N-EVENT-REPORT there); the rest
 * are answered "unrecognized operation".
 */
export class ScuAssociation extends DimseAssociation<NegotiatedContext> {
  private settleOpen: ((result: OpenResult) => void) | undefined;
  private settleRelease: (() => void) | undefined;
  private abortedByPeer = false;
  private readonly roleAnswers = new Map<string, RoleSelection>();

  private constructor(private readonly options: ScuOptions) {
    const socket = connect({ host: options.host, port: options.port, noDelay: true });
    super(socket, {
      maxPduBytes: options.maxPduBytes,
      timeoutMs: options.timeoutMs,
      logger: options.logger.child({ calledAe: options.calledAeTitle, peer: `${options.host}:${options.port}` }),
      initialState: 'awaiting-ac',
    });
    socket.once('connect', () => {
      void this.sendPdu(encodePdu(this.associateRq())).catch(() => undefined);
    });
  }

  /**
   * Opens an association; resolves with it once accepted with at least one
   * presentation context, or with why not. Never rejects, never hangs: the
   * timeout bounds connection and negotiation.
   */
  static open(options: ScuOptions): Promise<OpenResult> {
    if (options.contexts.length === 0 || options.contexts.length > MAX_PROPOSED_CONTEXTS) {
      throw new RangeError(`${options.contexts.length} presentation contexts proposed; 1 to ${MAX_PROPOSED_CONTEXTS} fit an A-ASSOCIATE-RQ`);
    }
    return new Promise((resolve) => {
      const association = new ScuAssociation(options);
      association.settleOpen = resolve;
    });
  }

  /** The accepted context for `abstractSyntax` whose transfer syntax comes first in `preference`, if any. */
  findContext(abstractSyntax: string, preference: readonly string[]): NegotiatedContext | undefined {
    let best: NegotiatedContext | undefined;
    let bestRank = Infinity;
    for (const context of this.contexts.values()) {
      const rank = preference.indexOf(context.transferSyntax);
      if (context.abstractSyntax === abstractSyntax && rank !== -1 && rank < bestRank) [best, bestRank] = [context, rank];
    }
    return best;
  }

  /**
   * The acceptor's answer to the role selection proposed for `sopClassUid`
   * (PS3.7 D.3.3.4); undefined when it answered none (then the default roles
   * hold: this end is SCU only).
   */
  roleAnswer(sopClassUid: string): RoleSelection | undefined {
    return this.roleAnswers.get(sopClassUid);
  }

  /** A-RELEASE-RQ after everything sent so far; resolves once the peer answered or the connection is gone. */
  async release(): Promise<void> {
    if (this.state !== 'established') return;
    this.state = 'releasing';
    const released = new Promise<void>((resolve) => (this.settleRelease = resolve));
    await this.sendPdu(encodePdu({ type: 'A-RELEASE-RQ' })).catch(() => undefined);
    await released;
  }

  protected handlerFor(commandField: number): ((message: ReceivedMessage) => Promise<void>) | undefined {
    const handler = this.options.handlers?.[commandField];
    return handler && ((message) => handler(message, this));
  }

  protected onControlPdu(pdu: Exclude<Pdu, { type: 'P-DATA-TF' }>): void {
    switch (pdu.type) {
      case 'A-ASSOCIATE-AC':
        if (this.state !== 'awaiting-ac') return this.abort(AbortReason.UnexpectedPdu, 'A-ASSOCIATE-AC out of turn');
        return this.onAccepted(pdu);
      case 'A-ASSOCIATE-RJ':
        if (this.state !== 'awaiting-ac') return this.abort(AbortReason.UnexpectedPdu, 'A-ASSOCIATE-RJ out of turn');
        this.state = 'closed';
        this.socket.end();
        return this.opened(err({ reason: 'rejected', message: `rejected (result ${pdu.result}, source ${pdu.source}, reason ${pdu.reason})` }));
      case 'A-RELEASE-RP':
        if (this.state !== 'releasing') return this.abort(AbortReason.UnexpectedPdu, 'A-RELEASE-RP without A-RELEASE-RQ');
        this.log.info('association released');
        return this.closeAfterRelease();
      case 'A-RELEASE-RQ':
        // The peer wants to end it (or a release collision, PS3.8 9.2.3.3): answer and close.
        void this.sendPdu(encodePdu({ type: 'A-RELEASE-RP' })).then(() => this.closeAfterRelease(), () => undefined);
        return;
      case 'A-ABORT':
        this.log.info({ source: pdu.source, reason: pdu.reason }, 'association aborted by the peer');
        this.abortedByPeer = true;
        this.state = 'closed';
        this.socket.destroy();
        return;
      case 'A-ASSOCIATE-RQ':
        return this.abort(AbortReason.UnexpectedPdu, 'A-ASSOCIATE-RQ sent to a requestor');
      default: {
        const never: never = pdu;
        throw new Error(`unhandled PDU ${JSON.stringify(never)}`);
      }
    }
  }

  protected override onClosed(): void {
    const reason = this.timedOut ? 'timeout' : this.abortedByPeer ? 'aborted' : 'unreachable';
    this.opened(err({ reason, message: `the connection closed before the association was accepted (${reason})` }));
    this.settleRelease?.();
    this.settleRelease = undefined;
  }

  private onAccepted(ac: Extract<Pdu, { type: 'A-ASSOCIATE-AC' }>): void {
    const proposed = new Map(this.proposedContexts().map((pc) => [pc.id, pc]));
    for (const answer of ac.presentationContexts) {
      const pc = proposed.get(answer.id);
      if (answer.result !== 0 || !pc || !pc.transferSyntaxes.includes(answer.transferSyntax)) continue;
      this.contextsById.set(answer.id, { id: answer.id, abstractSyntax: pc.abstractSyntax, transferSyntax: answer.transferSyntax });
    }
    for (const answer of ac.userInformation.roleSelections) if (!this.roleAnswers.has(answer.sopClassUid)) this.roleAnswers.set(answer.sopClassUid, answer);
    this.peerMaxPdu = ac.userInformation.maxPduLength;
    this.state = 'established';
    if (this.contextsById.size === 0) {
      this.opened(err({ reason: 'no-context', message: 'no presentation context was accepted' }));
      void this.release();
      return;
    }
    this.log.info({ contexts: this.contextsById.size, proposed: proposed.size, peerMaxPdu: this.peerMaxPdu }, 'association accepted');
    this.opened(ok(this));
  }

  private opened(result: OpenResult): void {
    const settle = this.settleOpen;
    this.settleOpen = undefined;
    settle?.(result);
  }

  private proposedContexts(): PresentationContextRq[] {
    return this.options.contexts.map((pc, i) => ({ id: 2 * i + 1, abstractSyntax: pc.abstractSyntax, transferSyntaxes: [...pc.transferSyntaxes] }));
  }

  private associateRq(): Extract<Pdu, { type: 'A-ASSOCIATE-RQ' }> {
    return {
      type: 'A-ASSOCIATE-RQ',
      protocolVersion: 1,
      calledAeTitle: this.options.calledAeTitle,
      callingAeTitle: this.options.callingAeTitle,
      applicationContext: DICOM_APPLICATION_CONTEXT,
      presentationContexts: this.proposedContexts(),
      userInformation: {
        maxPduLength: this.options.maxPduBytes,
        implementationClassUid: IMPLEMENTATION_CLASS_UID,
        implementationVersionName: IMPLEMENTATION_VERSION_NAME,
        roleSelections: [...(this.options.roleSelections ?? [])],
        extendedNegotiation: [],
      },
    };
  }
}
