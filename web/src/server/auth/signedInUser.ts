import 'server-only';
import type { AuditActor, Role } from '@consilium/shared';
import { clientAddress } from './createAuth';
import { getWebServer } from './getAuth';

export interface SignedInUser {
  id: string;
  name: string;
  role: Role;
}

/** The account signed in on this request (its session cookie), or undefined. */
export async function signedInUser(request: Request): Promise<SignedInUser | undefined> {
  const { auth } = await getWebServer();
  const session = await auth.api.getSession({ headers: request.headers });
  if (!session) return undefined;
  return { id: session.user.id, name: session.user.name, role: ((session.user as { role?: string | null }).role ?? 'guest') as Role };
}

/** The audit actor of an account acting through this request (with the client's address). */
export function auditActorOf(user: { id: string; name: string; role: string }, request: Request): AuditActor {
  const address = clientAddress(request.headers);
  return { userId: user.id, userName: user.name, roles: [user.role], ...(address ? { networkAddress: address } : {}) };
}
