import { AppError } from '@consilium/shared';

const UID_PATTERN = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;

/** Validates a UID path segment; a malformed one is a 400, never a query. */
export function uidParam(value: string | undefined, name: string): string {
  if (value === undefined || value.length > 64 || !UID_PATTERN.test(value)) {
    throw new AppError('InvalidQuery', `${name} in the request path is not a valid UID (PS3.5 9.1)`);
  }
  return value;
}

export const studyUidParam = (v: string | undefined) => uidParam(v, 'StudyInstanceUID');
export const seriesUidParam = (v: string | undefined) => uidParam(v, 'SeriesInstanceUID');
export const instanceUidParam = (v: string | undefined) => uidParam(v, 'SOPInstanceUID');

/** `/frames/{list}`: comma-separated 1-based frame numbers (PS3.18 8.3.1.1). */
export function frameListParam(value: string | undefined): number[] {
  const items = (value ?? '').split(',');
  if (items.length === 0 || items.length > 10_000) throw new AppError('InvalidQuery', 'Invalid frame list');
  return items.map((item) => {
    if (!/^[1-9][0-9]{0,8}$/.test(item.trim())) {
      throw new AppError('InvalidQuery', 'Frame numbers must be positive integers separated by commas');
    }
    return Number(item.trim());
  });
}
