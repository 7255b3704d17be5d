import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/openDatabase.js';
import { makeInstance, newUid } from '../testing/makeInstance.js';
import { startArchiveProcess } from '../testing/archiveProcess.js';
import { hasDcmtk } from '../testing/dcmtk.js';
import { benchDimseRetrieve } from './benchDimseRetrieve.js';
import { benchDimseStore } from './benchDimseStore.js';
import { postStow } from '../testing/stowRequest.js';
import { populateIndex } from './populateIndex.js';
import { fmt, percentile, timeMs } from './stats.js';

/**
 * `npm run bench -w archive`: the archive's performance figures on this machine,
 * with the server in its own process and the client here, over loopback.
 * Targets (issue archive-core): STOW ingest >= 300 inst/s at 128x128 from one
 * client; QIDO p95 < 20 ms at 100k instances; series metadata (500 instances)
 * < 50 ms; WADO-RS frames >= 1500/s at 512x512 uncompressed.
 */
async function main(): Promise<void> {
  const parts = selectedParts(process.argv.slice(2));
  const backend = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
  console.log(`Consilium archive benchmark (${backend}, ${os.cpus().length} cores, Node ${process.version}, load ${loadAverage()}; parts: ${[...parts].join(' ')})\n`);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'consilium-bench-'));
  try {
    if (parts.has('qido')) {
      // 100k instances in the index before the server starts (PGlite allows one process at a time).
      const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir });
      const [populateMs] = await timeMs(() => populateIndex(db.db, 1000, 10));
      await db.close();
      console.log(`index populated with 100,000 instances (1,000 studies) in ${fmt(populateMs / 1000)} s`);
    }
    const server = await startArchiveProcess({ CONSILIUM_DATA_DIR: dataDir, DIMSE_ACCEPT_UNKNOWN: 'true' });
    try {
      if (parts.has('stow') || parts.has('frames')) {
        await benchIngest(server.dicomwebUrl, 128, 1000, 50);
        const bigSeries = await benchIngest(server.dicomwebUrl, 512, 300, 20);
        if (parts.has('frames')) await benchFrames(server.dicomwebUrl, bigSeries);
      }
      if (parts.has('qido')) await benchQido(server.dicomwebUrl);
      if (parts.has('metadata')) await benchMetadata(server.dicomwebUrl);
      if (parts.has('dimse')) {
        if (hasDcmtk()) await benchDimseStore('127.0.0.1', server.dimsePort);
        else console.log('DIMSE figures skipped: DCMTK (storescu, findscu) is not installed');
      }
    } finally {
      await server.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  if (parts.has('retrieve')) await benchDimseRetrieve({});
  console.log(`\nload at the end: ${loadAverage()}`);
}

/** The bench's parts; `npm run bench -w archive -- dimse retrieve` runs only those (none named: all). */
const PARTS = ['stow', 'frames', 'qido', 'metadata', 'dimse', 'retrieve'] as const;

function selectedParts(args: string[]): Set<string> {
  const unknown = args.filter((a) => !(PARTS as readonly string[]).includes(a));
  if (unknown.length > 0) throw new Error(`unknown bench part(s) ${unknown.join(', ')}; known: ${PARTS.join(', ')}`);
  return new Set(args.length > 0 ? args : PARTS);
}

/** The 1/5/15-minute load averages: other work on the machine skews every figure. */
function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}

interface SeriesRef {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUIDs: string[];
}

async function benchIngest(root: string, size: number, count: number, perRequest: number): Promise<SeriesRef> {
  const ref: SeriesRef = { studyInstanceUID: newUid(), seriesInstanceUID: newUid(), sopInstanceUIDs: [] };
  const files = Array.from({ length: count }, (_, i) => {
    const sopInstanceUID = newUid();
    ref.sopInstanceUIDs.push(sopInstanceUID);
    return makeInstance({ ...ref, sopInstanceUID, instanceNumber: i + 1, rows: size, columns: size });
  });
  const bytes = files.reduce((sum, f) => sum + f.length, 0);
  const [ms] = await timeMs(async () => {
    for (let i = 0; i < files.length; i += perRequest) await stow(root, files.slice(i, i + perRequest));
  });
  console.log(
    `STOW-RS ingest ${size}x${size}: ${count} instances in ${fmt(ms)} ms = ${fmt((count / ms) * 1000, 0)} instances/s, ` +
      `${fmt(bytes / 1024 / 1024 / (ms / 1000))} MB/s (${perRequest} per request, one client)`,
  );
  return ref;
}

