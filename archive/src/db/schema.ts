import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * The archive index. One row per patient, study, series and instance; every
 * QIDO-RS matching key of PS3.18 Table 10.6.1-5 has a column, and text keys that
 * are matched with wildcards get a btree index with text_pattern_ops (prefix LIKE).
 * Dates are stored as DICOM DA strings (YYYYMMDD), times as TM normalised to
 * HHMMSS.FFFFFF, so that range matching is a string comparison.
 */
export const patients = pgTable(
  'patients',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** PatientID + IssuerOfPatientID: the identity the archive keys patients by. */
    patientKey: text('patient_key').notNull(),
    patientId: text('patient_id').notNull().default(''),
    issuerOfPatientId: text('issuer_of_patient_id').notNull().default(''),
    patientName: text('patient_name').notNull().default(''),
    patientBirthDate: text('patient_birth_date').notNull().default(''),
    patientSex: text('patient_sex').notNull().default(''),
  },
  (t) => [
    uniqueIndex('patients_key_uq').on(t.patientKey),
    index('patients_patient_id_idx').using('btree', sql`${t.patientId} text_pattern_ops`),
    index('patients_name_lower_idx').using('btree', sql`lower(${t.patientName}) text_pattern_ops`),
  ],
);

export const studies = pgTable(
  'studies',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    patientFk: bigint('patient_fk', { mode: 'number' })
      .notNull()
      .references(() => patients.id),
    studyInstanceUid: text('study_instance_uid').notNull(),
    studyDate: text('study_date').notNull().default(''),
    studyTime: text('study_time').notNull().default(''),
    accessionNumber: text('accession_number').notNull().default(''),
    referringPhysicianName: text('referring_physician_name').notNull().default(''),
    studyId: text('study_id').notNull().default(''),
    studyDescription: text('study_description').notNull().default(''),
    timezoneOffsetFromUtc: text('timezone_offset_from_utc').notNull().default(''),
    /** ModalitiesInStudy, kept in step with the series rows by ingest. */
    modalitiesInStudy: text('modalities_in_study').array().notNull().default(sql`'{}'::text[]`),
    sopClassesInStudy: text('sop_classes_in_study').array().notNull().default(sql`'{}'::text[]`),
    numberOfSeries: integer('number_of_series').notNull().default(0),
    numberOfInstances: integer('number_of_instances').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('studies_uid_uq').on(t.studyInstanceUid),
    index('studies_patient_idx').on(t.patientFk),
    index('studies_date_time_idx').on(t.studyDate, t.studyTime),
    index('studies_accession_idx').using('btree', sql`${t.accessionNumber} text_pattern_ops`),
    index('studies_study_id_idx').on(t.studyId),
    index('studies_referring_lower_idx').using(
      'btree',
      sql`lower(${t.referringPhysicianName}) text_pattern_ops`,
    ),
    index('studies_modalities_gin').using('gin', t.modalitiesInStudy),
    index('studies_description_lower_idx').using('btree', sql`lower(${t.studyDescription}) text_pattern_ops`),
    // No index on updated_at: no query reads by it, and every stored instance
    // updates it, so an index made each C-STORE's study update non-HOT (one more
    // entry in every index of studies): -25% index time per instance on PGlite.
  ],
);

export const series = pgTable(
  'series',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    studyFk: bigint('study_fk', { mode: 'number' })
      .notNull()
      .references(() => studies.id),
    seriesInstanceUid: text('series_instance_uid').notNull(),
    modality: text('modality').notNull().default(''),
    seriesNumber: integer('series_number'),
    seriesDescription: text('series_description').notNull().default(''),
    seriesDate: text('series_date').notNull().default(''),
    seriesTime: text('series_time').notNull().default(''),
    bodyPartExamined: text('body_part_examined').notNull().default(''),
    performedProcedureStepStartDate: text('pps_start_date').notNull().default(''),
    performedProcedureStepStartTime: text('pps_start_time').notNull().default(''),
    /** RequestAttributeSequence > ScheduledProcedureStepID / RequestedProcedureID (all items). */
    scheduledProcedureStepIds: text('scheduled_procedure_step_ids').array().notNull().default(sql`'{}'::text[]`),
    requestedProcedureIds: text('requested_procedure_ids').array().notNull().default(sql`'{}'::text[]`),
    numberOfInstances: integer('number_of_instances').notNull().default(0),
  },
  (t) => [
    uniqueIndex('series_uid_uq').on(t.seriesInstanceUid),
    index('series_study_idx').on(t.studyFk, t.seriesNumber),
    index('series_modality_idx').on(t.modality),
    index('series_pps_date_idx').on(t.performedProcedureStepStartDate, t.performedProcedureStepStartTime),
  ],
);

