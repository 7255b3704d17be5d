'use client';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import styles from '@/features/account/account.module.css';
import { FormError } from '@/features/account/FormError';

interface AuditActor {
  userId: string;
  userName?: string;
  roles?: string[];
  aeTitle?: string;
  networkAddress?: string;
}

interface AuditRecord {
  event: string;
  action: string;
  outcome: number;
  outcomeDescription?: string;
  operation: string;
  source: string;
  actor: AuditActor;
  destination?: AuditActor;
  patientIds: string[];
  studyInstanceUIDs: string[];
  instances?: number;
  query?: string;
  resource?: string;
  at: string;
}

const EVENTS = ['', 'Query', 'InstancesTransferred', 'InstancesAccessed', 'SecurityAlert', 'UserAuthentication', 'Export', 'Import'];
const OUTCOME: Record<number, string> = { 0: 'success', 4: 'refused', 8: 'failed', 12: 'major failure' };
const FILTERS = ['user', 'patient', 'study', 'event', 'since', 'until'] as const;
const PAGE = 100;

const who = (a: AuditActor) => [a.userName ?? a.userId, a.roles?.join(', '), a.aeTitle && `AE ${a.aeTitle}`].filter(Boolean).join(' · ');

/**
 * The administrator's view of the audit trail (the archive's, which the web
 * and realtime services report into): newest first, filtered by user,
 * patient, study, event and time; further pages on demand; the same
 * selection exported as PS3.15 A.5 audit messages in JSON lines.
 */
export function AuditSearch() {
  const [filter, setFilter] = useState<URLSearchParams>(new URLSearchParams());
  const [records, setRecords] = useState<{ id: number; record: AuditRecord }[] | null>(null);
  const [next, setNext] = useState<number | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (params: URLSearchParams, before?: number) => {
    const query = new URLSearchParams(params);
    query.set('order', 'desc');
    query.set('limit', String(PAGE));
    if (before !== undefined) query.set('before', String(before));
    const response = await fetch(`/api/audit?${query}`).catch(() => undefined);
    if (!response?.ok) {
      const body = (await response?.json().catch(() => ({}))) as { detail?: string } | undefined;
      return setError(body?.detail ?? 'The audit trail could not be read.');
    }
    setError(null);
    const body = (await response.json()) as { records: { id: number; record: AuditRecord }[]; next?: number };
    setRecords((shown) => (before === undefined ? body.records : [...(shown ?? []), ...body.records]));
    setNext(body.records.length === PAGE ? body.next : undefined);
  }, []);
  useEffect(() => void load(new URLSearchParams()), [load]);

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const name of FILTERS) {
      const value = String(form.get(name) ?? '').trim();
      if (!value) continue;
      params.set(name, name === 'since' || name === 'until' ? new Date(value).toISOString() : value);
    }
    setFilter(params);
    setRecords(null);
    void load(params);
  }

  return (
    <div className={styles.admin}>
      <form className={styles.card} onSubmit={search} aria-labelledby="audit-filter">
        <h2 id="audit-filter">Search the audit trail</h2>
        <label>
          User (account id, AE title or share:…)
          <input name="user" />
        </label>
        <label>
          Patient ID
          <input name="patient" />
        </label>
        <label>
          Study Instance UID
          <input name="study" />
        </label>
        <label>
          Event
          <select name="event" defaultValue="">
            {EVENTS.map((e) => (
              <option key={e} value={e}>
                {e || 'any'}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input name="since" type="datetime-local" />
        </label>
        <label>
          Until
          <input name="until" type="datetime-local" />
        </label>
        <button type="submit" className={styles.primary}>
          Search
        </button>
        <a href={`/api/audit/export?${filter}`} download>
          Export as JSON lines (DICOM audit messages)
        </a>
      </form>
      <section aria-labelledby="audit-records" className={styles.list}>
        <h2 id="audit-records">Records, newest first</h2>
        <FormError message={error} />
        {records === null && !error && <p role="status">Loading the audit trail…</p>}
        {records && records.length === 0 && <p>No records match.</p>}
        {records && records.length > 0 && (
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Event</th>
                <th scope="col">Who</th>
                <th scope="col">From</th>
                <th scope="col">Studies</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {records.map(({ id, record: r }) => (
                <tr key={id} data-testid="audit-row">
                  <td>{new Date(r.at).toLocaleString()}</td>
                  <td>
                    {r.operation} <span className={styles.role}>{r.event}</span>
                  </td>
                  <td>{who(r.actor)}</td>
                  <td>{r.actor.networkAddress ?? ''}</td>
                  <td title={r.studyInstanceUIDs.join('\n')}>
                    <span className={styles.uid}>
                      {r.studyInstanceUIDs.length === 1 ? r.studyInstanceUIDs[0] : r.studyInstanceUIDs.length > 1 ? `${r.studyInstanceUIDs.length} studies` : ''}
                    </span>
                  </td>
                  <td>
                    {OUTCOME[r.outcome] ?? r.outcome}
                    {r.outcomeDescription ? ` (${r.outcomeDescription})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {next !== undefined && (
          <button type="button" onClick={() => void load(filter, next)}>
            Older records
          </button>
        )}
      </section>
    </div>
  );
}
