import { type NextRequest, NextResponse } from 'next/server';
import { problem } from '@/lib/problem';
import { serverConfig } from '@/lib/serverConfig';
import { contentSecurityPolicy } from '@/server/contentSecurityPolicy';
import { isCrossSiteWrite } from '@/server/auth/crossSiteWrite';
import { getAuth } from '@/server/auth/getAuth';
import { trustedOriginsOf } from '@/server/auth/trustedOrigins';
import { isGuestPath, isPublicPath } from '@/server/auth/publicPaths';
import { guestLinkOf } from '@/server/shares/guestAccess';
import { isFrameRetrieve, rewriteToArchive } from '@/server/archive/frameRewrite';
import { serviceTokenOfSession } from '@/server/auth/serviceTokens';
import { guestServiceToken } from '@/server/auth/webTokens';

/**
 * Nothing of the app without a signed-in session or an open share link:
 * pages send the visitor to sign in (and back), DICOMweb and API calls get a
 * 401 problem. A share-link guest reaches the link's study and nothing else
 * (isGuestPath): other pages lead back to that study, other calls are 403. Runs on the
 * Node.js runtime (Next.js 16 proxy), so the session is checked for real
 * (better-auth, cookie cache of one minute) rather than by cookie presence.
 */
export async function proxy(request: NextRequest): Promise<Response> {
  const response = await admit(request);
  response.headers.set('Content-Security-Policy', CSP);
  return response;
}

/** The policy of every page, with the realtime origin of this installation (not known at build time). */
const CSP = contentSecurityPolicy(serverConfig.realtimePublicUrl);
const OWN_ORIGINS = trustedOriginsOf(serverConfig.publicUrl);

async function admit(request: NextRequest): Promise<Response> {
  const { pathname, search } = request.nextUrl;
  // CSRF: no write through the app's API or DICOMweb from another site (better-auth guards /api/auth itself).
  const api = pathname.startsWith('/dicomweb') || pathname.startsWith('/api/');
  if (api && !pathname.startsWith('/api/auth/') && isCrossSiteWrite(request.method, request.headers, OWN_ORIGINS)) {
    return problem(403, 'Forbidden', 'Requests that change data must come from this site.');
  }
  if (isPublicPath(pathname)) return NextResponse.next();
  const auth = await getAuth();
  const frame = isFrameRetrieve(request.method, pathname);
  const session = await auth.api.getSession({ headers: request.headers }).catch(() => null);
  if (session) {
    if (!frame) return NextResponse.next();
    return rewriteToArchive(request, `${pathname}${search}`, serverConfig.archiveUrl, await serviceTokenOfSession(session.session.id, request.headers));
  }
  const guest = await guestLinkOf(request.headers).catch(() => undefined);
  if (guest) {
    if (isGuestPath(request.method, pathname, guest.studyInstanceUid)) {
      if (!frame) return NextResponse.next();
      return rewriteToArchive(request, `${pathname}${search}`, serverConfig.archiveUrl, await guestServiceToken(auth, guest));
    }
    if (api) return problem(403, 'Forbidden', 'A share link opens its study only.');
    return NextResponse.redirect(new URL(`/viewer/${guest.studyInstanceUid}`, request.url));
  }
  if (api) {
    return problem(401, 'Unauthorized', 'Sign in first.', { 'www-authenticate': 'Bearer' });
  }
  const signIn = new URL('/sign-in', request.url);
  signIn.searchParams.set('next', `${pathname}${search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  // Static build output needs no session; everything else passes through proxy().
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
