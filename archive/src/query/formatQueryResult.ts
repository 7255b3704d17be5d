import type { DicomJsonDict, DicomJsonElement } from 'dcmjs';
import { Tag } from '@consilium/shared';
import type { Entity } from './queryAttributes.js';
import type { QueryRow } from './runQuery.js';
import type { StudyQuery } from './QueryModel.js';

type Field = { tag: string; entity: Entity; read: (row: QueryRow) => DicomJsonElement };

const text = (vr: string, column: string) => (row: QueryRow): DicomJsonElement => {
  const value = row[column];
  return typeof value === 'string' && value !== '' ? { vr, Value: [value] } : { vr };
};
const personName = (column: string) => (row: QueryRow): DicomJsonElement => {
  const value = row[column];
  return typeof value === 'string' && value !== '' ? { vr: 'PN', Value: [{ Alphabetic: value }] } : { vr: 'PN' };
};
const integer = (vr: string, column: string) => (row: QueryRow): DicomJsonElement => {
  const value = row[column];
  return value === null || value === undefined ? { vr } : { vr, Value: [Number(value)] };
};
const list = (vr: string, column: string) => (row: QueryRow): DicomJsonElement => {
  const value = row[column];
  return Array.isArray(value) && value.length > 0 ? { vr, Value: value } : { vr };
};

const f = (tag: string, entity: Entity, read: Field['read']): Field => ({ tag, entity, read });

/** Attributes formatted from index columns, per entity (PS3.18 Tables 10.6.3-3 to -5). */
const FIELDS: readonly Field[] = [
  f(Tag.PatientName, 'patient', personName('patient_name')),
  f(Tag.PatientID, 'patient', text('LO', 'patient_id')),
  f(Tag.IssuerOfPatientID, 'patient', text('LO', 'issuer_of_patient_id')),
  f(Tag.PatientBirthDate, 'patient', text('DA', 'patient_birth_date')),
  f(Tag.PatientSex, 'patient', text('CS', 'patient_sex')),
  f(Tag.NumberOfPatientRelatedStudies, 'patient', integer('IS', 'number_of_patient_related_studies')),
  f(Tag.StudyInstanceUID, 'study', text('UI', 'study_instance_uid')),
  f(Tag.StudyDate, 'study', text('DA', 'study_date')),
  f(Tag.StudyTime, 'study', text('TM', 'study_time')),
  f(Tag.AccessionNumber, 'study', text('SH', 'accession_number')),
  f(Tag.ReferringPhysicianName, 'study', personName('referring_physician_name')),
  f(Tag.StudyID, 'study', text('SH', 'study_id')),
  f(Tag.StudyDescription, 'study', text('LO', 'study_description')),
  f(Tag.TimezoneOffsetFromUTC, 'study', text('SH', 'timezone_offset_from_utc')),
  f(Tag.ModalitiesInStudy, 'study', list('CS', 'modalities_in_study')),
  f(Tag.SOPClassesInStudy, 'study', list('UI', 'sop_classes_in_study')),
  f(Tag.NumberOfStudyRelatedSeries, 'study', integer('IS', 'number_of_series')),
  f(Tag.NumberOfStudyRelatedInstances, 'study', integer('IS', 'number_of_instances')),
  f(Tag.SeriesInstanceUID, 'series', text('UI', 'series_instance_uid')),
  f(Tag.Modality, 'series', text('CS', 'modality')),
  f(Tag.SeriesNumber, 'series', integer('IS', 'series_number')),
  f(Tag.SeriesDescription, 'series', text('LO', 'series_description')),
  f(Tag.SeriesDate, 'series', text('DA', 'series_date')),
  f(Tag.SeriesTime, 'series', text('TM', 'series_time')),
  f(Tag.BodyPartExamined, 'series', text('CS', 'body_part_examined')),
  f(Tag.PerformedProcedureStepStartDate, 'series', text('DA', 'pps_start_date')),
  f(Tag.PerformedProcedureStepStartTime, 'series', text('TM', 'pps_start_time')),
  f(Tag.RequestAttributesSequence, 'series', requestAttributes),
  f(Tag.NumberOfSeriesRelatedInstances, 'series', integer('IS', 'series_number_of_instances')),
  f(Tag.SOPInstanceUID, 'instance', text('UI', 'sop_instance_uid')),
  f(Tag.SOPClassUID, 'instance', text('UI', 'sop_class_uid')),
  f(Tag.InstanceNumber, 'instance', integer('IS', 'instance_number')),
  f(Tag.Rows, 'instance', integer('US', 'rows')),
  f(Tag.Columns, 'instance', integer('US', 'columns')),
  f(Tag.NumberOfFrames, 'instance', integer('IS', 'number_of_frames')),
];

/**
 * Default return attributes per entity (PS3.18 Tables 10.6.3-3, -4, -5).
 * TimezoneOffsetFromUTC is in all three, "shall be present if known": it is
 * left out when the index has no value (see IF_KNOWN).
 */
