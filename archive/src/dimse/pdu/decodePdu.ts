import { PDV_HEADER_BYTES, PduType, type Pdu, type Pdv } from './Pdu.js';
import { AbortReason, PduError } from './PduError.js';
import { decodeAssociate } from './decodeAssociate.js';

/** Body length of A-ASSOCIATE-RJ, A-RELEASE-RQ/RP and A-ABORT (PS3.8 9.3.4–9.3.8). */
const FIXED_BODY_BYTES = 4;

/**
 * Decodes one PDU body (the bytes after the 6-byte PDU header). P-DATA-TF PDV data
 * are views into `body`, not copies: the hot path of C-STORE never copies a
 * fragment twice. Malformed input throws `PduError` with the A-ABORT reason to
 * send (PS3.8 Table 9-26), and nothing else, whatever the input.
 */
export function decodePdu(type: number, body: Buffer): Pdu {
  try {
    return decodeBody(type, body);
  } catch (error) {
    if (error instanceof PduError) throw error;
    throw new PduError(`internal error decoding PDU type 0x${type.toString(16)}`, AbortReason.NotSpecified, { cause: error });
  }
}

function decodeBody(type: number, body: Buffer): Pdu {
  switch (type) {
    case PduType.AssociateRq:
      return decodeAssociate('A-ASSOCIATE-RQ', body);
    case PduType.AssociateAc:
      return decodeAssociate('A-ASSOCIATE-AC', body);
    case PduType.AssociateRj:
      return decodeAssociateRj(fixedBody('A-ASSOCIATE-RJ', body));
    case PduType.PDataTf:
      return { type: 'P-DATA-TF', pdvs: decodePdvs(body) };
    case PduType.ReleaseRq:
      fixedBody('A-RELEASE-RQ', body);
      return { type: 'A-RELEASE-RQ' };
    case PduType.ReleaseRp:
      fixedBody('A-RELEASE-RP', body);
      return { type: 'A-RELEASE-RP' };
    case PduType.Abort:
      return decodeAbort(fixedBody('A-ABORT', body));
    default:
      throw new PduError(`unrecognized PDU type 0x${type.toString(16)}`, AbortReason.UnrecognizedPdu);
  }
}

/** PDV items (PS3.8 9.3.5.1): item length (4), context ID (1), message control header (1), data. */
function decodePdvs(body: Buffer): Pdv[] {
  const pdvs: Pdv[] = [];
  let pos = 0;
  while (pos < body.length) {
    if (body.length - pos < PDV_HEADER_BYTES) {
      throw new PduError(`P-DATA-TF has ${body.length - pos} trailing bytes, too few for a PDV item`, AbortReason.InvalidPduParameterValue);
    }
    const itemLength = body.readUInt32BE(pos);
    if (itemLength < 2 || itemLength > body.length - pos - 4) {
      throw new PduError(`PDV item at offset ${pos} has length ${itemLength}, outside 2..${body.length - pos - 4}`, AbortReason.InvalidPduParameterValue);
    }
    const control = body[pos + 5] as number;
    pdvs.push({
      contextId: body[pos + 4] as number,
      command: (control & 0x01) !== 0,
      last: (control & 0x02) !== 0,
      data: body.subarray(pos + PDV_HEADER_BYTES, pos + 4 + itemLength),
    });
    pos += 4 + itemLength;
  }
  if (pdvs.length === 0) {
    throw new PduError('P-DATA-TF carries no PDV item', AbortReason.InvalidPduParameterValue);
  }
  return pdvs;
}

/** A-ASSOCIATE-RJ (PS3.8 9.3.4): reserved, result, source, reason/diagnostic. */
function decodeAssociateRj(body: Buffer): Pdu {
  const result = body[1] as number;
  const source = body[2] as number;
  if (result !== 1 && result !== 2) {
    throw new PduError(`A-ASSOCIATE-RJ result ${result} is neither 1 nor 2`, AbortReason.InvalidPduParameterValue);
  }
  if (source !== 1 && source !== 2 && source !== 3) {
    throw new PduError(`A-ASSOCIATE-RJ source ${source} is not 1–3`, AbortReason.InvalidPduParameterValue);
  }
  return { type: 'A-ASSOCIATE-RJ', result, source, reason: body[3] as number };
}

/** A-ABORT (PS3.8 9.3.8): two reserved bytes, source (0 user, 2 provider; 1 is reserved), reason. */
function decodeAbort(body: Buffer): Pdu {
  const source = body[2] as number;
  if (source !== 0 && source !== 2) {
    throw new PduError(`A-ABORT source ${source} is neither 0 nor 2`, AbortReason.InvalidPduParameterValue);
  }
  return { type: 'A-ABORT', source, reason: body[3] as number };
}

function fixedBody(name: string, body: Buffer): Buffer {
  if (body.length !== FIXED_BODY_BYTES) {
    throw new PduError(`${name} has length ${body.length}, not ${FIXED_BODY_BYTES}`, AbortReason.InvalidPduParameterValue);
  }
  return body;
}
