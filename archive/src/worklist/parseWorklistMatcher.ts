import { parseMatcher } from '../query/parseMatcher.js';
import type { QueryAttribute } from '../query/queryAttributes.js';
import type { Matcher } from '../query/QueryModel.js';
import type { WorklistAttribute } from './worklistAttributes.js';

/**
 * One worklist matching-key value as a matcher, by the C-FIND rules the Q/R
 * models use (PS3.4 C.2.2.2, which K.2.2.1 applies to the worklist): empty or
 * `*` is universal (null), `*`/`?` wildcards, `a-b` ranges for DA and TM,
 * backslash lists for UIDs and code strings. An AE title matches like SH (single
 * value or wildcard). Invalid values throw AppError('InvalidQuery').
 */
export function parseWorklistMatcher(attribute: WorklistAttribute, raw: string): Matcher | null {
  const asQueryAttribute: QueryAttribute = {
    tag: attribute.tag,
    keyword: attribute.keyword,
    vr: attribute.vr === 'AE' ? 'SH' : attribute.vr,
    // The query layer's entity and column are not used for parsing.
    entity: 'study',
    column: attribute.field,
  };
  return parseMatcher(asQueryAttribute, raw);
}
