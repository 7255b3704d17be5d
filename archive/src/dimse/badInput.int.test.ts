import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SopClass, TransferSyntax } from '@consilium/shared';
import { type TestLog, createTestLogger } from '../bus/createTestLogger.js';
import { makeInstance } from '../testing/makeInstance.js';
import { qido } from '../testing/StoredInstances.js';
import { RawDimsePeer as RawPeer } from '../testing/RawDimsePeer.js';
import { type TestArchive, startTestArchive, testBackends } from '../testing/testArchive.js';
import { type Command, CommandField, decodeCommand, encodeCommand } from './message/commandSet.js';
import { locateDataset } from './message/part10.js';
import { encodePDataTf, encodePdu } from './pdu/encodePdu.js';
import type { PresentationContextRq } from './pdu/Pdu.js';

const MAX_PDU_BYTES = 16384;
const ELE = TransferSyntax.ExplicitVRLittleEndian;
const ECHO_CONTEXT: PresentationContextRq = { id: 1, abstractSyntax: SopClass.VerificationSOPClass, transferSyntaxes: [ELE] };
const CT_CONTEXT: PresentationContextRq = { id: 3, abstractSyntax: SopClass.CTImageStorage, transferSyntaxes: [ELE] };
const FIND_CONTEXT: PresentationContextRq = { id: 5, abstractSyntax: SopClass.StudyRootQueryRetrieveInformationModelFind, transferSyntaxes: [ELE] };
/** A Status of PS3.7 C: 0000 success, FF00/FF01 pending, 0001 and Bxxx warnings; the rest are failures. */
const isFailureStatus = (status: number | undefined) => status !== undefined && status !== 0 && (status & 0xf000) !== 0xb000 && status !== 0x0001 && status !== 0xff00 && status !== 0xff01;

const echoRq = (messageId = 1): Command => ({ commandField: CommandField.C_ECHO_RQ, messageId, affectedSopClassUid: SopClass.VerificationSOPClass, hasDataset: false });

/** A-ABORTs received, to compare with the archive's log. */
let abortsReceived = 0;

/** An A-ABORT from the archive (source 2, service provider) followed by the connection closing. */
async function expectAbort(peer: RawPeer, reason?: number): Promise<void> {
  abortsReceived++;
  const pdus = await peer.untilClosed();
  expect(pdus.map((p) => p.type)).toEqual(['A-ABORT']);
  const [abort] = pdus;
  if (abort?.type !== 'A-ABORT') return;
  expect(abort.source).toBe(2);
  if (reason !== undefined) expect(abort.reason).toBe(reason);
}

