import type { ReportSeriesModel } from '../study/studyModel';

/** `2026-12-02 10:15` from DICOM DA and TM values; empty when the report carries none. */
export function reportDate(r: Pick<ReportSeriesModel, 'contentDate' | 'contentTime'>): string {
  const d = r.contentDate ?? '';
  const t = r.contentTime ?? '';
  const date = /^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}` : '';
  const time = /^\d{4}/.test(t) ? ` ${t.slice(0, 2)}:${t.slice(2, 4)}` : '';
  return `${date}${date ? time : ''}`;
}
