import { describe, expect, it } from 'vitest';
import type { Pdu } from './Pdu.js';
import { AbortReason, MAX_ASSOCIATE_PDU_BYTES, PduError, PduReader, decodePdu } from './PduReader.js';
import { encodePDataTf, encodePdu } from './encodePdu.js';
import { sampleAssociateRq, samplePdus } from './samplePdus.js';
import { seededRandom } from '../../testing/seededRandom.js';


const pdus = samplePdus();
const stream = Buffer.concat(pdus.map(encodePdu));

function readAll(reader: PduReader, chunks: Buffer[]): Pdu[] {
  return chunks.flatMap((chunk) => reader.push(chunk));
}

function expectPduError(action: () => unknown, abortReason: number, message?: RegExp): void {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(PduError);
  expect((caught as PduError).abortReason).toBe(abortReason);
  if (message) expect((caught as PduError).message).toMatch(message);
}

describe('PduReader chunking', () => {
  it('decodes several PDUs delivered in one chunk', () => {
    const reader = new PduReader({ maxPduLength: 16384 });
    expect(reader.push(stream)).toEqual(pdus);
    expect(reader.bufferedBytes).toBe(0);
  });

  it('decodes PDUs delivered byte by byte', () => {
    const reader = new PduReader({ maxPduLength: 16384 });
    const chunks = Array.from({ length: stream.length }, (_, i) => stream.subarray(i, i + 1));
    expect(readAll(reader, chunks)).toEqual(pdus);
    expect(reader.bufferedBytes).toBe(0);
  });

  it.each([1, 2, 3, 4, 5])('decodes PDUs split at random points (seed %i)', (seed) => {
    const random = seededRandom(seed);
    const chunks: Buffer[] = [];
    for (let pos = 0; pos < stream.length; ) {
      const length = random() < 0.2 ? 0 : Math.ceil(random() * random() * 4000);
      chunks.push(stream.subarray(pos, pos + length));
      pos += length;
    }
    expect(readAll(new PduReader({ maxPduLength: 16384 }), chunks)).toEqual(pdus);
  });

  it('holds a partial PDU until its last byte arrives', () => {
    const reader = new PduReader({ maxPduLength: 16384 });
    const release = encodePdu({ type: 'A-RELEASE-RQ' });
    expect(reader.push(release.subarray(0, 9))).toEqual([]);
    expect(reader.bufferedBytes).toBe(9);
    expect(reader.push(Buffer.concat([release.subarray(9), release.subarray(0, 3)]))).toEqual([{ type: 'A-RELEASE-RQ' }]);
    expect(reader.bufferedBytes).toBe(3);
  });

  it('returns PDV data as views of the socket chunk when a PDU sits inside one chunk', () => {
    const chunk = Buffer.concat(encodePDataTf(1, false, Buffer.alloc(4000, 9), 16384));
    const [pdu] = new PduReader({ maxPduLength: 16384 }).push(chunk);
    if (pdu?.type !== 'P-DATA-TF') throw new Error('expected P-DATA-TF');
    expect(pdu.pdvs[0]?.data.buffer).toBe(chunk.buffer);
  });

  it('reassembles a 100 KB message fragmented at 16 KB and delivered in 1 KB chunks', () => {
    const message = Buffer.from(Array.from({ length: 100 * 1024 }, (_, i) => (i * 13) & 0xff));
    const wire = Buffer.concat(encodePDataTf(3, false, message, 16384));
    const chunks = Array.from({ length: Math.ceil(wire.length / 1024) }, (_, i) => wire.subarray(i * 1024, (i + 1) * 1024));
    const received = readAll(new PduReader({ maxPduLength: 16384 }), chunks);
    const data = received.flatMap((pdu) => (pdu.type === 'P-DATA-TF' ? pdu.pdvs.map((pdv) => pdv.data) : []));
    expect(Buffer.concat(data).equals(message)).toBe(true);
  });
});

