/**
 * Paths served without a session: signing in itself, better-auth's routes
 * (which check their own), opening a share link (the page asking for its
 * passcode, and the call that checks it) and trading an API key for a token.
 */
export function isPublicPath(pathname: string): boolean {
  return (
    pathname === '/sign-in' ||
    pathname.startsWith('/api/auth/') ||
    pathname.startsWith('/s/') ||
    pathname === '/api/shares/open' ||
    // Machine clients trade an API key for a service token here (the key is their credential).
    pathname === '/api/service-token'
  );
}

/**
 * What a share-link guest may reach besides the public paths: the viewer of
 * the link's study, DICOMweb reads (the archive limits them to that study)
 * and the token for the session handshake.
 */
export function isGuestPath(method: string, pathname: string, studyInstanceUID: string): boolean {
  const reading = method === 'GET' || method === 'HEAD';
  if (pathname.startsWith('/dicomweb/')) return reading;
  if (pathname === '/api/token') return reading;
  return reading && (pathname === `/viewer/${studyInstanceUID}` || pathname === `/viewer/${encodeURIComponent(studyInstanceUID)}`);
}