describe.each(testBackends())('DIMSE input no client should send (%s)', (backend) => {
  let t: TestArchive;
  let log: TestLog;

  /** A fresh association that answers C-ECHO: the archive still serves. */
  async function expectServing(): Promise<void> {
    const peer = await RawPeer.connect(t.dimsePort);
    const ac = await peer.associate([ECHO_CONTEXT]);
    expect(ac.presentationContexts[0]?.result).toBe(0);
    expect((await peer.request(1, echoRq())).status).toBe(0);
    await peer.release();
  }

  const instanceCount = async () => (await qido(t.dicomwebUrl, '/instances?limit=10000')).length;

  beforeAll(async () => {
    log = createTestLogger();
    abortsReceived = 0;
    t = await startTestArchive(backend, { DIMSE_ACCEPT_UNKNOWN: 'true', DIMSE_MAX_PDU_BYTES: String(MAX_PDU_BYTES) }, log.logger);
  });
  afterAll(async () => t?.close());

  it.each([
    ['an HTTP request', Buffer.from('GET /dicomweb/studies HTTP/1.1\r\nHost: x\r\n\r\n')],
    ['zeros', Buffer.alloc(64)],
    ['a TLS ClientHello prefix', Buffer.from('16030100a5010000a10303', 'hex')],
    ['A-RELEASE-RP with a wrong length', Buffer.from([0x06, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0])],
  ])('answers %s with A-ABORT and keeps serving others', async (_name, garbage) => {
    const bystander = await RawPeer.connect(t.dimsePort);
    await bystander.associate([ECHO_CONTEXT]);

    const peer = await RawPeer.connect(t.dimsePort);
    peer.send(garbage);
    await expectAbort(peer);

    expect((await bystander.request(1, echoRq(7))).messageIdBeingRespondedTo).toBe(7);
    await bystander.release();
    await expectServing();
  });

  it('aborts P-DATA before the association is established', async () => {
    const peer = await RawPeer.connect(t.dimsePort);
    for (const pdu of encodePDataTf(1, true, encodeCommand(echoRq()), MAX_PDU_BYTES)) peer.send(pdu);
    await expectAbort(peer);
  });

  it('aborts P-DATA on a presentation context it did not accept', async () => {
    const peer = await RawPeer.connect(t.dimsePort);
    const ac = await peer.associate([ECHO_CONTEXT, { id: 7, abstractSyntax: '1.2.3.999', transferSyntaxes: [ELE] }]);
    expect(ac.presentationContexts.find((pc) => pc.id === 7)?.result).toBe(3);
    for (const pdu of encodePDataTf(7, true, encodeCommand(echoRq()), MAX_PDU_BYTES)) peer.send(pdu);
    await expectAbort(peer);
    await expectServing();
  });

  it('aborts a P-DATA PDU longer than its maximum on its header alone', async () => {
    const peer = await RawPeer.connect(t.dimsePort);
    const ac = await peer.associate([ECHO_CONTEXT]);
    expect(ac.userInformation.maxPduLength).toBe(MAX_PDU_BYTES);
    // Only the 6-byte header goes out: the abort must come without the body.
    const header = Buffer.alloc(6);
    header[0] = 0x04;
    header.writeUInt32BE(MAX_PDU_BYTES + 1, 2);
    peer.send(header);
    await expectAbort(peer, 6);

    const huge = await RawPeer.connect(t.dimsePort);
    await huge.associate([ECHO_CONTEXT]);
    header.writeUInt32BE(0xfffffff0, 2);
    huge.send(header);
    await expectAbort(huge, 6);
  });

  it('stores a C-STORE whose P-DATA PDUs are exactly the maximum length', async () => {
    const before = await instanceCount();
    const file = makeInstance({ rows: 128, columns: 128 });
    const location = locateDataset(file);
    const dataset = file.subarray(location.offset);
    const peer = await RawPeer.connect(t.dimsePort);
    await peer.associate([CT_CONTEXT]);
    const pdus = encodePDataTf(3, false, dataset, MAX_PDU_BYTES);
    expect(pdus.length).toBeGreaterThan(1);
    expect(pdus[0]?.readUInt32BE(2)).toBe(MAX_PDU_BYTES);
    const rsp = await peer.request(3, storeRq(location.sopInstanceUid), dataset);
    expect(rsp.status).toBe(0);
    await peer.release();
    expect(await instanceCount()).toBe(before + 1);
  });

  it('stores nothing of a C-STORE cut off in its data set, and keeps serving', async () => {
    const before = await instanceCount();
    const cut = makeInstance({ rows: 64, columns: 64 });
    const cutLocation = locateDataset(cut);
    const cutDataset = cut.subarray(cutLocation.offset);
    const peer = await RawPeer.connect(t.dimsePort);
    await peer.associate([CT_CONTEXT]);
    for (const pdu of encodePDataTf(3, true, encodeCommand(storeRq(cutLocation.sopInstanceUid)), MAX_PDU_BYTES)) peer.send(pdu);
    // Half the data set, without the last-fragment bit.
    peer.send(encodePdu({ type: 'P-DATA-TF', pdvs: [{ contextId: 3, command: false, last: false, data: cutDataset.subarray(0, cutDataset.length >> 1) }] }));
    await new Promise<void>((resolve) => peer.socket.end(resolve));
    peer.destroy();
    await peer.closedAt;

    // A complete C-STORE afterwards, answered only once stored: by then a half-stored first one would show.
    const whole = makeInstance({ rows: 64, columns: 64 });
    const wholeLocation = locateDataset(whole);
    const next = await RawPeer.connect(t.dimsePort);
    await next.associate([CT_CONTEXT]);
    expect((await next.request(3, storeRq(wholeLocation.sopInstanceUid), whole.subarray(wholeLocation.offset))).status).toBe(0);
    await next.release();

    expect(await instanceCount()).toBe(before + 1);
    expect(await qido(t.dicomwebUrl, `/instances?SOPInstanceUID=${cutLocation.sopInstanceUid}`)).toEqual([]);
    expect(await qido(t.dicomwebUrl, `/instances?SOPInstanceUID=${wholeLocation.sopInstanceUid}`)).toHaveLength(1);
  });

  describe('malformed command sets', () => {
    const elements = (...parts: [element: number, value: Buffer][]) =>
      Buffer.concat(
        parts.map(([element, value]) => {
          const header = Buffer.alloc(8);
          header.writeUInt16LE(0, 0);
          header.writeUInt16LE(element, 2);
          header.writeUInt32LE(value.length, 4);
          return Buffer.concat([header, value]);
        }),
      );
    const us = (n: number) => Buffer.from([n & 0xff, n >> 8]);

    it.each([
      ['text instead of elements', Buffer.from('this is not a command set, just words')],
      ['an element of group 0008', Buffer.from('08001800040000003132333400000000', 'hex')],
      ['no CommandField', elements([0x0110, us(1)], [0x0800, us(0x0101)])],
      ['an element running past the end', Buffer.concat([elements([0x0100, us(0x0030)]), Buffer.from('00000008ffff0000', 'hex')])],
      ['a CommandField of 3 bytes', elements([0x0100, Buffer.from([0x30, 0, 0])], [0x0800, us(0x0101)])],
    ])('with %s: abort or a failure status, and the archive keeps serving', async (_name, command) => {
      const peer = await RawPeer.connect(t.dimsePort);
      await peer.associate([ECHO_CONTEXT]);
      peer.send(encodePdu({ type: 'P-DATA-TF', pdvs: [{ contextId: 1, command: true, last: true, data: command }] }));
      const answer = await peer.next();
      if (answer?.type === 'P-DATA-TF') {
        const [pdv] = answer.pdvs;
        expect(isFailureStatus(decodeCommand(pdv?.data ?? Buffer.alloc(0)).status)).toBe(true);
        await peer.release();
      } else {
        abortsReceived++;
        expect(answer?.type).toBe('A-ABORT');
        expect(await peer.untilClosed()).toEqual([]);
      }
      await expectServing();
    });

    it('answers an unknown command with status 0211 (unrecognized operation)', async () => {
      const peer = await RawPeer.connect(t.dimsePort);
      await peer.associate([ECHO_CONTEXT]);
      const rsp = await peer.request(1, { commandField: 0x0ff0, messageId: 9, affectedSopClassUid: SopClass.VerificationSOPClass, hasDataset: false });
      expect(rsp.status).toBe(0x0211);
      expect(rsp.messageIdBeingRespondedTo).toBe(9);
      await peer.release();
    });

    it('answers a C-STORE without Affected SOP Instance UID with a failure status', async () => {
      const before = await instanceCount();
      const file = makeInstance();
      const peer = await RawPeer.connect(t.dimsePort);
      await peer.associate([CT_CONTEXT]);
      const { affectedSopInstanceUid: _, ...command } = storeRq(locateDataset(file).sopInstanceUid);
      const rsp = await peer.request(3, command, file.subarray(locateDataset(file).offset));
      expect(isFailureStatus(rsp.status)).toBe(true);
      await peer.release();
      expect(await instanceCount()).toBe(before);
    });

    it('answers a C-STORE whose data set is of another SOP class with A900 and stores nothing', async () => {
      const before = await instanceCount();
      // An MR data set sent as CT Image Storage on the CT context (PS3.4 B.2.3).
      const file = makeInstance({ sopClassUID: SopClass.MRImageStorage, modality: 'MR' });
      const peer = await RawPeer.connect(t.dimsePort);
      await peer.associate([CT_CONTEXT]);
      const rsp = await peer.request(3, storeRq(locateDataset(file).sopInstanceUid), file.subarray(locateDataset(file).offset));
      expect(rsp.status).toBe(0xa900);
      expect(rsp.errorComment).toMatch(/SOPClassUID/);
      await peer.release();
      expect(await instanceCount()).toBe(before);
    });

    it('answers a C-FIND whose identifier is not a data set with abort or a failure status', async () => {
      const peer = await RawPeer.connect(t.dimsePort);
      await peer.associate([FIND_CONTEXT]);
      const command: Command = { commandField: CommandField.C_FIND_RQ, messageId: 1, affectedSopClassUid: FIND_CONTEXT.abstractSyntax, priority: 0, hasDataset: true };
      for (const pdu of encodePDataTf(5, true, encodeCommand(command), MAX_PDU_BYTES)) peer.send(pdu);
      // A tag, then an explicit VR length that runs far past the end.
      peer.send(encodePdu({ type: 'P-DATA-TF', pdvs: [{ contextId: 5, command: false, last: true, data: Buffer.from('080052004353ff7f', 'hex') }] }));
      const answer = await peer.next();
      if (answer?.type === 'P-DATA-TF') {
        const rsp = decodeCommand(answer.pdvs[0]?.data ?? Buffer.alloc(0));
        expect(rsp.commandField).toBe(CommandField.C_FIND_RSP);
        expect(isFailureStatus(rsp.status)).toBe(true);
        await peer.release();
      } else {
        abortsReceived++;
        expect(answer?.type).toBe('A-ABORT');
      }
      await expectServing();
    });
  });

  it('rejects presentation contexts it does not support in the A-ASSOCIATE-AC', async () => {
    const peer = await RawPeer.connect(t.dimsePort);
    const ac = await peer.associate([
      ECHO_CONTEXT,
      { id: 3, abstractSyntax: '1.2.840.10008.5.1.4.1.1.999999', transferSyntaxes: [ELE] },
      { id: 5, abstractSyntax: SopClass.StudyRootQueryRetrieveInformationModelFind, transferSyntaxes: ['1.2.840.10008.1.2.4.50'] },
      { id: 7, abstractSyntax: SopClass.CTImageStorage, transferSyntaxes: ['1.2.3.4.5.6.7', ELE] },
    ]);
    const result = Object.fromEntries(ac.presentationContexts.map((pc) => [pc.id, [pc.result, pc.transferSyntax]]));
    expect(result).toEqual({ 1: [0, ELE], 3: [3, ''], 5: [4, ''], 7: [0, ELE] });
    expect((await peer.request(1, echoRq())).status).toBe(0);
    await peer.release();
  });


  it('takes a command and its data set in one P-DATA-TF PDU (PS3.8 9.3.5 allows several PDVs)', async () => {
    const file = makeInstance();
    const location = locateDataset(file);
    const peer = await RawPeer.connect(t.dimsePort);
    await peer.associate([CT_CONTEXT]);
    peer.send(encodePdu({
      type: 'P-DATA-TF',
      pdvs: [
        { contextId: 3, command: true, last: true, data: encodeCommand(storeRq(location.sopInstanceUid)) },
        { contextId: 3, command: false, last: true, data: file.subarray(location.offset) },
      ],
    }));
    const rsp = await peer.response();
    expect([rsp.commandField, rsp.status, rsp.affectedSopInstanceUid]).toEqual([CommandField.C_STORE_RSP, 0, location.sopInstanceUid]);
    await peer.release();
  });

  it('answers a C-STORE before the A-RELEASE-RQ sent right behind it', async () => {
    const file = makeInstance();
    const location = locateDataset(file);
    const peer = await RawPeer.connect(t.dimsePort);
    await peer.associate([CT_CONTEXT]);
    for (const pdu of encodePDataTf(3, true, encodeCommand(storeRq(location.sopInstanceUid)), MAX_PDU_BYTES)) peer.send(pdu);
    for (const pdu of encodePDataTf(3, false, file.subarray(location.offset), MAX_PDU_BYTES)) peer.send(pdu);
    peer.send(encodePdu({ type: 'A-RELEASE-RQ' }));
    const pdus = await peer.untilClosed();
    expect(pdus.map((p) => p.type)).toEqual(['P-DATA-TF', 'A-RELEASE-RP']);
    expect(await qido(t.dicomwebUrl, `/instances?SOPInstanceUID=${location.sopInstanceUid}`)).toHaveLength(1);
  });

  it.each([
    ['A-RELEASE-RQ before any association', [] as PresentationContextRq[], encodePdu({ type: 'A-RELEASE-RQ' })],
    ['A-ASSOCIATE-RJ from the requestor', [ECHO_CONTEXT], encodePdu({ type: 'A-ASSOCIATE-RJ', result: 1, source: 1, reason: 1 })],
    ['a P-DATA-TF without PDVs', [ECHO_CONTEXT], Buffer.from([0x04, 0, 0, 0, 0, 0])],
    [
      'PDVs of two messages interleaved',
      [ECHO_CONTEXT, CT_CONTEXT],
      encodePdu({
        type: 'P-DATA-TF',
        pdvs: [
          { contextId: 1, command: true, last: false, data: encodeCommand(echoRq()).subarray(0, 10) },
          { contextId: 3, command: true, last: true, data: encodeCommand(echoRq()) },
        ],
      }),
    ],
  ])('aborts on %s', async (_name, contexts, bytes) => {
    const peer = await RawPeer.connect(t.dimsePort);
    if (contexts.length > 0) await peer.associate(contexts);
    peer.send(bytes);
    await expectAbort(peer);
  });

  it('logged every abort and the cut-off message, and no error', () => {
    expect(abortsReceived).toBeGreaterThanOrEqual(12);
    expect(log.records.filter((r) => r.msg === 'aborting association')).toHaveLength(abortsReceived);
    expect(log.records.some((r) => /middle of a message/.test(r.msg))).toBe(true);
    expect(log.records.filter((r) => r.level >= 50)).toEqual([]);
  });

  /** C-STORE-RQ for a CT instance (PS3.7 9.3.1.1). */
  function storeRq(sopInstanceUid: string): Command {
    return {
      commandField: CommandField.C_STORE_RQ,
      messageId: 1,
      affectedSopClassUid: SopClass.CTImageStorage,
      affectedSopInstanceUid: sopInstanceUid,
      priority: 0,
      hasDataset: true,
    };
  }
});