async function stow(root: string, files: Buffer[]): Promise<void> {
  const response = await postStow(root, files);
  if (response.status !== 200) throw new Error(`STOW failed: ${response.status} ${await response.text()}`);
}

async function benchQido(root: string): Promise<void> {
  const queries = [
    (i: number) => `PatientName=PATIENT${(i % 1000) + 1}*`,
    (i: number) => `PatientID=BENCH-${(i % 1000) + 1}`,
    (i: number) => `StudyDate=2024${String((i % 12) + 1).padStart(2, '0')}01-2024${String((i % 12) + 1).padStart(2, '0')}28`,
    (i: number) => `ModalitiesInStudy=${['CT', 'MR', 'US', 'CR', 'PT'][i % 5]}&limit=50`,
    (i: number) => `AccessionNumber=ACC${i + 1}`,
    () => 'limit=25&offset=100',
  ];
  for (let i = 0; i < 20; i++) await get(`${root}/studies?${queries[i % queries.length]!(i)}`, 'application/dicom+json');
  const latencies: number[] = [];
  for (let i = 0; i < 600; i++) {
    const [ms] = await timeMs(() => get(`${root}/studies?${queries[i % queries.length]!(i)}`, 'application/dicom+json'));
    latencies.push(ms);
  }
  console.log(`QIDO-RS study search at 100k instances: p50 ${fmt(percentile(latencies, 50))} ms, p95 ${fmt(percentile(latencies, 95))} ms (600 queries, 6 kinds)`);
}

async function benchMetadata(root: string): Promise<void> {
  const ref = await benchIngestQuiet(root, 500);
  const url = `${root}/studies/${ref.studyInstanceUID}/series/${ref.seriesInstanceUID}/metadata`;
  for (let i = 0; i < 5; i++) await get(url, 'application/dicom+json');
  const latencies: number[] = [];
  let size = 0;
  for (let i = 0; i < 50; i++) {
    const [ms, body] = await timeMs(() => get(url, 'application/dicom+json'));
    latencies.push(ms);
    size = body.length;
  }
  console.log(`WADO-RS series metadata, 500 instances (${fmt(size / 1024 / 1024, 2)} MB): p50 ${fmt(percentile(latencies, 50))} ms, p95 ${fmt(percentile(latencies, 95))} ms`);
}

async function benchIngestQuiet(root: string, count: number): Promise<SeriesRef> {
  const ref: SeriesRef = { studyInstanceUID: newUid(), seriesInstanceUID: newUid(), sopInstanceUIDs: [] };
  const files = Array.from({ length: count }, (_, i) => makeInstance({ ...ref, instanceNumber: i + 1, rows: 64, columns: 64 }));
  for (let i = 0; i < files.length; i += 100) await stow(root, files.slice(i, i + 100));
  return ref;
}

/**
 * Frames with a lean client (node:http with keep-alive, bodies counted, not
 * kept) so that the client, sharing the machine's two cores, takes as little
 * as it can from the server being measured.
 */
async function benchFrames(root: string, series: SeriesRef): Promise<void> {
  const accept = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
  const url = (sop: string) => `${root}/studies/${series.studyInstanceUID}/series/${series.seriesInstanceUID}/instances/${sop}/frames/1`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const fetchFrame = (target: string) =>
    new Promise<number>((resolve, reject) => {
      http
        .get(target, { agent, headers: { Accept: accept } }, (response) => {
          let bytes = 0;
          response.on('data', (chunk: Buffer) => (bytes += chunk.length));
          response.on('end', () => (response.statusCode === 200 ? resolve(bytes) : reject(new Error(`frame ${response.statusCode}`))));
        })
        .on('error', reject);
    });
  const uids = series.sopInstanceUIDs;
  for (const concurrency of [1, 4, 8]) {
    const total = uids.length * 3;
    let next = 0;
    const [ms] = await timeMs(() =>
      Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < total) await fetchFrame(url(uids[next++ % uids.length]!));
        }),
      ),
    );
    console.log(`WADO-RS frames 512x512 uncompressed, ${concurrency} concurrent: ${total} frames in ${fmt(ms)} ms = ${fmt((total / ms) * 1000, 0)} frames/s`);
  }
  agent.destroy();
}

async function get(url: string, accept: string): Promise<Buffer> {
  const response = await fetch(url, { headers: { Accept: accept } });
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`GET ${url} → ${response.status}: ${body.toString().slice(0, 200)}`);
  return body;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