const DEFAULTS: Record<Entity, readonly string[]> = {
  patient: [Tag.PatientName, Tag.PatientID, Tag.PatientBirthDate, Tag.PatientSex],
  study: [
    Tag.StudyDate, Tag.StudyTime, Tag.AccessionNumber, Tag.ModalitiesInStudy, Tag.ReferringPhysicianName,
    Tag.TimezoneOffsetFromUTC, Tag.StudyInstanceUID, Tag.StudyID, Tag.StudyDescription,
    Tag.NumberOfStudyRelatedSeries, Tag.NumberOfStudyRelatedInstances,
  ],
  series: [
    Tag.Modality, Tag.TimezoneOffsetFromUTC, Tag.SeriesDescription, Tag.SeriesInstanceUID, Tag.SeriesNumber,
    Tag.NumberOfSeriesRelatedInstances, Tag.PerformedProcedureStepStartDate, Tag.PerformedProcedureStepStartTime,
    Tag.RequestAttributesSequence,
  ],
  instance: [
    Tag.SOPClassUID, Tag.SOPInstanceUID, Tag.TimezoneOffsetFromUTC, Tag.InstanceNumber, Tag.Rows, Tag.Columns,
    Tag.BitsAllocated, Tag.NumberOfFrames,
  ],
};
/** Default attributes returned only when they have a value. */
const IF_KNOWN: ReadonlySet<string> = new Set([Tag.TimezoneOffsetFromUTC]);

const LEVEL_ENTITY: Record<StudyQuery['level'], Entity> = { PATIENT: 'patient', STUDY: 'study', SERIES: 'series', IMAGE: 'instance' };

/**
 * Formats matched rows as DICOM JSON (PS3.18 F.2): the level's default return
 * attributes, those of the levels above when the query spans them, the
 * `includefield` attributes, RetrieveURL and InstanceAvailability. At the image
 * level other attributes come from the metadata stored at ingest.
 */
export function formatQueryResult(query: StudyQuery, rows: QueryRow[], dicomwebRoot: string): DicomJsonDict[] {
  const entities = entitiesToReturn(query);
  const wanted = new Set(entities.flatMap((e) => DEFAULTS[e]));
  // The UIDs of the levels above always come back, so results can be navigated.
  if (query.level !== 'STUDY' && query.level !== 'PATIENT') wanted.add(Tag.StudyInstanceUID);
  if (query.level === 'IMAGE') wanted.add(Tag.SeriesInstanceUID);
  const all = query.includeFields === 'all';
  if (query.includeFields !== 'all') for (const tag of query.includeFields) wanted.add(tag);
  const fields = FIELDS.filter((field) => (all && entities.includes(field.entity)) || wanted.has(field.tag));

  return rows.map((row) => {
    const out: DicomJsonDict = { [Tag.SpecificCharacterSet]: { vr: 'CS', Value: ['ISO_IR 192'] } };
    if (query.level === 'IMAGE') Object.assign(out, instanceMetadata(row, all ? null : wanted));
    for (const field of fields) {
      const element = field.read(row);
      if (element.Value !== undefined || !IF_KNOWN.has(field.tag)) out[field.tag] = element;
    }
    if (query.level !== 'PATIENT') out[Tag.RetrieveURL] = { vr: 'UR', Value: [retrieveUrl(query.level, row, dicomwebRoot)] };
    out[Tag.InstanceAvailability] = { vr: 'CS', Value: ['ONLINE'] };
    return sortByTag(out);
  });
}

function entitiesToReturn(query: StudyQuery): Entity[] {
  const own = LEVEL_ENTITY[query.level];
  const entities: Entity[] = [own];
  if (own === 'study') entities.push('patient');
  if (own === 'instance' && !query.scope.seriesInstanceUID) entities.push('series');
  if (own !== 'study' && own !== 'patient' && !query.scope.studyInstanceUID) entities.push('study', 'patient');
  return entities;
}

function instanceMetadata(row: QueryRow, wanted: Set<string> | null): DicomJsonDict {
  if (typeof row.metadata !== 'string') return {};
  const metadata = JSON.parse(row.metadata) as DicomJsonDict;
  const out: DicomJsonDict = {};
  for (const [tag, element] of Object.entries(metadata)) {
    if (element.BulkDataURI !== undefined || element.InlineBinary !== undefined) continue;
    if (wanted === null || wanted.has(tag)) out[tag] = element;
  }
  return out;
}

function requestAttributes(row: QueryRow): DicomJsonElement {
  const steps = Array.isArray(row.scheduled_procedure_step_ids) ? (row.scheduled_procedure_step_ids as string[]) : [];
  const requested = Array.isArray(row.requested_procedure_ids) ? (row.requested_procedure_ids as string[]) : [];
  const count = Math.max(steps.length, requested.length);
  if (count === 0) return { vr: 'SQ' };
  const items = Array.from({ length: count }, (_, i) => {
    const item: DicomJsonDict = {};
    if (steps[i]) item[Tag.ScheduledProcedureStepID] = { vr: 'SH', Value: [steps[i]] };
    if (requested[i]) item[Tag.RequestedProcedureID] = { vr: 'SH', Value: [requested[i]] };
    return item;
  });
  return { vr: 'SQ', Value: items };
}

function retrieveUrl(level: Exclude<StudyQuery['level'], 'PATIENT'>, row: QueryRow, root: string): string {
  const study = `${root}/studies/${String(row.study_instance_uid)}`;
  if (level === 'STUDY') return study;
  const series = `${study}/series/${String(row.series_instance_uid)}`;
  if (level === 'SERIES') return series;
  return `${series}/instances/${String(row.sop_instance_uid)}`;
}

function sortByTag(dict: DicomJsonDict): DicomJsonDict {
  return Object.fromEntries(Object.entries(dict).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
