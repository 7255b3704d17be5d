'use client';
import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { authClient } from './authClient';
import styles from './account.module.css';
import { safeNext, signInMessage } from './signInMessage';
import { FormError } from './FormError';

/** Email and password, and the hospital's single sign-on when one is configured. */
export function SignInForm({ singleSignOn }: { singleSignOn: boolean }) {
  const router = useRouter();
  const next = safeNext(useSearchParams().get('next'));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const { error: failed } = await authClient.signIn.email({ email: String(form.get('email')), password: String(form.get('password')) });
    setBusy(false);
    if (failed) return setError(signInMessage(failed.status));
    router.replace(next);
    router.refresh();
  }

  return (
    <form className={styles.card} onSubmit={submit} aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in to Consilium</h1>
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required autoFocus />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <FormError message={error} />
      <button type="submit" className={styles.primary} disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      {singleSignOn && (
        <button type="button" onClick={() => void authClient.signIn.social({ provider: 'hospital', callbackURL: next })}>
          Sign in with the hospital account
        </button>
      )}
    </form>
  );
}
