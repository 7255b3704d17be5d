import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AppHeader } from '@/features/worklist/AppHeader';
import { WorklistPage } from '@/features/worklist/WorklistPage';

export const metadata: Metadata = { title: 'Worklist' };

/**
 * The home page is the worklist. Its state lives in the URL's search params,
 * which only the browser knows for a statically rendered page, so the list
 * renders on the client inside a Suspense boundary (Next.js requires one around
 * `useSearchParams`); the header shows at once.
 */
export default function Home() {
  return (
    <Suspense fallback={<AppHeader />}>
      <WorklistPage />
    </Suspense>
  );
}
