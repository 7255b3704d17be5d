import { constants as bufferConstants } from 'node:buffer';
import { PDU_HEADER_BYTES, PduType, type Pdu } from './Pdu.js';
import { AbortReason, PduError } from './PduError.js';
import { decodePdu } from './decodePdu.js';

export { PduError, AbortReason } from './PduError.js';
export { decodePdu } from './decodePdu.js';

/**
 * A-ASSOCIATE-RQ/AC are not bound by the negotiated maximum (PS3.8 Annex D.1 limits
 * P-DATA-TF only), yet must be bounded: 64 KiB holds DCMTK's largest proposals
 * (getscu: 121 contexts with role selection, 17 KB) several times over.
 */
export const MAX_ASSOCIATE_PDU_BYTES = 64 * 1024;

export interface PduReaderOptions {
  /** The Maximum Length Received we announced (PS3.8 D.1); 0 = no limit. Bounds P-DATA-TF PDUs. */
  maxPduLength: number;
}

interface PduHeader {
  type: number;
  length: number;
}

/**
 * Turns socket chunks into PDUs. Bytes are queued as they arrive and copied at most
 * once, when a PDU that spans chunks completes; a PDU inside one chunk is decoded
 * in place. A header is checked as soon as its 6 bytes are in, so an unknown type
 * or an oversize length is refused before its body is buffered.
 *
 * After a `PduError` the connection must be aborted: the reader stays failed and
 * rethrows the same error on every later `push`.
 */
export class PduReader {
  private readonly maxPduLength: number;
  private chunks: Buffer[] = [];
  /** Index of the first chunk with unread bytes, and how much of it is read. */
  private head = 0;
  private headOffset = 0;
  private buffered = 0;
  private header: PduHeader | undefined;
  private failure: PduError | undefined;

  constructor(options: PduReaderOptions) {
    if (!Number.isInteger(options.maxPduLength) || options.maxPduLength < 0 || options.maxPduLength > 0xffffffff) {
      throw new RangeError(`maxPduLength ${options.maxPduLength} is not a 32-bit unsigned integer`);
    }
    this.maxPduLength = options.maxPduLength;
  }

  /** Bytes received but not yet returned as PDUs (a PDU in progress). */
  get bufferedBytes(): number {
    return this.buffered + (this.header ? PDU_HEADER_BYTES : 0);
  }

  /** Adds one chunk and returns every PDU it completes, in order. Throws only `PduError`. */
  push(chunk: Buffer): Pdu[] {
    if (this.failure) throw this.failure;
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const pdus: Pdu[] = [];
    try {
      for (;;) {
        if (!this.header) {
          if (this.buffered < PDU_HEADER_BYTES) break;
          this.header = this.readHeader();
        }
        if (this.buffered < this.header.length) break;
        const { type, length } = this.header;
        this.header = undefined;
        pdus.push(decodePdu(type, this.take(length)));
      }
    } catch (error) {
      this.fail(error);
    }
    this.releaseConsumed();
    return pdus;
  }

  private readHeader(): PduHeader {
    const bytes = this.take(PDU_HEADER_BYTES);
    const type = bytes[0] as number;
    const length = bytes.readUInt32BE(2);
    this.checkLength(type, length);
    return { type, length };
  }

  private checkLength(type: number, length: number): void {
    const refuse = (limit: string): never => {
      throw new PduError(`PDU type 0x${type.toString(16)} of ${length} bytes exceeds ${limit}`, AbortReason.InvalidPduParameterValue);
    };
    switch (type) {
      case PduType.AssociateRq:
      case PduType.AssociateAc:
        if (length > MAX_ASSOCIATE_PDU_BYTES) refuse(`the ${MAX_ASSOCIATE_PDU_BYTES}-byte limit for A-ASSOCIATE`);
        return;
      case PduType.PDataTf:
        if (this.maxPduLength !== 0 && length > this.maxPduLength) refuse(`our maximum PDU length ${this.maxPduLength}`);
        if (length > bufferConstants.MAX_LENGTH) refuse('the largest Buffer');
        return;
      case PduType.AssociateRj:
      case PduType.ReleaseRq:
      case PduType.ReleaseRp:
      case PduType.Abort:
        if (length !== 4) throw new PduError(`PDU type 0x${type.toString(16)} has length ${length}, not 4`, AbortReason.InvalidPduParameterValue);
        return;
      default:
        throw new PduError(`unrecognized PDU type 0x${type.toString(16)}`, AbortReason.UnrecognizedPdu);
    }
  }

  /** Removes `length` buffered bytes: a view if they sit in one chunk, else one copy. */
  private take(length: number): Buffer {
    if (length === 0) return Buffer.alloc(0);
    const first = this.chunks[this.head] as Buffer;
    this.buffered -= length;
    if (first.length - this.headOffset >= length) {
      const view = first.subarray(this.headOffset, this.headOffset + length);
      this.advance(first, length);
      return view;
    }
    const out = Buffer.allocUnsafe(length);
    let written = 0;
    while (written < length) {
      const chunk = this.chunks[this.head] as Buffer;
      const n = Math.min(chunk.length - this.headOffset, length - written);
      chunk.copy(out, written, this.headOffset, this.headOffset + n);
      written += n;
      this.advance(chunk, n);
    }
    return out;
  }

  private advance(chunk: Buffer, n: number): void {
    this.headOffset += n;
    if (this.headOffset === chunk.length) {
      this.head++;
      this.headOffset = 0;
    }
  }

  /** Drops references to fully read chunks so they can be collected. */
  private releaseConsumed(): void {
    if (this.head === 0) return;
    this.chunks = this.head === this.chunks.length ? [] : this.chunks.slice(this.head);
    this.head = 0;
  }

  private fail(error: unknown): never {
    this.failure = error instanceof PduError
      ? error
      : new PduError('internal error in the PDU reader', AbortReason.NotSpecified, { cause: error });
    this.chunks = [];
    this.head = 0;
    this.headOffset = 0;
    this.buffered = 0;
    throw this.failure;
  }
}
