const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection for the app's own API (better-auth checks its routes
 * itself): a state-changing request a browser sends from another origin is
 * refused. Browsers name the origin of every POST, PUT and DELETE
 * (`Origin`), or at least say it came from another site (`Sec-Fetch-Site`);
 * a request with neither comes from a program, which holds no victim's cookies.
 */
export function isCrossSiteWrite(method: string, headers: Headers, allowedOrigins: readonly string[]): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const origin = headers.get('origin');
  if (origin !== null) return !allowedOrigins.includes(origin);
  const site = headers.get('sec-fetch-site');
  return site !== null && site !== 'same-origin' && site !== 'none';
}
