import { problem } from '@/lib/problem';
import { serviceTokenOfRequest } from '@/server/auth/requestIdentity';

export const dynamic = 'force-dynamic';

/**
 * `GET /api/token`: the caller's service token for the realtime handshake:
 * a signed-in user's, or a share-link guest's; 401 for anyone else.
 */
export async function GET(request: Request): Promise<Response> {
  const token = await serviceTokenOfRequest(request.headers);
  if (!token) return problem(401, 'Unauthorized', 'Sign in or open a share link first.');
  return Response.json({ token }, { headers: { 'cache-control': 'no-store' } });
}
