import { SessionCreateRequestSchema } from '@consilium/shared';
import { serverConfig } from '@/lib/serverConfig';

function problem(status: number, title: string, detail: string): Response {
  return Response.json({ type: 'about:blank', title, status, detail }, { status, headers: { 'content-type': 'application/problem+json' } });
}

/**
 * `POST /api/sessions`: "Start session" in the viewer. The request is checked
 * against the shared schema here, then forwarded to the realtime service,
 * whose answer (session id, join token, host token) goes back unchanged.
 */
export async function POST(request: Request): Promise<Response> {
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
    upstream = await fetch(`${serverConfig.realtimeUrl}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(parsed.data),
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    return problem(502, 'Realtime service unreachable', 'The collaboration service did not answer. Is it running?');
  }
  const answer: unknown = await upstream.json().catch(() => undefined);
  if (!upstream.ok || answer === undefined) return problem(502, 'Session not created', `The collaboration service answered HTTP ${upstream.status}.`);
  return Response.json(answer, { status: 201 });
}
