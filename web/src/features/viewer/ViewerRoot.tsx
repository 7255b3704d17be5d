'use client';

import dynamic from 'next/dynamic';
import { useEffect } from 'react';
import type { SessionInvite } from '../session/SessionProvider';
import { ViewerMessage } from './components/ViewerMessage';
import { probeRenderingWhileIdle } from './cornerstone/probeRendering';
import { prefetchStudy, studyUidOfViewerPath } from './study/studyPrefetch';

/**
 * Work that need not wait for hydration starts as soon as this route chunk runs
 * in the browser: the study's metadata requests (the component's effect then
 * gets the same promise), the viewer chunk (Cornerstone, vtk.js: ~1.5 MB
 * compressed; webpack hands `dynamic` the same load) and the WebGL probe.
 */
if (typeof window !== 'undefined') {
  const studyUid = studyUidOfViewerPath(window.location.pathname);
  if (studyUid) void prefetchStudy(studyUid);
  void import('./ViewerApp');
  probeRenderingWhileIdle();
}

/** Cornerstone needs WebGL, workers and wasm: the viewer renders on the client only. */
const ViewerApp = dynamic(() => import('./ViewerApp'), {
  ssr: false,
  loading: () => <ViewerMessage kind="loading" title="Loading viewer…" />,
});

export function ViewerRoot({
  studyUid,
  realtimeUrl,
  invite,
  guest,
  canGrant,
}: {
  studyUid: string;
  realtimeUrl: string;
  invite: SessionInvite | undefined;
  /** A share-link guest: read-only, no sharing. */
  guest: boolean;
  /** May give accounts access to the study (administrators, radiologists). */
  canGrant: boolean;
}) {
  // The metadata loads while the Cornerstone chunk downloads and compiles.
  useEffect(() => void prefetchStudy(studyUid), [studyUid]);
  return <ViewerApp studyUid={studyUid} realtimeUrl={realtimeUrl} invite={invite} guest={guest} canGrant={canGrant} />;
}
