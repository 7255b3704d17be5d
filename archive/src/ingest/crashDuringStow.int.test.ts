import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startArchiveProcess } from '../testing/archiveProcess.js';
import { makeInstance, newUid } from '../testing/makeInstance.js';
import { postStow } from '../testing/stowRequest.js';
import { createScratchDatabase, testBackends } from '../testing/testArchive.js';

/**
 * Kills the archive process (SIGKILL) while STOW-RS requests are in flight, then
 * restarts it on the same data: every instance acknowledged before the kill must
 * be retrievable byte-identical, and every file under blobs/ must be whole (its
 * name is the SHA-256 of its content).
 */
describe.each(testBackends())('killing the archive during STOW-RS (%s)', (backend) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('never loses an acknowledged instance nor leaves a half-written file visible', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'consilium-crash-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const env: Record<string, string> = { CONSILIUM_DATA_DIR: dataDir };
    if (backend === 'postgres') {
      const scratch = await createScratchDatabase();
      cleanups.push(() => scratch.drop());
      env.DATABASE_URL = scratch.url;
    }
    const acknowledged = new Map<string, { study: string; series: string; bytes: Buffer }>();
    const studyInstanceUID = newUid();
    const seriesInstanceUID = newUid();

    // Each round: three clients send STOW requests back to back; the process is killed
    // once a few requests were acknowledged, plus a delay that lands inside later ones.
    for (const [round, extraDelayMs] of [3, 11, 27].entries()) {
      const server = await startArchiveProcess(env);
      let acks = 0;
      let killed = false;
      let clients: Promise<void>[] = [];
      const reachedAcks = new Promise<void>((resolve) => {
        const client = async (clientIndex: number) => {
          for (let request = 0; !killed; request++) {
            const files = Array.from({ length: 8 }, (_, i) =>
              makeInstance({ studyInstanceUID, seriesInstanceUID, instanceNumber: round * 10_000 + clientIndex * 1000 + request * 8 + i, rows: 128, columns: 128 }),
            );
            const response = await postStow(server.dicomwebUrl, files).catch(() => undefined);
            if (response?.status !== 200) return; // the connection died with the process: not acknowledged
            for (const file of files) acknowledged.set(sopUidOf(file), { study: studyInstanceUID, series: seriesInstanceUID, bytes: file });
            if (++acks >= 2 + round) resolve();
          }
        };
        clients = [0, 1, 2].map(client);
      });
      await reachedAcks;
      await new Promise((resolve) => setTimeout(resolve, extraDelayMs));
      killed = true;
      await server.kill();
      await Promise.all(clients);
    }

    const server = await startArchiveProcess(env);
    try {
      for (const [sop, { study, series, bytes }] of acknowledged) {
        const response = await fetch(`${server.dicomwebUrl}/studies/${study}/series/${series}/instances/${sop}`, {
          headers: { Accept: 'multipart/related; type="application/dicom"' },
        });
        expect(response.status, `acknowledged instance ${sop}`).toBe(200);
        const body = Buffer.from(await response.arrayBuffer());
        expect(body.includes(bytes), `acknowledged instance ${sop} is byte-identical`).toBe(true);
      }
    } finally {
      await server.stop();
    }
    const blobs = await listFiles(path.join(dataDir, 'blobs'));
    for (const file of blobs) {
      const digest = createHash('sha256').update(await readFile(file)).digest('hex');
      expect(path.basename(file, '.dcm')).toBe(digest);
    }
    expect(acknowledged.size).toBeGreaterThan(0);
  });
});

function sopUidOf(file: Buffer): string {
  // (0002,0003) MediaStorageSOPInstanceUID is written by dcmjs right after the meta header start.
  const marker = Buffer.from([0x02, 0x00, 0x03, 0x00]);
  const at = file.indexOf(marker, 132);
  const length = file.readUInt16LE(at + 6);
  return file.subarray(at + 8, at + 8 + length).toString('latin1').replace(/\0+$/, '').trim();
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}
