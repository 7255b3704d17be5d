import type { Metadata } from 'next';
import { ViewerRoot } from '@/features/viewer/ViewerRoot';
import { headers } from 'next/headers';
import { serverConfig } from '@/lib/serverConfig';
import { getAuth } from '@/server/auth/getAuth';

export const metadata: Metadata = { title: 'Viewer' };

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * `/viewer/{StudyInstanceUID}`: the worklist opens a study here;
 * `?session={id}&join={token}` joins a reading session of it. A share-link
 * guest sees it read-only (no sharing, no sessions of their own).
 */
export default async function ViewerPage({ params, searchParams }: { params: Promise<{ studyUid: string }>; searchParams: Promise<SearchParams> }) {
  const { studyUid } = await params;
  const query = await searchParams;
  const sessionId = typeof query.session === 'string' ? query.session : undefined;
  const joinToken = typeof query.join === 'string' ? query.join : undefined;
  // Without an account the visitor came through a share link (the proxy let nobody else in).
  const signedIn = await (await getAuth()).api.getSession({ headers: await headers() });
  return (
    <ViewerRoot
      studyUid={decodeURIComponent(studyUid)}
      realtimeUrl={serverConfig.realtimePublicUrl}
      invite={sessionId && joinToken ? { sessionId, joinToken } : undefined}
      guest={!signedIn}
      canGrant={['admin', 'radiologist'].includes((signedIn?.user as { role?: string | null } | undefined)?.role ?? '')}
    />
  );
}
