import type { Socket } from 'node:net';
import type { Logger } from '../logger.js';
import { type Command, CommandField, encodeCommand } from './message/commandSet.js';
import { DimseMessageError } from './message/DimseMessageError.js';
import { type AssemblyStep, type DatasetSinkFactory, MessageAssembler, type NegotiatedContext, type ReceivedMessage } from './MessageAssembler.js';
import { UNLIMITED_PDU_FRAGMENT_BYTES, encodePdu, pdataHeader } from './pdu/encodePdu.js';
import { PDV_HEADER_BYTES, type Pdu } from './pdu/Pdu.js';
import { AbortReason, PduError, PduReader } from './pdu/PduReader.js';

/**
 * A data set too large to hold in memory at once: `read` returns `length` bytes
 * from `offset` of it (a stored file's data set, read by range as it is sent).
 */
export interface DatasetStream {
  length: number;
  read(offset: number, length: number): Promise<Buffer>;
}

/** A message's data set: bytes in memory, or read piecewise while it is sent. */
export type DatasetBody = Buffer | DatasetStream;

/** The peer's answer to a request sent with `request`. */
export interface DimseResponse {
  command: Command;
  dataset?: Buffer | undefined;
}

/** The association ended (release, abort, lost connection) before a send or an awaited response completed. */
export class AssociationClosedError extends Error {
  constructor(message = 'the association is closed') {
    super(message);
    this.name = 'AssociationClosedError';
  }
}

export type AssociationState = 'awaiting-request' | 'awaiting-ac' | 'established' | 'releasing' | 'closed';

/** PS3.7 C.4: a command the receiving DIMSE user does not support. */
const UNRECOGNIZED_OPERATION = 0x0211;
/**
 * Requests waiting for their turn. Without an asynchronous operations window a
 * peer has one request outstanding (PS3.7 D.3.3.3), plus C-CANCELs, which do not
 * queue; a peer flooding requests is aborted rather than buffered without bound.
 */
const MAX_QUEUED_REQUESTS = 64;
/** A streamed data set is read in pieces of about this size (whole PDV fragments each). */
const STREAM_READ_BYTES = 4 * 1024 * 1024;
const RESPONSE_BIT = 0x8000;

interface PendingRequest {
  resolve(response: DimseResponse): void;
  reject(error: Error): void;
}

/**
 * What both ends of an association share (PS3.8 9.2, PS3.7 9.3): the PDU reader,
 * message reassembly and routing, sending, and release/abort bookkeeping. PDUs
 * are decoded and reassembled in arrival order, synchronously. A complete request
 * joins a queue and is handled after the requests before it; a response resolves
 * the `request` awaiting its MessageIDBeingRespondedTo at once, and a C-CANCEL is
 * noted at once, so a handler waiting on a response (a C-GET sub-operation's
 * C-STORE-RSP) or checking for a cancel never waits on itself. Sends are
 * serialised: the fragments of one message never interleave with another's.
 */
export abstract class DimseAssociation<C extends NegotiatedContext> {
  protected state: AssociationState;
  protected readonly contextsById = new Map<number, C>();
  /** The peer's Maximum Length Received (PS3.8 D.1): the bound on the PDUs we send; 0 = no limit. */
  protected peerMaxPdu = 0;
  protected log: Logger;
  /** The socket timeout ended the association. */
  protected timedOut = false;
  private readonly reader: PduReader;
  private readonly assembler: MessageAssembler<C>;
  private requestQueue: Promise<void> = Promise.resolve();
  private queuedRequests = 0;
  private sendQueue: Promise<void> = Promise.resolve();
  private readonly pending = new Map<number, PendingRequest>();
  private readonly cancelled = new Set<number>();
  private lastMessageId = 0;
  private datasetSinks: DatasetSinkFactory<C> | undefined;

