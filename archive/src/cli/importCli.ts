import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config.js';
import { createArchive } from '../createArchive.js';
import { createLogger } from '../logger.js';
import { summarizeImport, type ImportTally, tallyOutcome } from './ImportTally.js';

/**
 * `npm run import -- <path...>`: imports DICOM files and folders (recursively)
 * through the one ingest path, with a progress bar and a summary of stored,
 * duplicate and rejected files (with reasons). Uses the same configuration as
 * the server; run it while the server is stopped when on embedded PGlite
 * (PGlite allows one process per data directory).
 */
async function main(argv: string[]): Promise<number> {
  const targets = argv.filter((a) => a !== '--');
  if (targets.length === 0) {
    process.stderr.write('usage: npm run import -- <file-or-folder> [...]\n');
    return 2;
  }
  const files: string[] = [];
  for (const target of targets) files.push(...(await listFiles(path.resolve(target))));
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const archive = await createArchive(config, logger);
  const tally: ImportTally = { stored: 0, replaced: 0, duplicates: 0, rejected: [] };
  const bar = new cliProgress.SingleBar(
    { format: 'importing [{bar}] {value}/{total} files | {stored} stored, {duplicates} duplicates, {rejected} rejected', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(files.length, 0, { stored: 0, duplicates: 0, rejected: 0 });
  try {
    for (const file of files) {
      const bytes = await readFile(file);
      tallyOutcome(tally, file, await archive.ingest(bytes, 'import'));
      bar.increment({ stored: tally.stored + tally.replaced, duplicates: tally.duplicates, rejected: tally.rejected.length });
    }
  } finally {
    bar.stop();
    await archive.close();
  }
  process.stdout.write(`${summarizeImport(tally)}\n`);
  return tally.rejected.length > 0 ? 1 : 0;
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
