import { AppError } from '@consilium/shared';
import type { QueryAttribute } from './queryAttributes.js';
import type { Matcher } from './QueryModel.js';

export const MAX_VALUE_LENGTH = 1024;
export const MAX_LIST_VALUES = 1000;
/** PS3.5 9.1. */
const MAX_UID_LENGTH = 64;
const UID_PATTERN = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;
const DATE_PATTERN = /^\d{8}$/;
const TIME_PATTERN = /^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/;
/** Value ranges of IS (PS3.5 6.2: -2^31..2^31-1) and US (0..2^16-1). */
const INTEGER_RANGE = { IS: [-2_147_483_648, 2_147_483_647], US: [0, 65_535] } as const;

/**
 * Turns one matching-key value into a matcher following PS3.4 C.2.2.2: empty is
 * universal (null), `*`/`?` wildcard, `a-b` range for DA/TM, `\` or `,`
 * separated lists for UIDs (C.2.2.2.2) and code strings. Invalid values throw
 * AppError('InvalidQuery') naming the attribute and the rule broken.
 */
export function parseMatcher(attr: QueryAttribute, raw: string): Matcher | null {
  // A UID list may be far longer than one value (PS3.4 C.2.2.2.2): its bound is the list's.
  const maxLength = attr.vr === 'UI' ? MAX_LIST_VALUES * (MAX_UID_LENGTH + 1) : MAX_VALUE_LENGTH;
  if (raw.length > maxLength) fail(attr, `value longer than ${maxLength} characters`);
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f]/.test(raw)) fail(attr, 'value contains control characters');
  const value = raw.trim();
  if (value === '' || value === '*') return null;
  switch (attr.vr) {
    case 'DA':
      return ordered(attr, rangeOrSingle(attr, value, isDate, 'YYYYMMDD'));
    case 'TM':
      return timeRange(attr, rangeOrSingle(attr, value, isTime, 'HHMMSS.FFFFFF'));
    case 'UI': {
      const values = splitList(attr, value);
      for (const uid of values) {
        if (uid.length > MAX_UID_LENGTH || !UID_PATTERN.test(uid)) fail(attr, 'not a valid UID or UID list (PS3.5 9.1)');
      }
      return values.length === 1 ? { kind: 'single', value: values[0] as string } : { kind: 'list', values };
    }
    case 'IS':
    case 'US': {
      const [min, max] = INTEGER_RANGE[attr.vr];
      if (!/^[-+]?\d{1,10}$/.test(value)) fail(attr, 'not an integer');
      if (Number(value) < min || Number(value) > max) fail(attr, `not in the ${attr.vr} range ${min}..${max} (PS3.5 6.2)`);
      return { kind: 'single', value: String(Number(value)) };
    }
    case 'CS': {
      if (/[*?]/.test(value)) return { kind: 'wildcard', pattern: value };
      const values = splitList(attr, value);
      return values.length === 1 ? { kind: 'single', value: values[0] as string } : { kind: 'list', values };
    }
    case 'PN':
    case 'LO':
    case 'SH':
      return /[*?]/.test(value) ? { kind: 'wildcard', pattern: value } : { kind: 'single', value };
    default:
      return assertNeverVr(attr.vr);
  }
}

function splitList(attr: QueryAttribute, value: string): string[] {
  const values = value
    .split(/[\\,]/)
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (values.length === 0) fail(attr, 'a list without values');
  if (values.length > MAX_LIST_VALUES) fail(attr, `more than ${MAX_LIST_VALUES} values in the list`);
  return values;
}

function rangeOrSingle(attr: QueryAttribute, value: string, valid: (v: string) => boolean, format: string): Matcher {
  const dash = value.indexOf('-');
  if (dash === -1) {
    if (!valid(value)) fail(attr, `expected a valid ${format} or a range ${format}-${format}`);
    return { kind: 'single', value };
  }
  const from = value.slice(0, dash);
  const to = value.slice(dash + 1);
  if ((from === '' && to === '') || (from !== '' && !valid(from)) || (to !== '' && !valid(to))) {
    fail(attr, `expected a range of valid values ${format}-${format}, -${format} or ${format}-`);
  }
  return { kind: 'range', from: from || undefined, to: to || undefined };
}

/** PS3.4 C.2.2.2.5 a/d: a range's start is less than or equal to its end. */
function ordered(attr: QueryAttribute, m: Matcher): Matcher {
  if (m.kind === 'range' && m.from !== undefined && m.to !== undefined && m.from > m.to) {
    fail(attr, 'range start is after its end');
  }
  return m;
}

/** A DA value naming a real day of the Gregorian calendar (PS3.5 6.2). */
function isDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const [year, month, day] = [value.slice(0, 4), value.slice(4, 6), value.slice(6, 8)].map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A TM value HH[MM[SS[.F{1,6}]]] with hours 00-23, minutes 00-59, seconds 00-60 (leap second; PS3.5 6.2). */
function isTime(value: string): boolean {
  if (!TIME_PATTERN.test(value)) return false;
  const [hh, mm, ss] = [value.slice(0, 2), value.slice(2, 4), value.slice(4, 6)].map((part) => Number(part || '0'));
  return (hh ?? 24) <= 23 && (mm ?? 60) <= 59 && (ss ?? 61) <= 60;
}

/**
 * TM matching compares times normalised to HHMMSS.FFFFFF as strings. A TM value
 * with trailing components left out names the whole hour, minute, second or
 * fraction it leaves open (PS3.5 6.2), so a lower bound is padded with zeros and
 * an upper bound with nines: `-1015` matches 10:15:30 ("prior to and including
 * 10:15", PS3.4 C.2.2.2.5 b/d), and a single value `1015` matches any time in
 * that minute, as the range `1015-1015` would. The order of the bounds is
 * checked after padding, so `101530-1015` (10:15:30 to the end of 10:15) is valid.
 */
function timeRange(attr: QueryAttribute, m: Matcher): Matcher {
  const [from, to] = m.kind === 'single' ? [m.value, m.value] : m.kind === 'range' ? [m.from, m.to] : [];
  return ordered(attr, {
    kind: 'range',
    from: from === undefined ? undefined : normalizeTime(from, '0'),
    to: to === undefined ? undefined : normalizeTime(to, '9'),
  });
}

/** HHMMSS.FFFFFF, the left-out components filled with `fill`. */
export function normalizeTime(value: string, fill: '0' | '9'): string {
  const [whole = '', fraction = ''] = value.split('.');
  return `${whole.padEnd(6, fill)}.${fraction.padEnd(6, fill)}`;
}

function fail(attr: QueryAttribute, reason: string): never {
  throw new AppError('InvalidQuery', `Invalid value for ${attr.keyword} (${attr.tag}): ${reason}`);
}

function assertNeverVr(vr: never): never {
  throw new Error(`Unhandled VR ${String(vr)}`);
}