describe('PduReader limits', () => {
  it('accepts a P-DATA-TF of exactly the maximum and refuses one byte more on its header alone', () => {
    const [exact] = encodePDataTf(1, false, Buffer.alloc(16384 - 6), 16384);
    expect(new PduReader({ maxPduLength: 16384 }).push(exact as Buffer)).toHaveLength(1);
    const header = Buffer.from('040000004001', 'hex');
    expectPduError(() => new PduReader({ maxPduLength: 16384 }).push(header), AbortReason.InvalidPduParameterValue, /16385 bytes exceeds our maximum PDU length 16384/);
  });

  it('accepts any P-DATA-TF size when our maximum is 0 (no limit)', () => {
    const wire = Buffer.concat(encodePDataTf(1, false, Buffer.alloc(3 * 1024 * 1024), 4 * 1024 * 1024));
    expect(new PduReader({ maxPduLength: 0 }).push(wire)).toHaveLength(1);
  });

  it('does not apply the maximum to A-ASSOCIATE-RQ, but caps it at 64 KiB', () => {
    const rq = sampleAssociateRq();
    const many = { ...rq, presentationContexts: [...rq.presentationContexts, ...rq.presentationContexts] };
    const wire = encodePdu(many);
    expect(wire.length).toBeGreaterThan(16384);
    expect(new PduReader({ maxPduLength: 16384 }).push(wire)).toEqual([many]);
    const oversize = Buffer.from([0x01, 0, 0, 0, 0, 0]);
    oversize.writeUInt32BE(MAX_ASSOCIATE_PDU_BYTES + 1, 2);
    expectPduError(() => new PduReader({ maxPduLength: 0 }).push(oversize), AbortReason.InvalidPduParameterValue, /A-ASSOCIATE/);
  });

  it('refuses an unknown PDU type and a fixed-length PDU of the wrong length on the header', () => {
    expectPduError(() => new PduReader({ maxPduLength: 0 }).push(Buffer.from('080000000004', 'hex')), AbortReason.UnrecognizedPdu);
    expectPduError(() => new PduReader({ maxPduLength: 0 }).push(Buffer.from('07000fffffff', 'hex')), AbortReason.InvalidPduParameterValue);
  });

  it('stays failed after an error, returning nothing more', () => {
    const reader = new PduReader({ maxPduLength: 0 });
    expectPduError(() => reader.push(Buffer.from('090000000004', 'hex')), AbortReason.UnrecognizedPdu);
    expectPduError(() => reader.push(encodePdu({ type: 'A-RELEASE-RQ' })), AbortReason.UnrecognizedPdu);
  });

  it('rejects a nonsensical maximum as a programming error', () => {
    expect(() => new PduReader({ maxPduLength: -1 })).toThrow(RangeError);
  });
});

describe('decodePdu validation', () => {
  const rqBody = encodePdu(sampleAssociateRq()).subarray(6);
  /** The A-ASSOCIATE fixed part followed by the given items. */
  const associate = (...items: string[]) => Buffer.concat([rqBody.subarray(0, 68), ...items.map((hex) => Buffer.from(hex, 'hex'))]);
  const appContext = '10000015' + Buffer.from('1.2.840.10008.3.1.1.1').toString('hex');

  it.each([
    ['P-DATA-TF with no PDV', 0x04, '', AbortReason.InvalidPduParameterValue],
    ['PDV item shorter than its header', 0x04, '000000010100', AbortReason.InvalidPduParameterValue],
    ['PDV item longer than the PDU', 0x04, '000000090103aabb', AbortReason.InvalidPduParameterValue],
    ['trailing bytes after the last PDV', 0x04, '000000020103ffff', AbortReason.InvalidPduParameterValue],
    ['A-ASSOCIATE-RJ result 3', 0x03, '00030101', AbortReason.InvalidPduParameterValue],
    ['A-ASSOCIATE-RJ source 4', 0x03, '00010401', AbortReason.InvalidPduParameterValue],
    ['A-ABORT source 1 (reserved)', 0x07, '00000100', AbortReason.InvalidPduParameterValue],
    ['A-RELEASE-RQ of 5 bytes', 0x05, '0000000000', AbortReason.InvalidPduParameterValue],
    ['unknown PDU type', 0x42, '00000000', AbortReason.UnrecognizedPdu],
  ])('refuses %s', (_name, type, hex, reason) => {
    expectPduError(() => decodePdu(type, Buffer.from(hex, 'hex')), reason);
  });

  it.each([
    ['a body shorter than the fixed fields', rqBody.subarray(0, 67), AbortReason.InvalidPduParameterValue],
    ['an item running past the PDU', associate('1000ffff31'), AbortReason.InvalidPduParameterValue],
    ['a truncated item header', associate(appContext, '1000'), AbortReason.InvalidPduParameterValue],
    ['two application context items', associate(appContext, appContext), AbortReason.UnexpectedPduParameter],
    ['an A-ASSOCIATE-AC presentation context item', associate('2100000401000000'), AbortReason.UnexpectedPduParameter],
    ['a sub-item at item level', associate('40000003312e32'), AbortReason.UnexpectedPduParameter],
    ['two abstract syntaxes in a context', associate('2000000e0100000030000001313000000132'), AbortReason.UnexpectedPduParameter],
    ['a maximum length sub-item of 2 bytes', associate('50000006510000024000'), AbortReason.InvalidPduParameterValue],
    ['two maximum length sub-items', associate('5000001051000004000040005100000400004000'), AbortReason.UnexpectedPduParameter],
    ['a user identity response in a request', associate('50000006590000020000'), AbortReason.UnexpectedPduParameter],
    ['a role selection whose UID length lies', associate('5000000a540000060009312e0101'), AbortReason.InvalidPduParameterValue],
    ['a user identity with bytes after its secondary field', associate('5000000c5800000801000001610000ff'), AbortReason.InvalidPduParameterValue],
  ])('refuses an A-ASSOCIATE-RQ with %s', (_name, body, reason) => {
    expectPduError(() => decodePdu(0x01, body), reason);
  });

  it('refuses an A-ASSOCIATE-AC context result outside 0–4 and a request identity in an AC', () => {
    expectPduError(() => decodePdu(0x02, associate('2100000401000500')), AbortReason.InvalidPduParameterValue);
    expectPduError(() => decodePdu(0x02, associate('5000000b5800000701000001610000')), AbortReason.UnexpectedPduParameter);
  });

  it('skips items of unknown types and SOP Class Common Extended Negotiation (PS3.8 9.3.1)', () => {
    const plain = decodePdu(0x01, associate(appContext, '500000085100000400004000'));
    const withExtras = decodePdu(0x01, associate('770000020102', appContext, '500000115100000400004000570000051122334455'));
    expect(withExtras).toEqual(plain);
    expect(plain).toMatchObject({ applicationContext: '1.2.840.10008.3.1.1.1', userInformation: { maxPduLength: 16384 } });
  });

  it('decodes missing mandatory items as empty values for the association layer to judge', () => {
    expect(decodePdu(0x01, associate())).toMatchObject({
      applicationContext: '',
      presentationContexts: [],
      userInformation: { maxPduLength: 0, implementationClassUid: '', roleSelections: [], extendedNegotiation: [] },
    });
    expect(decodePdu(0x02, associate('2100000401000300'))).toMatchObject({ presentationContexts: [{ id: 1, result: 3, transferSyntax: '' }] });
  });

  it('trims AE title and UID padding, including the NUL some peers add to UIDs', () => {
    const body = Buffer.from(associate('10000016' + Buffer.from('1.2.840.10008.3.1.1.1\0').toString('hex')));
    body.write('  ANY_SCP        ', 4, 'latin1');
    expect(decodePdu(0x01, body)).toMatchObject({ calledAeTitle: 'ANY_SCP', applicationContext: '1.2.840.10008.3.1.1.1' });
  });
});

