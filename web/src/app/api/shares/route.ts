import { createShare, listShares } from '@/features/share/server/shareHandlers';

export const dynamic = 'force-dynamic';
export const POST = createShare;
export const GET = listShares;
