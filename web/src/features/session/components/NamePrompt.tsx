'use client';

import { useEffect, useRef, useState } from 'react';
import styles from '../session.module.css';

/** Asks for the name the other participants will see, once per browser. */
export function NamePrompt({ initial, onSubmit }: { initial: string; onSubmit(name: string): void }) {
  const [name, setName] = useState(initial);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (!dialog.current?.open) dialog.current?.showModal();
  }, []);
  const trimmed = name.trim();
  return (
    <dialog ref={dialog} className={styles.dialog} aria-labelledby="session-name-title" onCancel={(e) => e.preventDefault()}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (trimmed) onSubmit(trimmed.slice(0, 64));
        }}
      >
        <h2 id="session-name-title" className={styles.dialogTitle}>
          Join the reading session
        </h2>
        <label className={styles.field}>
          Your name, as the others will see it
          <input className={styles.input} autoFocus value={name} maxLength={64} onChange={(e) => setName(e.target.value)} placeholder="Dr Jane Doe" />
        </label>
        <button type="submit" className={styles.primary} disabled={!trimmed}>
          Join
        </button>
      </form>
    </dialog>
  );
}
