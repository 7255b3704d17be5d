import { createHash } from 'node:crypto';
import journal from './migrations/meta/_journal.json';
import auth0000 from './migrations/0000_auth.sql?raw';
import shares0001 from './migrations/0001_shares.sql?raw';
import apiKeys0002 from './migrations/0002_api_keys.sql?raw';

/** drizzle's MigrationMeta: what its migrators read from a migrations folder. */
export interface MigrationMeta {
  sql: string[];
  bps: boolean;
  folderMillis: number;
  hash: string;
}

/**
 * The SQL of every migration, by journal tag. Bundled into the server code
 * (`?raw` imports; see next.config.ts) rather than read from a folder: a
 * Next.js server bundle has no stable path back to its source files.
 */
const SQL_BY_TAG: Record<string, string> = { '0000_auth': auth0000, '0001_shares': shares0001, '0002_api_keys': apiKeys0002 };

/** The journal's migrations as drizzle's folder reader would return them (same split, same hash). */
export function embeddedMigrations(): MigrationMeta[] {
  return journal.entries.map((entry) => {
    const text = SQL_BY_TAG[entry.tag];
    if (text === undefined) throw new Error(`migration ${entry.tag} is in the journal but not embedded`);
    return {
      sql: text.split('--> statement-breakpoint'),
      bps: entry.breakpoints,
      folderMillis: entry.when,
      hash: createHash('sha256').update(text).digest('hex'),
    };
  });
}
