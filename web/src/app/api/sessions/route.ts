import { forwardSessionCreate } from '@/features/session/server/forwardSessionCreate';
import { serverConfig } from '@/lib/serverConfig';
import { serviceTokenFor } from '@/server/auth/serviceTokens';

/** `POST /api/sessions`: "Start session" in the viewer (see forwardSessionCreate), as the signed-in user. */
export async function POST(request: Request): Promise<Response> {
  return forwardSessionCreate(request, serverConfig.realtimeUrl, await serviceTokenFor(request.headers));
}
