import { revokeKey } from '@/features/apiKeys/server/apiKeyHandlers';

export const dynamic = 'force-dynamic';

export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return revokeKey(request, (await params).id);
}
