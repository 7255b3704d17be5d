import type { Matcher } from '../query/QueryModel.js';
import type { WorklistAttribute } from './worklistAttributes.js';

export interface WorklistFilter {
  attribute: WorklistAttribute;
  matcher: Matcher;
}

/** A Modality Worklist query: every filter must match (PS3.4 C.2.2.1), at most `limit` items. */
export interface WorklistQuery {
  filters: WorklistFilter[];
  limit: number;
}

/** The cap on items per worklist query; a modality's worklist is a day's work, not the archive. */
export const WORKLIST_LIMIT = 1000;
