'use client';

import { SessionDocKey, type SharedReport } from '@consilium/shared';
import { useCallback, useEffect, useRef } from 'react';
import type * as Y from 'yjs';
import type { SessionHandle } from '../SessionContext';

/** Origin of this participant's report entries (not tracked by the annotation undo manager). */
const LOCAL_REPORTS = Symbol('local-reports');

/** A shared report entry with the fields a viewer relies on; the document is written by other clients. */
export function isSharedReport(value: unknown): value is SharedReport {
  const r = value as Partial<SharedReport> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.studyInstanceUID === 'string' &&
    typeof r.seriesInstanceUID === 'string' &&
    typeof r.sopInstanceUID === 'string' &&
    typeof r.seriesNumber === 'number' &&
    typeof r.description === 'string' &&
    typeof r.savedAt === 'string'
  );
}

/**
 * The reports saved in this session: `onReport` gets every entry of the
 * document's Reports array (those already there, then each new one, also after
 * a reconnect), and the returned function adds one this participant saved.
 * Outside a session the function does nothing.
 */
export function useSharedReports(session: SessionHandle | null, onReport: (report: SharedReport) => void): (report: SharedReport) => void {
  const doc = session?.doc;
  const callback = useRef(onReport);
  callback.current = onReport;
  useEffect(() => {
    if (!doc) return;
    const reports = doc.getArray<unknown>(SessionDocKey.Reports);
    const emitAll = () => reports.toArray().filter(isSharedReport).forEach((r) => callback.current(r));
    const onChange = (event: Y.YArrayEvent<unknown>) => {
      for (const item of event.changes.added) for (const value of item.content.getContent()) if (isSharedReport(value)) callback.current(value);
    };
    emitAll();
    reports.observe(onChange);
    return () => reports.unobserve(onChange);
  }, [doc]);
  return useCallback(
    (report: SharedReport) => {
      if (!doc) return;
      doc.transact(() => doc.getArray<SharedReport>(SessionDocKey.Reports).push([report]), LOCAL_REPORTS);
    },
    [doc],
  );
}
