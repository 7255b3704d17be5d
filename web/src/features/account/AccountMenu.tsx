'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { authClient } from './authClient';
import styles from './account.module.css';

/** Who is signed in (name and role) and the way out. */
export function AccountMenu() {
  const router = useRouter();
  const { data } = authClient.useSession();
  if (!data) return null;
  const role = (data.user as { role?: string | null }).role ?? 'guest';
  return (
    <div className={styles.menu} data-testid="account-menu">
      {role === 'admin' && <Link href="/admin/users">Accounts</Link>}
      {role === 'admin' && <Link href="/admin/audit">Audit trail</Link>}
      {role !== 'guest' && <Link href="/account/api-keys">API keys</Link>}
      <span>
        {data.user.name} <span className={styles.role}>{role}</span>
      </span>
      <button
        type="button"
        onClick={async () => {
          await authClient.signOut();
          router.replace('/sign-in');
        }}
      >
        Sign out
      </button>
    </div>
  );
}
