import { inArray } from 'drizzle-orm';
import type { Db } from '../db/openDatabase.js';
import { instances } from '../db/schema.js';

/** UIDs per query: well under PostgreSQL's 65,535 bind parameters, and a short statement. */
const UIDS_PER_QUERY = 500;

/**
 * The SOP Class UID each of `sopInstanceUids` is stored under; a UID the
 * archive does not hold is absent from the map. Storage Commitment (PS3.4
 * J.3.3.1.2) commits only to instances stored under the class the requester
 * names, so it needs both facts in one look-up per batch (the SOP Instance UID
 * index is unique).
 */
export async function storedSopClasses(db: Db, sopInstanceUids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(sopInstanceUids)];
  const found = new Map<string, string>();
  for (let start = 0; start < unique.length; start += UIDS_PER_QUERY) {
    const batch = unique.slice(start, start + UIDS_PER_QUERY);
    const rows = await db
      .select({ sopInstanceUid: instances.sopInstanceUid, sopClassUid: instances.sopClassUid })
      .from(instances)
      .where(inArray(instances.sopInstanceUid, batch));
    for (const row of rows) found.set(row.sopInstanceUid, row.sopClassUid);
  }
  return found;
}
