import { headers } from 'next/headers';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { AppHeader } from '@/features/worklist/AppHeader';
import { getAuth } from '@/server/auth/getAuth';
import styles from './account.module.css';

/** An administrators' page under the app header; others are told whose it is (the services check the role again). */
export async function AdminOnly({ section, whose, children }: { section: string; whose: string; children: ReactNode }) {
  const session = await (await getAuth()).api.getSession({ headers: await headers() });
  const isAdmin = (session?.user as { role?: string | null } | undefined)?.role === 'admin';
  return (
    <div>
      <AppHeader section={section} />
      {isAdmin ? (
        children
      ) : (
        <main className={styles.forbidden}>
          <h1>Administrators only</h1>
          <p>
            {whose} <Link href="/">Back to the worklist</Link>
          </p>
        </main>
      )}
    </div>
  );
}
