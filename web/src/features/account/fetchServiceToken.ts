'use client';
import { authClient } from './authClient';

/** The signed-in user's service token for the realtime handshake, or undefined when signed out. */
export async function fetchServiceToken(): Promise<string | undefined> {
  const { data } = await authClient.token();
  return data?.token;
}
