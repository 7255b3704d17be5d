/**
 * One query model for QIDO-RS (PS3.18 10.6) and C-FIND (PS3.4 C.4.1): both
 * protocols parse into it, one layer runs it, and both format from its rows.
 */
export type QueryLevel = 'PATIENT' | 'STUDY' | 'SERIES' | 'IMAGE';

/** Matching kinds of PS3.4 C.2.2.2. */
export type Matcher =
  | { kind: 'single'; value: string }
  | { kind: 'list'; values: string[] }
  | { kind: 'wildcard'; pattern: string }
  | { kind: 'range'; from: string | undefined; to: string | undefined };

export interface QueryFilter {
  /** 8-hex tag, or `SEQUENCE.ITEMTAG` for a sequence matching key. */
  tag: string;
  matcher: Matcher;
}

export interface StudyQuery {
  /** PATIENT only from C-FIND's Patient Root model (PS3.4 C.6.1); QIDO-RS has no patient level. */
  level: QueryLevel;
  /** Hierarchical scope from the request path (e.g. /studies/{s}/series). */
  scope: { studyInstanceUID?: string; seriesInstanceUID?: string };
  filters: QueryFilter[];
  /** Extra attributes to return: tags, or 'all'. */
  includeFields: Set<string> | 'all';
  limit: number;
  offset: number;
  /** PS3.18 fuzzymatching: person names match on any name component's prefix. */
  fuzzy: boolean;
}
