import { sql } from 'drizzle-orm';
import type { DicomJsonDict } from 'dcmjs';
import { AppError, type Result, err, ok } from '@consilium/shared';
import type { Db } from '../db/openDatabase.js';
import { scheduledProcedureSteps } from '../db/schema.js';
import { ScheduledStepInputSchema } from './ScheduledStepInput.js';
import { toWorklistItem } from './toWorklistItem.js';
import { uuidDerivedUid } from './uuidDerivedUid.js';

/**
 * Records a scheduled procedure step so that modalities find it in their
 * worklist. The input is validated here, where it enters the domain; a refusal
 * is an AppError whose message lists every rule broken (by attribute keyword,
 * never with the value). StudyInstanceUID is generated when absent (the
 * modality then uses it for the images, PS3.4 K.1), and so are the
 * RequestedProcedureID and ScheduledProcedureStepID (Type 1 in the MWL
 * response), derived from the row's id. Returns the step as an MWL item.
 */
export async function createScheduledStep(db: Db, input: unknown): Promise<Result<DicomJsonDict, AppError>> {
  const parsed = ScheduledStepInputSchema.safeParse(input);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
    return err(new AppError('InvalidDicom', `Invalid scheduled procedure step: ${reasons.join('; ')}`));
  }
  const v = parsed.data;
  const id = await nextStepId(db);
  const [row] = await db
    .insert(scheduledProcedureSteps)
    .values({
      id,
      patientName: v.PatientName,
      patientId: v.PatientID,
      patientBirthDate: v.PatientBirthDate ?? '',
      patientSex: v.PatientSex ?? '',
      accessionNumber: v.AccessionNumber ?? '',
      requestedProcedureId: v.RequestedProcedureID ?? `RP${id}`,
      requestedProcedureDescription: v.RequestedProcedureDescription ?? '',
      studyInstanceUid: v.StudyInstanceUID ?? uuidDerivedUid(),
      referringPhysicianName: v.ReferringPhysicianName ?? '',
      scheduledStationAeTitle: v.ScheduledStationAETitle,
      startDate: v.ScheduledProcedureStepStartDate,
      startTime: v.ScheduledProcedureStepStartTime,
      modality: v.Modality,
      scheduledPerformingPhysicianName: v.ScheduledPerformingPhysicianName ?? '',
      stepId: v.ScheduledProcedureStepID ?? `SPS${id}`,
      stepDescription: v.ScheduledProcedureStepDescription ?? '',
      stepStatus: v.ScheduledProcedureStepStatus ?? 'SCHEDULED',
    })
    .returning();
  if (!row) throw new Error('insert of a scheduled procedure step returned no row');
  return ok(toWorklistItem(row));
}

/** The row's id taken from its sequence first, so that generated IDs can be derived from it in the same insert. */
async function nextStepId(db: Db): Promise<number> {
  const result = await db.execute(sql`select nextval(pg_get_serial_sequence('scheduled_procedure_steps', 'id')) as id`);
  const [first] = (result as unknown as { rows: { id: string | number }[] }).rows;
  if (first === undefined) throw new Error('nextval returned no row');
  return Number(first.id);
}
