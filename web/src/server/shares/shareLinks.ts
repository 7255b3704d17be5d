import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, gt, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { WebDb } from '../db/webDatabase';
import { shareLinks } from '../db/schema';
import { hashPasscode, passcodeMatches } from './passcode';

/** Wrong passcodes in a row that lock a link, and for how long. */
export const PASSCODE_LOCKOUT = { failures: 5, lockMs: 15 * 60_000 } as const;
/** The longest a share link may live. */
export const MAX_SHARE_HOURS = 30 * 24;

export type ShareLinkRow = typeof shareLinks.$inferSelect;

/** What the sharer sees of a link (never its secret or passcode hash). */
export interface ShareLinkView {
  id: string;
  studyInstanceUID: string;
  sessionId: string | null;
  label: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  hasPasscode: boolean;
  maxUses: number | null;
  uses: number;
  revokedAt: string | null;
  /** open, expired, revoked or used-up, as of the listing. */
  state: 'open' | 'expired' | 'revoked' | 'used-up';
}

export interface NewShareLink {
  studyInstanceUID: string;
  session?: { id: string; joinToken: string } | undefined;
  label?: string | undefined;
  createdBy: string;
  expiresAt: Date;
  passcode?: string | undefined;
  maxUses?: number | undefined;
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

function stateOf(row: ShareLinkRow, now: Date): ShareLinkView['state'] {
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt <= now) return 'expired';
  if (row.maxUses !== null && row.uses >= row.maxUses) return 'used-up';
  return 'open';
}

export function viewOf(row: ShareLinkRow, now = new Date()): ShareLinkView {
  return {
    id: row.id,
    studyInstanceUID: row.studyInstanceUid,
    sessionId: row.sessionId,
    label: row.label,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    hasPasscode: row.passcodeHash !== null,
    maxUses: row.maxUses,
    uses: row.uses,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    state: stateOf(row, now),
  };
}

/** Creates a link; its secret token is returned here once and stored only as a digest. */
export async function createShareLink(db: WebDb, input: NewShareLink): Promise<{ link: ShareLinkView; token: string }> {
  const token = randomBytes(24).toString('base64url');
  const [row] = await db
    .insert(shareLinks)
    .values({
      id: randomUUID(),
      tokenSha256: digest(token),
      studyInstanceUid: input.studyInstanceUID,
      sessionId: input.session?.id ?? null,
      sessionJoinToken: input.session?.joinToken ?? null,
      label: input.label ?? '',
      createdBy: input.createdBy,
      expiresAt: input.expiresAt,
      passcodeHash: input.passcode ? await hashPasscode(input.passcode) : null,
      maxUses: input.maxUses ?? null,
    })
    .returning();
  if (!row) throw new Error('share link was not stored');
  return { link: viewOf(row), token };
}

/** Links of a study, of a sharer, or both; newest first. */
export async function listShareLinks(db: WebDb, filter: { createdBy?: string | undefined; studyInstanceUID?: string | undefined }): Promise<ShareLinkView[]> {
  const conditions: SQL[] = [];
  if (filter.createdBy) conditions.push(eq(shareLinks.createdBy, filter.createdBy));
  if (filter.studyInstanceUID) conditions.push(eq(shareLinks.studyInstanceUid, filter.studyInstanceUID));
  const rows = await db
    .select()
    .from(shareLinks)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(shareLinks.createdAt))
    .limit(500);
  const now = new Date();
  return rows.map((r) => viewOf(r, now));
}

export async function findShareLink(db: WebDb, id: string): Promise<ShareLinkRow | undefined> {
  const [row] = await db.select().from(shareLinks).where(eq(shareLinks.id, id));
  return row;
}

/** Revokes a link for good (it stays listed as revoked); false when it already was. */
export async function revokeShareLink(db: WebDb, id: string, now = new Date()): Promise<boolean> {
  const updated = await db
    .update(shareLinks)
    .set({ revokedAt: now })
    .where(and(eq(shareLinks.id, id), isNull(shareLinks.revokedAt)))
    .returning({ id: shareLinks.id });
  return updated.length > 0;
}

