import { describe, expect, it } from 'vitest';
import { isSharedReport } from './useSharedReports';

const report = {
  studyInstanceUID: '1.2',
  seriesInstanceUID: '1.2.3',
  sopInstanceUID: '1.2.3.4',
  seriesNumber: 4,
  description: 'Session measurements',
  author: 'Dr A',
  savedAt: '2026-12-02T10:00:00.000Z',
  count: 2,
};

describe('isSharedReport', () => {
  it('accepts a complete entry', () => {
    expect(isSharedReport(report)).toBe(true);
  });

  it('refuses what another client may have written wrongly', () => {
    expect(isSharedReport(null)).toBe(false);
    expect(isSharedReport('1.2.3')).toBe(false);
    expect(isSharedReport({ ...report, seriesNumber: '4' })).toBe(false);
    const { sopInstanceUID: _dropped, ...partial } = report;
    expect(isSharedReport(partial)).toBe(false);
  });
});
