/**
 * The Content-Security-Policy of every page: scripts, styles, images,
 * workers and connections from this origin only, plus the realtime service
 * (HTTP and WebSocket) the viewer's sessions talk to. Next.js inlines its
 * bootstrap scripts and styles ('unsafe-inline'); the DICOM codecs and vtk
 * compile WebAssembly ('wasm-unsafe-eval', not 'unsafe-eval'); workers and
 * decoded images come from blob: URLs; video consults play blob: and
 * mediastream: sources. Nothing may frame the app.
 */
export function contentSecurityPolicy(realtimePublicUrl: string): string {
  const realtime = new URL(realtimePublicUrl);
  const ws = `${realtime.protocol === 'https:' ? 'wss:' : 'ws:'}//${realtime.host}`;
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${realtime.origin} ${ws}`,
    "media-src 'self' blob: mediastream:",
    "worker-src 'self' blob:",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}
