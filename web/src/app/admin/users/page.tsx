import type { Metadata } from 'next';
import { AdminOnly } from '@/features/account/AdminOnly';
import { UserAdmin } from '@/features/account/UserAdmin';

export const metadata: Metadata = { title: 'Accounts' };
export const dynamic = 'force-dynamic';

/** Account administration (better-auth's admin routes check the role again). */
export default function UsersPage() {
  return (
    <AdminOnly section="Accounts" whose="Accounts are managed by an administrator.">
      <UserAdmin />
    </AdminOnly>
  );
}
