'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import type { BrowserSession } from '../connection/BrowserSession';
import { type CallSnapshot, MediaCall } from './MediaCall';

/** The call of this session connection, made in an effect (one per connection, closed with it). */
export function useMediaCall(connection: BrowserSession): { call: MediaCall | undefined; snapshot: CallSnapshot | undefined } {
  const [call, setCall] = useState<MediaCall | undefined>(undefined);
  useEffect(() => {
    const made = new MediaCall(connection);
    setCall(made);
    return () => {
      made.close();
      setCall((current) => (current === made ? undefined : current));
    };
  }, [connection]);
  const snapshot = useSyncExternalStore(
    (listener) => call?.subscribe(listener) ?? (() => undefined),
    () => call?.snapshot,
    () => undefined,
  );
  return { call, snapshot };
}
