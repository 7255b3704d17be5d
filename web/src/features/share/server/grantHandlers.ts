import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { UidSchema as Uid } from '@consilium/shared';
import { problem } from '@/lib/problem';
import { serverConfig } from '@/lib/serverConfig';
import { getWebServer } from '@/server/auth/getAuth';
import { serviceTokenFor } from '@/server/auth/serviceTokens';
import { user } from '@/server/db/schema';

const GrantSchema = z.object({ studyInstanceUID: Uid, email: z.string().email().max(320) }).strict();

/** Calls the archive's grant API as the signed-in user (who must be allowed to: the archive decides). */
async function archive(request: Request, method: string, path: string): Promise<Response | undefined> {
  const token = await serviceTokenFor(request.headers);
  if (!token) return undefined;
  return fetch(`${serverConfig.archiveUrl}${path}`, { method, headers: { authorization: `Bearer ${token}` } }).catch(() => new Response(null, { status: 502 }));
}

async function relayProblem(response: Response): Promise<Response> {
  const body = (await response.json().catch(() => ({}))) as { title?: string; detail?: string };
  if (response.status === 502) return problem(502, 'Archive unreachable', 'The image archive did not answer. Is it running?');
  return problem(response.status, body.title ?? 'Refused', body.detail ?? `The archive answered HTTP ${response.status}.`);
}

/** `GET /api/study-grants?study=`: who besides radiologists may see a study, with names and emails. */
export async function listStudyGrants(request: Request): Promise<Response> {
  const study = Uid.safeParse(new URL(request.url).searchParams.get('study'));
  if (!study.success) return problem(400, 'Malformed request', 'study: a DICOM UID');
  const response = await archive(request, 'GET', `/api/grants?study=${study.data}`);
  if (!response) return problem(401, 'Unauthorized', 'Sign in first.');
  if (!response.ok) return relayProblem(response);
  const { grants } = (await response.json()) as { grants: { grantee: string; grantedBy: string; grantedAt: string }[] };
  const { db } = await getWebServer();
  const ids = grants.map((g) => g.grantee);
  const accounts = ids.length === 0 ? [] : await db.select({ id: user.id, name: user.name, email: user.email, role: user.role }).from(user).where(inArray(user.id, ids));
  const byId = new Map(accounts.map((a) => [a.id, a]));
  return Response.json({ grants: grants.map((g) => ({ ...g, account: byId.get(g.grantee) ?? null })) });
}

/** `POST /api/study-grants` {studyInstanceUID, email}: grants the study to that account (administrators and radiologists). */
export async function addStudyGrant(request: Request): Promise<Response> {
  const parsed = GrantSchema.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success) return problem(400, 'Malformed request', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const { db } = await getWebServer();
  const [account] = await db.select({ id: user.id, role: user.role }).from(user).where(eq(user.email, parsed.data.email.toLowerCase()));
  if (!account) return problem(404, 'No such account', `No account has the email ${parsed.data.email}.`);
  const response = await archive(request, 'PUT', `/api/studies/${parsed.data.studyInstanceUID}/grants/${encodeURIComponent(account.id)}`);
  if (!response) return problem(401, 'Unauthorized', 'Sign in first.');
  if (!response.ok) return relayProblem(response);
  return Response.json({ grantee: account.id, created: response.status === 201 }, { status: response.status });
}

/** `DELETE /api/study-grants?study=&grantee=`: withdraws a grant. */
export async function removeStudyGrant(request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const study = Uid.safeParse(params.get('study'));
  const grantee = z.string().min(1).max(128).safeParse(params.get('grantee'));
  if (!study.success || !grantee.success) return problem(400, 'Malformed request', 'study (a DICOM UID) and grantee (an account id) are required');
  const response = await archive(request, 'DELETE', `/api/studies/${study.data}/grants/${encodeURIComponent(grantee.data)}`);
  if (!response) return problem(401, 'Unauthorized', 'Sign in first.');
  if (!response.ok) return relayProblem(response);
  return new Response(null, { status: 204 });
}
