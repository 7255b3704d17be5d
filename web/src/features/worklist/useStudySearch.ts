'use client';

import { useCallback, useEffect, useState } from 'react';
import { type HttpProblem, type StudyFilters, type StudyPage, searchStudies } from '../../lib/qido';

/** Studies per worklist page. */
export const PAGE_SIZE = 25;

export type StudySearchState =
  | { status: 'loading'; previous: StudyPage | undefined }
  | { status: 'ready'; page: StudyPage }
  | { status: 'error'; problem: HttpProblem };

/**
 * Runs the QIDO-RS search for `limit` studies from `offset` (a page, or the
 * whole sort window). A newer search
 * aborts the one in flight, so a slow answer for an old filter can never
 * overwrite the list for the current one. While loading, the last page stays
 * available so the table dims instead of blanking on every keystroke.
 */
export function useStudySearch(filters: StudyFilters, offset: number, limit: number): { state: StudySearchState; reload: () => void } {
  const [state, setState] = useState<StudySearchState>({ status: 'loading', previous: undefined });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  // The filters object is rebuilt from the URL on every render; its content is what matters.
  const key = JSON.stringify(filters);

  useEffect(() => {
    const controller = new AbortController();
    const current = JSON.parse(key) as StudyFilters;
    setState((s) => ({ status: 'loading', previous: s.status === 'ready' ? s.page : s.status === 'loading' ? s.previous : undefined }));
    searchStudies(current, offset, limit, controller.signal).then(
      (result) => {
        if (controller.signal.aborted) return;
        setState(result.ok ? { status: 'ready', page: result.value } : { status: 'error', problem: result.error });
      },
      (error: unknown) => {
        // An abort by a newer search is expected; anything else is a bug, shown rather than hidden.
        if (controller.signal.aborted) return;
        setState({ status: 'error', problem: { status: 0, title: 'Unexpected error', detail: String(error) } });
      },
    );
    return () => controller.abort();
  }, [key, offset, limit, generation]);

  return { state, reload };
}
