'use client';
import { type FormEvent, useState } from 'react';
import styles from '@/features/account/account.module.css';
import { FormError } from '@/features/account/FormError';

/**
 * Opening a share link: one button (a link preview or mail scanner fetching
 * the page uses nothing), and the passcode field when the link has one.
 */
export function OpenShareLink({ token, needsPasscode, label }: { token: string; needsPasscode: boolean; label: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function open(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const passcode = needsPasscode ? String(new FormData(event.currentTarget).get('passcode') ?? '') : undefined;
    setBusy(true);
    setError(null);
    const response = await fetch('/api/shares/open', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, ...(passcode !== undefined ? { passcode } : {}) }),
    }).catch(() => undefined);
    if (!response) {
      setBusy(false);
      return setError('The server did not answer. Try again.');
    }
    const body = (await response.json().catch(() => ({}))) as { redirect?: string; detail?: string };
    if (response.ok && body.redirect?.startsWith('/')) return window.location.assign(body.redirect);
    setBusy(false);
    setError(body.detail ?? `The link could not be opened (HTTP ${response.status}).`);
  }

  return (
    <form className={styles.card} onSubmit={open} aria-labelledby="share-title">
      <h1 id="share-title">A study was shared with you</h1>
      {label && <p>{label}</p>}
      <p className={styles.hint}>You can view the images without an account. What you open is recorded.</p>
      {needsPasscode && (
        <label>
          Passcode
          <input name="passcode" type="password" autoComplete="one-time-code" required autoFocus />
        </label>
      )}
      <FormError message={error} />
      <button type="submit" className={styles.primary} disabled={busy}>
        {busy ? 'Opening…' : 'View the study'}
      </button>
    </form>
  );
}
