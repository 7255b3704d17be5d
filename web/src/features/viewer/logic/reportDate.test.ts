import { describe, expect, it } from 'vitest';
import { reportDate } from './reportDate';

describe('reportDate', () => {
  it('joins DA and TM as date and minutes', () => {
    expect(reportDate({ contentDate: '20261202', contentTime: '101530.25' })).toBe('2026-12-02 10:15');
  });

  it('shows the date alone without a time, and nothing for malformed values', () => {
    expect(reportDate({ contentDate: '20261202', contentTime: undefined })).toBe('2026-12-02');
    expect(reportDate({ contentDate: '2026-12', contentTime: '1015' })).toBe('');
    expect(reportDate({ contentDate: undefined, contentTime: undefined })).toBe('');
  });
});
