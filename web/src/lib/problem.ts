/** An RFC 9457 problem document response. */
export function problem(status: number, title: string, detail: string, headers: Record<string, string> = {}): Response {
  return Response.json({ type: 'about:blank', title, status, detail }, { status, headers: { 'content-type': 'application/problem+json', ...headers } });
}
