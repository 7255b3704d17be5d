'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { EMPTY_FILTERS, type StudyFilters } from '../../lib/qido';
import { UploadPanel } from '../upload/UploadPanel';
import { AppHeader } from './AppHeader';
import { Pagination } from './Pagination';
import { StudyTable, viewerHref } from './StudyTable';
import { type ApplyMode, WorklistFilters } from './WorklistFilters';
import { EmptyResult, LoadingStatus, SearchError, SortWindowNote } from './WorklistMessage';
import { PAGE_SIZE, useStudySearch } from './useStudySearch';
import { SORT_WINDOW_STUDIES, sortedByArchive, visiblePage } from './visiblePage';
import { type SortKey, type WorklistState, sameFilters, worklistStateFromParams, worklistStateToParams } from './worklistUrlState';
import styles from './worklist.module.css';

/**
 * The worklist (home page). Its whole state — filters, page and sort — is the
 * URL, so reload, Back from the viewer and a shared link all show the same list.
 */
export function WorklistPage() {
  const router = useRouter();
  const searchParams = useSearchParams();
  const state = useMemo(() => worklistStateFromParams(searchParams), [searchParams]);
  // The archive's own order pages on the server; any other sort fetches a window and pages here.
  const windowed = !sortedByArchive(state.sort);
  const { state: search, reload } = useStudySearch(state.filters, windowed ? 0 : state.offset, windowed ? SORT_WINDOW_STUDIES : PAGE_SIZE);

  const navigate = useCallback(
    (next: WorklistState, mode: ApplyMode) => {
      const query = worklistStateToParams(next).toString();
      router[mode](query ? `/?${query}` : '/', { scroll: false });
    },
    [router],
  );
  const applyFilters = (filters: StudyFilters, mode: ApplyMode) => navigate({ ...state, filters, offset: 0 }, mode);
  const onSort = (key: SortKey) => {
    const flip = state.sort.key === key && state.sort.direction === 'ascending';
    navigate({ ...state, offset: 0, sort: { key, direction: flip ? 'descending' : 'ascending' } }, 'replace');
  };
  const onOpen = (uid: string) => router.push(viewerHref(uid));

  const fetched = search.status === 'ready' ? search.page : search.status === 'loading' ? search.previous : undefined;
  const page = useMemo(() => fetched && visiblePage(fetched, state.sort, state.offset, PAGE_SIZE), [fetched, state.sort, state.offset]);
  const studies = page?.studies ?? [];
  const filtered = !sameFilters(state.filters, EMPTY_FILTERS);

  return (
    <div className={styles.page}>
      <AppHeader />
      <main className={styles.main}>
        <h1 className={styles.visuallyHidden}>Worklist</h1>
        <WorklistFilters filters={state.filters} onApply={applyFilters} />
        <UploadPanel onStored={reload} />
        {search.status === 'error' ? (
          <SearchError problem={search.problem} onRetry={reload} />
        ) : (
          <div className={styles.tableBar}>
            {search.status === 'loading' ? <LoadingStatus /> : page?.windowTruncated ? <SortWindowNote /> : <span />}
            {page && (page.studies.length > 0 || page.offset > 0) && (
              <Pagination offset={page.offset} count={page.studies.length} hasMore={page.hasMore} pageSize={PAGE_SIZE} disabled={search.status === 'loading'} onPage={(offset) => navigate({ ...state, offset }, 'push')} />
            )}
          </div>
        )}
        {search.status !== 'error' && (
          <div className={styles.tableWrap}>
            <StudyTable studies={studies} sort={state.sort} onSort={onSort} onOpen={onOpen} skeleton={!page} busy={search.status === 'loading'} />
            {search.status === 'ready' && studies.length === 0 && <EmptyResult filtered={filtered} onClear={() => applyFilters(EMPTY_FILTERS, 'push')} />}
          </div>
        )}
      </main>
    </div>
  );
}
