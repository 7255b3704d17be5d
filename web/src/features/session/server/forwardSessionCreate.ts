import { SessionCreateRequestSchema } from '@consilium/shared';
import { problem } from '@/lib/problem';

/** How long the realtime service may take to create a session. */
const UPSTREAM_TIMEOUT_MS = 10_000;


/**
 * "Start session" on the web server (`POST /api/sessions`): the request is
 * checked against the shared schema, then forwarded to the realtime service
 * at `realtimeUrl`, whose answer (session id, join token, host token) goes
 * back unchanged with 201, on behalf of the user whose service token is
 * `serviceToken` (the realtime service requires one unless REALTIME_AUTH=off).
 * Malformed bodies get 400, an unreachable or failing realtime service 502,
 * each as application/problem+json.
 */
export async function forwardSessionCreate(request: Request, realtimeUrl: string, serviceToken?: string): Promise<Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return problem(400, 'Malformed request', 'The body is not JSON.');
  }
  const parsed = SessionCreateRequestSchema.safeParse(body);
  if (!parsed.success) return problem(400, 'Malformed request', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  let upstream: Response;
  try {
    upstream = await fetch(`${realtimeUrl}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(serviceToken ? { authorization: `Bearer ${serviceToken}` } : {}) },
      body: JSON.stringify(parsed.data),
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
  } catch {
    return problem(502, 'Realtime service unreachable', 'The collaboration service did not answer. Is it running?');
  }
  const answer: unknown = await upstream.json().catch(() => undefined);
  if (!upstream.ok || answer === undefined) return problem(502, 'Session not created', `The collaboration service answered HTTP ${upstream.status}.`);
  return Response.json(answer, { status: 201 });
}
