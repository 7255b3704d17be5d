import { eq, sql } from 'drizzle-orm';
import type { WebDb } from '../db/webDatabase';
import { signInLockouts } from '../db/schema';

/** Failed sign-ins in a row that lock an account, and for how long. */
export const SIGN_IN_LOCKOUT = { failures: 5, lockMs: 15 * 60_000 } as const;

const keyOf = (email: string) => email.trim().toLowerCase().slice(0, 320);

/** Until when the account of `email` is locked, or undefined. */
export async function lockedUntil(db: WebDb, email: string, now = new Date()): Promise<Date | undefined> {
  const [row] = await db.select({ lockedUntil: signInLockouts.lockedUntil }).from(signInLockouts).where(eq(signInLockouts.email, keyOf(email)));
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : undefined;
}

/**
 * Counts a failed sign-in of `email` (whether or not the account exists, so a
 * lockout says nothing about which do); the one that reaches the limit locks
 * the account and starts the count again. Returns whether it is now locked.
 */
export async function recordSignInFailure(db: WebDb, email: string, now = new Date()): Promise<boolean> {
  const lockAt = new Date(now.getTime() + SIGN_IN_LOCKOUT.lockMs);
  const [row] = await db
    .insert(signInLockouts)
    .values({ email: keyOf(email), failures: 1, updatedAt: now })
    .onConflictDoUpdate({
      target: signInLockouts.email,
      set: {
        failures: sql`case when ${signInLockouts.failures} + 1 >= ${SIGN_IN_LOCKOUT.failures} then 0 else ${signInLockouts.failures} + 1 end`,
        lockedUntil: sql`case when ${signInLockouts.failures} + 1 >= ${SIGN_IN_LOCKOUT.failures} then ${lockAt.toISOString()}::timestamptz else ${signInLockouts.lockedUntil} end`,
        updatedAt: now,
      },
    })
    .returning({ lockedUntil: signInLockouts.lockedUntil });
  return Boolean(row?.lockedUntil && row.lockedUntil > now);
}

/** A successful sign-in clears the count. */
export async function clearSignInFailures(db: WebDb, email: string): Promise<void> {
  await db.delete(signInLockouts).where(eq(signInLockouts.email, keyOf(email)));
}
