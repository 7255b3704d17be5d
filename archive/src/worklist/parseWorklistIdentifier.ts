import type { DicomJsonDict, DicomJsonElement } from 'dcmjs';
import { AppError, Tag } from '@consilium/shared';
import { parseWorklistMatcher } from './parseWorklistMatcher.js';
import { STEP_ATTRIBUTES, TOP_LEVEL_ATTRIBUTES, type WorklistAttribute } from './worklistAttributes.js';
import { WORKLIST_LIMIT, type WorklistFilter, type WorklistQuery } from './WorklistQuery.js';

/**
 * A key of the identifier, to be returned in each response. `items` is set for
 * sequences: the keys asked for inside the item, or 'all' when the sequence was
 * sent empty or with one empty item (every attribute of the item is returned).
 */
export interface ReturnKey {
  tag: string;
  vr: string;
  items?: ReturnKey[] | 'all';
}

export interface WorklistRequest {
  query: WorklistQuery;
  returnKeys: ReturnKey[];
  /** Tags (`SEQUENCE.ITEMTAG` inside the step item) of keys with a value the archive cannot match on (PS3.4 K.4.1.3 status FF01). */
  unsupportedKeys: string[];
}

/**
 * Turns an MWL C-FIND identifier (PS3.4 K.6.1.2) into a worklist query. Keys
 * with values match: the top-level patient and requested procedure keys, and
 * the step keys inside the single item of ScheduledProcedureStepSequence
 * (sequence matching, C.2.2.2.6). Every key of the identifier is a return key.
 * Keys the archive does not hold are returned empty rather than refused (C.2.2.1
 * lets an SCP skip optional keys) and reported in `unsupportedKeys`. A sequence
 * matching key with more than one item, or a malformed value, is
 * AppError('InvalidQuery').
 */
export function parseWorklistIdentifier(identifier: DicomJsonDict): WorklistRequest {
  const filters: WorklistFilter[] = [];
  const unsupportedKeys: string[] = [];
  const returnKeys: ReturnKey[] = [];
  for (const [tag, element] of Object.entries(identifier)) {
    if (tag.startsWith('0002')) continue;
    returnKeys.push(returnKey(tag, element));
    if (tag === Tag.SpecificCharacterSet) continue;
    if (tag === Tag.ScheduledProcedureStepSequence) {
      filters.push(...stepFilters(element, unsupportedKeys));
      continue;
    }
    addFilter(TOP_LEVEL_ATTRIBUTES.get(tag), tag, element, filters, unsupportedKeys);
  }
  return { query: { filters, limit: WORKLIST_LIMIT }, returnKeys, unsupportedKeys };
}

function stepFilters(element: DicomJsonElement, unsupportedKeys: string[]): WorklistFilter[] {
  const items = (element.Value ?? []) as DicomJsonDict[];
  if (items.length > 1) {
    throw new AppError('InvalidQuery', 'ScheduledProcedureStepSequence (0040,0100) as a matching key holds one item (PS3.4 C.2.2.2.6)');
  }
  const filters: WorklistFilter[] = [];
  for (const [tag, itemElement] of Object.entries(items[0] ?? {})) {
    addFilter(STEP_ATTRIBUTES.get(tag), `${Tag.ScheduledProcedureStepSequence}.${tag}`, itemElement, filters, unsupportedKeys);
  }
  return filters;
}

function addFilter(
  attribute: WorklistAttribute | undefined,
  path: string,
  element: DicomJsonElement,
  filters: WorklistFilter[],
  unsupportedKeys: string[],
): void {
  if (element.vr === 'SQ') return;
  const value = matchingValue(element);
  if (!attribute?.matchable) {
    if (value.trim() !== '' && value.trim() !== '*') unsupportedKeys.push(path);
    return;
  }
  const matcher = parseWorklistMatcher(attribute, value);
  if (matcher) filters.push({ attribute, matcher });
}

function returnKey(tag: string, element: DicomJsonElement): ReturnKey {
  if (element.vr !== 'SQ') return { tag, vr: element.vr };
  const item = (element.Value?.[0] ?? {}) as DicomJsonDict;
  const entries = Object.entries(item);
  return { tag, vr: 'SQ', items: entries.length === 0 ? 'all' : entries.map(([t, e]) => returnKey(t, e)) };
}

/** The C-FIND value string of an element: values joined by backslash, person names by their alphabetic group. */
function matchingValue(element: DicomJsonElement): string {
  return (element.Value ?? [])
    .map((v) => (typeof v === 'object' && v !== null ? String((v as { Alphabetic?: unknown }).Alphabetic ?? '') : String(v ?? '')))
    .join('\\');
}
