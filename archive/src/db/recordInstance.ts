import { eq, sql } from 'drizzle-orm';
import type { ParsedInstance } from '../ingest/parseInstance.js';
import type { StoredBlob } from '../store/BlobStore.js';
import type { Db } from './openDatabase.js';
import { instances, patients, series, studies } from './schema.js';

export type RecordOutcome =
  | { kind: 'stored' }
  | { kind: 'replaced'; previousBlobKey: string }
  | { kind: 'duplicate-same' }
  | { kind: 'duplicate-different' };

/**
 * Upserts patient, study, series and instance rows in one transaction and keeps
 * NumberOfStudyRelatedSeries/Instances, NumberOfSeriesRelatedInstances,
 * ModalitiesInStudy and SOPClassesInStudy in step. A SOP Instance UID already
 * indexed is a duplicate: same bytes are a no-op; different bytes are kept-first
 * unless `overwrite` is set.
 */
export async function recordInstance(
  db: Db,
  parsed: ParsedInstance,
  blob: StoredBlob,
  overwrite: boolean,
): Promise<RecordOutcome> {
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: instances.id, sha256: instances.sha256, blobKey: instances.blobKey, seriesFk: instances.seriesFk })
      .from(instances)
      .where(eq(instances.sopInstanceUid, parsed.sopInstanceUID))
      .for('update');
    if (existing) {
      if (existing.sha256 === blob.sha256) return { kind: 'duplicate-same' };
      if (!overwrite) return { kind: 'duplicate-different' };
      await tx.update(instances).set(instanceValues(parsed, blob)).where(eq(instances.id, existing.id));
      return { kind: 'replaced', previousBlobKey: existing.blobKey };
    }

    const patientFk = await upsertPatient(tx, parsed);
    const studyFk = await upsertStudy(tx, parsed, patientFk);
    const { id: seriesFk, inserted: seriesIsNew } = await upsertSeries(tx, parsed, studyFk);
    await tx.insert(instances).values({ ...instanceValues(parsed, blob), seriesFk, studyFk });
    await tx
      .update(series)
      .set({ numberOfInstances: sql`${series.numberOfInstances} + 1` })
      .where(eq(series.id, seriesFk));
    const modality = parsed.series.modality;
    await tx
      .update(studies)
      .set({
        numberOfInstances: sql`${studies.numberOfInstances} + 1`,
        numberOfSeries: sql`${studies.numberOfSeries} + ${seriesIsNew ? 1 : 0}`,
        modalitiesInStudy:
          modality === ''
            ? sql`${studies.modalitiesInStudy}`
            : sql`case when ${modality}::text = any(${studies.modalitiesInStudy}) then ${studies.modalitiesInStudy} else array_append(${studies.modalitiesInStudy}, ${modality}::text) end`,
        sopClassesInStudy: sql`case when ${parsed.sopClassUID}::text = any(${studies.sopClassesInStudy}) then ${studies.sopClassesInStudy} else array_append(${studies.sopClassesInStudy}, ${parsed.sopClassUID}::text) end`,
        updatedAt: sql`now()`,
      })
      .where(eq(studies.id, studyFk));
    return { kind: 'stored' };
  });
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

function instanceValues(parsed: ParsedInstance, blob: StoredBlob) {
  return {
    sopInstanceUid: parsed.sopInstanceUID,
    sopClassUid: parsed.sopClassUID,
    instanceNumber: parsed.instance.instanceNumber ?? null,
    transferSyntaxUid: parsed.transferSyntaxUID,
    rows: parsed.instance.rows ?? null,
    columns: parsed.instance.columns ?? null,
    numberOfFrames: parsed.instance.numberOfFrames ?? null,
    blobKey: blob.key,
    sha256: blob.sha256,
    sizeBytes: blob.sizeBytes,
    pixelDataOffset: parsed.pixelData?.offset ?? null,
    pixelDataLength: parsed.pixelData?.length ?? null,
    metadata: parsed.metadata,
  };
}

async function upsertPatient(tx: Tx, parsed: ParsedInstance): Promise<number> {
  const p = parsed.patient;
  // JSON keeps the pair unambiguous whatever characters either value holds.
  const patientKey = JSON.stringify([p.patientId, p.issuerOfPatientId]);
  const [row] = await tx
    .insert(patients)
    .values({ patientKey, ...p })
    .onConflictDoUpdate({
      target: patients.patientKey,
      set: { patientName: p.patientName, patientBirthDate: p.patientBirthDate, patientSex: p.patientSex },
    })
    .returning({ id: patients.id });
  if (!row) throw new Error('patient upsert returned no row');
  return row.id;
}

async function upsertStudy(tx: Tx, parsed: ParsedInstance, patientFk: number): Promise<number> {
  const [row] = await tx
    .insert(studies)
    .values({ studyInstanceUid: parsed.studyInstanceUID, patientFk, ...parsed.study })
    .onConflictDoUpdate({ target: studies.studyInstanceUid, set: { updatedAt: sql`now()` } })
    .returning({ id: studies.id });
  if (!row) throw new Error('study upsert returned no row');
  return row.id;
}

async function upsertSeries(
  tx: Tx,
  parsed: ParsedInstance,
  studyFk: number,
): Promise<{ id: number; inserted: boolean }> {
  const s = parsed.series;
  const [row] = await tx
    .insert(series)
    .values({ seriesInstanceUid: parsed.seriesInstanceUID, studyFk, ...s, seriesNumber: s.seriesNumber ?? null })
    .onConflictDoUpdate({ target: series.seriesInstanceUid, set: { studyFk: sql`${series.studyFk}` } })
    .returning({ id: series.id, inserted: sql<boolean>`(xmax = 0)`, studyFk: series.studyFk });
  if (!row) throw new Error('series upsert returned no row');
  if (row.studyFk !== studyFk) {
    // A series UID already filed under another study: refuse rather than re-parent silently.
    throw new SeriesInOtherStudyError();
  }
  return { id: row.id, inserted: row.inserted };
}

export class SeriesInOtherStudyError extends Error {
  constructor() {
    super('SeriesInstanceUID already belongs to a different study');
  }
}

/** Used by tests and the seeding check: is anything indexed? */
export async function countInstances(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(instances);
  return row?.n ?? 0;
}

