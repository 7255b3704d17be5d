import { type SQL, sql } from 'drizzle-orm';
import { type StudyAccess, studyCondition } from '../access/StudyAccess.js';
import type { Db } from '../db/openDatabase.js';
import { pgTextArray } from '../db/pgTextArray.js';
import { ATTRIBUTE_BY_TAG, type QueryAttribute } from './queryAttributes.js';
import type { Matcher, QueryFilter, StudyQuery } from './QueryModel.js';

/** One matched row: every index column of the entities visible at the level. */
export type QueryRow = Record<string, unknown>;

export interface QueryResult {
  rows: QueryRow[];
  /** More rows matched than `limit` let through. */
  truncated: boolean;
}

const PATIENT_STUDY_COLUMNS = `p.patient_name, p.patient_id, p.issuer_of_patient_id, p.patient_birth_date, p.patient_sex,
  st.study_instance_uid, st.study_date, st.study_time, st.accession_number, st.referring_physician_name,
  st.study_id, st.study_description, st.timezone_offset_from_utc, st.modalities_in_study,
  st.sop_classes_in_study, st.number_of_series, st.number_of_instances`;
const SERIES_COLUMNS = `se.series_instance_uid, se.modality, se.series_number, se.series_description, se.series_date,
  se.series_time, se.body_part_examined, se.pps_start_date, se.pps_start_time,
  se.scheduled_procedure_step_ids, se.requested_procedure_ids, se.number_of_instances as series_number_of_instances`;
const INSTANCE_COLUMNS = `i.sop_instance_uid, i.sop_class_uid, i.instance_number, i.rows, i.columns, i.number_of_frames,
  i.transfer_syntax_uid, i.metadata`;

/** The columns of the entities visible at each level. */
const SELECT: Record<StudyQuery['level'], SQL> = {
  PATIENT: sql.raw(`p.patient_name, p.patient_id, p.issuer_of_patient_id, p.patient_birth_date, p.patient_sex,
    (select count(*) from studies s2 where s2.patient_fk = p.id)::int as number_of_patient_related_studies`),
  STUDY: sql.raw(PATIENT_STUDY_COLUMNS),
  SERIES: sql.raw(`${PATIENT_STUDY_COLUMNS}, ${SERIES_COLUMNS}`),
  IMAGE: sql.raw(`${PATIENT_STUDY_COLUMNS}, ${SERIES_COLUMNS}, ${INSTANCE_COLUMNS}`),
};

const FROM: Record<StudyQuery['level'], SQL> = {
  PATIENT: sql.raw('patients p'),
  STUDY: sql.raw('studies st join patients p on p.id = st.patient_fk'),
  SERIES: sql.raw('series se join studies st on st.id = se.study_fk join patients p on p.id = st.patient_fk'),
  IMAGE: sql.raw(
    'instances i join series se on se.id = i.series_fk join studies st on st.id = i.study_fk join patients p on p.id = st.patient_fk',
  ),
};

const ORDER: Record<StudyQuery['level'], SQL> = {
  PATIENT: sql.raw('p.patient_name, p.id'),
  STUDY: sql.raw('st.study_date desc, st.study_time desc, st.id desc'),
  SERIES: sql.raw('st.id, se.series_number nulls last, se.id'),
  IMAGE: sql.raw('se.id, i.instance_number nulls last, i.id'),
};

/**
 * Runs a query of the shared model against the index (PostgreSQL or PGlite),
 * over the studies `access` lets through (a patient is visible through any of
 * them, and counts only those).
 */
export async function runQuery(db: Db, query: StudyQuery, access: StudyAccess): Promise<QueryResult> {
  const conditions: SQL[] = [];
  const accessible = studyCondition(access);
  let select = SELECT[query.level];
  if (accessible && query.level === 'PATIENT') {
    conditions.push(sql`exists (select 1 from studies st where st.patient_fk = p.id and ${accessible})`);
    select = sql`p.patient_name, p.patient_id, p.issuer_of_patient_id, p.patient_birth_date, p.patient_sex,
      (select count(*) from studies st where st.patient_fk = p.id and ${accessible})::int as number_of_patient_related_studies`;
  } else if (accessible) {
    conditions.push(accessible);
  }
  if (query.scope.studyInstanceUID) conditions.push(sql`st.study_instance_uid = ${query.scope.studyInstanceUID}`);
  if (query.scope.seriesInstanceUID) conditions.push(sql`se.series_instance_uid = ${query.scope.seriesInstanceUID}`);
  for (const filter of query.filters) conditions.push(filterCondition(filter, query.fuzzy));
  const where = conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const statement = sql`select ${select} from ${FROM[query.level]} ${where}
    order by ${ORDER[query.level]} limit ${query.limit + 1} offset ${query.offset}`;
  const result = await db.execute(statement);
  const rows = (result as unknown as { rows: QueryRow[] }).rows;
  const truncated = rows.length > query.limit;
  return { rows: truncated ? rows.slice(0, query.limit) : rows, truncated };
}

