'use client';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import styles from './share.module.css';

interface ShareLinkView {
  id: string;
  sessionId: string | null;
  label: string;
  expiresAt: string;
  hasPasscode: boolean;
  maxUses: number | null;
  uses: number;
  state: 'open' | 'expired' | 'revoked' | 'used-up';
}

const EXPIRY_CHOICES: [number, string][] = [
  [1, '1 hour'],
  [24, '1 day'],
  [72, '3 days'],
  [168, '7 days'],
  [720, '30 days'],
];

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });

/**
 * "Share": a link for a referring clinician to this study, or to the
 * reading session the user is in (as a viewer). Expiry, optional passcode,
 * maximum number of openings, a note; the link is shown once to copy. Below,
 * this study's links with their state, and revoking. Administrators and
 * radiologists also give accounts (physicians) access here.
 */
export function ShareDialog({
  studyInstanceUID,
  session,
  canGrant,
}: {
  studyInstanceUID: string;
  session: { id: string; joinToken: string } | undefined;
  canGrant: boolean;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [links, setLinks] = useState<ShareLinkView[]>([]);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    const response = await fetch(`/api/shares?study=${encodeURIComponent(studyInstanceUID)}`).catch(() => undefined);
    if (response?.ok) setLinks(((await response.json()) as { links: ShareLinkView[] }).links);
  }, [studyInstanceUID]);
  useEffect(() => void refresh(), [refresh]);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const passcode = String(form.get('passcode') ?? '');
    const maxUses = String(form.get('maxUses') ?? '');
    const label = String(form.get('label') ?? '');
    setBusy(true);
    setError(null);
    const response = await fetch('/api/shares', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        studyInstanceUID,
        hours: Number(form.get('hours')),
        ...(passcode ? { passcode } : {}),
        ...(maxUses ? { maxUses: Number(maxUses) } : {}),
        ...(label ? { label } : {}),
        ...(session && form.get('session') === 'on' ? { session } : {}),
      }),
    }).catch(() => undefined);
    setBusy(false);
    const body = (await response?.json().catch(() => ({}))) as { url?: string; detail?: string } | undefined;
    if (!response?.ok || !body?.url) return setError(body?.detail ?? 'The link could not be created.');
    setCreated(body.url);
    // The passcode goes to the recipient by another way: it does not stay on screen.
    formElement.reset();
    void refresh();
  }

  async function revoke(id: string) {
    const response = await fetch(`/api/shares/${encodeURIComponent(id)}`, { method: 'DELETE' }).catch(() => undefined);
    if (!response?.ok) setError('The link could not be revoked.');
    void refresh();
  }

  return (
    <>
      <button type="button" className={styles.shareButton} onClick={() => dialog.current?.showModal()}>
        Share
      </button>
      <dialog ref={dialog} className={styles.dialog} aria-labelledby="share-dialog-title">
        <h2 id="share-dialog-title">Share this study</h2>
        <form className={styles.form} onSubmit={create}>
          <label>
            Expires after
            <select name="hours" defaultValue="72">
              {EXPIRY_CHOICES.map(([hours, text]) => (
                <option key={hours} value={hours}>
                  {text}
                </option>
              ))}
            </select>
          </label>
          <label>
            Opens at most (times)
            <input name="maxUses" type="number" min={1} max={1000} placeholder="no limit" />
          </label>
          <label>
            Passcode (optional, 6+ characters)
            <input name="passcode" type="text" minLength={6} maxLength={64} autoComplete="off" />
          </label>
          <label>
            Note for the recipient
            <input name="label" type="text" maxLength={120} placeholder="e.g. For Dr Meyer, follow-up" />
          </label>
          {session && (
            <label className={`${styles.check} ${styles.wide}`}>
              <input name="session" type="checkbox" defaultChecked /> Join this reading session (view only)
            </label>
          )}
          <div className={`${styles.actions} ${styles.wide}`}>
            <button type="button" onClick={() => dialog.current?.close()}>
              Close
            </button>
            <button type="submit" className={styles.primary} disabled={busy}>
              {busy ? 'Creating…' : 'Create link'}
            </button>
          </div>
        </form>
        {error && (
          <p role="alert" className={styles.error}>
            {error}
          </p>
        )}
        {created && (
          <div className={styles.created}>
            <input readOnly value={created} aria-label="Share link" onFocus={(e) => e.currentTarget.select()} />
            <button type="button" onClick={() => void navigator.clipboard?.writeText(created)}>
              Copy
            </button>
          </div>
        )}
        {canGrant && <StudyGrants studyInstanceUID={studyInstanceUID} />}
        <h3>Links to this study</h3>
        {links.length === 0 ? (
          <p>None yet.</p>
        ) : (
          <table className={styles.links} aria-label="Share links">
            <thead>
              <tr>
                <th>Note</th>
                <th>State</th>
                <th>Opened</th>
                <th>Expires</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {links.map((link) => (
                <tr key={link.id} data-testid="share-link-row">
                  <td>
                    {link.label || '—'}
                    {link.sessionId ? ' (session)' : ''}
                    {link.hasPasscode ? ' 🔒' : ''}
                  </td>
                  <td className={styles.state}>{link.state}</td>
                  <td>
                    {link.uses}
                    {link.maxUses !== null ? ` of ${link.maxUses}` : ''}
                  </td>
                  <td>{when(link.expiresAt)}</td>
                  <td>
                    {link.state === 'open' && (
                      <button type="button" onClick={() => void revoke(link.id)}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </dialog>
    </>
  );
}

interface StudyGrant {
  grantee: string;
  grantedAt: string;
  account: { name: string; email: string; role: string | null } | null;
}

/** Accounts given access to the study, granting by email, withdrawing. */
function StudyGrants({ studyInstanceUID }: { studyInstanceUID: string }) {
  const [grants, setGrants] = useState<StudyGrant[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    const response = await fetch(`/api/study-grants?study=${encodeURIComponent(studyInstanceUID)}`).catch(() => undefined);
    if (response?.ok) setGrants(((await response.json()) as { grants: StudyGrant[] }).grants);
  }, [studyInstanceUID]);
  useEffect(() => void refresh(), [refresh]);

  async function grant(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const email = String(new FormData(formElement).get('email') ?? '');
    const response = await fetch('/api/study-grants', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ studyInstanceUID, email }),
    }).catch(() => undefined);
    const body = (await response?.json().catch(() => ({}))) as { detail?: string } | undefined;
    setMessage(response?.ok ? `${email} can now see this study.` : (body?.detail ?? 'Access could not be given.'));
    if (response?.ok) formElement.reset();
    void refresh();
  }

  async function withdraw(grantee: string) {
    await fetch(`/api/study-grants?study=${encodeURIComponent(studyInstanceUID)}&grantee=${encodeURIComponent(grantee)}`, { method: 'DELETE' }).catch(() => undefined);
    void refresh();
  }

  return (
    <section aria-labelledby="grants-title">
      <h3 id="grants-title">Accounts with access</h3>
      <form className={styles.created} onSubmit={grant}>
        <input name="email" type="email" required placeholder="physician@hospital.org" aria-label="Account email" />
        <button type="submit">Give access</button>
      </form>
      {message && <p role="status">{message}</p>}
      {grants.length > 0 && (
        <table className={styles.links} aria-label="Accounts with access">
          <tbody>
            {grants.map((g) => (
              <tr key={g.grantee} data-testid="grant-row">
                <td>{g.account ? `${g.account.name} <${g.account.email}>` : g.grantee}</td>
                <td>{g.account?.role ?? ''}</td>
                <td>
                  <button type="button" onClick={() => void withdraw(g.grantee)}>
                    Withdraw
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
