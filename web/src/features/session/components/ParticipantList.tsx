'use client';

import type { Participant } from '@consilium/shared';
import type { SessionHandle } from '../SessionContext';
import styles from '../session.module.css';

const ROLE_LABEL: Record<Participant['role'], string> = { host: 'host', participant: 'participant', viewer: 'viewer' };

/** Who is in the session: name and colour, role, presenting, following, away; the presenter hands control from here. */
export function ParticipantList({ session }: { session: SessionHandle }) {
  const { snapshot, participantId, isPresenter, role } = session;
  const canGrant = isPresenter || role === 'host';
  const sorted = [...snapshot.participants].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <ul className={styles.participants} aria-label="Participants" data-testid="participants">
      {sorted.map((p) => {
        const presenting = p.participantId === snapshot.presenterId;
        const requested = snapshot.controlRequests.includes(p.participantId);
        const you = p.participantId === participantId;
        return (
          <li key={p.participantId} className={styles.participant} data-testid="participant" data-name={p.name} data-connection={p.connection} data-colour={p.colour}>
            <span className={styles.swatch} style={{ background: p.colour }} aria-hidden="true" />
            <span className={styles.participantName}>
              {p.name}
              {you && <span className={styles.muted}> (you)</span>}
            </span>
            <span className={styles.tags}>
              {presenting && <span className={styles.tag}>presenting</span>}
              {!presenting && p.role !== 'viewer' && !p.following && <span className={styles.tagMuted}>looking around</span>}
              {p.connection === 'away' && <span className={styles.tagMuted}>reconnecting…</span>}
              <span className={styles.muted}>{ROLE_LABEL[p.role]}</span>
              {canGrant && !presenting && p.role !== 'viewer' && p.connection === 'online' && (
                <button type="button" className={requested ? styles.primarySmall : styles.small} onClick={() => void session.connection.send('control.grant', { participantId: p.participantId })}>
                  {requested ? 'Grant control' : 'Give control'}
                </button>
              )}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
