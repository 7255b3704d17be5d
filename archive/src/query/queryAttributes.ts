import { Tag } from '@consilium/shared';

export type Entity = 'patient' | 'study' | 'series' | 'instance';

/**
 * An attribute the index can match on and return. `column` is the SQL expression
 * over the aliases p (patients), st (studies), se (series), i (instances);
 * `array` columns hold multi-valued attributes.
 */
export interface QueryAttribute {
  tag: string;
  keyword: string;
  vr: 'PN' | 'LO' | 'SH' | 'CS' | 'DA' | 'TM' | 'UI' | 'IS' | 'US';
  entity: Entity;
  column: string;
  array?: boolean;
  /** Return-only attributes (counts) cannot be matched. */
  returnOnly?: boolean;
}

const a = (
  keyword: keyof typeof Tag,
  vr: QueryAttribute['vr'],
  entity: Entity,
  column: string,
  extra: Partial<QueryAttribute> = {},
): QueryAttribute => ({ tag: Tag[keyword], keyword, vr, entity, column, ...extra });

/**
 * Every matching key of PS3.18 Table 10.6.1-5 (study, series, instance) plus the
 * patient keys of C-FIND's Patient Root model (PS3.4 C.6.1.1.2).
 */
export const QUERY_ATTRIBUTES: readonly QueryAttribute[] = [
  a('PatientName', 'PN', 'patient', 'p.patient_name'),
  a('PatientID', 'LO', 'patient', 'p.patient_id'),
  a('IssuerOfPatientID', 'LO', 'patient', 'p.issuer_of_patient_id'),
  a('PatientBirthDate', 'DA', 'patient', 'p.patient_birth_date'),
  a('PatientSex', 'CS', 'patient', 'p.patient_sex'),
  a('NumberOfPatientRelatedStudies', 'IS', 'patient', 'number_of_patient_related_studies', { returnOnly: true }),
  a('StudyInstanceUID', 'UI', 'study', 'st.study_instance_uid'),
  a('StudyDate', 'DA', 'study', 'st.study_date'),
  a('StudyTime', 'TM', 'study', 'st.study_time'),
  a('AccessionNumber', 'SH', 'study', 'st.accession_number'),
  a('ReferringPhysicianName', 'PN', 'study', 'st.referring_physician_name'),
  a('StudyID', 'SH', 'study', 'st.study_id'),
  a('StudyDescription', 'LO', 'study', 'st.study_description'),
  a('TimezoneOffsetFromUTC', 'SH', 'study', 'st.timezone_offset_from_utc'),
  a('ModalitiesInStudy', 'CS', 'study', 'st.modalities_in_study', { array: true }),
  a('SOPClassesInStudy', 'UI', 'study', 'st.sop_classes_in_study', { array: true }),
  a('NumberOfStudyRelatedSeries', 'IS', 'study', 'st.number_of_series', { returnOnly: true }),
  a('NumberOfStudyRelatedInstances', 'IS', 'study', 'st.number_of_instances', { returnOnly: true }),
  a('SeriesInstanceUID', 'UI', 'series', 'se.series_instance_uid'),
  a('Modality', 'CS', 'series', 'se.modality'),
  a('SeriesNumber', 'IS', 'series', 'se.series_number'),
  a('SeriesDescription', 'LO', 'series', 'se.series_description'),
  a('SeriesDate', 'DA', 'series', 'se.series_date'),
  a('SeriesTime', 'TM', 'series', 'se.series_time'),
  a('BodyPartExamined', 'CS', 'series', 'se.body_part_examined'),
  a('PerformedProcedureStepStartDate', 'DA', 'series', 'se.pps_start_date'),
  a('PerformedProcedureStepStartTime', 'TM', 'series', 'se.pps_start_time'),
  a('NumberOfSeriesRelatedInstances', 'IS', 'series', 'se.number_of_instances', { returnOnly: true }),
  a('SOPInstanceUID', 'UI', 'instance', 'i.sop_instance_uid'),
  a('SOPClassUID', 'UI', 'instance', 'i.sop_class_uid'),
  a('InstanceNumber', 'IS', 'instance', 'i.instance_number'),
  a('Rows', 'US', 'instance', 'i.rows'),
  a('Columns', 'US', 'instance', 'i.columns'),
  a('NumberOfFrames', 'IS', 'instance', 'i.number_of_frames'),
];

/** RequestAttributeSequence items matched through `SEQUENCE.ITEM` keys (PS3.18 8.3.4.1). */
export const SEQUENCE_ATTRIBUTES: readonly QueryAttribute[] = [
  {
    tag: `${Tag.RequestAttributesSequence}.${Tag.ScheduledProcedureStepID}`,
    keyword: 'RequestAttributesSequence.ScheduledProcedureStepID',
    vr: 'SH',
    entity: 'series',
    column: 'se.scheduled_procedure_step_ids',
    array: true,
  },
  {
    tag: `${Tag.RequestAttributesSequence}.${Tag.RequestedProcedureID}`,
    keyword: 'RequestAttributesSequence.RequestedProcedureID',
    vr: 'SH',
    entity: 'series',
    column: 'se.requested_procedure_ids',
    array: true,
  },
];

export const ATTRIBUTE_BY_TAG: ReadonlyMap<string, QueryAttribute> = new Map(
  [...QUERY_ATTRIBUTES, ...SEQUENCE_ATTRIBUTES].map((attr) => [attr.tag, attr]),
);

/** Entities visible at each level: a query may match on its own and its parents' keys. */
export const ENTITIES_AT_LEVEL: Record<'PATIENT' | 'STUDY' | 'SERIES' | 'IMAGE', readonly Entity[]> = {
  PATIENT: ['patient'],
  STUDY: ['patient', 'study'],
  SERIES: ['patient', 'study', 'series'],
  IMAGE: ['patient', 'study', 'series', 'instance'],
};
