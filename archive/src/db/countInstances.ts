import { sql } from 'drizzle-orm';
import type { Db } from './openDatabase.js';
import { instances } from './schema.js';

/** How many instances the index holds (seeding runs only on an empty archive). */
export async function countInstances(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(instances);
  return row?.n ?? 0;
}