  protected constructor(
    protected readonly socket: Socket,
    options: { maxPduBytes: number; timeoutMs: number; logger: Logger; initialState: AssociationState },
  ) {
    this.state = options.initialState;
    this.log = options.logger;
    // P-DATA-TF in pieces as they arrive: a C-STORE data set goes to disk without each PDU being assembled first.
    this.reader = new PduReader({ maxPduLength: options.maxPduBytes, streamPData: true });
    this.assembler = new MessageAssembler(
      (id) => this.contextsById.get(id),
      (context, command) => this.datasetSinks?.(context, command),
    );
    socket.setNoDelay(true);
    socket.setTimeout(options.timeoutMs, () => {
      this.timedOut = true;
      this.abort(AbortReason.NotSpecified, 'timed out waiting for the peer');
    });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.log.info({ err: error.message }, 'association socket error'));
    socket.on('close', () => this.onSocketClose());
  }

  /** Association PDUs (everything but P-DATA-TF), in the subclass's state machine. */
  protected abstract onControlPdu(pdu: Exclude<Pdu, { type: 'P-DATA-TF' }>): void;

  /** The handler of a request's CommandField, if this end serves it. */
  protected abstract handlerFor(commandField: number): ((message: ReceivedMessage<C>) => Promise<void>) | undefined;

  /** Called once when the connection is gone, whatever ended it. */
  protected onClosed(): void {}

  get isOpen(): boolean {
    return this.state === 'established';
  }

  /** The accepted presentation contexts by ID. */
  get contexts(): ReadonlyMap<number, C> {
    return this.contextsById;
  }

  /** C-CANCEL received for this message ID (C-FIND/C-MOVE/C-GET check it between responses). */
  isCancelled(messageId: number): boolean {
    return this.cancelled.has(messageId);
  }

  /**
   * Data sets this factory takes a sink for are handed to it fragment by
   * fragment as they arrive (C-STORE: to the blob store's temp file), not
   * joined in memory; their messages carry the sink instead. A sink of a
   * message that never completes, or whose request is never handled, is aborted.
   */
  streamDatasets(factory: DatasetSinkFactory<C>): void {
    this.datasetSinks = factory;
  }

  /** Sends one message; resolves once its last fragment is handed to the socket. */
  send(contextId: number, command: Command, dataset?: DatasetBody): Promise<void> {
    return this.serialised(async () => {
      try {
        await this.writeMessage(contextId, command, dataset);
      } catch (error) {
        if (error instanceof AssociationClosedError) throw error;
        // Part of the message may be on the wire already: the association cannot go on (PS3.8 9.3.5).
        this.log.error({ err: error }, 'a message could not be sent completely');
        this.abort(AbortReason.NotSpecified, 'a message could not be sent completely', 0);
        throw new AssociationClosedError('the association was aborted: a message could not be sent completely');
      }
    });
  }

  /**
   * Sends a request with a fresh MessageID and resolves with the response that
   * names it (single-response operations: C-STORE, C-ECHO, N-ACTION,
   * N-EVENT-REPORT). Rejects with AssociationClosedError when the association
   * ends first; the socket timeout bounds the wait.
   */
  async request(contextId: number, command: Command, dataset?: DatasetBody): Promise<DimseResponse> {
    const messageId = this.nextMessageId();
    const response = new Promise<DimseResponse>((resolve, reject) => this.pending.set(messageId, { resolve, reject }));
    response.catch(() => undefined);
    try {
      await this.send(contextId, { ...command, messageId }, dataset);
    } catch (error) {
      this.pending.delete(messageId);
      throw error;
    }
    return response;
  }

  /** Aborts (A-ABORT, PS3.8 9.3.8) and closes; pending requests fail. */
  abort(reason: number, why: string, source: 0 | 2 = 2): void {
    if (this.state === 'closed') return;
    this.log.info({ reason, why }, 'aborting association');
    this.state = 'closed';
    if (!this.socket.destroyed) this.socket.end(encodePdu({ type: 'A-ABORT', source, reason }));
    setTimeout(() => this.socket.destroy(), 1000).unref();
    this.failPending();
  }

  /** Writes a whole PDU after any message being sent (association PDUs: AC, RQ, RP). */
  protected sendPdu(bytes: Buffer): Promise<void> {
    return this.serialised(async () => {
      this.assertWritable();
      if (!this.socket.write(bytes)) await this.drained();
    });
  }

  /** Runs `task` after every request received so far has been handled (A-RELEASE-RQ waits for them). */
  protected afterRequests(task: () => Promise<void>): void {
    this.requestQueue = this.requestQueue.then(task).catch((error: unknown) => this.onTaskError(error));
  }

  protected closeAfterRelease(): void {
    this.state = 'closed';
    this.socket.end();
    this.failPending();
  }

  private nextMessageId(): number {
    do this.lastMessageId = (this.lastMessageId % 0xffff) + 1;
    while (this.pending.has(this.lastMessageId));
    return this.lastMessageId;
  }

  private onData(chunk: Buffer): void {
    let pdus: Pdu[];
    try {
      pdus = this.reader.push(chunk);
    } catch (error) {
      if (error instanceof PduError) return this.abort(error.abortReason, `malformed PDU: ${error.message}`);
      throw error;
    }
    for (const pdu of pdus) {
      if (this.state === 'closed') return;
      try {
        this.onPdu(pdu);
      } catch (error) {
        if (error instanceof DimseMessageError) return this.abort(AbortReason.NotSpecified, `undecodable command: ${error.message}`);
        this.log.error({ err: error }, 'association failed while reading a message');
        return this.abort(AbortReason.NotSpecified, 'internal error');
      }
    }
  }

  private onPdu(pdu: Pdu): void {
    if (pdu.type !== 'P-DATA-TF') return this.onControlPdu(pdu);
    if (this.state !== 'established' && this.state !== 'releasing') return this.abort(AbortReason.UnexpectedPdu, 'P-DATA-TF outside an established association');
    for (const pdv of pdu.pdvs) {
      const step: AssemblyStep<C> = this.assembler.push(pdv);
      if (step.kind === 'violation') return this.abort(step.violation.abortReason, step.violation.why);
      if (step.kind === 'message') this.route(step.message);
    }
  }

  private route(message: ReceivedMessage<C>): void {
    const { command } = message;
    if (command.commandField & RESPONSE_BIT) {
      const id = command.messageIdBeingRespondedTo;
      const waiting = id === undefined ? undefined : this.pending.get(id);
      if (!waiting || id === undefined) {
        this.log.info({ commandField: command.commandField, messageIdBeingRespondedTo: id }, 'response to no outstanding request ignored');
        return;
      }
      this.pending.delete(id);
      waiting.resolve({ command, dataset: message.dataset });
      return;
    }
    if (command.commandField === CommandField.C_CANCEL_RQ) {
      if (command.messageIdBeingRespondedTo !== undefined) this.cancelled.add(command.messageIdBeingRespondedTo);
      return;
    }
    if (this.queuedRequests >= MAX_QUEUED_REQUESTS) {
      message.sink?.abort();
      return this.abort(AbortReason.NotSpecified, `more than ${MAX_QUEUED_REQUESTS} requests queued`);
    }
    this.queuedRequests++;
    this.afterRequests(async () => {
      this.queuedRequests--;
      if (this.state === 'closed') return message.sink?.abort();
      await this.dispatch(message);
    });
  }

  private async dispatch(message: ReceivedMessage<C>): Promise<void> {
    const { command } = message;
    const handler = this.handlerFor(command.commandField);
    if (handler) return handler(message);
    message.sink?.abort();
    this.log.info({ commandField: command.commandField }, 'unsupported DIMSE command');
    await this.send(message.context.id, {
      commandField: command.commandField | RESPONSE_BIT,
      messageIdBeingRespondedTo: command.messageId,
      affectedSopClassUid: command.affectedSopClassUid,
      hasDataset: false,
      status: UNRECOGNIZED_OPERATION,
    });
  }

  private onTaskError(error: unknown): void {
    if (error instanceof AssociationClosedError) {
      this.log.info({ why: error.message }, 'association closed while a request was being handled');
      return;
    }
    this.log.error({ err: error }, 'association failed while handling a message');
    this.abort(AbortReason.NotSpecified, 'internal error');
  }

  private serialised(task: () => Promise<void>): Promise<void> {
    const run = this.sendQueue.then(task);
    this.sendQueue = run.catch(() => undefined);
    return run;
  }

  private async writeMessage(contextId: number, command: Command, dataset: DatasetBody | undefined): Promise<void> {
    await this.writeFragments(contextId, true, encodeCommand(command), true);
    if (!dataset) return;
    if (Buffer.isBuffer(dataset)) return this.writeFragments(contextId, false, dataset, true);
    const step = this.fragmentBytes() * Math.max(1, Math.floor(STREAM_READ_BYTES / this.fragmentBytes()));
    for (let offset = 0; offset < dataset.length || offset === 0; offset += step) {
      const length = Math.min(step, dataset.length - offset);
      const piece = await dataset.read(offset, length);
      if (piece.length !== length) throw new Error(`data set stream returned ${piece.length} bytes, not ${length}`);
      await this.writeFragments(contextId, false, piece, offset + length >= dataset.length);
    }
  }

  /**
   * Writes `data` as P-DATA-TF PDUs of one PDV each within the peer's limit: a
   * 12-byte header, then a view of the data (no copy), corked so each PDU leaves
   * in one write. `last` marks the final fragment of the message part.
   */
  private async writeFragments(contextId: number, command: boolean, data: Buffer, last: boolean): Promise<void> {
    this.assertWritable();
    const step = this.fragmentBytes();
    const count = Math.max(1, Math.ceil(data.length / step));
    this.socket.cork();
    try {
      for (let i = 0; i < count; i++) {
        const piece = data.subarray(i * step, Math.min((i + 1) * step, data.length));
        this.socket.write(pdataHeader(contextId, command, last && i === count - 1, piece.length));
        if (!this.socket.write(piece) && i < count - 1) {
          this.socket.uncork();
          await this.drained();
          this.socket.cork();
        }
      }
    } finally {
      this.socket.uncork();
    }
    if (this.socket.writableNeedDrain) await this.drained();
  }

  private fragmentBytes(): number {
    return (this.peerMaxPdu === 0 ? UNLIMITED_PDU_FRAGMENT_BYTES : this.peerMaxPdu) - PDV_HEADER_BYTES;
  }

  private assertWritable(): void {
    if (this.state === 'closed' || this.socket.destroyed || !this.socket.writable) throw new AssociationClosedError();
  }

  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onDrain = () => {
        this.socket.off('close', onClose);
        resolve();
      };
      const onClose = () => {
        this.socket.off('drain', onDrain);
        reject(new AssociationClosedError('the connection closed while data were being sent'));
      };
      this.socket.once('drain', onDrain);
      this.socket.once('close', onClose);
    });
  }

  private failPending(): void {
    const error = new AssociationClosedError();
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  private onSocketClose(): void {
    if (this.assembler.inProgress) this.log.info('peer closed the connection in the middle of a message; nothing of it was kept');
    if (this.state !== 'closed') this.log.info('peer closed the connection without release');
    this.state = 'closed';
    this.assembler.reset();
    this.failPending();
    this.onClosed();
  }
}
