import { revokeShare } from '@/features/share/server/shareHandlers';

export const dynamic = 'force-dynamic';

export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return revokeShare(request, (await params).id);
}
