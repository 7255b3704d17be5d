import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startArchiveProcess } from '../testing/archiveProcess.js';
import { runDcmtk } from '../testing/dcmtk.js';
import { makeInstance, newUid } from '../testing/makeInstance.js';
import { hasBinary, startStorescp } from '../testing/storescp.js';
import { postStow } from '../testing/stowRequest.js';
import { fmt, percentile } from './stats.js';

export interface DimseRetrieveBenchOptions {
  /** Instances in the series retrieved (64x64, 16 bit). */
  instances?: number;
  /** Timed runs of each tool, after one warm-up run. */
  runs?: number;
}

/**
 * C-GET and C-MOVE of one series with DCMTK (TCP_NODELAY=1): getscu writing
 * into a directory, and movescu with the archive sending to a storescp. Wall
 * time of the tool's process, start to exit, so connection set-up and file
 * writing are in it. Needs DCMTK and the built archive (dist/main.js), which
 * runs in its own process with a data directory of its own.
 * Targets (issue dimse-retrieve): C-GET of 200 small instances < 0.4 s,
 * C-MOVE < 1 s.
 */
export async function benchDimseRetrieve(options: DimseRetrieveBenchOptions = {}): Promise<void> {
  const count = options.instances ?? 200;
  const runs = options.runs ?? 5;
  if (!['getscu', 'movescu', 'storescp'].every(hasBinary)) {
    console.log('C-GET/C-MOVE: skipped, DCMTK (getscu, movescu, storescp) is not installed');
    return;
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'consilium-bench-dimse-'));
  const dest = await startStorescp('BENCHDEST');
  try {
    const knownAes = [
      { aeTitle: 'BENCHSCU', host: '127.0.0.1', port: 1, services: ['get', 'move'] },
      { aeTitle: dest.aeTitle, host: '127.0.0.1', port: dest.port, services: ['store'] },
    ];
    const server = await startArchiveProcess({ CONSILIUM_DATA_DIR: dataDir, DIMSE_KNOWN_AES: JSON.stringify(knownAes), DIMSE_ACCEPT_UNKNOWN: 'false' });
    try {
      const study = newUid();
      const series = newUid();
      const files = Array.from({ length: count }, (_, i) => makeInstance({ studyInstanceUID: study, seriesInstanceUID: series, instanceNumber: i + 1, rows: 64, columns: 64 }));
      for (let i = 0; i < files.length; i += 50) {
        const response = await postStow(server.dicomwebUrl, files.slice(i, i + 50));
        if (response.status !== 200) throw new Error(`STOW failed: ${response.status}`);
      }
      const keys = ['-S', '-k', 'QueryRetrieveLevel=SERIES', '-k', `StudyInstanceUID=${study}`, '-k', `SeriesInstanceUID=${series}`];
      const peer = ['-aet', 'BENCHSCU', '-aec', 'CONSILIUM', '127.0.0.1', String(server.dimsePort)];

      const getMs = await timeRuns(runs, async (run) => {
        const dir = path.join(dataDir, `get${run}`);
        await mkdir(dir);
        const result = await runDcmtk('getscu', ['-od', dir, ...keys, ...peer]);
        await expectFiles(dir, count, result.code, result.output);
        return result.elapsedMs;
      });
      const moveMs = await timeRuns(runs, async () => {
        for (const name of await readdir(dest.dir)) await rm(path.join(dest.dir, name));
        const result = await runDcmtk('movescu', ['-aem', dest.aeTitle, ...keys, ...peer]);
        await expectFiles(dest.dir, count, result.code, result.output);
        return result.elapsedMs;
      });
      const line = (name: string, ms: number[]) =>
        `${name} of a ${count}-instance series (64x64): median ${fmt(percentile(ms, 50), 0)} ms, best ${fmt(Math.min(...ms), 0)} ms ` +
        `= ${fmt((count / percentile(ms, 50)) * 1000, 0)} instances/s (${runs} runs, tool start to exit)`;
      console.log(line('C-GET  (getscu)', getMs));
      console.log(line('C-MOVE (movescu -> storescp)', moveMs));
    } finally {
      await server.stop();
    }
  } finally {
    await dest.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** One warm-up run, then `runs` timed ones. */
async function timeRuns(runs: number, run: (index: number) => Promise<number>): Promise<number[]> {
  await run(0);
  const out: number[] = [];
  for (let i = 1; i <= runs; i++) out.push(await run(i));
  return out;
}

async function expectFiles(dir: string, count: number, code: number | null, output: string): Promise<void> {
  const files = (await readdir(dir)).length;
  if (code !== 0 || files !== count) throw new Error(`retrieve ended with ${code} and ${files} of ${count} files:\n${output.slice(-1000)}`);
}
