import 'server-only';
import { clientAddress } from '@/server/auth/createAuth';
import { serviceTokenOfRequest } from '@/server/auth/requestIdentity';
import { serverConfig } from './serverConfig';
import { problem } from '@/lib/problem';

/** Request headers worth forwarding to the archive; hop-by-hop ones are dropped. */
const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type', 'content-length', 'range', 'if-none-match'];
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'content-length', 'warning', 'etag', 'cache-control', 'content-range', 'content-disposition'];


/**
 * Streams one request to the archive at the same path, with the service token
 * of the signed-in user, and streams the answer back. An unreachable archive becomes a 502 problem document the UI can show
 * ("archive unreachable") instead of a hung request.
 */
export async function proxyToArchive(request: Request): Promise<Response> {
  const incoming = new URL(request.url);
  const target = `${serverConfig.archiveUrl}${incoming.pathname}${incoming.search}`;
  const token = await serviceTokenOfRequest(request.headers);
  if (!token) return problem(401, 'Unauthorized', 'Sign in first.');
  const headers = new Headers({ authorization: `Bearer ${token}` });
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  // The client's address as Next.js saw it, for the archive's audit records (it trusts this host's proxy only).
  const client = clientAddress(request.headers);
  if (client) headers.set('x-forwarded-for', client);
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      body: request.method === 'GET' || request.method === 'HEAD' ? undefined : request.body,
      // Streams the upload (STOW-RS bodies can be hundreds of MB) instead of buffering it.
      duplex: 'half',
      redirect: 'manual',
      signal: request.signal,
    } as RequestInit);
  } catch {
    return problem(502, 'Archive unreachable', 'The image archive did not answer. Is it running?');
  }
  const responseHeaders = new Headers();
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) responseHeaders.set(name, value);
  }
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: responseHeaders });
}
