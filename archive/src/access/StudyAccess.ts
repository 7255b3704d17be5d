import { type SQL, sql } from 'drizzle-orm';
import { AppError, type Principal } from '@consilium/shared';
import type { KnownAe } from '../config.js';
import type { Db } from '../db/openDatabase.js';
import { pgTextArray } from '../db/pgTextArray.js';

/**
 * Which studies a caller may see. Every query and retrieve of every protocol
 * (QIDO-RS, WADO-RS, C-FIND, C-MOVE, C-GET) takes one, so they agree:
 * - all: administrators, radiologists, devices (known AEs not bound to an account), auth off;
 * - restricted: a physician (studies granted to the account, or referred under its
 *   DICOM name) or a guest (exactly the studies of a share link).
 */
export type StudyAccess =
  | { kind: 'all' }
  | {
      kind: 'restricted';
      /** Account whose grants count (physicians). */
      grantee?: string | undefined;
      /** Referring Physician's Name (0008,0090) the account answers to, matched case-insensitively. */
      referringName?: string | undefined;
      /** Studies granted outright (share links). */
      studies: readonly string[];
    };

export const ALL_STUDIES: StudyAccess = { kind: 'all' };

/** The access of a verified caller; no principal means authentication is off (every study). */
export function studyAccessOf(principal: Principal | undefined): StudyAccess {
  if (!principal || principal.service) return ALL_STUDIES;
  switch (principal.role) {
    case 'admin':
    case 'radiologist':
      return ALL_STUDIES;
    case 'physician':
      return { kind: 'restricted', grantee: principal.userId, referringName: principal.personName || undefined, studies: principal.studies ?? [] };
    case 'guest':
      return { kind: 'restricted', studies: principal.studies ?? [] };
  }
}

/** A known AE bound to an account sees what a physician of that account sees. */
export function studyAccessOfAe(actingFor: KnownAe['actingFor']): StudyAccess {
  return actingFor ? { kind: 'restricted', grantee: actingFor.account, referringName: actingFor.personName, studies: [] } : ALL_STUDIES;
}

/**
 * The SQL condition on the studies row aliased `st` that lets only accessible
 * studies through; undefined when all are.
 */
export function studyCondition(access: StudyAccess): SQL | undefined {
  if (access.kind === 'all') return undefined;
  const alternatives: SQL[] = [];
  if (access.studies.length > 0) alternatives.push(sql`st.study_instance_uid = any(${pgTextArray([...access.studies])}::text[])`);
  if (access.grantee) {
    alternatives.push(
      sql`exists (select 1 from study_grants g where g.grantee = ${access.grantee} and g.study_instance_uid = st.study_instance_uid)`,
    );
  }
  if (access.referringName) alternatives.push(sql`lower(st.referring_physician_name) = ${access.referringName.toLowerCase()}`);
  return alternatives.length === 0 ? sql`false` : sql`(${sql.join(alternatives, sql` or `)})`;
}

/**
 * Refuses a retrieve of a study the caller may not see: AppError('Forbidden'),
 * whether or not the study exists (a refusal must not reveal what is stored).
 */
export async function assertStudyAccess(db: Db, access: StudyAccess, studyInstanceUID: string): Promise<void> {
  if (access.kind === 'all' || access.studies.includes(studyInstanceUID)) return;
  const condition = studyCondition(access) ?? sql`true`;
  const result = await db.execute(sql`select 1 from studies st where st.study_instance_uid = ${studyInstanceUID} and ${condition}`);
  if ((result as unknown as { rows: unknown[] }).rows.length === 0) {
    throw new AppError('Forbidden', 'This study is not shared with you');
  }
}
