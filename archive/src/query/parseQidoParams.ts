import { AppError } from '@consilium/shared';
import { resolveTag } from './dicomDictionary.js';
import { parseMatcher } from './parseMatcher.js';
import { ATTRIBUTE_BY_TAG, ENTITIES_AT_LEVEL } from './queryAttributes.js';
import type { QueryFilter, StudyQuery } from './QueryModel.js';

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10_000;
const MAX_OFFSET = 10_000_000;
const MAX_PARAMETERS = 64;
/** Query parameters of PS3.18 8.3.4 and 8.3.3.1 that are not matching keys. */
const CONTROL_PARAMETERS = new Set(['limit', 'offset', 'includefield', 'fuzzymatching', 'accept', 'charset']);

export type QueryParams = Record<string, string | string[] | undefined>;

/**
 * Parses QIDO-RS query parameters (PS3.18 8.3.4) into the shared query model.
 * Unknown parameters, keys that cannot be matched at the level, repeated keys and
 * malformed values are refused with AppError('InvalidQuery') — never ignored,
 * so a typo can never turn into a full list.
 */
export function parseQidoParams(
  level: StudyQuery['level'],
  scope: StudyQuery['scope'],
  params: QueryParams,
): StudyQuery {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined) as [string, string | string[]][];
  if (entries.length > MAX_PARAMETERS) invalid(`more than ${MAX_PARAMETERS} query parameters`);
  const query: StudyQuery = { level, scope, filters: [], includeFields: new Set(), limit: DEFAULT_LIMIT, offset: 0, fuzzy: false };
  const seenTags = new Set<string>();

  for (const [name, rawValue] of entries) {
    const lower = name.toLowerCase();
    if (lower === 'includefield') {
      applyIncludeFields(query, Array.isArray(rawValue) ? rawValue : [rawValue]);
      continue;
    }
    if (Array.isArray(rawValue)) invalid(`parameter "${truncate(name)}" is given more than once`);
    const value = rawValue;
    if (CONTROL_PARAMETERS.has(lower)) {
      applyControl(query, lower, value);
      continue;
    }
    const tag = resolveKey(name);
    if (seenTags.has(tag)) invalid(`attribute "${truncate(name)}" is given more than once`);
    seenTags.add(tag);
    const attr = ATTRIBUTE_BY_TAG.get(tag);
    // A return-only key (a count) may only come empty: universal matching asks for it back (PS3.4 C.2.2.2.3).
    const returnOnly = attr?.returnOnly === true && value.trim() !== '';
    if (!attr || returnOnly || !ENTITIES_AT_LEVEL[level].includes(attr.entity)) {
      invalid(`"${truncate(name)}" is not a supported matching key at the ${level.toLowerCase()} level (PS3.18 Table 10.6.1-5)`);
    }
    const matcher = parseMatcher(attr, value);
    if (matcher) query.filters.push({ tag, matcher } satisfies QueryFilter);
    if (!matcher && query.includeFields !== 'all') query.includeFields.add(returnedTag(tag));
  }
  return query;
}

/** A matching key: keyword, 8-hex tag, or `SEQ.ITEM` path of keywords/tags. */
function resolveKey(name: string): string {
  const parts = name.split('.');
  if (parts.length > 2) invalid(`"${truncate(name)}": nested sequence keys deeper than one level are not supported`);
  const tags = parts.map((p) => resolveTag(p));
  if (tags.some((t) => t === undefined)) invalid(`unknown query parameter or attribute "${truncate(name)}"`);
  return tags.join('.');
}

function applyIncludeFields(query: StudyQuery, values: string[]): void {
  for (const field of values.flatMap((v) => v.split(','))) {
    const name = field.trim();
    if (name === '') continue;
    if (name === 'all') {
      query.includeFields = 'all';
      continue;
    }
    const tag = resolveKey(name);
    if (query.includeFields !== 'all') query.includeFields.add(returnedTag(tag));
  }
}

/** The attribute a key returns: a `SEQUENCE.ITEM` key returns its whole sequence. */
function returnedTag(tag: string): string {
  return tag.split('.')[0] ?? tag;
}

function applyControl(query: StudyQuery, name: string, value: string): void {
  switch (name) {
    case 'limit':
      query.limit = Math.min(parseCount(name, value, 1, Number.MAX_SAFE_INTEGER), MAX_LIMIT);
      return;
    case 'offset':
      query.offset = parseCount(name, value, 0, MAX_OFFSET);
      return;
    case 'fuzzymatching':
      if (value !== 'true' && value !== 'false') invalid('fuzzymatching must be "true" or "false"');
      query.fuzzy = value === 'true';
      return;
    case 'accept':
    case 'charset':
      return;
    default:
      invalid(`unsupported parameter "${name}"`);
  }
}

function parseCount(name: string, value: string, min: number, max: number): number {
  if (!/^\d{1,16}$/.test(value)) invalid(`${name} must be a non-negative integer`);
  const n = Number(value);
  if (n < min || n > max) invalid(`${name} must be between ${min} and ${max}`);
  return n;
}

function truncate(text: string): string {
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}

function invalid(reason: string): never {
  throw new AppError('InvalidQuery', reason);
}
