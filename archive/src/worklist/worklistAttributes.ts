import { Tag } from '@consilium/shared';
import type { ScheduledProcedureStepRow } from '../db/schema.js';

/** Columns of a scheduled procedure step that hold attribute values (all text). */
export type StepField = Exclude<keyof ScheduledProcedureStepRow, 'id' | 'createdAt'>;

/** VRs of the worklist attributes; AE is not among the query layer's VRs, so it has a place of its own here. */
export type WorklistVr = 'PN' | 'LO' | 'SH' | 'CS' | 'DA' | 'TM' | 'UI' | 'AE';

/**
 * One attribute of a Modality Worklist item (PS3.4 Table K.6-1): where it sits
 * (top level, or in the item of ScheduledProcedureStepSequence), the column
 * that holds it, and whether it can be a matching key.
 */
export interface WorklistAttribute {
  keyword: keyof typeof Tag;
  tag: string;
  vr: WorklistVr;
  field: StepField;
  inStep: boolean;
  matchable: boolean;
}

const top = (keyword: keyof typeof Tag, vr: WorklistVr, field: StepField, matchable = false): WorklistAttribute => ({
  keyword,
  tag: Tag[keyword],
  vr,
  field,
  inStep: false,
  matchable,
});
const step = (keyword: keyof typeof Tag, vr: WorklistVr, field: StepField, matchable = false): WorklistAttribute => ({
  ...top(keyword, vr, field, matchable),
  inStep: true,
});

/**
 * The attributes the archive keeps per step. Matching keys are the required
 * ones of PS3.4 K.6.1.2.2 (ScheduledStationAETitle, ScheduledProcedureStepStartDate
 * and -Time, Modality, ScheduledPerformingPhysicianName, PatientName, PatientID)
 * plus optional keys the index can answer (AccessionNumber, RequestedProcedureID,
 * StudyInstanceUID, ScheduledProcedureStepID and -Status, PatientBirthDate,
 * PatientSex, ReferringPhysicianName).
 */
export const WORKLIST_ATTRIBUTES: readonly WorklistAttribute[] = [
  top('PatientName', 'PN', 'patientName', true),
  top('PatientID', 'LO', 'patientId', true),
  top('PatientBirthDate', 'DA', 'patientBirthDate', true),
  top('PatientSex', 'CS', 'patientSex', true),
  top('AccessionNumber', 'SH', 'accessionNumber', true),
  top('ReferringPhysicianName', 'PN', 'referringPhysicianName', true),
  top('StudyInstanceUID', 'UI', 'studyInstanceUid', true),
  top('RequestedProcedureID', 'SH', 'requestedProcedureId', true),
  top('RequestedProcedureDescription', 'LO', 'requestedProcedureDescription'),
  step('ScheduledStationAETitle', 'AE', 'scheduledStationAeTitle', true),
  step('ScheduledProcedureStepStartDate', 'DA', 'startDate', true),
  step('ScheduledProcedureStepStartTime', 'TM', 'startTime', true),
  step('Modality', 'CS', 'modality', true),
  step('ScheduledPerformingPhysicianName', 'PN', 'scheduledPerformingPhysicianName', true),
  step('ScheduledProcedureStepDescription', 'LO', 'stepDescription'),
  step('ScheduledProcedureStepID', 'SH', 'stepId', true),
  step('ScheduledProcedureStepStatus', 'CS', 'stepStatus', true),
];

export const TOP_LEVEL_ATTRIBUTES: ReadonlyMap<string, WorklistAttribute> = new Map(
  WORKLIST_ATTRIBUTES.filter((a) => !a.inStep).map((a) => [a.tag, a]),
);
export const STEP_ATTRIBUTES: ReadonlyMap<string, WorklistAttribute> = new Map(
  WORKLIST_ATTRIBUTES.filter((a) => a.inStep).map((a) => [a.tag, a]),
);
export const WORKLIST_ATTRIBUTE_BY_KEYWORD: ReadonlyMap<string, WorklistAttribute> = new Map(
  WORKLIST_ATTRIBUTES.map((a) => [a.keyword, a]),
);