describe('PduReader with streamPData', () => {
  const data = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 251));
  const [pdataTf] = encodePDataTf(3, false, data, 256 * 1024);

  it('passes a P-DATA-TF that has not fully arrived on in pieces, as views of the chunks it came in', () => {
    const reader = new PduReader({ maxPduLength: 256 * 1024, streamPData: true });
    const chunks = [pdataTf!.subarray(0, 65_536), pdataTf!.subarray(65_536, 131_072), pdataTf!.subarray(131_072)].map((c) => Buffer.from(c));
    const pieces = chunks.map((chunk) => reader.push(chunk));
    expect(pieces.map((p) => p.length)).toEqual([1, 1, 1]);
    const pdvs = pieces.flat().flatMap((pdu) => (pdu.type === 'P-DATA-TF' ? pdu.pdvs : []));
    expect(pdvs.map((pdv) => [pdv.contextId, pdv.command, pdv.last])).toEqual([
      [3, false, false],
      [3, false, false],
      [3, false, true],
    ]);
    pdvs.forEach((pdv, i) => expect(pdv.data.buffer).toBe(chunks[i]!.buffer));
    expect(Buffer.concat(pdvs.map((pdv) => pdv.data)).equals(data)).toBe(true);
    expect(reader.bufferedBytes).toBe(0);
  });

  it('decodes a P-DATA-TF that arrived whole as one PDU, like the plain reader', () => {
    const reader = new PduReader({ maxPduLength: 256 * 1024, streamPData: true });
    expect(reader.push(Buffer.concat([pdataTf!, stream]))).toEqual(new PduReader({ maxPduLength: 256 * 1024 }).push(Buffer.concat([pdataTf!, stream])));
  });

  it('refuses a PDV item longer than what is left of its PDU, as the plain reader does', () => {
    const bad = Buffer.from(pdataTf!);
    bad.writeUInt32BE(bad.readUInt32BE(6) + 1, 6); // the one PDV item claims a byte past the PDU
    const reader = new PduReader({ maxPduLength: 256 * 1024, streamPData: true });
    expectPduError(() => reader.push(bad.subarray(0, 1000)), AbortReason.InvalidPduParameterValue, /PDV item/);
    expectPduError(() => new PduReader({ maxPduLength: 256 * 1024 }).push(bad), AbortReason.InvalidPduParameterValue, /PDV item/);
  });
});
