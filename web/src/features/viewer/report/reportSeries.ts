import type { SharedReport } from '@consilium/shared';
import type { ReportSeriesModel } from '../study/studyModel';

/** DICOM DA and TM (local time) of an ISO 8601 instant; undefined for an unreadable one. */
export function dicomDateTime(iso: string): { date: string; time: string } | undefined {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return undefined;
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}`,
    time: `${two(at.getHours())}${two(at.getMinutes())}${two(at.getSeconds())}`,
  };
}

/** The series-panel entry of a report saved in this session (by this viewer or another participant). */
export function reportSeriesOf(report: Pick<SharedReport, 'seriesInstanceUID' | 'sopInstanceUID' | 'seriesNumber' | 'description' | 'savedAt'>): ReportSeriesModel {
  const when = dicomDateTime(report.savedAt);
  return {
    seriesInstanceUID: report.seriesInstanceUID,
    seriesNumber: report.seriesNumber,
    description: report.description,
    sopInstanceUIDs: [report.sopInstanceUID],
    contentDate: when?.date,
    contentTime: when?.time,
  };
}
