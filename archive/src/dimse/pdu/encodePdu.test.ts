import { describe, expect, it } from 'vitest';
import { DICOM_APPLICATION_CONTEXT, type Pdu } from './Pdu.js';
import { PduReader } from './PduReader.js';
import { decodePdu } from './decodePdu.js';
import { UNLIMITED_PDU_FRAGMENT_BYTES, encodePDataTf, encodePdu, pdataHeader } from './encodePdu.js';
import { sampleAssociateAc, sampleAssociateRq, samplePdus } from './samplePdus.js';

function roundTrip(pdu: Pdu): Pdu {
  const wire = encodePdu(pdu);
  expect(wire.readUInt32BE(2)).toBe(wire.length - 6);
  return decodePdu(wire[0] as number, wire.subarray(6));
}

describe('encodePdu / decodePdu round trip', () => {
  it.each(samplePdus().map((pdu) => [pdu.type, pdu] as const))('%s', (_type, pdu) => {
    expect(roundTrip(pdu)).toEqual(pdu);
  });

  it('keeps a storescu-sized proposal intact: 127 contexts, roles, async window, identity', () => {
    const rq = sampleAssociateRq();
    const decoded = roundTrip(rq);
    if (decoded.type !== 'A-ASSOCIATE-RQ') throw new Error(`decoded ${decoded.type}`);
    expect(decoded.presentationContexts).toHaveLength(127);
    expect(decoded.presentationContexts.at(-1)).toEqual(rq.presentationContexts.at(-1));
    expect(decoded.userInformation.userIdentity?.secondary.toString('utf8')).toBe('pa55w\u00f6rd');
  });

  it('round-trips an A-ASSOCIATE-AC with the user identity server response', () => {
    const ac = sampleAssociateAc();
    expect(roundTrip(ac)).toEqual(ac);
  });

  it('leaves out empty optional sub-items', () => {
    const rq = { ...sampleAssociateRq(), presentationContexts: [] };
    rq.userInformation = { maxPduLength: 0, implementationClassUid: '', roleSelections: [], extendedNegotiation: [] };
    const wire = encodePdu(rq);
    // header 6 + fixed 68 + application context 4+21 + user information 4 + maximum length 4+4
    expect(wire.length).toBe(6 + 68 + 25 + 4 + 8);
    expect(roundTrip(rq)).toEqual(rq);
  });
});

describe('encodePdu wire format (PS3.8 9.3)', () => {
  it('writes the fixed-length PDUs byte for byte', () => {
    expect(encodePdu({ type: 'A-ABORT', source: 2, reason: 6 }).toString('hex')).toBe('07000000000400000206');
    expect(encodePdu({ type: 'A-RELEASE-RQ' }).toString('hex')).toBe('05000000000400000000');
    expect(encodePdu({ type: 'A-RELEASE-RP' }).toString('hex')).toBe('06000000000400000000');
    expect(encodePdu({ type: 'A-ASSOCIATE-RJ', result: 2, source: 3, reason: 1 }).toString('hex')).toBe('03000000000400020301');
  });

  it('pads AE titles to 16 with spaces and writes UIDs unpadded', () => {
    const wire = encodePdu(sampleAssociateRq());
    expect(wire.subarray(0, 2).toString('hex')).toBe('0100');
    expect(wire.readUInt16BE(6)).toBe(1);
    expect(wire.toString('latin1', 10, 26)).toBe('CONSILIUM       ');
    expect(wire.toString('latin1', 26, 42)).toBe('CT_SCANNER_04   ');
    expect(wire.subarray(42, 74).every((b) => b === 0)).toBe(true);
    // Application context item: 21 characters, odd, no NUL padding.
    expect(wire.subarray(74, 78).toString('hex')).toBe('10000015');
    expect(wire.toString('latin1', 78, 99)).toBe(DICOM_APPLICATION_CONTEXT);
    // First presentation context: ID 1, three reserved bytes, abstract syntax, one transfer syntax.
    expect(wire.subarray(99, 107).toString('hex')).toBe('2000002e01000000');
    expect(wire.subarray(107, 111).toString('hex')).toBe('30000011');
    expect(wire.toString('latin1', 111, 128)).toBe('1.2.840.10008.1.1');
  });

  it('writes user information sub-items in increasing type order', () => {
    const wire = encodePdu(sampleAssociateRq());
    const userInfo = wire.lastIndexOf(Buffer.from([0x50, 0x00]));
    const types: number[] = [];
    for (let pos = userInfo + 4; pos < wire.length; pos += 4 + wire.readUInt16BE(pos + 2)) types.push(wire[pos] as number);
    expect(types).toEqual([0x51, 0x52, 0x53, 0x54, 0x54, 0x54, 0x54, 0x55, 0x56, 0x58]);
  });

  it('refuses values the wire cannot carry', () => {
    expect(() => encodePdu({ ...sampleAssociateRq(), calledAeTitle: 'A_TITLE_OF_17_CHR' })).toThrow(RangeError);
    expect(() => encodePdu({ ...sampleAssociateRq(), applicationContext: '1.2.\u00e9' })).toThrow(RangeError);
    expect(() => encodePdu({ type: 'P-DATA-TF', pdvs: [{ contextId: 256, command: true, last: true, data: Buffer.alloc(1) }] })).toThrow(RangeError);
    const rq = sampleAssociateRq();
    rq.userInformation.implementationVersionName = 'SEVENTEEN_CHARS_X';
    expect(() => encodePdu(rq)).toThrow(RangeError);
  });
});

