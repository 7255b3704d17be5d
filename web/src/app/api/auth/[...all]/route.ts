import { toNextJsHandler } from 'better-auth/next-js';
import { getAuth } from '@/server/auth/getAuth';

/** better-auth's routes: sign-in and out, session, admin, service token (/token) and its JWKS (/jwks). */
export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  return toNextJsHandler(await getAuth()).GET(request);
}

export async function POST(request: Request): Promise<Response> {
  return toNextJsHandler(await getAuth()).POST(request);
}
