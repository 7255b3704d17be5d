import { constants as bufferConstants } from 'node:buffer';
import { PDU_HEADER_BYTES, PDV_HEADER_BYTES, PduType, type Pdu, type Pdv } from './Pdu.js';
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
  /**
   * Pass on a P-DATA-TF that has not fully arrived in pieces, as its bytes come:
   * each piece is a P-DATA-TF of one PDV fragment, a view into the socket's
   * chunk, `last` only on the final piece of a PDV whose last bit is set. The
   * PDV data of the whole PDU are the pieces joined, so DIMSE reassembly reads
   * the same message. A PDU already whole in the buffer is decoded as one.
   */
  streamPData?: boolean;
}

/** A P-DATA-TF passed on piece by piece: bytes of its body still to come, and the PDV item being read. */
interface StreamedPData {
  remaining: number;
  sawItem: boolean;
  item: { contextId: number; command: boolean; last: boolean; remaining: number } | undefined;
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
 * With `streamPData` a large P-DATA-TF is not assembled at all: its PDV data
 * go on as they arrive (no copy of a 256 KB PDU per C-STORE fragment, and a
 * data set is on its way to disk while the PDU is still coming).
 *
 * After a `PduError` the connection must be aborted: the reader stays failed and
 * rethrows the same error on every later `push`.
 */
export class PduReader {
  private readonly maxPduLength: number;
  private readonly streamPData: boolean;
  private pdata: StreamedPData | undefined;
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
    this.streamPData = options.streamPData ?? false;
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
        if (this.pdata) {
          if (!this.continuePData(this.pdata, pdus)) break;
          continue;
        }
        if (!this.header) {
          if (this.buffered < PDU_HEADER_BYTES) break;
          this.header = this.readHeader();
        }
        const { type, length } = this.header;
        if (this.buffered < length) {
          if (!this.streamPData || type !== PduType.PDataTf) break;
          this.header = undefined;
          this.pdata = { remaining: length, sawItem: false, item: undefined };
          continue;
        }
        this.header = undefined;
        pdus.push(decodePdu(type, this.take(length)));
      }
    } catch (error) {
      this.fail(error);
    }
    this.releaseConsumed();
    return pdus;
  }

  /**
   * Reads what has arrived of a streamed P-DATA-TF: a PDV item header, or a
   * piece of the current item's data (a view, at most the rest of one chunk).
   * False when more bytes are needed. The checks are decodePdvs' (PS3.8 9.3.5.1).
   */
  private continuePData(pdata: StreamedPData, pdus: Pdu[]): boolean {
    const item = pdata.item;
    if (!item) {
      if (pdata.remaining === 0) {
        if (!pdata.sawItem) throw new PduError('P-DATA-TF carries no PDV item', AbortReason.InvalidPduParameterValue);
        this.pdata = undefined;
        return true;
      }
      if (pdata.remaining < PDV_HEADER_BYTES) {
        throw new PduError(`P-DATA-TF has ${pdata.remaining} trailing bytes, too few for a PDV item`, AbortReason.InvalidPduParameterValue);
      }
      if (this.buffered < PDV_HEADER_BYTES) return false;
      const header = this.take(PDV_HEADER_BYTES);
      const itemLength = header.readUInt32BE(0);
      if (itemLength < 2 || itemLength > pdata.remaining - 4) {
        throw new PduError(`PDV item has length ${itemLength}, outside 2..${pdata.remaining - 4}`, AbortReason.InvalidPduParameterValue);
      }
      const control = header[5] as number;
      pdata.remaining -= PDV_HEADER_BYTES;
      pdata.sawItem = true;
      pdata.item = { contextId: header[4] as number, command: (control & 0x01) !== 0, last: (control & 0x02) !== 0, remaining: itemLength - 2 };
      if (itemLength === 2) this.emitPiece(pdata, Buffer.alloc(0), pdus);
      return true;
    }
    const inHeadChunk = this.buffered === 0 ? 0 : (this.chunks[this.head] as Buffer).length - this.headOffset;
    const n = Math.min(inHeadChunk, item.remaining);
    if (n === 0) return false;
    this.emitPiece(pdata, this.take(n), pdus);
    return true;
  }

  private emitPiece(pdata: StreamedPData, data: Buffer, pdus: Pdu[]): void {
    const item = pdata.item as NonNullable<StreamedPData['item']>;
    item.remaining -= data.length;
    pdata.remaining -= data.length;
    const ended = item.remaining === 0;
    const pdv: Pdv = { contextId: item.contextId, command: item.command, last: ended && item.last, data };
    pdus.push({ type: 'P-DATA-TF', pdvs: [pdv] });
    if (ended) pdata.item = undefined;
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
    this.pdata = undefined;
    throw this.failure;
  }
}
