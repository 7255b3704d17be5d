'use client';

import { useState } from 'react';
import { CallPanel } from '../media/CallPanel';
import type { SessionHandle } from '../SessionContext';
import styles from '../session.module.css';
import { NotesEditor } from './NotesEditor';
import { ParticipantList } from './ParticipantList';

export interface SessionPanelProps {
  session: SessionHandle;
  undo: { canUndo: boolean; canRedo: boolean; undo(): void; redo(): void };
}

const STATUS_TEXT = { connecting: 'Connecting…', online: 'Connected', reconnecting: 'Reconnecting…', refused: 'Not admitted' } as const;

/** The session beside the images: status, invite link, participants, control and follow, undo of own edits, notes. */
export function SessionPanel({ session, undo }: SessionPanelProps) {
  const { snapshot, isPresenter, role, following } = session;
  const [copied, setCopied] = useState(false);
  const requested = snapshot.controlRequests.includes(session.participantId);
  const presenter = snapshot.participants.find((p) => p.participantId === snapshot.presenterId);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(session.inviteUrl);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <section className={styles.panel} aria-label="Session" data-testid="session-panel" data-status={snapshot.status} data-synced={String(snapshot.synced)}>
      <h2 className={styles.title}>
        Session <span className={snapshot.status === 'online' ? styles.ok : styles.warn} data-testid="session-status">{STATUS_TEXT[snapshot.status]}</span>
      </h2>
      {snapshot.status === 'refused' && (
        <p role="alert" className={styles.error}>
          {snapshot.refusal?.reason ?? 'The session refused this connection.'}
        </p>
      )}
      {/* Viewers (share-link guests among them) watch: they neither invite nor point. */}
      {role !== 'viewer' && (
        <div className={styles.row}>
          <input className={styles.input} readOnly value={session.inviteUrl} aria-label="Invite link" onFocus={(e) => e.currentTarget.select()} />
          <button type="button" className={styles.small} onClick={() => void copy()}>
            {copied ? 'Copied' : 'Copy link'}
          </button>
        </div>
      )}
      <CallPanel connection={session.connection} name={session.name} colour={session.colour} />
      <ParticipantList session={session} />
      <div className={styles.row} role="group" aria-label="Presenting">
        {isPresenter && <span className={styles.tag}>You are presenting</span>}
        {!isPresenter && presenter && <span className={styles.muted}>{presenter.name} presents</span>}
        {!isPresenter && role !== 'viewer' && (
          <button type="button" className={styles.small} disabled={requested} onClick={() => void session.connection.send('control.request', {})}>
            {requested ? 'Control requested' : 'Request control'}
          </button>
        )}
        {!isPresenter && role === 'host' && (
          <button type="button" className={styles.small} onClick={() => void session.connection.send('control.grant', { participantId: session.participantId })}>
            Take control
          </button>
        )}
        {!isPresenter && (
          <button type="button" className={following ? styles.small : styles.primarySmall} onClick={() => session.setFollowing(!following)}>
            {following ? 'Step out' : 'Re-sync with presenter'}
          </button>
        )}
      </div>
      <div className={styles.row} role="group" aria-label="My changes">
        {role !== 'viewer' && (
          <button
            type="button"
            className={styles.small}
            aria-pressed={session.pointing}
            disabled={snapshot.status !== 'online'}
            onClick={() => session.setPointing(!session.pointing)}
            title="Show the others where your mouse points on the images"
          >
            Laser pointer
          </button>
        )}
        <button type="button" className={styles.small} disabled={!undo.canUndo} onClick={undo.undo} title="Undo my last annotation change (Ctrl+Z)">
          Undo mine
        </button>
        <button type="button" className={styles.small} disabled={!undo.canRedo} onClick={undo.redo} title="Redo (Ctrl+Shift+Z)">
          Redo mine
        </button>
      </div>
      <NotesEditor session={session} />
    </section>
  );
}
