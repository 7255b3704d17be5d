import 'server-only';
import { guestLinkOf } from '../shares/guestAccess';
import { getAuth } from './getAuth';
import { serviceTokenFor } from './serviceTokens';
import { guestServiceToken } from './webTokens';

/**
 * The service token a request acts with towards the archive and realtime:
 * the signed-in user's, else that of the guest of an open share link (role
 * guest, the link's study only), else none.
 */
export async function serviceTokenOfRequest(headers: Headers): Promise<string | undefined> {
  const user = await serviceTokenFor(headers);
  if (user) return user;
  const link = await guestLinkOf(headers);
  return link ? guestServiceToken(await getAuth(), link) : undefined;
}
