import { assertNever } from '@consilium/shared';
import { PDU_HEADER_BYTES, PDV_HEADER_BYTES, PduType, type Pdu, type Pdv } from './Pdu.js';
import { encodeAssociate } from './encodeAssociate.js';

/**
 * Fragment size when the peer announced no limit (Maximum Length 0, PS3.8 D.1):
 * big enough that per-PDU overhead vanishes, small enough to interleave messages.
 */
export const UNLIMITED_PDU_FRAGMENT_BYTES = 1024 * 1024;

/** P-DATA-TF header plus one PDV item header, the prefix of every fragment. */
export const PDATA_HEADER_BYTES = PDU_HEADER_BYTES + PDV_HEADER_BYTES;

const MAX_UINT32 = 0xffffffff;

/**
 * Encodes one PDU (PS3.8 9.3) into a single buffer. Values the wire cannot carry
 * (an AE title over 16 characters, a context ID over 255, non-ASCII UIDs) are bugs
 * in the caller and throw RangeError.
 */
export function encodePdu(pdu: Pdu): Buffer {
  switch (pdu.type) {
    case 'A-ASSOCIATE-RQ':
    case 'A-ASSOCIATE-AC':
      return encodeAssociate(pdu);
    case 'A-ASSOCIATE-RJ':
      return fixedPdu(PduType.AssociateRj, 0, pdu.result, pdu.source, pdu.reason);
    case 'P-DATA-TF':
      return encodePdvs(pdu.pdvs);
    case 'A-RELEASE-RQ':
      return fixedPdu(PduType.ReleaseRq, 0, 0, 0, 0);
    case 'A-RELEASE-RP':
      return fixedPdu(PduType.ReleaseRp, 0, 0, 0, 0);
    case 'A-ABORT':
      return fixedPdu(PduType.Abort, 0, 0, pdu.source, pdu.reason);
    default:
      return assertNever(pdu);
  }
}

/**
 * Splits one DIMSE message part (a command set or a data set) into P-DATA-TF PDUs,
 * one PDV each, whose PDU length field is at most `maxPduLength` (the peer's
 * Maximum Length Received, PS3.8 D.1: it bounds the PDU body, so a fragment carries
 * `maxPduLength - 6` bytes of data). The last fragment has the last-fragment bit
 * set. `maxPduLength` 0 means no limit and yields 1 MiB PDUs. Data are copied once,
 * into each fragment; to send a large buffer without copying, write `pdataHeader`
 * and then the slice.
 */
export function encodePDataTf(contextId: number, command: boolean, data: Buffer, maxPduLength: number): Buffer[] {
  const limit = maxPduLength === 0 ? UNLIMITED_PDU_FRAGMENT_BYTES : maxPduLength;
  if (!Number.isInteger(limit) || limit <= PDV_HEADER_BYTES || limit > MAX_UINT32) {
    throw new RangeError(`maxPduLength ${maxPduLength} leaves no room for PDV data`);
  }
  const fragmentBytes = limit - PDV_HEADER_BYTES;
  const count = Math.max(1, Math.ceil(data.length / fragmentBytes));
  const pdus: Buffer[] = new Array<Buffer>(count);
  for (let i = 0; i < count; i++) {
    const start = i * fragmentBytes;
    const end = Math.min(start + fragmentBytes, data.length);
    const pdu = Buffer.allocUnsafe(PDATA_HEADER_BYTES + end - start);
    writePdataHeader(pdu, contextId, command, i === count - 1, end - start);
    data.copy(pdu, PDATA_HEADER_BYTES, start, end);
    pdus[i] = pdu;
  }
  return pdus;
}

/**
 * The 12 bytes that precede `dataLength` bytes of PDV data in a P-DATA-TF PDU with
 * a single PDV: PDU header (type 0x04, length) and PDV item header (length, context
 * ID, message control header). Lets a caller stream a stored file: write this, then
 * the file's bytes, with no copy.
 */
export function pdataHeader(contextId: number, command: boolean, last: boolean, dataLength: number): Buffer {
  const header = Buffer.allocUnsafe(PDATA_HEADER_BYTES);
  writePdataHeader(header, contextId, command, last, dataLength);
  return header;
}

function writePdataHeader(target: Buffer, contextId: number, command: boolean, last: boolean, dataLength: number): void {
  checkContextId(contextId);
  if (!Number.isInteger(dataLength) || dataLength < 0 || dataLength + PDV_HEADER_BYTES > MAX_UINT32) {
    throw new RangeError(`PDV data length ${dataLength} does not fit a P-DATA-TF PDU`);
  }
  target[0] = PduType.PDataTf;
  target[1] = 0;
  target.writeUInt32BE(dataLength + PDV_HEADER_BYTES, 2);
  target.writeUInt32BE(dataLength + 2, 6);
  target[10] = contextId;
  target[11] = messageControlHeader(command, last);
}

/** Message Control Header (PS3.8 E.2): bit 0 command, bit 1 last fragment. */
function messageControlHeader(command: boolean, last: boolean): number {
  return (command ? 0x01 : 0) | (last ? 0x02 : 0);
}

function encodePdvs(pdvs: Pdv[]): Buffer {
  let bodyLength = 0;
  for (const pdv of pdvs) bodyLength += PDV_HEADER_BYTES + pdv.data.length;
  if (bodyLength > MAX_UINT32) throw new RangeError(`P-DATA-TF body of ${bodyLength} bytes exceeds the 32-bit length field`);
  const out = Buffer.allocUnsafe(PDU_HEADER_BYTES + bodyLength);
  out[0] = PduType.PDataTf;
  out[1] = 0;
  out.writeUInt32BE(bodyLength, 2);
  let pos = PDU_HEADER_BYTES;
  for (const pdv of pdvs) {
    checkContextId(pdv.contextId);
    pos = out.writeUInt32BE(pdv.data.length + 2, pos);
    out[pos++] = pdv.contextId;
    out[pos++] = messageControlHeader(pdv.command, pdv.last);
    pos += pdv.data.copy(out, pos);
  }
  return out;
}

/** A-ASSOCIATE-RJ, A-RELEASE-RQ/RP, A-ABORT: a header and four one-byte fields. */
function fixedPdu(type: number, b0: number, b1: number, b2: number, b3: number): Buffer {
  for (const value of [b1, b2, b3]) {
    if (!Number.isInteger(value) || value < 0 || value > 0xff) throw new RangeError(`PDU field ${value} is outside 0..255`);
  }
  return Buffer.from([type, 0, 0, 0, 0, 4, b0, b1, b2, b3]);
}

function checkContextId(contextId: number): void {
  if (!Number.isInteger(contextId) || contextId < 0 || contextId > 0xff) {
    throw new RangeError(`presentation context ID ${contextId} is outside 0..255`);
  }
}
