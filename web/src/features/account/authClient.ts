'use client';
import { adminClient, jwtClient } from 'better-auth/client/plugins';
import { createAuthClient } from 'better-auth/react';
import { accessControl, roles } from '@/server/auth/roles';

/** The browser's side of better-auth, on this origin's /api/auth (the roles are the server's, see roles.ts). */
export const authClient = createAuthClient({ plugins: [adminClient({ ac: accessControl, roles }), jwtClient()] });
