import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readFindResponses, runDcmtk, runDcmtkOk } from '../testing/dcmtk.js';
import { makeInstance, newUid } from '../testing/makeInstance.js';
import { fmt, percentile } from './stats.js';

const CALLING_AE = 'BENCH_SCU';
const CALLED_AE = 'CONSILIUM';
const LATENCY_RUNS = 30;

interface StoreCase {
  size: number;
  count: number;
  associations: number;
  /** The issue's target for this case, printed beside the figure. */
  target?: string;
}

/** Each case runs this often with fresh instances; the best run is the figure (the machine is shared, see `uptime`). */
const STORE_RUNS = 3;

/**
 * C-STORE throughput and C-FIND latency with DCMTK's own clients (storescu,
 * findscu, echoscu; TCP_NODELAY=1) against a running archive whose DIMSE port
 * is `host:port`. The archive must accept the calling AE title BENCH_SCU
 * (DIMSE_ACCEPT_UNKNOWN=true, or a known AE) and call itself CONSILIUM.
 * Targets (issue archive-dimse): >= 300 instances/s over one association at
 * 128x128, >= 150 MB/s at 512x512. Every case stores fresh instances into a
 * study of its own and checks the count with C-FIND afterwards, so a store
 * that silently failed cannot flatter the figures. Times include storescu's
 * start and its reading of the files; echoscu's time is printed as the
 * baseline for what process start costs.
 */
export async function benchDimseStore(host: string, port: number): Promise<void> {
  const peer = ['-aet', CALLING_AE, '-aec', CALLED_AE, host, String(port)];
  const work = await mkdtemp(path.join(os.tmpdir(), 'consilium-bench-dimse-'));
  try {
    // Warm-up, not reported: the archive's JIT and the database's caches.
    await benchStore(path.join(work, 'warmup'), peer, { size: 128, count: 100, associations: 1 });
    const cases: StoreCase[] = [
      { size: 128, count: 1000, associations: 1, target: '>= 300 instances/s' },
      { size: 128, count: 1000, associations: 4 },
      { size: 512, count: 300, associations: 1, target: '>= 150 MB/s' },
      { size: 512, count: 300, associations: 4 },
    ];
    let lastStudy = '';
    for (const [i, c] of cases.entries()) {
      const runs: StoreRun[] = [];
      for (let run = 0; run < STORE_RUNS; run++) runs.push(await benchStore(path.join(work, `case${i}-${run}`), peer, c));
      report(c, runs);
      lastStudy = runs[runs.length - 1]!.study;
    }
    await benchFindLatency(path.join(work, 'find'), peer, lastStudy);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

interface StoreRun {
  study: string;
  ms: number;
  bytes: number;
}

function report(c: StoreCase, runs: StoreRun[]): void {
  const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
  const perSecond = (c.count / best.ms) * 1000;
  const mbPerSecond = best.bytes / 1024 / 1024 / (best.ms / 1000);
  const all = runs.map((r) => fmt((c.count / r.ms) * 1000, 0)).join(', ');
  console.log(
    `C-STORE ${c.size}x${c.size} (storescu, ${c.associations} association${c.associations > 1 ? 's in parallel' : ''}): ` +
      `${c.count} instances (${fmt(best.bytes / 1024 / 1024)} MB) in ${fmt(best.ms, 0)} ms = ${fmt(perSecond, 0)} instances/s, ${fmt(mbPerSecond)} MB/s ` +
      `(best of ${runs.length}: ${all} instances/s; load ${os.loadavg()[0]!.toFixed(1)})${c.target ? `; target ${c.target}` : ''}`,
  );
}

async function benchStore(dir: string, peer: string[], c: StoreCase): Promise<StoreRun> {
  await mkdir(dir, { recursive: true });
  const study = newUid();
  const series = newUid();
  const files: string[] = [];
  let bytes = 0;
  for (let i = 0; i < c.count; i++) {
    const file = path.join(dir, `${String(i).padStart(5, '0')}.dcm`);
    const data = makeInstance({ studyInstanceUID: study, seriesInstanceUID: series, instanceNumber: i + 1, rows: c.size, columns: c.size, patientName: 'BENCH^DIMSE' });
    await writeFile(file, data);
    bytes += (await stat(file)).size;
    files.push(file);
  }
  const groups = Array.from({ length: c.associations }, (_, g) => files.filter((_, i) => i % c.associations === g));
  const started = performance.now();
  await Promise.all(groups.map((group) => runDcmtkOk('storescu', ['-R', ...peer, ...group], { timeoutMs: 600_000 })));
  const ms = performance.now() - started;

  const stored = await studyInstanceCount(path.join(dir, 'count'), peer, study);
  if (stored !== c.count) throw new Error(`C-STORE bench ${c.size}x${c.size}: sent ${c.count} instances, C-FIND counts ${stored}`);
  return { study, ms, bytes };
}

/** NumberOfStudyRelatedInstances of one study, asked with findscu (Study Root, STUDY level). */
async function studyInstanceCount(dir: string, peer: string[], study: string): Promise<number> {
  await mkdir(dir, { recursive: true });
  const keys = ['QueryRetrieveLevel=STUDY', `StudyInstanceUID=${study}`, 'NumberOfStudyRelatedInstances'];
  await runDcmtkOk('findscu', ['-S', '-X', '-od', dir, ...keys.flatMap((k) => ['-k', k]), ...peer]);
  const [response] = await readFindResponses(dir);
  return Number(response?.dataset.NumberOfStudyRelatedInstances ?? 0);
}

/**
 * p50/p95 of a whole findscu run (process start, association, query, release)
 * for one study by UID, next to echoscu's, whose run is the same minus the query.
 */
async function benchFindLatency(dir: string, peer: string[], study: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const findArgs = ['-S', ...['QueryRetrieveLevel=STUDY', `StudyInstanceUID=${study}`, 'PatientName', 'StudyDate', 'ModalitiesInStudy', 'NumberOfStudyRelatedInstances'].flatMap((k) => ['-k', k]), ...peer];
  const time = async (tool: string, args: string[]): Promise<number[]> => {
    await runDcmtkOk(tool, args);
    const times: number[] = [];
    for (let i = 0; i < LATENCY_RUNS; i++) {
      const run = await runDcmtk(tool, args);
      if (run.code !== 0) throw new Error(`${tool} failed: ${run.output.slice(-500)}`);
      times.push(run.elapsedMs);
    }
    return times;
  };
  const echo = await time('echoscu', peer);
  const find = await time('findscu', findArgs);
  const describe = (t: number[]) => `p50 ${fmt(percentile(t, 50))} ms, p95 ${fmt(percentile(t, 95))} ms`;
  console.log(`C-FIND study by UID (findscu, process start included, ${LATENCY_RUNS} runs): ${describe(find)}`);
  console.log(`C-ECHO (echoscu, the process-start baseline, ${LATENCY_RUNS} runs): ${describe(echo)}; C-FIND p50 beyond it ${fmt(percentile(find, 50) - percentile(echo, 50))} ms`);
}
