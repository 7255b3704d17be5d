import { createKey, listKeys } from '@/features/apiKeys/server/apiKeyHandlers';

export const dynamic = 'force-dynamic';
export const GET = listKeys;
export const POST = createKey;
