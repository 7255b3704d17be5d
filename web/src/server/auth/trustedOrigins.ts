/** The web app's origin and, for a loopback one, its other spelling (http://localhost:3000 and http://127.0.0.1:3000). */
export function trustedOriginsOf(publicUrl: string): string[] {
  const url = new URL(publicUrl);
  if (url.hostname === '127.0.0.1') return [url.origin, url.origin.replace('127.0.0.1', 'localhost')];
  if (url.hostname === 'localhost') return [url.origin, url.origin.replace('localhost', '127.0.0.1')];
  return [url.origin];
}
