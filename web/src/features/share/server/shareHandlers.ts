import 'server-only';
import { z } from 'zod';
import { type AuditActor, UidSchema as Uid } from '@consilium/shared';
import { problem } from '@/lib/problem';
import { serverConfig } from '@/lib/serverConfig';
import type { WebAuditRecord } from '@/server/audit/AuditReporter';
import { clientAddress } from '@/server/auth/createAuth';
import { getWebServer } from '@/server/auth/getAuth';
import { serviceTokenFor } from '@/server/auth/serviceTokens';
import { forgetGuestToken } from '@/server/auth/webTokens';
import { forgetGuestLink } from '@/server/shares/guestAccess';
import { openSealedText, sealText } from '@/server/shares/sealedText';
import { GUEST_VISIT_MS, SHARE_COOKIE, shareCookieValue } from '@/server/shares/shareCookie';
import { MAX_SHARE_HOURS, type Redemption, createShareLink, findShareLink, listShareLinks, redeemShareLink, revokeShareLink } from '@/server/shares/shareLinks';
import { auditActorOf, signedInUser } from '@/server/auth/signedInUser';


export const NewShareSchema = z
  .object({
    studyInstanceUID: Uid,
    hours: z.number().int().min(1).max(MAX_SHARE_HOURS).default(72),
    passcode: z.string().min(6, 'at least 6 characters').max(64).optional(),
    maxUses: z.number().int().min(1).max(1000).optional(),
    label: z.string().max(120).optional(),
    session: z.object({ id: z.string().min(1).max(64), joinToken: z.string().min(1).max(256) }).strict().optional(),
  })
  .strict();

const OpenSchema = z.object({ token: z.string().min(16).max(128), passcode: z.string().max(64).optional() }).strict();