describe.each(testBackends())('DIMSE idle timeout (%s)', (backend) => {
  const TIMEOUT_MS = 500;
  let t: TestArchive;

  beforeAll(async () => {
    t = await startTestArchive(backend, { DIMSE_ACCEPT_UNKNOWN: 'true', DIMSE_TIMEOUT_MS: String(TIMEOUT_MS) });
  });
  afterAll(async () => t?.close());

  it('closes a connection that never sends anything', async () => {
    const started = performance.now();
    const peer = await RawPeer.connect(t.dimsePort);
    await peer.untilClosed(10 * TIMEOUT_MS);
    const elapsed = (await peer.closedAt) - started;
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 2500);
  });

  it('aborts an established association that falls silent', async () => {
    const peer = await RawPeer.connect(t.dimsePort);
    await peer.associate([ECHO_CONTEXT]);
    expect((await peer.request(1, echoRq())).status).toBe(0);
    const silentFrom = performance.now();
    await expectAbort(peer);
    expect((await peer.closedAt) - silentFrom).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
  });

  it('keeps an association that talks more often than the timeout', async () => {
    const peer = await RawPeer.connect(t.dimsePort);
    await peer.associate([ECHO_CONTEXT]);
    for (let i = 1; i <= 4; i++) {
      // The pause is the point here: the peer talks every half timeout.
      await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS / 2));
      expect((await peer.request(1, echoRq(i))).messageIdBeingRespondedTo).toBe(i);
    }
    await peer.release();
  });
});
