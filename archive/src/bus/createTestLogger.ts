import pino from 'pino';
import type { Logger } from '../logger.js';

export interface TestLog {
  logger: Logger;
  /** Every log line as written, parsed. */
  records: Array<{ level: number; msg: string } & Record<string, unknown>>;
  /** The raw lines, for checking that nothing sensitive was written. */
  lines: string[];
}

/** A pino logger that keeps its lines in memory so tests can assert on them. */
export function createTestLogger(): TestLog {
  const log: TestLog = { logger: undefined as unknown as Logger, records: [], lines: [] };
  log.logger = pino(
    { level: 'debug' },
    {
      write(line: string) {
        log.lines.push(line);
        log.records.push(JSON.parse(line) as TestLog['records'][number]);
      },
    },
  );
  return log;
}
