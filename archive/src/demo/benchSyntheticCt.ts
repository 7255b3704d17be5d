/**
 * Benchmark script (not a test): times generating the default synthetic CT series and
 * optionally writes it out for inspection with other tools, e.g. dcmdump.
 *
 *   npx tsx archive/src/demo/benchSyntheticCt.ts [outputDir]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSyntheticCt } from './syntheticCt.js';

const outputDir = process.argv[2];
if (outputDir !== undefined) mkdirSync(outputDir, { recursive: true });

const started = performance.now();
let files = 0;
let bytes = 0;
for (const file of generateSyntheticCt()) {
  files++;
  bytes += file.length;
  if (outputDir !== undefined) writeFileSync(join(outputDir, `CT${String(files).padStart(4, '0')}.dcm`), file);
}
const ms = performance.now() - started;
process.stdout.write(
  `${files} files, ${(bytes / 1e6).toFixed(1)} MB in ${ms.toFixed(0)} ms ` +
    `(${(ms / files).toFixed(2)} ms/slice${outputDir === undefined ? '' : ', including writing to disk'})\n`,
);
