import { type NextRequest, NextResponse } from 'next/server';
import { getAuth } from '@/server/auth/getAuth';
import { isPublicPath } from '@/server/auth/publicPaths';

/**
 * Nothing of the app without a signed-in session: pages send the visitor to
 * sign in (and back), DICOMweb and API calls get a 401 problem. Runs on the
 * Node.js runtime (Next.js 16 proxy), so the session is checked for real
 * (better-auth, cookie cache of one minute) rather than by cookie presence.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  if (isPublicPath(pathname)) return NextResponse.next();
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: request.headers }).catch(() => null);
  if (session) return NextResponse.next();
  if (pathname.startsWith('/dicomweb') || pathname.startsWith('/api/')) {
    return NextResponse.json(
      { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Sign in first.' },
      { status: 401, headers: { 'content-type': 'application/problem+json', 'www-authenticate': 'Bearer' } },
    );
  }
  const signIn = new URL('/sign-in', request.url);
  signIn.searchParams.set('next', `${pathname}${search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  // Static build output needs no session; everything else passes through proxy().
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
