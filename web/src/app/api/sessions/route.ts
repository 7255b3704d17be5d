import { forwardSessionCreate } from '@/features/session/server/forwardSessionCreate';
import { serverConfig } from '@/lib/serverConfig';

/** `POST /api/sessions`: "Start session" in the viewer (see forwardSessionCreate). */
export function POST(request: Request): Promise<Response> {
  return forwardSessionCreate(request, serverConfig.realtimeUrl);
}
