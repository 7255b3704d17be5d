import { proxyToArchive } from '@/lib/proxyToArchive';

/** JSON lines of PS3.15 A.5 audit messages (`GET /api/audit/export`), administrators only. */
export const dynamic = 'force-dynamic';
export const GET = proxyToArchive;