export type Refusal = 'unknown' | 'expired' | 'revoked' | 'used-up' | 'locked' | 'passcode-required' | 'wrong-passcode';
export type Redemption = { ok: true; link: ShareLinkRow } | { ok: false; reason: Refusal; link?: ShareLinkRow | undefined; lockedUntil?: Date };

/** What opening `token` would meet now, without using it: for the page that asks for a passcode. */
export async function inspectShareLink(db: WebDb, token: string, now = new Date()): Promise<Redemption> {
  const [row] = await db.select().from(shareLinks).where(eq(shareLinks.tokenSha256, digest(token)));
  if (!row) return { ok: false, reason: 'unknown' };
  const state = stateOf(row, now);
  if (state !== 'open') return { ok: false, reason: state, link: row };
  if (row.lockedUntil && row.lockedUntil > now) return { ok: false, reason: 'locked', link: row, lockedUntil: row.lockedUntil };
  return row.passcodeHash ? { ok: false, reason: 'passcode-required', link: row } : { ok: true, link: row };
}

/**
 * Opens a link: refused when unknown, expired, revoked, used up or locked;
 * a wrong passcode counts towards the lockout (PASSCODE_LOCKOUT: the fifth
 * in a row locks the link for everyone for 15 minutes); a right one resets
 * the count. A successful opening is one use, taken atomically so that two
 * guests racing for the last use cannot both get in.
 */
export async function redeemShareLink(db: WebDb, token: string, passcode: string | undefined, now = new Date()): Promise<Redemption> {
  const inspected = await inspectShareLink(db, token, now);
  if (!inspected.ok && inspected.reason !== 'passcode-required') return inspected;
  const row = inspected.link as ShareLinkRow;
  if (row.passcodeHash) {
    if (!passcode) return { ok: false, reason: 'passcode-required', link: row };
    if (!(await passcodeMatches(passcode, row.passcodeHash))) {
      const lockedUntil = await countWrongPasscode(db, row.id, now);
      return lockedUntil ? { ok: false, reason: 'locked', link: row, lockedUntil } : { ok: false, reason: 'wrong-passcode', link: row };
    }
  }
  const [used] = await db
    .update(shareLinks)
    .set({ uses: sql`${shareLinks.uses} + 1`, failedPasscodes: 0 })
    .where(
      and(
        eq(shareLinks.id, row.id),
        isNull(shareLinks.revokedAt),
        gt(shareLinks.expiresAt, now),
        or(isNull(shareLinks.maxUses), lt(shareLinks.uses, sql`${shareLinks.maxUses}`)),
        or(isNull(shareLinks.lockedUntil), lt(shareLinks.lockedUntil, now)),
      ),
    )
    .returning();
  return used ? { ok: true, link: used } : { ok: false, reason: 'used-up', link: row };
}

async function countWrongPasscode(db: WebDb, id: string, now: Date): Promise<Date | undefined> {
  const lockAt = new Date(now.getTime() + PASSCODE_LOCKOUT.lockMs);
  const reached = sql`${shareLinks.failedPasscodes} + 1 >= ${PASSCODE_LOCKOUT.failures}`;
  const [row] = await db
    .update(shareLinks)
    .set({
      failedPasscodes: sql`case when ${reached} then 0 else ${shareLinks.failedPasscodes} + 1 end`,
      lockedUntil: sql`case when ${reached} then ${lockAt.toISOString()}::timestamptz else ${shareLinks.lockedUntil} end`,
    })
    .where(eq(shareLinks.id, id))
    .returning({ lockedUntil: shareLinks.lockedUntil });
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : undefined;
}

/** A link that still lets its guests in (not revoked, not expired), by id. */
export async function activeShareLink(db: WebDb, id: string, now = new Date()): Promise<ShareLinkRow | undefined> {
  const row = await findShareLink(db, id);
  return row && !row.revokedAt && row.expiresAt > now ? row : undefined;
}
