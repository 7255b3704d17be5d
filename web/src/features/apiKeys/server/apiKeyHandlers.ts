import 'server-only';
import { z } from 'zod';
import { API_SCOPES, type ApiScope, type AuditActor, type Role } from '@consilium/shared';
import { problem } from '@/lib/problem';
import { createApiKey, findApiKey, listApiKeys, revokeApiKey, verifyApiKey } from '@/server/apiKeys/apiKeys';
import type { WebAuditRecord } from '@/server/audit/AuditReporter';
import { SERVICE_TOKEN_LIFETIME_S, clientAddress } from '@/server/auth/createAuth';
import { getWebServer } from '@/server/auth/getAuth';
import { auditActorOf, signedInUser } from '@/server/auth/signedInUser';

/** The scopes each role may give its keys (the archive bounds every token by the role as well). */
export const SCOPES_OF_ROLE: Record<Role, readonly ApiScope[]> = {
  admin: API_SCOPES,
  radiologist: ['read', 'store', 'worklist', 'grant', 'session'],
  physician: ['read', 'session'],
  guest: [],
};

const NewKeySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(z.enum(API_SCOPES)).min(1),
    /** Days until it expires; none: until revoked. */
    days: z.number().int().min(1).max(3650).optional(),
  })
  .strict();

const keyRecord = (operation: string, action: WebAuditRecord['action'], who: AuditActor, keyId: string, outcome: 0 | 4 = 0, why?: string): WebAuditRecord => ({
  event: operation === 'api-key-exchange' ? 'UserAuthentication' : 'SecurityAlert',
  action,
  outcome,
  ...(why ? { outcomeDescription: why } : {}),
  operation,
  actor: who,
  resource: `api-key/${keyId}`,
});

/** `GET /api/api-keys` (`?all=1` for an administrator: everyone's): the caller's keys, never their secrets. */
export async function listKeys(request: Request): Promise<Response> {
  const user = await signedInUser(request);
  if (!user) return problem(401, 'Unauthorized', 'Sign in first.');
  const all = new URL(request.url).searchParams.get('all') === '1' && user.role === 'admin';
  const { db } = await getWebServer();
  return Response.json({ keys: await listApiKeys(db, all ? undefined : user.id), scopesAllowed: SCOPES_OF_ROLE[user.role] });
}

/** `POST /api/api-keys` {name, scopes, days?}: 201 with the key, shown this once. */
export async function createKey(request: Request): Promise<Response> {
  const user = await signedInUser(request);
  if (!user) return problem(401, 'Unauthorized', 'Sign in first.');
  const parsed = NewKeySchema.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success) return problem(400, 'Malformed request', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  const beyond = parsed.data.scopes.filter((s) => !SCOPES_OF_ROLE[user.role].includes(s));
  if (beyond.length > 0) return problem(403, 'Forbidden', `A ${user.role} account cannot give a key the scope ${beyond.join(', ')}.`);
  const { db, audit } = await getWebServer();
  const { key, view } = await createApiKey(db, {
    owner: user.id,
    name: parsed.data.name,
    scopes: parsed.data.scopes,
    expiresAt: parsed.data.days ? new Date(Date.now() + parsed.data.days * 86_400_000) : undefined,
  });
  audit.record(keyRecord('api-key-create', 'C', auditActorOf(user, request), view.id));
  return Response.json({ key, view }, { status: 201 });
}

/** `DELETE /api/api-keys/{id}`: its owner or an administrator revokes a key (204); tokens already exchanged end within 5 minutes. */
export async function revokeKey(request: Request, id: string): Promise<Response> {
  const user = await signedInUser(request);
  if (!user) return problem(401, 'Unauthorized', 'Sign in first.');
  const { db, audit } = await getWebServer();
  const key = await findApiKey(db, id);
  if (!key || (key.owner !== user.id && user.role !== 'admin')) return problem(404, 'Not found', 'No such API key of yours.');
  if (!(await revokeApiKey(db, id))) return problem(409, 'Already revoked', 'This key was revoked before.');
  audit.record(keyRecord('api-key-revoke', 'D', auditActorOf(user, request), id));
  return new Response(null, { status: 204 });
}

const KEY_REFUSAL: Record<string, string> = {
  malformed: 'The API key is malformed (csk_…).',
  unknown: 'The API key is not known.',
  revoked: 'The API key was revoked.',
  expired: 'The API key has expired.',
  'account-banned': "The API key's account is blocked.",
};

/**
 * `POST /api/service-token` with `Authorization: ApiKey csk_…` (or
 * `X-API-Key`): a machine client trades its key for a service token (5
 * minutes) acting as the key's account, narrowed to the key's scopes. No
 * session needed; every exchange is audited, refused ones too.
 */
export async function exchangeKey(request: Request): Promise<Response> {
  const header = request.headers.get('authorization') ?? '';
  const presented = /^ApiKey\s+(\S+)$/i.exec(header)?.[1] ?? request.headers.get('x-api-key') ?? '';
  if (!presented) return problem(401, 'Unauthorized', 'Send the API key as "Authorization: ApiKey csk_…".', { 'www-authenticate': 'ApiKey' });
  const { db, audit, auth } = await getWebServer();
  const verdict = await verifyApiKey(db, presented);
  const address = clientAddress(request.headers);
  if (!verdict.ok) {
    const who: AuditActor = { userId: verdict.keyId ? `api-key:${verdict.keyId}` : 'anonymous', ...(address ? { networkAddress: address } : {}) };
    audit.record(keyRecord('api-key-exchange', 'E', who, verdict.keyId ?? 'unknown', 4, verdict.reason));
    return problem(401, 'Unauthorized', KEY_REFUSAL[verdict.reason] ?? 'The API key is refused.', { 'www-authenticate': 'ApiKey' });
  }
  const { key, account } = verdict;
  const { token } = await auth.api.signJWT({
    body: {
      payload: {
        sub: account.id,
        role: account.role,
        name: account.name,
        email: account.email,
        ...(account.dicomName ? { pn: account.dicomName } : {}),
        scope: key.scopes,
        key: key.id,
      },
    },
  });
  audit.record(keyRecord('api-key-exchange', 'E', { ...auditActorOf(account, request), userName: `${account.name} (API key ${key.name})`.slice(0, 256) }, key.id));
  return Response.json({ token, token_type: 'Bearer', expires_in: SERVICE_TOKEN_LIFETIME_S, scope: key.scopes.join(' ') }, { headers: { 'cache-control': 'no-store' } });
}
