import { type SQL, and, asc, sql } from 'drizzle-orm';
import type { DicomJsonDict } from 'dcmjs';
import { assertNever } from '@consilium/shared';
import type { Db } from '../db/openDatabase.js';
import { pgTextArray } from '../db/pgTextArray.js';
import { scheduledProcedureSteps as sps } from '../db/schema.js';
import { toLikePattern } from '../query/runQuery.js';
import { toWorklistItem } from './toWorklistItem.js';
import type { WorklistFilter, WorklistQuery } from './WorklistQuery.js';

export interface WorklistResult {
  /** MWL items (PS3.4 Table K.6-1) in DICOM JSON, by scheduled start. */
  items: DicomJsonDict[];
  /** More steps matched than `limit` let through. */
  truncated: boolean;
}

/**
 * Runs a worklist query (PS3.4 K.6.1.2) on PostgreSQL or PGlite. Person names
 * match case-insensitively (PS3.4 C.2.2.2.1 leaves case to the SCP for PN, and
 * users type names in any case), other text exactly; DA and TM ranges compare
 * as strings, times normalised to HHMMSS.FFFFFF. Date and time keys match
 * independently: combined date-time matching (C.2.2.2.5 d) is only done when
 * negotiated, and the archive does not offer it.
 */
export async function findScheduledSteps(db: Db, query: WorklistQuery): Promise<WorklistResult> {
  const rows = await db
    .select()
    .from(sps)
    .where(and(...query.filters.map(filterCondition)))
    .orderBy(asc(sps.startDate), asc(sps.startTime), asc(sps.id))
    .limit(query.limit + 1);
  const truncated = rows.length > query.limit;
  return { items: (truncated ? rows.slice(0, query.limit) : rows).map(toWorklistItem), truncated };
}

function filterCondition({ attribute, matcher }: WorklistFilter): SQL {
  const column = sps[attribute.field];
  const folded = attribute.vr === 'PN';
  const lhs = folded ? sql`lower(${column})` : sql`${column}`;
  const fold = (value: string) => (folded ? value.toLowerCase() : value);
  switch (matcher.kind) {
    case 'single':
      return sql`${lhs} = ${fold(matcher.value)}`;
    case 'list':
      return sql`${lhs} = any(${pgTextArray(matcher.values.map(fold))}::text[])`;
    case 'wildcard':
      return sql`${lhs} like ${toLikePattern(fold(matcher.pattern))}`;
    case 'range': {
      const key = attribute.vr === 'TM' ? normalizedTime(sql`${column}`) : sql`${column}`;
      const parts: SQL[] = [sql`${column} <> ''`];
      if (matcher.from !== undefined) parts.push(sql`${key} >= ${matcher.from}`);
      if (matcher.to !== undefined) parts.push(sql`${key} <= ${matcher.to}`);
      return sql`(${sql.join(parts, sql` and `)})`;
    }
    default:
      return assertNever(matcher);
  }
}

/** A stored TM as HHMMSS.FFFFFF, the form parseMatcher gives range bounds in; left-out components read as zeros. */
function normalizedTime(column: SQL): SQL {
  return sql`rpad(case when strpos(${column}, '.') > 0 then ${column} else rpad(${column}, 6, '0') || '.' end, 13, '0')`;
}
