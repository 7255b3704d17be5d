import type { QueryOptions } from '@electric-sql/pglite';
import { NoopCache } from 'drizzle-orm/cache/core';
import { NoopLogger } from 'drizzle-orm/logger';
import { PglitePreparedQuery } from 'drizzle-orm/pglite/session';
import { describe, expect, it } from 'vitest';
import { DRIZZLE_PGLITE_PARSERS } from './drizzlePgliteParsers.js';

/** The parsers drizzle's PGlite driver sends with a query, caught by a client that only records. */
async function drizzleQueryParsers(): Promise<NonNullable<QueryOptions['parsers']>> {
  let seen: QueryOptions | undefined;
  const recorder = {
    query: (_query: string, _params: unknown[], options: QueryOptions) => {
      seen = options;
      return Promise.resolve({ rows: [], fields: [] });
    },
  };
  const prepared = new PglitePreparedQuery(recorder as never, 'select 1', [], new NoopLogger(), new NoopCache(), undefined, undefined, undefined, undefined, false);
  await prepared.execute();
  if (!seen?.parsers) throw new Error('drizzle sent no parsers');
  return seen.parsers;
}

describe('DRIZZLE_PGLITE_PARSERS', () => {
  it('are the parsers drizzle sends with each query: the same types, the same results', async () => {
    const theirs = await drizzleQueryParsers();
    expect(Object.keys(DRIZZLE_PGLITE_PARSERS).sort()).toEqual(Object.keys(theirs).sort());
    for (const [oid, parse] of Object.entries(theirs)) expect(DRIZZLE_PGLITE_PARSERS[Number(oid)]!('x y')).toBe(parse('x y', Number(oid)));
  });
});
