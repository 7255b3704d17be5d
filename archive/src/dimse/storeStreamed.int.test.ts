import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SopClass, TransferSyntax } from '@consilium/shared';
import { hasDcmtk, runDcmtkOk } from '../testing/dcmtk.js';
import { makeInstance, newUid } from '../testing/makeInstance.js';
import { RawDimsePeer, storeRequest } from '../testing/RawDimsePeer.js';
import { qido, retrieveInstanceBytes } from '../testing/StoredInstances.js';
import { type TestArchive, startTestArchive, testBackends } from '../testing/testArchive.js';
import { encodeCommand } from './message/commandSet.js';
import { locateDataset } from './message/part10.js';
import { encodePDataTf } from './pdu/encodePdu.js';

/** Small PDUs, so that a multi-MB data set arrives in hundreds of fragments. */
const MAX_PDU_BYTES = 16384;
const CT_CONTEXT = { id: 1, abstractSyntax: SopClass.CTImageStorage, transferSyntaxes: [TransferSyntax.ExplicitVRLittleEndian] };

/** Polls `check` until it holds (a condition, not a sleep); fails after `timeoutMs`. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * C-STORE data sets go to the blob store's temp file as their PDVs arrive
 * (StreamedInstance): a multi-MB instance in hundreds of PDUs lands byte for
 * byte under the SHA-256 of its content, and a peer that drops in the middle
 * of a data set leaves no temp file and loses nothing already stored.
 */
describe.each(testBackends())('C-STORE streamed to disk (%s)', (backend) => {
  let t: TestArchive;
  let work: string;
  const tmpDir = () => path.join(t.dataDir, 'tmp');
  /** Temp files holding data (the store keeps one empty file opened ahead for the next instance). */
  const tempFiles = async () => {
    const names = await readdir(tmpDir());
    const sizes = await Promise.all(names.map((name) => stat(path.join(tmpDir(), name)).then((s) => s.size, () => 0)));
    return names.filter((_, i) => sizes[i]! > 0);
  };

  beforeAll(async () => {
    t = await startTestArchive(backend, { DIMSE_ACCEPT_UNKNOWN: 'true', DIMSE_MAX_PDU_BYTES: String(MAX_PDU_BYTES) });
    work = await mkdtemp(path.join(os.tmpdir(), 'consilium-streamed-'));
  });
  afterAll(async () => {
    await t?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it.skipIf(!hasDcmtk())('stores a 4.5 MB instance sent by storescu in hundreds of PDUs byte for byte, named by its SHA-256', async () => {
    const ref = { studyInstanceUID: newUid(), seriesInstanceUID: newUid(), sopInstanceUID: newUid() };
    const original = makeInstance({ ...ref, rows: 1500, columns: 1500, pixelValue: 1234 });
    const file = path.join(work, 'big.dcm');
    await writeFile(file, original);

    await runDcmtkOk('storescu', ['--max-pdu', String(MAX_PDU_BYTES), '-aec', 'CONSILIUM', '127.0.0.1', String(t.dimsePort), file]);

    const stored = await retrieveInstanceBytes(t.dicomwebUrl, ref);
    const sent = original.subarray(locateDataset(original).offset);
    expect(sent.length).toBeGreaterThan(200 * MAX_PDU_BYTES);
    expect(stored.subarray(locateDataset(stored).offset).equals(sent)).toBe(true);
    const sha256 = createHash('sha256').update(stored).digest('hex');
    expect((await stat(path.join(t.dataDir, 'blobs', sha256.slice(0, 2), `${sha256}.dcm`))).size).toBe(stored.length);
    expect(await tempFiles()).toEqual([]);
  });

  it('writes a data set to the temp file while it arrives, and deletes it when the peer drops mid-data-set', async () => {
    const kept = { studyInstanceUID: newUid(), seriesInstanceUID: newUid(), sopInstanceUID: newUid() };
    const keptFile = makeInstance({ ...kept, rows: 64, columns: 64 });
    const peer = await RawDimsePeer.connect(t.dimsePort, MAX_PDU_BYTES);
    await peer.associate([CT_CONTEXT]);
    const keptRsp = await peer.request(1, storeRequest(SopClass.CTImageStorage, kept.sopInstanceUID), keptFile.subarray(locateDataset(keptFile).offset));
    expect(keptRsp.status).toBe(0);

    const dropped = makeInstance({ rows: 1024, columns: 1024, sopInstanceUID: newUid() });
    const datasetPdus = encodePDataTf(1, false, dropped.subarray(locateDataset(dropped).offset), MAX_PDU_BYTES);
    for (const pdu of encodePDataTf(1, true, encodeCommand(storeRequest(SopClass.CTImageStorage, locateDataset(dropped).sopInstanceUid, 2)), MAX_PDU_BYTES)) peer.send(pdu);
    const half = datasetPdus.slice(0, datasetPdus.length / 2);
    for (const pdu of half) peer.send(pdu);
    const halfBytes = half.reduce((sum, pdu) => sum + pdu.length, 0);
    // Streamed: most of the half sent is on disk before the message is complete.
    await until('the half-sent data set is in a temp file', async () => {
      const files = await tempFiles();
      return files.length === 1 && (await stat(path.join(tmpDir(), files[0]!))).size > halfBytes / 2;
    });

    peer.destroy();
    await until('the temp file is gone', async () => (await tempFiles()).length === 0);
    expect(await qido(t.dicomwebUrl, `/instances?SOPInstanceUID=${locateDataset(dropped).sopInstanceUid}`)).toEqual([]);
    const stillThere = await retrieveInstanceBytes(t.dicomwebUrl, kept);
    expect(stillThere.subarray(locateDataset(stillThere).offset).equals(keptFile.subarray(locateDataset(keptFile).offset))).toBe(true);
  });

  it('refuses a streamed data set whose pixel data is cut short, and keeps no temp file', async () => {
    const file = makeInstance({ rows: 512, columns: 512, sopInstanceUID: newUid() });
    const location = locateDataset(file);
    const peer = await RawDimsePeer.connect(t.dimsePort, MAX_PDU_BYTES);
    await peer.associate([CT_CONTEXT]);
    const rsp = await peer.request(1, storeRequest(SopClass.CTImageStorage, location.sopInstanceUid), file.subarray(location.offset, file.length - 1000));
    expect(rsp.status).not.toBe(0);
    expect(rsp.status! & 0xf000).not.toBe(0xb000);
    expect(await tempFiles()).toEqual([]);
    expect(await qido(t.dicomwebUrl, `/instances?SOPInstanceUID=${location.sopInstanceUid}`)).toEqual([]);
    await peer.release();
  });

  it('keeps no temp file after storing', async () => {
    expect(await tempFiles()).toEqual([]);
    const blobs = await readdir(path.join(t.dataDir, 'blobs'), { recursive: true });
    const first = blobs.find((name) => name.endsWith('.dcm'));
    expect(first).toBeDefined();
    const bytes = await readFile(path.join(t.dataDir, 'blobs', first!));
    expect(path.basename(first!, '.dcm')).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
