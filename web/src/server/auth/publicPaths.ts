/** Paths served without a session: signing in itself, and better-auth's routes (which check their own). */
export function isPublicPath(pathname: string): boolean {
  return pathname === '/sign-in' || pathname.startsWith('/api/auth/');
}
