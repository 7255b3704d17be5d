import { z } from 'zod';
import { DicomValue } from './DicomValue.js';

/** Defined Terms of ScheduledProcedureStepStatus (PS3.3 C.4.10). */
export const STEP_STATUSES = ['SCHEDULED', 'ARRIVED', 'READY', 'STARTED', 'DEPARTED'] as const;

/** An optional attribute: absent, empty and all spaces mean the same (Type 2 or 3). */
const optional = <T extends z.ZodType<string, string>>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

/**
 * A scheduled procedure step as a client (the ordering UI, an HL7 bridge) posts
 * it: DICOM keywords, DICOM value formats. Required are the attributes an MWL
 * response must carry with a value (Type 1 in PS3.4 Table K.6-1) that the archive
 * cannot make up; StudyInstanceUID, RequestedProcedureID and ScheduledProcedureStepID
 * are generated when absent. Unknown keys are refused, so a misspelt key is not
 * silently lost.
 */
export const ScheduledStepInputSchema = z.strictObject({
  PatientName: DicomValue.PN.refine((v) => v !== '', 'required'),
  PatientID: DicomValue.LO.refine((v) => v !== '', 'required'),
  PatientBirthDate: optional(DicomValue.DA),
  PatientSex: optional(z.enum(['M', 'F', 'O'])),
  AccessionNumber: optional(DicomValue.SH),
  RequestedProcedureID: optional(DicomValue.SH),
  RequestedProcedureDescription: optional(DicomValue.LO),
  StudyInstanceUID: optional(DicomValue.UI),
  ReferringPhysicianName: optional(DicomValue.PN),
  ScheduledStationAETitle: DicomValue.AE,
  ScheduledProcedureStepStartDate: DicomValue.DA,
  ScheduledProcedureStepStartTime: DicomValue.TM,
  Modality: DicomValue.CS.refine((v) => v !== '', 'required'),
  ScheduledPerformingPhysicianName: optional(DicomValue.PN),
  ScheduledProcedureStepID: optional(DicomValue.SH),
  ScheduledProcedureStepDescription: optional(DicomValue.LO),
  ScheduledProcedureStepStatus: optional(z.enum(STEP_STATUSES)),
});

export type ScheduledStepInput = z.infer<typeof ScheduledStepInputSchema>;
