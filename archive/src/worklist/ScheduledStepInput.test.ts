import { describe, expect, it } from 'vitest';
import { ScheduledStepInputSchema } from './ScheduledStepInput.js';

const minimal = {
  PatientName: 'Doe^John',
  PatientID: 'PID-001',
  ScheduledStationAETitle: 'CT_ROOM1',
  ScheduledProcedureStepStartDate: '20250310',
  ScheduledProcedureStepStartTime: '0800',
  Modality: 'CT',
};

/** The keywords of the attributes a refusal names. */
const refused = (input: unknown): string[] => {
  const result = ScheduledStepInputSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
};

describe('ScheduledStepInputSchema', () => {
  it('accepts the required attributes alone', () => {
    expect(ScheduledStepInputSchema.parse(minimal)).toEqual(minimal);
  });

  it('trims insignificant spaces and treats empty optional values as absent', () => {
    const parsed = ScheduledStepInputSchema.parse({ ...minimal, PatientID: ' PID-001 ', AccessionNumber: '', PatientBirthDate: '  ', StudyInstanceUID: '' });
    expect(parsed.PatientID).toBe('PID-001');
    expect(parsed.AccessionNumber).toBeUndefined();
    expect(parsed.PatientBirthDate).toBeUndefined();
    expect(parsed.StudyInstanceUID).toBeUndefined();
  });

  it('accepts the full set of attributes in DICOM formats', () => {
    const full = {
      ...minimal,
      PatientBirthDate: '20000229',
      PatientSex: 'F',
      AccessionNumber: 'ACC-1',
      RequestedProcedureID: 'RP1',
      RequestedProcedureDescription: 'CT chest',
      StudyInstanceUID: '1.2.840.10008.99.0.1',
      ReferringPhysicianName: 'House^Gregory^^Dr.^MD',
      ScheduledProcedureStepStartTime: '235960.123456',
      ScheduledPerformingPhysicianName: 'Smith^Anna',
      ScheduledProcedureStepID: 'SPS-1',
      ScheduledProcedureStepDescription: 'Low dose',
      ScheduledProcedureStepStatus: 'ARRIVED',
    };
    expect(ScheduledStepInputSchema.parse(full)).toEqual(full);
  });

  it('requires the Type 1 attributes it cannot generate', () => {
    expect(refused({}).sort()).toEqual(
      ['Modality', 'PatientID', 'PatientName', 'ScheduledProcedureStepStartDate', 'ScheduledProcedureStepStartTime', 'ScheduledStationAETitle'].sort(),
    );
    expect(refused({ ...minimal, PatientID: '  ' })).toEqual(['PatientID']);
    expect(refused({ ...minimal, ScheduledStationAETitle: '' })).toEqual(['ScheduledStationAETitle']);
  });

  it.each([
    ['ScheduledProcedureStepStartDate', '20250230'],
    ['ScheduledProcedureStepStartDate', '2025-03-10'],
    ['ScheduledProcedureStepStartDate', '20250310-20250311'],
    ['PatientBirthDate', '1970011'],
    ['ScheduledProcedureStepStartTime', '2400'],
    ['ScheduledProcedureStepStartTime', '08:00'],
    ['ScheduledProcedureStepStartTime', '0860'],
    ['ScheduledProcedureStepStartTime', '080000.1234567'],
    ['ScheduledStationAETitle', 'A_TITLE_OF_17_CHR'],
    ['ScheduledStationAETitle', 'CT\\MR'],
    ['Modality', 'ct'],
    ['Modality', 'CT-1'],
    ['PatientSex', 'X'],
    ['StudyInstanceUID', '1.2.03'],
    ['StudyInstanceUID', `1.${'2'.repeat(63)}`],
    ['AccessionNumber', 'A'.repeat(17)],
    ['PatientID', 'P'.repeat(65)],
    ['PatientID', 'line\nbreak'],
    ['PatientName', 'Yamada^Tarou=山田^太郎'],
    ['PatientName', 'a^b^c^d^e^f'],
    ['ScheduledProcedureStepStatus', 'DONE'],
    ['PatientName', 42],
  ])('refuses %s = %j', (key, value) => {
    expect(refused({ ...minimal, [key]: value })).toEqual([key]);
  });

  it('refuses unknown keys, so a misspelt attribute is not lost', () => {
    const result = ScheduledStepInputSchema.safeParse({ ...minimal, PatientId: 'PID-001' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('PatientId');
  });

  it('names the rule broken, never the value', () => {
    const result = ScheduledStepInputSchema.safeParse({ ...minimal, PatientName: `Secret^${'x'.repeat(70)}`, PatientBirthDate: '19991399' });
    const messages = result.error?.issues.map((i) => i.message).join(' ') ?? '';
    expect(messages).not.toContain('Secret');
    expect(messages).not.toContain('19991399');
    expect(messages).toContain('YYYYMMDD');
  });
});