function filterCondition(filter: QueryFilter, fuzzy: boolean): SQL {
  const attr = ATTRIBUTE_BY_TAG.get(filter.tag);
  if (!attr) throw new Error(`No index column for ${filter.tag}`);
  const column = sql.raw(attr.column);
  if (attr.array) return arrayCondition(column, filter.matcher);
  if (attr.vr === 'PN') return personNameCondition(column, filter.matcher, fuzzy);
  return scalarCondition(attr, column, filter.matcher);
}

function scalarCondition(attr: QueryAttribute, column: SQL, m: Matcher): SQL {
  const isInteger = attr.vr === 'IS' || attr.vr === 'US';
  // TM compares as HHMMSS.FFFFFF, the form parseMatcher gives its bounds.
  const lhs =
    attr.vr === 'TM'
      ? sql`rpad(case when strpos(${column}, '.') > 0 then ${column} else rpad(${column}, 6, '0') || '.' end, 13, '0')`
      : column;
  switch (m.kind) {
    case 'single':
      return isInteger ? sql`${column} = ${Number(m.value)}` : sql`${column} = ${m.value}`;
    case 'list':
      return sql`${column} = any(${pgTextArray(m.values)}::text[])`;
    case 'wildcard':
      return sql`${column} like ${toLikePattern(m.pattern)}`;
    case 'range': {
      const parts: SQL[] = [sql`${column} <> ''`];
      if (m.from !== undefined) parts.push(sql`${lhs} >= ${m.from}`);
      if (m.to !== undefined) parts.push(sql`${lhs} <= ${m.to}`);
      return sql`(${sql.join(parts, sql` and `)})`;
    }
    default:
      return assertNever(m);
  }
}

/** Person names match case-insensitively; fuzzy matching also matches any name component's prefix. */
function personNameCondition(column: SQL, m: Matcher, fuzzy: boolean): SQL {
  const lower = sql`lower(${column})`;
  switch (m.kind) {
    case 'single': {
      const value = m.value.toLowerCase();
      if (!fuzzy) return sql`${lower} = ${value}`;
      const escaped = escapeLike(value);
      return sql`(${lower} like ${`${escaped}%`} or ${lower} like ${`%^${escaped}%`} or ${lower} like ${`% ${escaped}%`})`;
    }
    case 'wildcard':
      return sql`${lower} like ${toLikePattern(m.pattern.toLowerCase())}`;
    case 'list':
      return sql`${lower} = any(${pgTextArray(m.values.map((v) => v.toLowerCase()))}::text[])`;
    case 'range':
      throw new Error('PN attributes have no range matching');
    default:
      return assertNever(m);
  }
}

function arrayCondition(column: SQL, m: Matcher): SQL {
  switch (m.kind) {
    case 'single':
      return sql`${m.value}::text = any(${column})`;
    case 'list':
      return sql`${column} && ${pgTextArray(m.values)}::text[]`;
    case 'wildcard':
      return sql`exists (select 1 from unnest(${column}) as v(x) where v.x like ${toLikePattern(m.pattern)})`;
    case 'range':
      throw new Error('multi-valued attributes have no range matching');
    default:
      return assertNever(m);
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** PS3.4 C.2.2.2.4: `*` matches any sequence, `?` any single character. */
export function toLikePattern(pattern: string): string {
  return escapeLike(pattern).replace(/\*/g, '%').replace(/\?/g, '_');
}

function assertNever(value: never): never {
  throw new Error(`Unexpected matcher ${JSON.stringify(value)}`);
}
