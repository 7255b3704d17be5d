import { describe, expect, it } from 'vitest';
import { AppError, Tag } from '@consilium/shared';
import { parseWorklistParams } from './parseWorklistParams.js';
import { WORKLIST_LIMIT } from './WorklistQuery.js';

describe('parseWorklistParams', () => {
  it('takes matching keys by keyword or tag, step keys without their sequence', () => {
    const query = parseWorklistParams({ Modality: 'CT', [Tag.PatientName.toLowerCase()]: 'doe*', ScheduledProcedureStepStartDate: '20250310-', limit: '20' });
    expect(query.limit).toBe(20);
    expect(query.filters.map((f) => [f.attribute.keyword, f.matcher])).toEqual([
      ['Modality', { kind: 'single', value: 'CT' }],
      ['PatientName', { kind: 'wildcard', pattern: 'doe*' }],
      ['ScheduledProcedureStepStartDate', { kind: 'range', from: '20250310', to: undefined }],
    ]);
  });

  it('lists everything, up to the cap, without parameters', () => {
    expect(parseWorklistParams({})).toEqual({ filters: [], limit: WORKLIST_LIMIT });
  });

  it.each([
    [{ Colour: 'blue' }, /not a worklist matching key/],
    [{ RequestedProcedureDescription: 'CT' }, /not a worklist matching key/],
    [{ Modality: ['CT', 'MR'] }, /more than once/],
    [{ limit: '0' }, /limit/],
    [{ limit: String(WORKLIST_LIMIT + 1) }, /limit/],
    [{ limit: '1e2' }, /limit/],
    [{ ScheduledProcedureStepStartDate: '2025' }, /ScheduledProcedureStepStartDate/],
  ])('refuses %j', (params, message) => {
    expect(() => parseWorklistParams(params)).toThrow(AppError);
    expect(() => parseWorklistParams(params)).toThrow(message);
  });
});
