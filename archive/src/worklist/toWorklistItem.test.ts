import { describe, expect, it } from 'vitest';
import { Tag } from '@consilium/shared';
import type { ScheduledProcedureStepRow } from '../db/schema.js';
import { toWorklistItem } from './toWorklistItem.js';

const sampleRow: ScheduledProcedureStepRow = {
  id: 1,
  patientName: 'Doe^John',
  patientId: 'PID-001',
  patientBirthDate: '',
  patientSex: 'M',
  accessionNumber: 'ACC-1',
  requestedProcedureId: 'RP1',
  requestedProcedureDescription: 'CT chest',
  studyInstanceUid: '1.2.3',
  referringPhysicianName: '',
  scheduledStationAeTitle: 'CT_ROOM1',
  startDate: '20250310',
  startTime: '0800',
  modality: 'CT',
  scheduledPerformingPhysicianName: 'Smith^Anna',
  stepId: 'SPS1',
  stepDescription: '',
  stepStatus: 'SCHEDULED',
  createdAt: new Date(0),
};

describe('toWorklistItem', () => {
  it('shapes a step as an MWL item: patient and procedure on top, the step in the one sequence item', () => {
    expect(toWorklistItem(sampleRow)).toEqual({
      [Tag.AccessionNumber]: { vr: 'SH', Value: ['ACC-1'] },
      [Tag.ReferringPhysicianName]: { vr: 'PN' },
      [Tag.PatientName]: { vr: 'PN', Value: [{ Alphabetic: 'Doe^John' }] },
      [Tag.PatientID]: { vr: 'LO', Value: ['PID-001'] },
      [Tag.PatientBirthDate]: { vr: 'DA' },
      [Tag.PatientSex]: { vr: 'CS', Value: ['M'] },
      [Tag.StudyInstanceUID]: { vr: 'UI', Value: ['1.2.3'] },
      [Tag.RequestedProcedureDescription]: { vr: 'LO', Value: ['CT chest'] },
      [Tag.ScheduledProcedureStepSequence]: {
        vr: 'SQ',
        Value: [
          {
            [Tag.Modality]: { vr: 'CS', Value: ['CT'] },
            [Tag.ScheduledStationAETitle]: { vr: 'AE', Value: ['CT_ROOM1'] },
            [Tag.ScheduledProcedureStepStartDate]: { vr: 'DA', Value: ['20250310'] },
            [Tag.ScheduledProcedureStepStartTime]: { vr: 'TM', Value: ['0800'] },
            [Tag.ScheduledPerformingPhysicianName]: { vr: 'PN', Value: [{ Alphabetic: 'Smith^Anna' }] },
            [Tag.ScheduledProcedureStepDescription]: { vr: 'LO' },
            [Tag.ScheduledProcedureStepID]: { vr: 'SH', Value: ['SPS1'] },
            [Tag.ScheduledProcedureStepStatus]: { vr: 'CS', Value: ['SCHEDULED'] },
          },
        ],
      },
      [Tag.RequestedProcedureID]: { vr: 'SH', Value: ['RP1'] },
    });
  });

  it('writes attributes in ascending tag order', () => {
    const item = toWorklistItem(sampleRow);
    const tags = Object.keys(item);
    expect(tags).toEqual([...tags].sort());
    const stepTags = Object.keys(item[Tag.ScheduledProcedureStepSequence]?.Value?.[0] as object);
    expect(stepTags).toEqual([...stepTags].sort());
  });
});
