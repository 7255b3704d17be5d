import { type Command, decodeCommand } from './message/commandSet.js';
import type { Pdv } from './pdu/Pdu.js';
import { AbortReason } from './pdu/PduError.js';

/** What reassembly needs of a presentation context: its ID and what was agreed for it. */
export interface NegotiatedContext {
  id: number;
  abstractSyntax: string;
  transferSyntax: string;
}

/** One complete DIMSE message: a command and, when it announces one, its data set. */
export interface ReceivedMessage<C extends NegotiatedContext = NegotiatedContext> {
  context: C;
  command: Command;
  /** The data set in memory; undefined when there is none or it went to `sink`. */
  dataset: Buffer | undefined;
  /** Where the data set's fragments were written as they arrived, when a sink took them. */
  sink?: DatasetSink | undefined;
}

/**
 * Takes a data set's fragments as they arrive instead of their being joined in
 * memory (a C-STORE data set streamed to disk). `write` and `end` are called
 * synchronously from the read path and must not throw; `abort` when the message
 * will never complete (the peer dropped, the association was aborted).
 */
export interface DatasetSink {
  write(fragment: Buffer): void;
  end(): void;
  abort(): void;
}

/** The sink for a command's data set, or undefined to receive it in memory. */
export type DatasetSinkFactory<C extends NegotiatedContext> = (context: C, command: Command) => DatasetSink | undefined;

/** A peer's violation of PS3.8 9.3.5 / PS3.7 6.3.1 framing, answered with an A-ABORT carrying `abortReason`. */
export interface FramingViolation {
  abortReason: number;
  why: string;
}

export type AssemblyStep<C extends NegotiatedContext> =
  | { kind: 'incomplete' }
  | { kind: 'message'; message: ReceivedMessage<C> }
  | { kind: 'violation'; violation: FramingViolation };

interface PartialMessage<C> {
  context: C;
  commandParts: Buffer[];
  command: Command | undefined;
  datasetParts: Buffer[];
  sink: DatasetSink | undefined;
}

const INCOMPLETE = { kind: 'incomplete' } as const;

/**
 * Joins PDV fragments into DIMSE messages (PS3.8 9.3.5.1, Annex E): the command
 * fragments up to the one marked last, then, when CommandDataSetType announces
 * one, the data set fragments up to the last. The fragments of one message must
 * not interleave with another's (PS3.7 9.3.1, no asynchronous operations are
 * negotiated). Both ends of an association use it, so requests and responses are
 * reassembled the same way. Throws only DimseMessageError (an undecodable command).
 */
export class MessageAssembler<C extends NegotiatedContext> {
  private partial: PartialMessage<C> | undefined;

  constructor(
    private readonly contextOf: (id: number) => C | undefined,
    /** Asked once per command that announces a data set. */
    private readonly sinkFor: DatasetSinkFactory<C> = () => undefined,
  ) {}

  /** A message has begun and not yet ended (a peer that closes now loses it). */
  get inProgress(): boolean {
    return this.partial !== undefined;
  }

  push(pdv: Pdv): AssemblyStep<C> {
    const context = this.contextOf(pdv.contextId);
    if (!context) return violation(AbortReason.InvalidPduParameterValue, `PDV on presentation context ${pdv.contextId}, which was not accepted`);
    const message = (this.partial ??= { context, commandParts: [], command: undefined, datasetParts: [], sink: undefined });
    if (message.context.id !== pdv.contextId) return violation(AbortReason.UnexpectedPdu, 'PDVs of two messages interleaved');
    if (pdv.command) {
      if (message.command) return violation(AbortReason.UnexpectedPdu, 'command fragment after the command was complete');
      message.commandParts.push(pdv.data);
      if (!pdv.last) return INCOMPLETE;
      message.command = decodeCommand(join(message.commandParts));
      if (message.command.hasDataset) {
        message.sink = this.sinkFor(context, message.command);
        return INCOMPLETE;
      }
    } else {
      if (!message.command) return violation(AbortReason.UnexpectedPdu, 'data set fragment before its command');
      if (message.sink) message.sink.write(pdv.data);
      else message.datasetParts.push(pdv.data);
      if (!pdv.last) return INCOMPLETE;
    }
    this.partial = undefined;
    message.sink?.end();
    const dataset = message.datasetParts.length > 0 ? join(message.datasetParts) : undefined;
    return { kind: 'message', message: { context, command: message.command, dataset, ...(message.sink ? { sink: message.sink } : {}) } };
  }

  /** Drops a message in progress; a sink that was taking its data set is aborted. */
  reset(): void {
    const sink = this.partial?.sink;
    this.partial = undefined;
    sink?.abort();
  }
}

function violation(abortReason: number, why: string): { kind: 'violation'; violation: FramingViolation } {
  return { kind: 'violation', violation: { abortReason, why } };
}

/** One fragment is passed on as it is (a view into the PDU), several are copied once. */
function join(parts: Buffer[]): Buffer {
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
}
