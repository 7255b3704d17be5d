import type { DicomJsonDict } from 'dcmjs';
import { AppError, Tag } from '@consilium/shared';
import type { StudyAccess } from '../access/StudyAccess.js';
import type { Db } from '../db/openDatabase.js';
import { type InformationModel, parseFindIdentifier } from '../query/parseFindIdentifier.js';
import { runQuery } from '../query/runQuery.js';
import { type StoredInstance, findInstances } from './findInstances.js';

/** The unique key of each level (PS3.4 C.6.1.1 and C.6.2.1). */
const UNIQUE_KEY: Record<string, string> = {
  PATIENT: Tag.PatientID,
  STUDY: Tag.StudyInstanceUID,
  SERIES: Tag.SeriesInstanceUID,
  IMAGE: Tag.SOPInstanceUID,
};
const UNIQUE_KEYS: ReadonlySet<string> = new Set(Object.values(UNIQUE_KEY));
/** A retrieve names entities by UID, so no cap short of absurd applies. */
const RETRIEVE_MATCH_LIMIT = 1_000_000;

/**
 * The stored instances a C-MOVE or C-GET identifier names (PS3.4 C.4.2.2.1,
 * C.4.3.2.1): the unique keys of the retrieve level and the levels above it
 * (single values or UID lists) run through the query model C-FIND uses, at the
 * level asked for (STUDY for PATIENT, whose rows carry no study), and each match
 * expands to its instances in reading order. Other keys are ignored, as
 * PS3.4 C.4.2.2.1 allows no others. A level's unique key without a value would
 * retrieve everything: it is AppError('InvalidQuery') (A900), like a level the
 * model lacks. No match, or none `access` reaches, is an empty list.
 */
export async function instancesForIdentifier(
  db: Db,
  identifier: DicomJsonDict,
  model: InformationModel,
  access: StudyAccess,
): Promise<StoredInstance[]> {
  const uniqueOnly = Object.fromEntries(Object.entries(identifier).filter(([tag]) => tag === Tag.QueryRetrieveLevel || UNIQUE_KEYS.has(tag)));
  const { query } = parseFindIdentifier(uniqueOnly, model);
  const key = UNIQUE_KEY[query.level] as string;
  if (!query.filters.some((f) => f.tag === key)) {
    throw new AppError('InvalidQuery', `A ${query.level} level retrieve needs a value for its unique key (${key.slice(0, 4)},${key.slice(4)})`);
  }
  const level = query.level === 'PATIENT' ? 'STUDY' : query.level;
  const { rows } = await runQuery(db, { ...query, level, includeFields: new Set(), limit: RETRIEVE_MATCH_LIMIT }, access);
  const scopes = new Map<string, { studyInstanceUID: string; seriesInstanceUID?: string; sopInstanceUIDs?: Set<string> }>();
  for (const row of rows) {
    const studyInstanceUID = String(row.study_instance_uid);
    const seriesInstanceUID = level === 'STUDY' ? undefined : String(row.series_instance_uid);
    const scopeKey = `${studyInstanceUID}/${seriesInstanceUID ?? ''}`;
    const scope = scopes.get(scopeKey) ?? { studyInstanceUID, seriesInstanceUID };
    if (level === 'IMAGE') (scope.sopInstanceUIDs ??= new Set()).add(String(row.sop_instance_uid));
    scopes.set(scopeKey, scope);
  }
  const found: StoredInstance[] = [];
  for (const scope of scopes.values()) {
    const instances = await findInstances(db, scope, access).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'NotFound') return [];
      throw error;
    });
    found.push(...(scope.sopInstanceUIDs ? instances.filter((i) => scope.sopInstanceUIDs?.has(i.sopInstanceUID)) : instances));
  }
  return found;
}
