import { openShare } from '@/features/share/server/shareHandlers';

export const dynamic = 'force-dynamic';
export const POST = openShare;
