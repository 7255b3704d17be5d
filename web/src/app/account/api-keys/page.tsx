import type { Metadata } from 'next';
import { ApiKeys } from '@/features/apiKeys/ApiKeys';
import { AppHeader } from '@/features/worklist/AppHeader';

export const metadata: Metadata = { title: 'API keys' };
export const dynamic = 'force-dynamic';

/** The signed-in account's API keys for machine clients. */
export default function ApiKeysPage() {
  return (
    <div>
      <AppHeader section="API keys" />
      <ApiKeys />
    </div>
  );
}
