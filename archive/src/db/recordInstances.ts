import { sql } from 'drizzle-orm';
import type { ParsedInstance } from '../ingest/parseInstance.js';
import type { StoredBlob } from '../store/BlobStore.js';
import { classifyBatch, type BatchPlan } from './classifyBatch.js';
import type { Db } from './openDatabase.js';
import { pgTextArray as arr } from './pgTextArray.js';

export type RecordOutcome =
  | { kind: 'stored' }
  | { kind: 'replaced'; previousBlobKey: string }
  | { kind: 'duplicate-same' }
  | { kind: 'duplicate-different' }
  | { kind: 'series-in-other-study' };

export interface RecordItem {
  parsed: ParsedInstance;
  blob: StoredBlob;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Rows<T> = { rows: T[] };

/**
 * Indexes a batch of instances in one transaction: patient, study, series and
 * instance rows, and NumberOfStudyRelatedSeries/Instances,
 * NumberOfSeriesRelatedInstances, ModalitiesInStudy and SOPClassesInStudy kept in
 * step. A SOP Instance UID already indexed (or earlier in the batch) is a
 * duplicate: same bytes are a no-op; different bytes are kept-first unless
 * `overwrite` is set.
 *
 * Multi-row statements over `unnest` arrays rather than one ORM call per row and
 * table: on PGlite each statement is a trip through the wasm engine, and a STOW
 * request of 50 instances costs the same handful of statements as one instance.
 * The upserts' row locks serialise concurrent batches into one study, so the
 * counts stay exact on PostgreSQL.
 */
export async function recordInstances(db: Db, items: RecordItem[], overwrite: boolean): Promise<RecordOutcome[]> {
  if (items.length === 0) return [];
  return db.transaction(async (tx) => {
    const existing = await lookUpInstances(tx, items);
    const seriesStudies = await lookUpSeries(tx, items);
    const plan = classifyBatch(items, existing, seriesStudies, overwrite);
    if (plan.inserts.length > 0) await insertNew(tx, plan);
    for (const replacement of plan.replacements) await replaceInstance(tx, replacement);
    return plan.outcomes;
  });
}

async function lookUpInstances(tx: Tx, items: RecordItem[]): Promise<Map<string, { sha256: string; blobKey: string }>> {
  const uids = items.map((i) => i.parsed.sopInstanceUID);
  const result = (await tx.execute(sql`
    select sop_instance_uid, sha256, blob_key from instances
    where sop_instance_uid = any(${arr(uids)}::text[]) for update`)) as unknown as Rows<{ sop_instance_uid: string; sha256: string; blob_key: string }>;
  return new Map(result.rows.map((r) => [r.sop_instance_uid, { sha256: r.sha256, blobKey: r.blob_key }]));
}

async function lookUpSeries(tx: Tx, items: RecordItem[]): Promise<Map<string, string>> {
  const uids = [...new Set(items.map((i) => i.parsed.seriesInstanceUID))];
  const result = (await tx.execute(sql`
    select se.series_instance_uid, st.study_instance_uid from series se join studies st on st.id = se.study_fk
    where se.series_instance_uid = any(${arr(uids)}::text[])`)) as unknown as Rows<{ series_instance_uid: string; study_instance_uid: string }>;
  return new Map(result.rows.map((r) => [r.series_instance_uid, r.study_instance_uid]));
}

async function insertNew(tx: Tx, plan: BatchPlan): Promise<void> {
  const { patients, studies, series } = plan.groups;
  await tx.execute(sql`
    insert into patients (patient_key, patient_id, issuer_of_patient_id, patient_name, patient_birth_date, patient_sex)
    select * from unnest(${arr(patients.map((p) => p.key))}::text[], ${arr(patients.map((p) => p.patientId))}::text[],
      ${arr(patients.map((p) => p.issuerOfPatientId))}::text[], ${arr(patients.map((p) => p.patientName))}::text[],
      ${arr(patients.map((p) => p.patientBirthDate))}::text[], ${arr(patients.map((p) => p.patientSex))}::text[])
    on conflict (patient_key) do update set patient_name = excluded.patient_name,
      patient_birth_date = excluded.patient_birth_date, patient_sex = excluded.patient_sex`);
  await tx.execute(sql`
    insert into studies (patient_fk, study_instance_uid, study_date, study_time, accession_number, referring_physician_name,
      study_id, study_description, timezone_offset_from_utc, modalities_in_study, sop_classes_in_study, number_of_instances)
    select p.id, u.uid, u.sdate, u.stime, u.acc, u.ref, u.sid, u.descr, u.tz,
      string_to_array(u.mods, '\\'), string_to_array(u.classes, '\\'), u.n
    from unnest(${arr(studies.map((s) => s.patientKey))}::text[], ${arr(studies.map((s) => s.uid))}::text[],
      ${arr(studies.map((s) => s.study.studyDate))}::text[], ${arr(studies.map((s) => s.study.studyTime))}::text[],
      ${arr(studies.map((s) => s.study.accessionNumber))}::text[], ${arr(studies.map((s) => s.study.referringPhysicianName))}::text[],
      ${arr(studies.map((s) => s.study.studyId))}::text[], ${arr(studies.map((s) => s.study.studyDescription))}::text[],
      ${arr(studies.map((s) => s.study.timezoneOffsetFromUtc))}::text[], ${arr(studies.map((s) => s.modalities.join('\\')))}::text[],
      ${arr(studies.map((s) => s.sopClasses.join('\\')))}::text[], ${arr(studies.map((s) => s.count))}::int[])
      as u(patient_key, uid, sdate, stime, acc, ref, sid, descr, tz, mods, classes, n)
    join patients p on p.patient_key = u.patient_key
    on conflict (study_instance_uid) do update set
      number_of_instances = studies.number_of_instances + excluded.number_of_instances,
      modalities_in_study = array(select distinct m from unnest(studies.modalities_in_study || excluded.modalities_in_study) m order by m),
      sop_classes_in_study = array(select distinct c from unnest(studies.sop_classes_in_study || excluded.sop_classes_in_study) c order by c),
      updated_at = now()`);
  const inserted = (await tx.execute(sql`
    insert into series (study_fk, series_instance_uid, modality, series_number, series_description, series_date, series_time,
      body_part_examined, pps_start_date, pps_start_time, scheduled_procedure_step_ids, requested_procedure_ids, number_of_instances)
    select st.id, u.uid, u.modality, u.num, u.descr, u.sdate, u.stime, u.body, u.ppsd, u.ppst,
      string_to_array(u.steps, '\\'), string_to_array(u.reqs, '\\'), u.n
    from unnest(${arr(series.map((s) => s.studyUid))}::text[], ${arr(series.map((s) => s.uid))}::text[],
      ${arr(series.map((s) => s.series.modality))}::text[], ${arr(series.map((s) => s.series.seriesNumber ?? null))}::int[],
      ${arr(series.map((s) => s.series.seriesDescription))}::text[], ${arr(series.map((s) => s.series.seriesDate))}::text[],
      ${arr(series.map((s) => s.series.seriesTime))}::text[], ${arr(series.map((s) => s.series.bodyPartExamined))}::text[],
      ${arr(series.map((s) => s.series.performedProcedureStepStartDate))}::text[],
      ${arr(series.map((s) => s.series.performedProcedureStepStartTime))}::text[],
      ${arr(series.map((s) => s.series.scheduledProcedureStepIds.join('\\')))}::text[],
      ${arr(series.map((s) => s.series.requestedProcedureIds.join('\\')))}::text[], ${arr(series.map((s) => s.count))}::int[])
      as u(study_uid, uid, modality, num, descr, sdate, stime, body, ppsd, ppst, steps, reqs, n)
    join studies st on st.study_instance_uid = u.study_uid
    on conflict (series_instance_uid) do update set number_of_instances = series.number_of_instances + excluded.number_of_instances
    returning (xmax = 0) as inserted, study_fk`)) as unknown as Rows<{ inserted: boolean; study_fk: string | number }>;
  const newSeriesPerStudy = new Map<string, number>();
  for (const row of inserted.rows) {
    if (row.inserted) newSeriesPerStudy.set(String(row.study_fk), (newSeriesPerStudy.get(String(row.study_fk)) ?? 0) + 1);
  }
  if (newSeriesPerStudy.size > 0) {
    await tx.execute(sql`
      update studies set number_of_series = number_of_series + u.n
      from unnest(${arr([...newSeriesPerStudy.keys()])}::bigint[], ${arr([...newSeriesPerStudy.values()])}::int[]) as u(id, n)
      where studies.id = u.id`);
  }
  const rows = plan.inserts;
  await tx.execute(sql`
    insert into instances (series_fk, study_fk, sop_instance_uid, sop_class_uid, instance_number, transfer_syntax_uid, rows,
      columns, number_of_frames, blob_key, sha256, size_bytes, pixel_data_offset, pixel_data_length, metadata)
    select se.id, se.study_fk, u.sop, u.cls, u.num, u.ts, u.rows, u.cols, u.frames, u.blob, u.sha, u.size, u.pxo, u.pxl, u.meta
    from unnest(${arr(rows.map((r) => r.parsed.seriesInstanceUID))}::text[], ${arr(rows.map((r) => r.parsed.sopInstanceUID))}::text[],
      ${arr(rows.map((r) => r.parsed.sopClassUID))}::text[], ${arr(rows.map((r) => r.parsed.instance.instanceNumber ?? null))}::int[],
      ${arr(rows.map((r) => r.parsed.transferSyntaxUID))}::text[], ${arr(rows.map((r) => r.parsed.instance.rows ?? null))}::int[],
      ${arr(rows.map((r) => r.parsed.instance.columns ?? null))}::int[], ${arr(rows.map((r) => r.parsed.instance.numberOfFrames ?? null))}::int[],
      ${arr(rows.map((r) => r.blob.key))}::text[], ${arr(rows.map((r) => r.blob.sha256))}::text[],
      ${arr(rows.map((r) => r.blob.sizeBytes))}::bigint[], ${arr(rows.map((r) => r.parsed.pixelData?.offset ?? null))}::bigint[],
      ${arr(rows.map((r) => r.parsed.pixelData?.length ?? null))}::bigint[], ${arr(rows.map((r) => r.parsed.metadata))}::text[])
      as u(series_uid, sop, cls, num, ts, rows, cols, frames, blob, sha, size, pxo, pxl, meta)
    join series se on se.series_instance_uid = u.series_uid`);
}

async function replaceInstance(tx: Tx, item: RecordItem): Promise<void> {
  const { parsed, blob } = item;
  await tx.execute(sql`
    update instances set sop_class_uid = ${parsed.sopClassUID}, instance_number = ${parsed.instance.instanceNumber ?? null}::int,
      transfer_syntax_uid = ${parsed.transferSyntaxUID}, rows = ${parsed.instance.rows ?? null}::int,
      columns = ${parsed.instance.columns ?? null}::int, number_of_frames = ${parsed.instance.numberOfFrames ?? null}::int,
      blob_key = ${blob.key}, sha256 = ${blob.sha256}, size_bytes = ${blob.sizeBytes},
      pixel_data_offset = ${parsed.pixelData?.offset ?? null}::bigint, pixel_data_length = ${parsed.pixelData?.length ?? null}::bigint,
      metadata = ${parsed.metadata}
    where sop_instance_uid = ${parsed.sopInstanceUID}`);
}
