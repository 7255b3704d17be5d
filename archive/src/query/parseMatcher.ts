import { AppError } from '@consilium/shared';
import type { QueryAttribute } from './queryAttributes.js';
import type { Matcher } from './QueryModel.js';

export const MAX_VALUE_LENGTH = 1024;
export const MAX_LIST_VALUES = 1000;
const UID_PATTERN = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;
const DATE_PATTERN = /^\d{8}$/;
const TIME_PATTERN = /^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/;

/**
 * Turns one matching-key value into a matcher following PS3.4 C.2.2.2: empty is
 * universal (null), `*`/`?` wildcard, `a-b` range for DA/TM, `\` or `,`
 * separated lists for UIDs (C.2.2.2.2) and code strings. Invalid values throw
 * AppError('InvalidQuery') naming the attribute and the rule broken.
 */
export function parseMatcher(attr: QueryAttribute, raw: string): Matcher | null {
  if (raw.length > MAX_VALUE_LENGTH) fail(attr, `value longer than ${MAX_VALUE_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f]/.test(raw)) fail(attr, 'value contains control characters');
  const value = raw.trim();
  if (value === '' || value === '*') return null;
  switch (attr.vr) {
    case 'DA':
      return rangeOrSingle(attr, value, DATE_PATTERN, 'YYYYMMDD');
    case 'TM':
      return normalizeTimeRange(rangeOrSingle(attr, value, TIME_PATTERN, 'HHMMSS.FFFFFF'));
    case 'UI': {
      const values = splitList(value);
      if (values.length > MAX_LIST_VALUES) fail(attr, `more than ${MAX_LIST_VALUES} UIDs in the list`);
      for (const uid of values) {
        if (uid.length > 64 || !UID_PATTERN.test(uid)) fail(attr, 'not a valid UID or UID list (PS3.5 9.1)');
      }
      return values.length === 1 ? { kind: 'single', value: values[0] as string } : { kind: 'list', values };
    }
    case 'IS':
    case 'US':
      if (!/^-?\d{1,10}$/.test(value)) fail(attr, 'not an integer');
      return { kind: 'single', value };
    case 'CS': {
      if (/[*?]/.test(value)) return { kind: 'wildcard', pattern: value };
      const values = splitList(value);
      if (values.length > MAX_LIST_VALUES) fail(attr, `more than ${MAX_LIST_VALUES} values in the list`);
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

function splitList(value: string): string[] {
  return value
    .split(/[\\,]/)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function rangeOrSingle(attr: QueryAttribute, value: string, pattern: RegExp, format: string): Matcher {
  const dash = value.indexOf('-');
  if (dash === -1) {
    if (!pattern.test(value)) fail(attr, `expected ${format} or a range ${format}-${format}`);
    return { kind: 'single', value };
  }
  const from = value.slice(0, dash);
  const to = value.slice(dash + 1);
  if ((from === '' && to === '') || (from !== '' && !pattern.test(from)) || (to !== '' && !pattern.test(to))) {
    fail(attr, `expected a range ${format}-${format}, -${format} or ${format}-`);
  }
  if (from !== '' && to !== '' && from > to) fail(attr, 'range start is after its end');
  return { kind: 'range', from: from || undefined, to: to || undefined };
}

/**
 * TM values compare as strings once padded: a lower bound with zeros, an upper
 * bound with nines, so `-1015` includes 10:15:59 (PS3.4 C.2.2.2.5).
 */
function normalizeTimeRange(m: Matcher): Matcher {
  if (m.kind !== 'range') return m;
  return {
    kind: 'range',
    from: m.from === undefined || m.from.includes('.') ? m.from : m.from.padEnd(6, '0'),
    to: m.to === undefined || m.to.includes('.') ? m.to : `${m.to.padEnd(6, '9')}.999999`,
  };
}

function fail(attr: QueryAttribute, reason: string): never {
  throw new AppError('InvalidQuery', `Invalid value for ${attr.keyword} (${attr.tag}): ${reason}`);
}

function assertNeverVr(vr: never): never {
  throw new Error(`Unhandled VR ${String(vr)}`);
}
