import type { Metadata } from 'next';
import { ViewerRoot } from '@/features/viewer/ViewerRoot';

export const metadata: Metadata = { title: 'Viewer' };

/** `/viewer/{StudyInstanceUID}`: the worklist opens a study here. */
export default async function ViewerPage({ params }: { params: Promise<{ studyUid: string }> }) {
  const { studyUid } = await params;
  return <ViewerRoot studyUid={decodeURIComponent(studyUid)} />;
}
