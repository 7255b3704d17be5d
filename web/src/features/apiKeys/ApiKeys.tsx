'use client';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { FormError } from '@/features/account/FormError';
import styles from '@/features/account/account.module.css';

interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const SCOPE_TEXT: Record<string, string> = {
  read: 'read studies (QIDO-RS, WADO-RS)',
  store: 'store (STOW-RS)',
  worklist: 'schedule worklist steps',
  grant: 'grant studies to accounts',
  audit: 'read the audit trail',
  session: 'join reading sessions',
};
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : '—');

/**
 * API keys of the signed-in account, for machine clients: each acts as this
 * account, narrowed to its scopes, and is traded for 5-minute service tokens
 * at POST /api/service-token. The key is shown once; revoking is for good.
 */
export function ApiKeys() {
  const [keys, setKeys] = useState<ApiKeyView[] | null>(null);
  const [allowed, setAllowed] = useState<string[]>([]);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const response = await fetch('/api/api-keys').catch(() => undefined);
    if (!response?.ok) return setError('The API keys could not be listed.');
    const body = (await response.json()) as { keys: ApiKeyView[]; scopesAllowed: string[] };
    setKeys(body.keys);
    setAllowed(body.scopesAllowed);
  }, []);
  useEffect(() => void load(), [load]);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const days = String(form.get('days') ?? '');
    setError(null);
    const response = await fetch('/api/api-keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: String(form.get('name') ?? ''), scopes: form.getAll('scope').map(String), ...(days ? { days: Number(days) } : {}) }),
    }).catch(() => undefined);
    const body = (await response?.json().catch(() => ({}))) as { key?: string; detail?: string } | undefined;
    if (!response?.ok || !body?.key) return setError(body?.detail ?? 'The key could not be created.');
    setCreated(body.key);
    formElement.reset();
    await load();
  }

  async function revoke(id: string) {
    await fetch(`/api/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE' }).catch(() => undefined);
    await load();
  }

  return (
    <div className={styles.admin}>
      <form className={styles.card} onSubmit={create} aria-labelledby="new-key">
        <h2 id="new-key">New API key</h2>
        <label>
          Name (what uses it)
          <input name="name" required maxLength={100} placeholder="e.g. Nightly export script" />
        </label>
        <fieldset className={styles.scopes}>
          <legend>Scopes</legend>
          {allowed.map((scope) => (
            <label key={scope} className={styles.check}>
              <input type="checkbox" name="scope" value={scope} defaultChecked={scope === 'read'} /> {SCOPE_TEXT[scope] ?? scope}
            </label>
          ))}
        </fieldset>
        <label>
          Expires after (days; empty: until revoked)
          <input name="days" type="number" min={1} max={3650} />
        </label>
        <FormError message={error} />
        <button type="submit" className={styles.primary}>
          Create key
        </button>
        {created && (
          <p role="status" className={styles.ok}>
            Copy it now, it is not shown again: <code data-testid="new-api-key">{created}</code>
          </p>
        )}
      </form>
      <section aria-labelledby="keys" className={styles.list}>
        <h2 id="keys">Your API keys</h2>
        {keys === null ? (
          <p role="status">Loading keys…</p>
        ) : keys.length === 0 ? (
          <p>None yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Scopes</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id} data-testid="api-key-row">
                  <td>{k.name}</td>
                  <td>
                    <code>{k.prefix}_…</code>
                  </td>
                  <td>{k.scopes.join(', ')}</td>
                  <td>{when(k.lastUsedAt)}</td>
                  <td>{when(k.expiresAt)}</td>
                  <td>
                    {k.revokedAt ? (
                      'revoked'
                    ) : (
                      <button type="button" onClick={() => void revoke(k.id)}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
