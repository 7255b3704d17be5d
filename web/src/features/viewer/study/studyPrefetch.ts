import type { Result } from '@consilium/shared';
import { markPhase } from '../perfMarks';
import { type LoadedStudy, type StudyLoadProblem, loadStudy } from './loadStudy';

type Loading = Promise<Result<LoadedStudy, StudyLoadProblem>>;

/** How long a prefetched study stays usable: long enough for the viewer chunk to load, short enough never to show stale data. */
const PREFETCH_REUSE_MS = 15_000;

let latest: { studyUid: string; startedAt: number; loading: Loading } | undefined;

/**
 * Starts loading the study's metadata from the small route chunk, before the
 * large Cornerstone chunk has even arrived, and hands the same request to the
 * viewer (and to React StrictMode's second effect run).
 */
/** The DICOMweb root the viewer loads from (this origin's proxy); image ids start with `wadors:` + it. */
export function viewerDicomwebRoot(): string {
  return `${window.location.origin}/dicomweb`;
}

export function prefetchStudy(studyUid: string): Loading {
  const now = Date.now();
  if (latest && latest.studyUid === studyUid && now - latest.startedAt < PREFETCH_REUSE_MS) return latest.loading;
  const loading = loadStudy(viewerDicomwebRoot(), studyUid).then((result) => {
    markPhase('metadata');
    return result;
  });
  latest = { studyUid, startedAt: now, loading };
  return loading;
}

/** The Study Instance UID of a `/viewer/{StudyInstanceUID}` path (the page's route), or undefined for any other path. */
export function studyUidOfViewerPath(pathname: string): string | undefined {
  const segment = /^\/viewer\/([^/]+)\/?$/.exec(pathname)?.[1];
  if (!segment) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
