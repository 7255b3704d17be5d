import { exchangeKey } from '@/features/apiKeys/server/apiKeyHandlers';

export const dynamic = 'force-dynamic';
export const POST = exchangeKey;
