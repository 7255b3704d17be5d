'use client';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { authClient } from './authClient';
import styles from './account.module.css';

const ROLES = ['radiologist', 'physician', 'guest', 'admin'] as const;

interface Account {
  id: string;
  name: string;
  email: string;
  role?: string | null;
  dicomName?: string | null;
}

/**
 * The administrator's list of accounts and the form that creates one (there
 * is no self sign-up). A physician's DICOM name lets them see the studies
 * referred by them (Referring Physician's Name); other studies they see once granted.
 */
export function UserAdmin() {
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const { data, error } = await authClient.admin.listUsers({ query: { limit: 200, sortBy: 'createdAt', sortDirection: 'asc' } });
    if (error) setMessage({ kind: 'error', text: `The accounts could not be listed (HTTP ${error.status}).` });
    else setAccounts(data.users as Account[]);
  }, []);
  useEffect(() => void load(), [load]);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const role = String(form.get('role')) as (typeof ROLES)[number];
    const dicomName = String(form.get('dicomName') ?? '').trim();
    setBusy(true);
    const { error } = await authClient.admin.createUser({
      name: String(form.get('name')),
      email: String(form.get('email')),
      password: String(form.get('password')),
      role,
      ...(dicomName ? { data: { dicomName } } : {}),
    });
    setBusy(false);
    if (error) return setMessage({ kind: 'error', text: error.message ?? `The account was not created (HTTP ${error.status}).` });
    setMessage({ kind: 'ok', text: `Account ${String(form.get('email'))} created as ${role}.` });
    formElement.reset();
    await load();
  }

  return (
    <div className={styles.admin}>
      <form className={styles.card} onSubmit={create} aria-labelledby="new-account">
        <h2 id="new-account">New account</h2>
        <label>
          Name
          <input name="name" required maxLength={100} />
        </label>
        <label>
          Email
          <input name="email" type="email" required />
        </label>
        <label>
          Initial password (12 characters or more)
          <input name="password" type="password" minLength={12} required autoComplete="new-password" />
        </label>
        <label>
          Role
          <select name="role" defaultValue="physician">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label>
          Name in DICOM (Family^Given), for referrals
          <input name="dicomName" maxLength={64} pattern="[^\\]*" placeholder="e.g. MEYER^ANNA" />
        </label>
        {message && (
          <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? styles.error : styles.ok}>
            {message.text}
          </p>
        )}
        <button type="submit" className={styles.primary} disabled={busy}>
          {busy ? 'Creating…' : 'Create account'}
        </button>
      </form>
      <section aria-labelledby="accounts" className={styles.list}>
        <h2 id="accounts">Accounts</h2>
        {accounts === null ? (
          <p role="status">Loading accounts…</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Referrals as</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr key={a.id} data-testid="account-row">
                  <td>{a.name}</td>
                  <td>{a.email}</td>
                  <td>{a.role ?? 'guest'}</td>
                  <td>{a.dicomName ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
