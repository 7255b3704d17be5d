import type { DicomJsonDict, DicomJsonElement } from 'dcmjs';
import { AppError, Tag } from '@consilium/shared';
import { parseMatcher } from './parseMatcher.js';
import { ATTRIBUTE_BY_TAG, ENTITIES_AT_LEVEL } from './queryAttributes.js';
import type { QueryFilter, QueryLevel, StudyQuery } from './QueryModel.js';

export type InformationModel = 'PATIENT_ROOT' | 'STUDY_ROOT';

export interface FindRequest {
  query: StudyQuery;
  /** Every key of the identifier, in its order, with the VR the requester gave it. */
  returnKeys: { tag: string; vr: string }[];
}

/** Attributes of the identifier that steer the query rather than match (PS3.4 C.4.1.1.3). */
const NOT_MATCHED: ReadonlySet<string> = new Set([Tag.QueryRetrieveLevel, Tag.SpecificCharacterSet, Tag.RetrieveAETitle, Tag.InstanceAvailability, Tag.TimezoneOffsetFromUTC]);
const LEVELS: Record<InformationModel, readonly QueryLevel[]> = {
  PATIENT_ROOT: ['PATIENT', 'STUDY', 'SERIES', 'IMAGE'],
  STUDY_ROOT: ['STUDY', 'SERIES', 'IMAGE'],
};
/** The cap on C-FIND matches per request; beyond it the SCP stops with a warning-free success. */
export const FIND_LIMIT = 10_000;

/**
 * Turns a C-FIND identifier (PS3.4 C.4.1.1.3) into the query model QIDO-RS uses.
 * Keys with values match (single, wildcard, range, list), empty keys are return
 * keys. Keys the index cannot match are returned empty instead of refusing the
 * query, as PS3.4 C.2.2.1 lets an SCP treat unsupported optional keys; a
 * QueryRetrieveLevel the model does not have is AppError('InvalidQuery')
 * (status A900, "Identifier does not match SOP Class").
 */
export function parseFindIdentifier(identifier: DicomJsonDict, model: InformationModel): FindRequest {
  const levelValue = String(identifier[Tag.QueryRetrieveLevel]?.Value?.[0] ?? '').trim();
  const level = LEVELS[model].find((l) => l === levelValue);
  if (!level) throw new AppError('InvalidQuery', `QueryRetrieveLevel "${levelValue.slice(0, 16)}" is not a level of the ${model === 'PATIENT_ROOT' ? 'Patient' : 'Study'} Root model`);
  const visible = ENTITIES_AT_LEVEL[level];
  const filters: QueryFilter[] = [];
  const returnKeys: FindRequest['returnKeys'] = [];
  for (const [tag, element] of Object.entries(identifier)) {
    if (tag.startsWith('0002') || tag === Tag.QueryRetrieveLevel) continue;
    returnKeys.push({ tag, vr: element.vr });
    if (NOT_MATCHED.has(tag)) continue;
    if (element.vr === 'SQ') {
      filters.push(...sequenceFilters(tag, element));
      continue;
    }
    const attr = ATTRIBUTE_BY_TAG.get(tag);
    if (!attr || attr.returnOnly || !visible.includes(attr.entity)) continue;
    const matcher = parseMatcher(attr, matchingValue(element));
    if (matcher) filters.push({ tag, matcher });
  }
  const query: StudyQuery = {
    level,
    scope: {},
    filters,
    includeFields: new Set(returnKeys.map((k) => k.tag)),
    limit: FIND_LIMIT,
    offset: 0,
    fuzzy: false,
  };
  return { query, returnKeys };
}

/** The C-FIND value string of an element: values joined by backslash, person names by their alphabetic group. */
function matchingValue(element: DicomJsonElement): string {
  return (element.Value ?? [])
    .map((v) => (typeof v === 'object' && v !== null ? String((v as { Alphabetic?: unknown }).Alphabetic ?? '') : String(v)))
    .join('\\');
}

/** Sequence matching (PS3.4 C.2.2.2.6) for the sequence keys the index holds. */
function sequenceFilters(tag: string, element: DicomJsonElement): QueryFilter[] {
  const item = element.Value?.[0] as DicomJsonDict | undefined;
  if (!item) return [];
  const filters: QueryFilter[] = [];
  for (const [itemTag, itemElement] of Object.entries(item)) {
    const attr = ATTRIBUTE_BY_TAG.get(`${tag}.${itemTag}`);
    if (!attr) continue;
    const matcher = parseMatcher(attr, matchingValue(itemElement));
    if (matcher) filters.push({ tag: attr.tag, matcher });
  }
  return filters;
}
