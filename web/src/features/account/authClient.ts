'use client';
import { adminClient, jwtClient } from 'better-auth/client/plugins';
import { createAuthClient } from 'better-auth/react';

/** The browser's side of better-auth, on this origin's /api/auth. */
export const authClient = createAuthClient({ plugins: [adminClient(), jwtClient()] });
