import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SignInForm } from '@/features/account/SignInForm';
import styles from '@/features/account/account.module.css';
import { serverConfig } from '@/lib/serverConfig';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

export default function SignInPage() {
  return (
    <main className={styles.page}>
      <Suspense>
        <SignInForm singleSignOn={serverConfig.oidc !== undefined} />
      </Suspense>
    </main>
  );
}
