import type { Metadata } from 'next';
import styles from '@/features/account/account.module.css';
import { OpenShareLink } from '@/features/share/OpenShareLink';
import { getWebServer } from '@/server/auth/getAuth';
import { inspectShareLink } from '@/server/shares/shareLinks';

export const metadata: Metadata = { title: 'Shared study', robots: { index: false, follow: false } };
export const dynamic = 'force-dynamic';

const ENDED: Record<string, string> = {
  unknown: 'This share link does not exist. Check that it was copied whole.',
  expired: 'This share link has expired. Ask the sender for a new one.',
  revoked: 'This share link was revoked by its sender.',
  'used-up': 'This share link has been opened as many times as its sender allowed.',
  locked: 'Too many wrong passcodes: this link is locked for 15 minutes.',
};

/** `/s/{token}`: a share link, opened without an account (see OpenShareLink). */
export default async function SharePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { db } = await getWebServer();
  const state = /^[A-Za-z0-9_-]{16,128}$/.test(token) ? await inspectShareLink(db, token) : ({ ok: false, reason: 'unknown' } as const);
  const ended = !state.ok && state.reason !== 'passcode-required' ? ENDED[state.reason] : undefined;
  return (
    <main className={styles.page}>
      {ended ? (
        <div className={styles.card} role="alert">
          <h1>This link cannot be opened</h1>
          <p>{ended}</p>
        </div>
      ) : (
        <OpenShareLink token={token} needsPasscode={!state.ok} label={'link' in state ? (state.link?.label ?? '') : ''} />
      )}
    </main>
  );
}
