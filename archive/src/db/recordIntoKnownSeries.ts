import { sql } from 'drizzle-orm';
import type { ParsedInstance } from '../ingest/parseInstance.js';
import type { StoredBlob } from '../store/BlobStore.js';
import type { SeriesRowIds } from './KnownSeriesCache.js';
import type { Db } from './openDatabase.js';

type Rows<T> = { rows: T[] };

/**
 * Indexes one new instance of a series the index already holds, in a single
 * statement (its own transaction): the instance row, and the series' and
 * study's instance counts. Returns false, having written nothing, when the SOP
 * Instance UID is already indexed or the series row is no longer the one
 * `ids` names; the caller then takes the full path (`recordInstances`), which
 * classifies duplicates and creates what is missing.
 *
 * Why: C-STORE waits for each instance, so index latency is the store rate of
 * one association. The full path is six statements in a transaction (~4 ms on
 * PGlite here); an instance into a known series needs one (~1 ms).
 */
export async function recordIntoKnownSeries(db: Db, item: { parsed: ParsedInstance; blob: StoredBlob }, ids: SeriesRowIds): Promise<boolean> {
  const { parsed, blob } = item;
  const result = (await db.execute(sql`
    with ins as (
      insert into instances (series_fk, study_fk, sop_instance_uid, sop_class_uid, instance_number, transfer_syntax_uid, rows,
        columns, number_of_frames, blob_key, sha256, size_bytes, pixel_data_offset, pixel_data_length, metadata)
      select se.id, se.study_fk, ${parsed.sopInstanceUID}, ${parsed.sopClassUID}, ${parsed.instance.instanceNumber ?? null}::int,
        ${parsed.transferSyntaxUID}, ${parsed.instance.rows ?? null}::int, ${parsed.instance.columns ?? null}::int,
        ${parsed.instance.numberOfFrames ?? null}::int, ${blob.key}, ${blob.sha256}, ${blob.sizeBytes}::bigint,
        ${parsed.pixelData?.offset ?? null}::bigint, ${parsed.pixelData?.length ?? null}::bigint, ${parsed.metadata}
      from series se
      where se.id = ${ids.seriesId}::bigint and se.study_fk = ${ids.studyId}::bigint and se.series_instance_uid = ${parsed.seriesInstanceUID}
      on conflict (sop_instance_uid) do nothing
      returning 1
    ), counted_series as (
      update series set number_of_instances = number_of_instances + 1
      where id = ${ids.seriesId}::bigint and exists (select 1 from ins)
    ), counted_study as (
      update studies set number_of_instances = number_of_instances + 1, updated_at = now()
      where id = ${ids.studyId}::bigint and exists (select 1 from ins)
    )
    select count(*)::int as inserted from ins`)) as unknown as Rows<{ inserted: number }>;
  return Number(result.rows[0]?.inserted ?? 0) === 1;
}

/** Row ids of a series by its UID, to remember after a full record created or found it. */
export async function seriesRowIds(db: Db, seriesInstanceUID: string): Promise<SeriesRowIds | undefined> {
  const result = (await db.execute(sql`
    select id::text as series_id, study_fk::text as study_id from series where series_instance_uid = ${seriesInstanceUID}`)) as unknown as Rows<{
    series_id: string;
    study_id: string;
  }>;
  const row = result.rows[0];
  return row ? { seriesId: row.series_id, studyId: row.study_id } : undefined;
}
