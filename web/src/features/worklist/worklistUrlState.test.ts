import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS } from '../../lib/qido';
import { DEFAULT_SORT, activeQuickRange, quickDateRange, sameFilters, worklistStateFromParams, worklistStateToParams } from './worklistUrlState';

describe('worklist URL state', () => {
  it('round-trips filters, page and sort through the URL', () => {
    const state = {
      filters: { ...EMPTY_FILTERS, patientName: 'DEMO*', modality: 'CT', dateFrom: '2024-01-01', dateTo: '2024-12-31' },
      offset: 25,
      sort: { key: 'patientName', direction: 'ascending' } as const,
    };
    const params = worklistStateToParams(state);
    expect(params.toString()).toBe('name=DEMO*&from=2024-01-01&to=2024-12-31&modality=CT&offset=25&sort=patientName&dir=asc');
    expect(worklistStateFromParams(params)).toEqual(state);
  });

  it('leaves defaults out, so the plain worklist is "/"', () => {
    expect(worklistStateToParams({ filters: EMPTY_FILTERS, offset: 0, sort: DEFAULT_SORT }).toString()).toBe('');
    expect(worklistStateFromParams(new URLSearchParams())).toEqual({ filters: EMPTY_FILTERS, offset: 0, sort: DEFAULT_SORT });
  });

  it('drops malformed values instead of failing', () => {
    const state = worklistStateFromParams(new URLSearchParams('from=yesterday&modality=c;t&offset=-3&sort=evil&dir=sideways'));
    expect(state).toEqual({ filters: EMPTY_FILTERS, offset: 0, sort: DEFAULT_SORT });
  });

  it('compares filters as the query would see them', () => {
    expect(sameFilters({ ...EMPTY_FILTERS, patientId: ' 12 ' }, { ...EMPTY_FILTERS, patientId: '12' })).toBe(true);
    expect(sameFilters({ ...EMPTY_FILTERS, modality: 'CT' }, EMPTY_FILTERS)).toBe(false);
  });
});

describe('quick date ranges', () => {
  const now = new Date(2024, 2, 3, 1, 30); // 3 March 2024, 01:30 local time

  it('counts days in the local calendar, across a month end', () => {
    expect(quickDateRange('today', now)).toEqual({ dateFrom: '2024-03-03', dateTo: '2024-03-03' });
    expect(quickDateRange('last7', now)).toEqual({ dateFrom: '2024-02-26', dateTo: '2024-03-03' });
    expect(quickDateRange('any', now)).toEqual({ dateFrom: '', dateTo: '' });
  });

  it('knows which button the dates correspond to', () => {
    expect(activeQuickRange({ dateFrom: '2024-02-26', dateTo: '2024-03-03' }, now)).toBe('last7');
    expect(activeQuickRange({ dateFrom: '', dateTo: '' }, now)).toBe('any');
    expect(activeQuickRange({ dateFrom: '2024-01-01', dateTo: '' }, now)).toBeUndefined();
  });
});