/** Whether the archive shows `study` to the user (a physician may share only what they may see). */
async function userSeesStudy(request: Request, study: string): Promise<boolean> {
  const token = await serviceTokenFor(request.headers);
  const response = await fetch(`${serverConfig.archiveUrl}/dicomweb/studies?StudyInstanceUID=${study}`, {
    headers: { accept: 'application/dicom+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  if (!response.ok) return false;
  return ((await response.json()) as unknown[]).length === 1;
}

const issues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');

/**
 * `POST /api/shares`: a signed-in user (not a guest) shares a study they can
 * see, or a reading session of it: 201 with the link's URL (its secret shown
 * this once) and what it allows.
 */
export async function createShare(request: Request): Promise<Response> {
  const user = await signedInUser(request);
  if (!user) return problem(401, 'Unauthorized', 'Sign in first.');
  if (user.role === 'guest') return problem(403, 'Forbidden', 'Guests cannot share studies.');
  const parsed = NewShareSchema.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success) return problem(400, 'Malformed request', issues(parsed.error));
  const input = parsed.data;
  if (user.role === 'physician' && !(await userSeesStudy(request, input.studyInstanceUID))) {
    return problem(403, 'Forbidden', 'You can share only studies shared with you.');
  }
  const { db, audit, secret } = await getWebServer();
  const { link, token } = await createShareLink(db, {
    studyInstanceUID: input.studyInstanceUID,
    // The session's join token must reach the guest's viewer: it is kept encrypted under the auth secret.
    session: input.session && { id: input.session.id, joinToken: sealText(secret, input.session.joinToken) },
    label: input.label,
    createdBy: user.id,
    expiresAt: new Date(Date.now() + input.hours * 3_600_000),
    passcode: input.passcode,
    maxUses: input.maxUses,
  });
  audit.record(shareRecord('share-link-create', 'C', auditActorOf(user, request), link.id, input.studyInstanceUID));
  return Response.json({ link, url: `${serverConfig.publicUrl}/s/${token}` }, { status: 201 });
}

/** `GET /api/shares?study=`: the links of a study; administrators see everyone's, others their own. */
export async function listShares(request: Request): Promise<Response> {
  const user = await signedInUser(request);
  if (!user) return problem(401, 'Unauthorized', 'Sign in first.');
  if (user.role === 'guest') return problem(403, 'Forbidden', 'Guests have no share links.');
  const study = new URL(request.url).searchParams.get('study') ?? undefined;
  if (study !== undefined && !Uid.safeParse(study).success) return problem(400, 'Malformed request', 'study: a DICOM UID');
  const { db } = await getWebServer();
  const links = await listShareLinks(db, { studyInstanceUID: study, createdBy: user.role === 'admin' ? undefined : user.id });
  return Response.json({ links });
}

/** `DELETE /api/shares/{id}`: its creator or an administrator revokes a link (204); its guests are out at once. */
export async function revokeShare(request: Request, id: string): Promise<Response> {
  const user = await signedInUser(request);
  if (!user) return problem(401, 'Unauthorized', 'Sign in first.');
  const { db, audit } = await getWebServer();
  const link = await findShareLink(db, id);
  if (!link || (link.createdBy !== user.id && user.role !== 'admin')) return problem(404, 'Not found', 'No such share link of yours.');
  if (!(await revokeShareLink(db, id))) return problem(409, 'Already revoked', 'This link was revoked before.');
  forgetGuestLink(id);
  forgetGuestToken(id);
  audit.record(shareRecord('share-link-revoke', 'D', auditActorOf(user, request), id, link.studyInstanceUid));
  return new Response(null, { status: 204 });
}

const REFUSALS: Record<Exclude<Redemption, { ok: true }>['reason'], [number, string, string]> = {
  unknown: [404, 'Unknown link', 'This share link does not exist. Check that it was copied whole.'],
  expired: [410, 'Link expired', 'This share link has expired. Ask the sender for a new one.'],
  revoked: [410, 'Link revoked', 'This share link was revoked by its sender.'],
  'used-up': [410, 'Link used up', 'This share link has been opened as many times as its sender allowed.'],
  locked: [423, 'Link locked', 'Too many wrong passcodes: this link is locked for 15 minutes.'],
  'passcode-required': [401, 'Passcode required', 'This link needs the passcode its sender gave you.'],
  'wrong-passcode': [401, 'Wrong passcode', 'That passcode is not right.'],
};

/**
 * `POST /api/shares/open` (no account): opens a share link with its passcode
 * if it has one. On success the guest gets a signed httpOnly cookie for
 * GUEST_VISIT_MS (or until the link expires) and where to go: the study in
 * the viewer, or the session. Every attempt leaves an audit record.
 */
export async function openShare(request: Request): Promise<Response> {
  const parsed = OpenSchema.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success) return problem(400, 'Malformed request', issues(parsed.error));
  const { db, audit, secret } = await getWebServer();
  const result = await redeemShareLink(db, parsed.data.token, parsed.data.passcode);
  const address = clientAddress(request.headers);
  const guest = (id: string): AuditActor => ({ userId: `share:${id}`, userName: 'Guest (share link)', roles: ['guest'], ...(address ? { networkAddress: address } : {}) });
  if (!result.ok) {
    if (result.link) audit.record({ ...shareRecord('share-link-open', 'E', guest(result.link.id), result.link.id, result.link.studyInstanceUid), outcome: 4, outcomeDescription: result.reason });
    const [status, title, detail] = REFUSALS[result.reason];
    return problem(status, title, detail, result.lockedUntil ? { 'retry-after': String(Math.ceil((result.lockedUntil.getTime() - Date.now()) / 1000)) } : {});
  }
  const link = result.link;
  audit.record(shareRecord('share-link-open', 'E', guest(link.id), link.id, link.studyInstanceUid));
  const until = new Date(Math.min(Date.now() + GUEST_VISIT_MS, link.expiresAt.getTime()));
  const viewer = `/viewer/${link.studyInstanceUid}`;
  const joinToken = link.sessionJoinToken ? openSealedText(secret, link.sessionJoinToken) : undefined;
  const redirect = link.sessionId && joinToken ? `${viewer}?session=${encodeURIComponent(link.sessionId)}&join=${encodeURIComponent(joinToken)}` : viewer;
  const cookie = [
    `${SHARE_COOKIE}=${encodeURIComponent(shareCookieValue(secret, link.id, until))}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Expires=${until.toUTCString()}`,
    ...(serverConfig.publicUrl.startsWith('https:') ? ['Secure'] : []),
  ].join('; ');
  return Response.json({ redirect, studyInstanceUID: link.studyInstanceUid }, { headers: { 'set-cookie': cookie } });
}

/** Share links change who may see a study: PS3.15 A.5.3.11 Security Alert, or User Authentication for an opening. */
function shareRecord(operation: string, action: WebAuditRecord['action'], actor: AuditActor, linkId: string, study: string): WebAuditRecord {
  return {
    event: operation === 'share-link-open' ? 'UserAuthentication' : 'SecurityAlert',
    action,
    outcome: 0,
    operation,
    actor,
    studyInstanceUIDs: [study],
    resource: `share-link/${linkId}`,
  };
}
