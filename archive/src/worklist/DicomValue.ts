import { z } from 'zod';

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL_OR_BACKSLASH = /[\u0000-\u001f\u007f\\]/;
const UID_PATTERN = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;
const TIME_PATTERN = /^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/;

/** Text of one value: leading and trailing spaces are not significant (PS3.5 6.2), a backslash would split it. */
const text = (maxChars: number) =>
  z
    .string()
    .trim()
    .max(maxChars, `at most ${maxChars} characters`)
    .refine((v) => !CONTROL_OR_BACKSLASH.test(v), 'no control characters or backslash');

/** A DA value naming a real day of the Gregorian calendar (PS3.5 6.2). */
export function isDicomDate(value: string): boolean {
  if (!/^\d{8}$/.test(value)) return false;
  const [year, month, day] = [value.slice(0, 4), value.slice(4, 6), value.slice(6, 8)].map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A TM value HH[MM[SS[.F{1,6}]]], hours 00-23, minutes 00-59, seconds 00-60 (PS3.5 6.2). */
export function isDicomTime(value: string): boolean {
  if (!TIME_PATTERN.test(value)) return false;
  const [hh, mm, ss] = [value.slice(0, 2), value.slice(2, 4), value.slice(4, 6)].map((part) => Number(part || '0'));
  return (hh ?? 24) <= 23 && (mm ?? 60) <= 59 && (ss ?? 61) <= 60;
}

/**
 * zod schemas for single values of the DICOM VRs a worklist entry carries, with
 * the length and character rules of PS3.5 Table 6.2-1. Messages name the rule,
 * never the value, so they may be returned and logged without demographics.
 */
export const DicomValue = {
  DA: z.string().trim().refine(isDicomDate, 'a valid date YYYYMMDD (DA)'),
  TM: z.string().trim().refine(isDicomTime, 'a valid time HHMMSS.FFFFFF (TM), trailing components optional'),
  UI: z
    .string()
    .trim()
    .max(64, 'a UID has at most 64 characters')
    .regex(UID_PATTERN, 'a UID: digits and dots, no leading zeros in a component (PS3.5 9.1)'),
  AE: text(16).refine((v) => v !== '', 'an AE title of 1-16 characters'),
  CS: z
    .string()
    .trim()
    .max(16, 'at most 16 characters')
    .regex(/^[A-Z0-9_ ]*$/, 'uppercase letters, digits, space and underscore only (CS)'),
  SH: text(16),
  LO: text(64),
  /** Alphabetic group only, at most five components (PS3.5 6.2.1). */
  PN: text(64)
    .refine((v) => !v.includes('='), 'only the alphabetic representation (no "=" component groups)')
    .refine((v) => v.split('^').length <= 5, 'at most five components separated by "^"'),
} as const;
