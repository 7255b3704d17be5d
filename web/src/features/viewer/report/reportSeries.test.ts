import { describe, expect, it } from 'vitest';
import { dicomDateTime, reportSeriesOf } from './reportSeries';

describe('reportSeriesOf', () => {
  it('lists a saved report as a one-instance SR series dated when it was saved', () => {
    const savedAt = new Date(2026, 11, 2, 9, 5, 7).toISOString();
    expect(reportSeriesOf({ seriesInstanceUID: '1.2.9', sopInstanceUID: '1.2.9.1', seriesNumber: 3, description: 'Session measurements', savedAt })).toEqual({
      seriesInstanceUID: '1.2.9',
      seriesNumber: 3,
      description: 'Session measurements',
      sopInstanceUIDs: ['1.2.9.1'],
      contentDate: '20261202',
      contentTime: '090507',
    });
  });

  it('leaves the date out when the instant is unreadable', () => {
    expect(dicomDateTime('yesterday')).toBeUndefined();
  });
});
