import type { IngestOutcome } from '../ingest/ingestInstance.js';

export interface ImportTally {
  stored: number;
  replaced: number;
  duplicates: number;
  rejected: { file: string; reason: string }[];
}

/** Adds one file's ingest outcome to the tally. */
export function tallyOutcome(tally: ImportTally, file: string, outcome: IngestOutcome): void {
  switch (outcome.status) {
    case 'stored':
      tally.stored += 1;
      return;
    case 'replaced':
      tally.replaced += 1;
      return;
    case 'duplicate':
      tally.duplicates += 1;
      return;
    case 'conflict':
    case 'rejected':
      tally.rejected.push({ file, reason: outcome.error.message });
      return;
    default: {
      const never: never = outcome;
      throw new Error(`Unexpected outcome ${JSON.stringify(never)}`);
    }
  }
}

/** The summary printed after an import: counts, then each rejected file with its reason. */
export function summarizeImport(tally: ImportTally): string {
  const lines = [
    `stored: ${tally.stored}`,
    `replaced: ${tally.replaced}`,
    `duplicates (already stored, identical): ${tally.duplicates}`,
    `rejected: ${tally.rejected.length}`,
    ...tally.rejected.map((r) => `  ${r.file}: ${r.reason}`),
  ];
  return lines.join('\n');
}
