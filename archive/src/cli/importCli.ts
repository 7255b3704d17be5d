import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config.js';
import { createArchive } from '../createArchive.js';
import { createLogger } from '../logger.js';
import { type ImportTally, summarizeImport, tallyOutcome } from './ImportTally.js';
import { type ImportSink, directSink, stowSink } from './importSinks.js';

/** Files read and ingested together: one index transaction per batch. */
const BATCH_FILES = 32;

/**
 * `npm run import -- <path...>`: imports DICOM files and folders (recursively)
 * with a progress bar and a summary of stored, duplicate and rejected files
 * (with reasons). When the archive is running it sends the files to it over
 * STOW-RS with CONSILIUM_TOKEN as its service token (PGlite admits one process
 * per data directory); otherwise it opens the
 * archive's data itself. Either way every file goes through `ingestInstance`.
 */
async function main(argv: string[]): Promise<number> {
  const targets = argv.filter((a) => a !== '--');
  if (targets.length === 0) {
    process.stderr.write('usage: npm run import -- <file-or-folder> [...]\n');
    return 2;
  }
  const files: string[] = [];
  // npm runs scripts in the package folder; INIT_CWD is where the user typed the command.
  const base = process.env.INIT_CWD ?? process.cwd();
  for (const target of targets) files.push(...(await listFiles(path.resolve(base, target))));
  const config = loadConfig();
  const running = await runningArchive(config.host, config.httpPort);
  let sink: ImportSink;
  if (running) {
    process.stdout.write(`Importing ${files.length} files into the running archive at ${running}\n`);
    sink = stowSink(running, process.env.CONSILIUM_TOKEN || undefined);
  } else {
    process.stdout.write(`Importing ${files.length} files into ${config.databaseUrl ? 'PostgreSQL' : config.dataDir}\n`);
    sink = directSink(await createArchive(config, createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel)));
  }
  const tally: ImportTally = { stored: 0, replaced: 0, duplicates: 0, rejected: [] };
  const bar = new cliProgress.SingleBar(
    { format: 'importing [{bar}] {value}/{total} files | {stored} stored, {duplicates} duplicates, {rejected} rejected', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(files.length, 0, { stored: 0, duplicates: 0, rejected: 0 });
  try {
    for (let i = 0; i < files.length; i += BATCH_FILES) {
      const batch = files.slice(i, i + BATCH_FILES);
      const outcomes = await sink.ingest(await Promise.all(batch.map((f) => readFile(f))));
      outcomes.forEach((outcome, j) => tallyOutcome(tally, batch[j]!, outcome));
      bar.increment(batch.length, { stored: tally.stored + tally.replaced, duplicates: tally.duplicates, rejected: tally.rejected.length });
    }
  } finally {
    bar.stop();
    await sink.close();
  }
  process.stdout.write(`${summarizeImport(tally)}\n`);
  return tally.rejected.length > 0 ? 1 : 0;
}

/** The running archive's DICOMweb root, if its health check answers. */
async function runningArchive(host: string, port: number): Promise<string | undefined> {
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  try {
    const response = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(1000) });
    return response.ok ? `${base}/dicomweb` : undefined;
  } catch {
    return undefined;
  }
}

async function listFiles(target: string): Promise<string[]> {
  const info = await stat(target);
  if (info.isFile()) return [target];
  const entries = await readdir(target, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`import failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
