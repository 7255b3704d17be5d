import { ALL_STUDIES } from '../access/StudyAccess.js';
import { type Server, type Socket, createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SopClass, TransferSyntax } from '@consilium/shared';
import { createLogger } from '../logger.js';
import { findInstances } from '../retrieve/findInstances.js';
import { makeInstance, newUid } from '../testing/makeInstance.js';
import { freePort } from '../testing/freePort.js';
import { type TestArchive, startTestArchive } from '../testing/testArchive.js';
import { AssociationClosedError } from './DimseAssociation.js';
import { CommandField } from './message/commandSet.js';
import { locateDataset } from './message/part10.js';
import { encodePdu } from './pdu/encodePdu.js';
import { DICOM_APPLICATION_CONTEXT } from './pdu/Pdu.js';
import { PduReader } from './pdu/PduReader.js';
import { type ScuOptions, ScuAssociation } from './ScuAssociation.js';

const logger = createLogger('silent');
const EXPLICIT = [TransferSyntax.ExplicitVRLittleEndian];

/** A TCP server on 127.0.0.1 running `onSocket` for each connection. */
async function rawServer(onSocket: (socket: Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(onSocket);
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port };
}

/** The requestor side on its own: against the archive's acceptor, and against peers that misbehave. */
describe('ScuAssociation', () => {
  let t: TestArchive;
  const options = (overrides: Partial<ScuOptions> = {}): ScuOptions => ({
    host: '127.0.0.1',
    port: t.dimsePort,
    callingAeTitle: 'SCUTEST',
    calledAeTitle: 'CONSILIUM',
    contexts: [{ abstractSyntax: SopClass.VerificationSOPClass, transferSyntaxes: EXPLICIT }],
    maxPduBytes: 16384,
    timeoutMs: 5000,
    logger,
    ...overrides,
  });

  beforeAll(async () => {
    const knownAes = [{ aeTitle: 'SCUTEST', host: '127.0.0.1', port: 1, services: ['echo', 'store'] }];
    // The smallest PDUs the archive allows, so a data set travels in many fragments.
    t = await startTestArchive('pglite', { DIMSE_KNOWN_AES: JSON.stringify(knownAes), DIMSE_MAX_PDU_BYTES: '4096' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('opens, answers a C-ECHO through request, and releases', async () => {
    const opened = await ScuAssociation.open(options());
    if (!opened.ok) throw new Error(opened.error.message);
    const scu = opened.value;
    const context = scu.findContext(SopClass.VerificationSOPClass, EXPLICIT);
    expect(context?.transferSyntax).toBe(TransferSyntax.ExplicitVRLittleEndian);
    const response = await scu.request(context?.id ?? 0, { commandField: CommandField.C_ECHO_RQ, affectedSopClassUid: SopClass.VerificationSOPClass, hasDataset: false });
    expect(response.command).toMatchObject({ commandField: CommandField.C_ECHO_RSP, status: 0 });
    await scu.release();
    expect(scu.isOpen).toBe(false);
  });

  it('streams a data set read piecewise, in fragments within the peer maximum, and the archive stores it byte for byte', async () => {
    const studyInstanceUID = newUid();
    const file = makeInstance({ rows: 1500, columns: 1500, studyInstanceUID });
    const location = locateDataset(file);
    const dataset = file.subarray(location.offset);
    const reads: number[] = [];
    const opened = await ScuAssociation.open(options({ contexts: [{ abstractSyntax: SopClass.CTImageStorage, transferSyntaxes: EXPLICIT }] }));
    if (!opened.ok) throw new Error(opened.error.message);
    const scu = opened.value;
    const response = await scu.request(
      scu.findContext(SopClass.CTImageStorage, EXPLICIT)?.id ?? 0,
      { commandField: CommandField.C_STORE_RQ, affectedSopClassUid: location.sopClassUid, affectedSopInstanceUid: location.sopInstanceUid, priority: 0, hasDataset: true },
      {
        length: dataset.length,
        read: async (offset, length) => {
          reads.push(length);
          return dataset.subarray(offset, offset + length);
        },
      },
    );
    await scu.release();
    expect(response.command.status).toBe(0);
    expect(reads.length).toBeGreaterThan(1);
    for (const length of reads.slice(0, -1)) expect(length % (4096 - 6)).toBe(0);
    const stored = await findInstances(t.archive.database.db, { studyInstanceUID }, ALL_STUDIES);
    const bytes = await t.archive.blobs.read(stored[0]?.blobKey ?? '');
    expect(bytes.subarray(locateDataset(bytes).offset).equals(dataset)).toBe(true);
  });

  it('reports a rejection as a value', async () => {
    const opened = await ScuAssociation.open(options({ calledAeTitle: 'SOMEONE_ELSE' }));
    expect(opened.ok ? 'opened' : opened.error.reason).toBe('rejected');
  });

  it('reports an association without any accepted context as a value', async () => {
    const opened = await ScuAssociation.open(options({ contexts: [{ abstractSyntax: '1.2.3.4.5', transferSyntaxes: EXPLICIT }] }));
    expect(opened.ok ? 'opened' : opened.error.reason).toBe('no-context');
  });

  it('reports a port nobody listens on as unreachable', async () => {
    const opened = await ScuAssociation.open(options({ port: await freePort() }));
    expect(opened.ok ? 'opened' : opened.error.reason).toBe('unreachable');
  });

  it('gives up on a peer that never answers after the timeout', async () => {
    const sockets: Socket[] = [];
    const { server, port } = await rawServer((socket) => sockets.push(socket));
    try {
      const started = performance.now();
      const opened = await ScuAssociation.open(options({ port, timeoutMs: 300 }));
      expect(opened.ok ? 'opened' : opened.error.reason).toBe('timeout');
      expect(performance.now() - started).toBeLessThan(3000);
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });

  it('fails a request whose peer drops the connection instead of answering, rather than waiting for ever', async () => {
    const { server, port } = await rawServer((socket) => {
      const reader = new PduReader({ maxPduLength: 0 });
      socket.on('data', (chunk: Buffer) => {
        for (const pdu of reader.push(chunk)) {
          if (pdu.type === 'A-ASSOCIATE-RQ') {
            socket.write(
              encodePdu({
                type: 'A-ASSOCIATE-AC',
                protocolVersion: 1,
                calledAeTitle: pdu.calledAeTitle,
                callingAeTitle: pdu.callingAeTitle,
                applicationContext: DICOM_APPLICATION_CONTEXT,
                presentationContexts: pdu.presentationContexts.map((pc) => ({ id: pc.id, result: 0, transferSyntax: pc.transferSyntaxes[0] ?? '' })),
                userInformation: { maxPduLength: 16384, implementationClassUid: '2.25.1', roleSelections: [], extendedNegotiation: [] },
              }),
            );
          } else if (pdu.type === 'P-DATA-TF') {
            socket.destroy();
          }
        }
      });
    });
    try {
      const opened = await ScuAssociation.open(options({ port }));
      if (!opened.ok) throw new Error(opened.error.message);
      const request = opened.value.request(1, { commandField: CommandField.C_ECHO_RQ, affectedSopClassUid: SopClass.VerificationSOPClass, hasDataset: false });
      await expect(request).rejects.toBeInstanceOf(AssociationClosedError);
    } finally {
      server.close();
    }
  });
});
