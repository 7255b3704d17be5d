'use client';

/**
 * The caller's service token for the realtime handshake (a signed-in user's,
 * or a share-link guest's), or undefined for anyone else.
 */
export async function fetchServiceToken(): Promise<string | undefined> {
  const response = await fetch('/api/token', { cache: 'no-store' });
  if (!response.ok) return undefined;
  return ((await response.json()) as { token?: string }).token;
}