describe('encodePDataTf', () => {
  const message = Buffer.alloc(100 * 1024);
  for (let i = 0; i < message.length; i++) message[i] = (i * 7 + (i >> 8)) & 0xff;

  it('fragments a 100 KB data set at max PDU 16384 and reassembles it', () => {
    const pdus = encodePDataTf(5, false, message, 16384);
    expect(pdus).toHaveLength(Math.ceil(message.length / (16384 - 6)));
    for (const [i, pdu] of pdus.entries()) {
      expect(pdu.readUInt32BE(2)).toBe(pdu.length - 6);
      expect(pdu.readUInt32BE(2)).toBeLessThanOrEqual(16384);
      expect(pdu[11]).toBe(i === pdus.length - 1 ? 0x02 : 0x00);
    }
    expect(pdus[0]?.readUInt32BE(2)).toBe(16384);

    const reader = new PduReader({ maxPduLength: 16384 });
    const received = reader.push(Buffer.concat(pdus));
    const pdvs = received.flatMap((pdu) => (pdu.type === 'P-DATA-TF' ? pdu.pdvs : []));
    expect(pdvs).toHaveLength(pdus.length);
    expect(pdvs.every((pdv) => pdv.contextId === 5 && !pdv.command)).toBe(true);
    expect(pdvs.map((pdv) => pdv.last)).toEqual(pdus.map((_, i) => i === pdus.length - 1));
    expect(Buffer.concat(pdvs.map((pdv) => pdv.data)).equals(message)).toBe(true);
  });

  it('sets the command bit and sends a small command in one PDU', () => {
    const [pdu, ...rest] = encodePDataTf(1, true, Buffer.alloc(80, 1), 16384);
    expect(rest).toHaveLength(0);
    expect(pdu?.subarray(0, 12).toString('hex')).toBe('04000000005600000052' + '0103');
  });

  it('uses 1 MiB PDUs when the peer sets no limit', () => {
    const big = Buffer.alloc(UNLIMITED_PDU_FRAGMENT_BYTES * 2 + 10);
    const pdus = encodePDataTf(1, false, big, 0);
    expect(pdus.map((pdu) => pdu.readUInt32BE(2))).toEqual([UNLIMITED_PDU_FRAGMENT_BYTES, UNLIMITED_PDU_FRAGMENT_BYTES, big.length - 2 * (UNLIMITED_PDU_FRAGMENT_BYTES - 6) + 6]);
  });

  it('sends an empty message as one last fragment', () => {
    const pdus = encodePDataTf(7, false, Buffer.alloc(0), 16384);
    expect(pdus.map((pdu) => pdu.toString('hex'))).toEqual(['040000000006000000020702']);
  });

  it('refuses a maximum that leaves no room for data', () => {
    expect(() => encodePDataTf(1, false, message, 6)).toThrow(RangeError);
  });

  it('pdataHeader is the prefix encodePDataTf writes, so header + data streams the same bytes', () => {
    const [first, second] = encodePDataTf(9, false, message, 65536);
    const chunk = message.subarray(0, 65536 - 6);
    expect(Buffer.concat([pdataHeader(9, false, false, chunk.length), chunk]).equals(first as Buffer)).toBe(true);
    const rest = message.subarray(65536 - 6);
    expect(Buffer.concat([pdataHeader(9, false, true, rest.length), rest]).equals(second as Buffer)).toBe(true);
  });
});
