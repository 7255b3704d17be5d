'use client';

import type { SessionCreated } from '@consilium/shared';
import { usePathname, useRouter } from 'next/navigation';
import { useState } from 'react';
import { rememberSession } from '../sessionIdentity';
import styles from '../session.module.css';

/**
 * "Start session": creates a session for this study through the web server
 * (`POST /api/sessions`), keeps the host token in this tab, and reopens the
 * page on the session's invite link, which the host can then share.
 */
export function StartSessionButton({ studyInstanceUID, title }: { studyInstanceUID: string; title: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });
  const start = async () => {
    setState({ busy: true });
    try {
      const response = await fetch('/api/sessions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ studyInstanceUIDs: [studyInstanceUID], title: title.slice(0, 200) }),
      });
      const body = (await response.json().catch(() => undefined)) as (SessionCreated & { detail?: string }) | undefined;
      if (!response.ok || !body?.sessionId) throw new Error(body?.detail ?? `HTTP ${response.status}`);
      rememberSession(body.sessionId, { hostToken: body.hostToken });
      router.replace(`${pathname}?session=${encodeURIComponent(body.sessionId)}&join=${encodeURIComponent(body.joinToken)}`);
    } catch (error) {
      setState({ busy: false, error: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <span className={styles.startSession}>
      <button type="button" className={styles.primary} onClick={() => void start()} disabled={state.busy}>
        {state.busy ? 'Starting…' : 'Start session'}
      </button>
      {state.error && (
        <span role="alert" className={styles.error}>
          Could not start a session: {state.error}
        </span>
      )}
    </span>
  );
}
