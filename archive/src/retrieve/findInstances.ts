import { and, asc, eq, sql } from 'drizzle-orm';
import { AppError } from '@consilium/shared';
import { type StudyAccess, assertStudyAccess } from '../access/StudyAccess.js';
import type { Db } from '../db/openDatabase.js';
import { instances, series, studies } from '../db/schema.js';
import type { InstanceCache } from './InstanceCache.js';

/** What retrieval needs of one stored instance. */
export interface StoredInstance {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
  sopClassUID: string;
  transferSyntaxUID: string;
  blobKey: string;
  sizeBytes: number;
  numberOfFrames: number | null;
  pixelDataOffset: number | null;
  pixelDataLength: number | null;
}

export interface RetrieveScope {
  studyInstanceUID: string;
  seriesInstanceUID?: string | undefined;
  sopInstanceUID?: string | undefined;
}

/**
 * The instances of a study, series or single instance in reading order (series
 * number, instance number). A study `access` does not reach is
 * AppError('Forbidden'); an empty scope is AppError('NotFound'), so every
 * retrieve protocol answers "no such study" the same way.
 */
export async function findInstances(db: Db, scope: RetrieveScope, access: StudyAccess): Promise<StoredInstance[]> {
  await assertStudyAccess(db, access, scope.studyInstanceUID);
  const conditions = [eq(studies.studyInstanceUid, scope.studyInstanceUID)];
  if (scope.seriesInstanceUID) conditions.push(eq(series.seriesInstanceUid, scope.seriesInstanceUID));
  if (scope.sopInstanceUID) conditions.push(eq(instances.sopInstanceUid, scope.sopInstanceUID));
  const rows = await db
    .select({
      studyInstanceUID: studies.studyInstanceUid,
      seriesInstanceUID: series.seriesInstanceUid,
      sopInstanceUID: instances.sopInstanceUid,
      sopClassUID: instances.sopClassUid,
      transferSyntaxUID: instances.transferSyntaxUid,
      blobKey: instances.blobKey,
      sizeBytes: instances.sizeBytes,
      numberOfFrames: instances.numberOfFrames,
      pixelDataOffset: instances.pixelDataOffset,
      pixelDataLength: instances.pixelDataLength,
    })
    .from(instances)
    .innerJoin(series, eq(series.id, instances.seriesFk))
    .innerJoin(studies, eq(studies.id, instances.studyFk))
    .where(and(...conditions))
    .orderBy(sql`${series.seriesNumber} asc nulls last`, asc(series.id), sql`${instances.instanceNumber} asc nulls last`, asc(instances.id));
  if (rows.length === 0) throw new AppError('NotFound', `No instances found for ${describeScope(scope)}`);
  return rows;
}

/**
 * One instance by its full path (the hot path of frame and rendered requests):
 * a single indexed look-up instead of the ordered scope query.
 */
export async function findInstance(
  db: Db,
  scope: Required<Pick<RetrieveScope, 'studyInstanceUID' | 'seriesInstanceUID' | 'sopInstanceUID'>>,
): Promise<StoredInstance> {
  const result = (await db.execute(sql`
    select st.study_instance_uid as "studyInstanceUID", se.series_instance_uid as "seriesInstanceUID",
      i.sop_instance_uid as "sopInstanceUID", i.sop_class_uid as "sopClassUID", i.transfer_syntax_uid as "transferSyntaxUID",
      i.blob_key as "blobKey", i.size_bytes as "sizeBytes", i.number_of_frames as "numberOfFrames",
      i.pixel_data_offset as "pixelDataOffset", i.pixel_data_length as "pixelDataLength"
    from instances i join series se on se.id = i.series_fk join studies st on st.id = i.study_fk
    where i.sop_instance_uid = ${scope.sopInstanceUID} and se.series_instance_uid = ${scope.seriesInstanceUID}
      and st.study_instance_uid = ${scope.studyInstanceUID}`)) as unknown as { rows: StoredInstance[] };
  const row = result.rows[0];
  if (!row) throw new AppError('NotFound', 'No instances found for the requested instance');
  return {
    ...row,
    sizeBytes: Number(row.sizeBytes),
    pixelDataOffset: row.pixelDataOffset === null ? null : Number(row.pixelDataOffset),
    pixelDataLength: row.pixelDataLength === null ? null : Number(row.pixelDataLength),
  };
}

/** findInstance through a look-up cache (see InstanceCache), once `access` lets the caller into the study. */
export async function findInstanceCached(
  db: Db,
  cache: InstanceCache,
  scope: Parameters<typeof findInstance>[1],
  access: StudyAccess,
): Promise<StoredInstance> {
  await assertStudyAccess(db, access, scope.studyInstanceUID);
  const key = `${scope.studyInstanceUID}/${scope.seriesInstanceUID}/${scope.sopInstanceUID}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const instance = await findInstance(db, scope);
  cache.set(key, instance);
  return instance;
}

/**
 * The stored DICOM JSON of every instance in scope, joined into one JSON array
 * by the database, so a 500-instance series is one query and no file reads.
 */
export async function readMetadata(db: Db, scope: RetrieveScope, access: StudyAccess): Promise<string> {
  await assertStudyAccess(db, access, scope.studyInstanceUID);
  const conditions = [sql`st.study_instance_uid = ${scope.studyInstanceUID}`];
  if (scope.seriesInstanceUID) conditions.push(sql`se.series_instance_uid = ${scope.seriesInstanceUID}`);
  if (scope.sopInstanceUID) conditions.push(sql`i.sop_instance_uid = ${scope.sopInstanceUID}`);
  const result = await db.execute(sql`
    select '[' || string_agg(i.metadata, ',' order by se.series_number nulls last, se.id, i.instance_number nulls last, i.id) || ']' as json
    from instances i join series se on se.id = i.series_fk join studies st on st.id = i.study_fk
    where ${sql.join(conditions, sql` and `)}`);
  const json = (result as unknown as { rows: { json: string | null }[] }).rows[0]?.json;
  if (!json) throw new AppError('NotFound', `No instances found for ${describeScope(scope)}`);
  return json;
}

function describeScope(scope: RetrieveScope): string {
  if (scope.sopInstanceUID) return 'the requested instance';
  if (scope.seriesInstanceUID) return 'the requested series';
  return 'the requested study';
}
