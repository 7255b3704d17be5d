import type { Metadata } from 'next';
import { AdminOnly } from '@/features/account/AdminOnly';
import { AuditSearch } from '@/features/audit/AuditSearch';

export const metadata: Metadata = { title: 'Audit trail' };
export const dynamic = 'force-dynamic';

/** The audit trail (the archive checks the role again). */
export default function AuditPage() {
  return (
    <AdminOnly section="Audit trail" whose="The audit trail is read by administrators.">
      <AuditSearch />
    </AdminOnly>
  );
}
