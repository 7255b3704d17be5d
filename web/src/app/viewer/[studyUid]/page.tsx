import type { Metadata } from 'next';
import { ViewerRoot } from '@/features/viewer/ViewerRoot';
import { serverConfig } from '@/lib/serverConfig';

export const metadata: Metadata = { title: 'Viewer' };

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * `/viewer/{StudyInstanceUID}`: the worklist opens a study here;
 * `?session={id}&join={token}` joins a reading session of it.
 */
export default async function ViewerPage({ params, searchParams }: { params: Promise<{ studyUid: string }>; searchParams: Promise<SearchParams> }) {
  const { studyUid } = await params;
  const query = await searchParams;
  const sessionId = typeof query.session === 'string' ? query.session : undefined;
  const joinToken = typeof query.join === 'string' ? query.join : undefined;
  return (
    <ViewerRoot
      studyUid={decodeURIComponent(studyUid)}
      realtimeUrl={serverConfig.realtimePublicUrl}
      invite={sessionId && joinToken ? { sessionId, joinToken } : undefined}
    />
  );
}
