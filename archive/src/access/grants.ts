import { and, asc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../db/openDatabase.js';
import { studyGrants } from '../db/schema.js';

export interface StudyGrant {
  studyInstanceUID: string;
  grantee: string;
  grantedBy: string;
  grantedAt: string;
}

const COLUMNS = {
  studyInstanceUID: studyGrants.studyInstanceUid,
  grantee: studyGrants.grantee,
  grantedBy: studyGrants.grantedBy,
  grantedAt: studyGrants.grantedAt,
};

/** Grants a study to an account; false when it already was (the first grant stands). */
export async function grantStudy(db: Db, grant: Omit<StudyGrant, 'grantedAt'>): Promise<boolean> {
  const inserted = await db
    .insert(studyGrants)
    .values({ studyInstanceUid: grant.studyInstanceUID, grantee: grant.grantee, grantedBy: grant.grantedBy })
    .onConflictDoNothing()
    .returning({ id: studyGrants.id });
  return inserted.length > 0;
}

/** Withdraws a grant; false when there was none. */
export async function revokeGrant(db: Db, studyInstanceUID: string, grantee: string): Promise<boolean> {
  const deleted = await db
    .delete(studyGrants)
    .where(and(eq(studyGrants.studyInstanceUid, studyInstanceUID), eq(studyGrants.grantee, grantee)))
    .returning({ id: studyGrants.id });
  return deleted.length > 0;
}

/** Grants of an account, of a study, or both (oldest first, at most 1000). */
export async function listGrants(db: Db, filter: { grantee?: string | undefined; studyInstanceUID?: string | undefined }): Promise<StudyGrant[]> {
  const conditions: SQL[] = [];
  if (filter.grantee) conditions.push(eq(studyGrants.grantee, filter.grantee));
  if (filter.studyInstanceUID) conditions.push(eq(studyGrants.studyInstanceUid, filter.studyInstanceUID));
  return db
    .select(COLUMNS)
    .from(studyGrants)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(asc(studyGrants.id))
    .limit(1000);
}