export const instances = pgTable(
  'instances',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    seriesFk: bigint('series_fk', { mode: 'number' })
      .notNull()
      .references(() => series.id),
    studyFk: bigint('study_fk', { mode: 'number' })
      .notNull()
      .references(() => studies.id),
    sopInstanceUid: text('sop_instance_uid').notNull(),
    sopClassUid: text('sop_class_uid').notNull(),
    instanceNumber: integer('instance_number'),
    transferSyntaxUid: text('transfer_syntax_uid').notNull(),
    rows: integer('rows'),
    columns: integer('columns'),
    numberOfFrames: integer('number_of_frames'),
    /** Content-addressed key of the Part 10 file in the blob store. */
    blobKey: text('blob_key').notNull(),
    sha256: text('sha256').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    /** Byte offset and length of native (uncompressed) Pixel Data in the file; null otherwise. */
    pixelDataOffset: bigint('pixel_data_offset', { mode: 'number' }),
    pixelDataLength: bigint('pixel_data_length', { mode: 'number' }),
    /**
     * The instance's DICOM JSON (PS3.18 F.2) made at ingest, bulk data as BulkDataURI
     * relative to the DICOMweb root, so /metadata never re-parses files.
     */
    metadata: text('metadata').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('instances_uid_uq').on(t.sopInstanceUid),
    index('instances_series_idx').on(t.seriesFk, t.instanceNumber),
    index('instances_study_idx').on(t.studyFk),
    index('instances_sop_class_idx').on(t.sopClassUid),
  ],
);

/**
 * Modality Worklist (PS3.4 K): one row per Scheduled Procedure Step, flattened
 * with its Requested Procedure and patient, as an MWL C-FIND response carries
 * them. Dates are DA strings, times TM as given; the MWL matching keys
 * (PS3.4 K.6.1.2) have indexes.
 */
export const scheduledProcedureSteps = pgTable(
  'scheduled_procedure_steps',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    patientName: text('patient_name').notNull().default(''),
    patientId: text('patient_id').notNull().default(''),
    patientBirthDate: text('patient_birth_date').notNull().default(''),
    patientSex: text('patient_sex').notNull().default(''),
    accessionNumber: text('accession_number').notNull().default(''),
    requestedProcedureId: text('requested_procedure_id').notNull().default(''),
    requestedProcedureDescription: text('requested_procedure_description').notNull().default(''),
    studyInstanceUid: text('study_instance_uid').notNull(),
    referringPhysicianName: text('referring_physician_name').notNull().default(''),
    scheduledStationAeTitle: text('scheduled_station_ae_title').notNull().default(''),
    startDate: text('sps_start_date').notNull().default(''),
    startTime: text('sps_start_time').notNull().default(''),
    modality: text('modality').notNull().default(''),
    scheduledPerformingPhysicianName: text('scheduled_performing_physician_name').notNull().default(''),
    stepId: text('sps_id').notNull(),
    stepDescription: text('sps_description').notNull().default(''),
    stepStatus: text('sps_status').notNull().default('SCHEDULED'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('sps_modality_idx').on(t.modality),
    index('sps_station_ae_idx').on(t.scheduledStationAeTitle),
    index('sps_start_idx').on(t.startDate, t.startTime),
    index('sps_patient_id_idx').using('btree', sql`${t.patientId} text_pattern_ops`),
    index('sps_patient_name_lower_idx').using('btree', sql`lower(${t.patientName}) text_pattern_ops`),
    index('sps_accession_idx').using('btree', sql`${t.accessionNumber} text_pattern_ops`),
    index('sps_study_uid_idx').on(t.studyInstanceUid),
  ],
);

/**
 * The audit trail (PS3.15 A.5): one row per recorded event, append-only. The
 * columns searched by (when, what, who, which patient or study) sit beside the
 * whole record; triggers of migration 0002 refuse UPDATE, DELETE and TRUNCATE,
 * so the application cannot alter what it recorded.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
    event: text('event').notNull(),
    outcome: smallint('outcome').notNull(),
    userId: text('user_id').notNull(),
    patientIds: text('patient_ids').array().notNull(),
    studyInstanceUids: text('study_instance_uids').array().notNull(),
    record: jsonb('record').notNull(),
  },
  (t) => [
    index('audit_at_idx').on(t.at),
    index('audit_user_idx').on(t.userId, t.at),
    index('audit_patients_idx').using('gin', t.patientIds),
    index('audit_studies_idx').using('gin', t.studyInstanceUids),
  ],
);

/**
 * Studies granted to an account (physicians see these besides those referred
 * under their name). A revoked grant is deleted; the audit trail keeps who
 * granted and revoked what.
 */
export const studyGrants = pgTable(
  'study_grants',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    studyInstanceUid: text('study_instance_uid').notNull(),
    grantee: text('grantee').notNull(),
    grantedBy: text('granted_by').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true, mode: 'string' }).defaultNow().notNull(),
  },
  (t) => [uniqueIndex('study_grants_grantee_study_idx').on(t.grantee, t.studyInstanceUid), index('study_grants_study_idx').on(t.studyInstanceUid)],
);

export type PatientRow = typeof patients.$inferSelect;
export type StudyRow = typeof studies.$inferSelect;
export type SeriesRow = typeof series.$inferSelect;
export type InstanceRow = typeof instances.$inferSelect;
export type ScheduledProcedureStepRow = typeof scheduledProcedureSteps.$inferSelect;
