import { proxyToArchive } from '@/lib/proxyToArchive';

/**
 * The archive's DICOMweb under the web app's own origin, so the browser needs no
 * CORS and (later) one session cookie covers pages and images.
 */
export const dynamic = 'force-dynamic';

export const GET = proxyToArchive;
export const POST = proxyToArchive;
export const HEAD = proxyToArchive;
