import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { UserAdmin } from '@/features/account/UserAdmin';
import styles from '@/features/account/account.module.css';
import { AppHeader } from '@/features/worklist/AppHeader';
import { getAuth } from '@/server/auth/getAuth';

export const metadata: Metadata = { title: 'Accounts' };
export const dynamic = 'force-dynamic';

/** Account administration: administrators only (better-auth's admin routes check the role again). */
export default async function UsersPage() {
  const session = await (await getAuth()).api.getSession({ headers: await headers() });
  const isAdmin = (session?.user as { role?: string | null } | undefined)?.role === 'admin';
  return (
    <div>
      <AppHeader section="Accounts" />
      {isAdmin ? (
        <UserAdmin />
      ) : (
        <main className={styles.forbidden}>
          <h1>Administrators only</h1>
          <p>
            Accounts are managed by an administrator. <Link href="/">Back to the worklist</Link>
          </p>
        </main>
      )}
    </div>
  );
}
