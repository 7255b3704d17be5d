import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SopClass, TransferSyntax } from '@consilium/shared';
import { startArchiveProcess } from '../testing/archiveProcess.js';
import { makeInstance, newUid } from '../testing/makeInstance.js';
import { RawDimsePeer, storeRequest } from '../testing/RawDimsePeer.js';
import { retrieveInstanceBytes } from '../testing/StoredInstances.js';
import { createScratchDatabase, testBackends } from '../testing/testArchive.js';
import { locateDataset } from './message/part10.js';

const CT_CONTEXT = { id: 1, abstractSyntax: SopClass.CTImageStorage, transferSyntaxes: [TransferSyntax.ExplicitVRLittleEndian] };

/**
 * Kills the archive (SIGKILL) while two associations send C-STOREs back to back,
 * small and multi-PDU instances mixed, then restarts it on the same data: every
 * instance answered with success before the kill is retrievable with the data
 * set sent, and every file under blobs/ is whole (named by its SHA-256). The
 * streamed path commits the index row only after the blob's fsyncs, so this
 * holds however the kill lands.
 */
describe.each(testBackends())('killing the archive during C-STORE (%s)', (backend) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('never loses an acknowledged instance nor leaves a half-written blob visible', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'consilium-crash-store-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = { CONSILIUM_DATA_DIR: dataDir, DIMSE_ACCEPT_UNKNOWN: 'true', DIMSE_MAX_PDU_BYTES: '16384' };
    if (backend === 'postgres') {
      const scratch = await createScratchDatabase();
      cleanups.push(() => scratch.drop());
      env.DATABASE_URL = scratch.url;
    }
    const ref = { studyInstanceUID: newUid(), seriesInstanceUID: newUid() };
    const acknowledged = new Map<string, Buffer>();

    for (const round of [0, 1]) {
      const server = await startArchiveProcess(env);
      let killed = false;
      let acks = 0;
      let reached: () => void = () => undefined;
      const enoughAcks = new Promise<void>((resolve) => (reached = resolve));
      const client = async (clientIndex: number) => {
        const peer = await RawDimsePeer.connect(server.dimsePort, 16384);
        await peer.associate([CT_CONTEXT]);
        for (let i = 0; !killed; i++) {
          const size = i % 3 === 0 ? 256 : 64;
          const file = makeInstance({ ...ref, instanceNumber: round * 10_000 + clientIndex * 1000 + i, rows: size, columns: size });
          const { sopInstanceUid, offset } = locateDataset(file);
          const rsp = await peer.request(1, storeRequest(SopClass.CTImageStorage, sopInstanceUid, i + 1), file.subarray(offset)).catch(() => undefined);
          if (rsp?.status !== 0) return; // the connection died with the process: not acknowledged
          acknowledged.set(sopInstanceUid, file.subarray(offset));
          if (++acks >= 10 + round * 5) reached();
        }
      };
      const clients = [0, 1].map((c) => client(c).catch(() => undefined));
      await enoughAcks;
      killed = true;
      await server.kill();
      await Promise.all(clients);
    }

    const server = await startArchiveProcess(env);
    try {
      for (const [sopInstanceUID, dataset] of acknowledged) {
        const stored = await retrieveInstanceBytes(server.dicomwebUrl, { ...ref, sopInstanceUID });
        expect(stored.subarray(locateDataset(stored).offset).equals(dataset), `acknowledged instance ${sopInstanceUID}`).toBe(true);
      }
    } finally {
      await server.stop();
    }
    const entries = await readdir(path.join(dataDir, 'blobs'), { withFileTypes: true, recursive: true });
    for (const file of entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name))) {
      expect(path.basename(file, '.dcm')).toBe(createHash('sha256').update(await readFile(file)).digest('hex'));
    }
    expect(acknowledged.size).toBeGreaterThanOrEqual(25);
  }, 180_000);
});
