import { AppError } from '@consilium/shared';
import { parseWorklistMatcher } from './parseWorklistMatcher.js';
import { WORKLIST_ATTRIBUTE_BY_KEYWORD, WORKLIST_ATTRIBUTES } from './worklistAttributes.js';
import { WORKLIST_LIMIT, type WorklistFilter, type WorklistQuery } from './WorklistQuery.js';

export type WorklistParams = Record<string, string | string[] | undefined>;

/**
 * Query parameters of GET /api/worklist as a worklist query: matching keys by
 * keyword or tag (`Modality=CT`, `ScheduledProcedureStepStartDate=20240101-20240131`,
 * `00100010=DOE*`), with the values and matching rules of C-FIND, and `limit`.
 * Step keys are named directly, without their sequence. Unknown parameters and
 * repeated keys are AppError('InvalidQuery'), so a typo never widens a worklist.
 */
export function parseWorklistParams(params: WorklistParams): WorklistQuery {
  const filters: WorklistFilter[] = [];
  let limit = WORKLIST_LIMIT;
  for (const [name, raw] of Object.entries(params)) {
    if (raw === undefined) continue;
    if (Array.isArray(raw)) throw new AppError('InvalidQuery', `Query parameter ${name.slice(0, 64)} is given more than once`);
    if (name === 'limit') {
      limit = parseLimit(raw);
      continue;
    }
    const attribute = WORKLIST_ATTRIBUTE_BY_KEYWORD.get(name) ?? WORKLIST_ATTRIBUTES.find((a) => a.tag === name.toUpperCase());
    if (!attribute?.matchable) throw new AppError('InvalidQuery', `${name.slice(0, 64)} is not a worklist matching key`);
    const matcher = parseWorklistMatcher(attribute, raw);
    if (matcher) filters.push({ attribute, matcher });
  }
  return { filters, limit };
}

function parseLimit(raw: string): number {
  const limit = Number(raw);
  if (!/^\d{1,6}$/.test(raw) || limit < 1 || limit > WORKLIST_LIMIT) {
    throw new AppError('InvalidQuery', `limit must be an integer from 1 to ${WORKLIST_LIMIT}`);
  }
  return limit;
}
