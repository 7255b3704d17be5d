import { types } from '@electric-sql/pglite';

const asText = (value: string) => value;

/**
 * The result parsers drizzle-orm's PGlite driver (0.45) passes with every
 * query: dates, times and intervals come back as the server's text, which
 * drizzle's column mappers then read. The worker's PGlite has them as its own
 * defaults (functions cannot cross to a worker with each query; in process,
 * PGlite would also copy its 318 default parsers to merge them, ~80 us a
 * query), so results are what drizzle gets from PGlite in process. Checked
 * against drizzle's own in drizzlePgliteParsers.test.ts.
 */
export const DRIZZLE_PGLITE_PARSERS: Record<number, (value: string) => string> = {
  [types.TIMESTAMP]: asText,
  [types.TIMESTAMPTZ]: asText,
  [types.INTERVAL]: asText,
  [types.DATE]: asText,
  1231: asText, // numeric[]
  1115: asText, // timestamp[]
  1185: asText, // timestamptz[]
  1187: asText, // interval[]
  1182: asText, // date[]
};
