'use client';

import dynamic from 'next/dynamic';
import { ViewerMessage } from './components/ViewerMessage';

/** Cornerstone needs WebGL, workers and wasm: the viewer renders on the client only. */
const ViewerApp = dynamic(() => import('./ViewerApp'), {
  ssr: false,
  loading: () => <ViewerMessage kind="loading" title="Loading viewer…" />,
});

export function ViewerRoot({ studyUid }: { studyUid: string }) {
  return <ViewerApp studyUid={studyUid} />;
}
