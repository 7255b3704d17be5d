import { proxyToArchive } from '@/lib/proxyToArchive';

/** The archive's audit trail (`GET /api/audit`), as the signed-in user: administrators only, the archive decides. */
export const dynamic = 'force-dynamic';
export const GET = proxyToArchive;
