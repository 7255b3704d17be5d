import { addStudyGrant, listStudyGrants, removeStudyGrant } from '@/features/share/server/grantHandlers';

export const dynamic = 'force-dynamic';
export const GET = listStudyGrants;
export const POST = addStudyGrant;
export const DELETE = removeStudyGrant;
