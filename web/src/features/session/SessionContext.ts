'use client';

import { createContext, useContext } from 'react';
import type * as Y from 'yjs';
import type { Participant } from '@consilium/shared';
import type { BrowserSession, SessionSnapshot } from './connection/BrowserSession';

/**
 * What a viewer inside a collaborative session knows of it. Provided by
 * SessionProvider around the viewer; `null` outside a session (or before the
 * user has given a name), so every session feature is optional for the plain
 * viewer.
 *
 * `doc` follows the layout of `SessionDocKey` in `@consilium/shared`: the
 * annotations Y.Map (one Y.Map per Cornerstone annotation UID) and the notes
 * Y.Text. Local changes made with `transact(fn, origin)` reach the server;
 * changes applied from the server carry `remoteOrigin`, so an undo manager can
 * track only this participant's own origins.
 */
export interface SessionHandle {
  sessionId: string;
  /** Empty until the server has welcomed this participant. */
  participantId: string;
  name: string;
  colour: string;
  role: Participant['role'];
  /** The session's shared document, kept in sync with the server. */
  doc: Y.Doc;
  /** True once the server's full state has been applied (after every (re)connect). */
  synced: boolean;
  /** The origin the connection uses for updates it applies from the server. */
  remoteOrigin: unknown;
  connection: BrowserSession;
  snapshot: SessionSnapshot;
  isPresenter: boolean;
  /** This participant mirrors the presenter (false after stepping out). */
  following: boolean;
  setFollowing(following: boolean): void;
  /** This participant's mouse is shown to the others as a laser pointer. */
  pointing: boolean;
  setPointing(pointing: boolean): void;
  /** The link that lets others join. */
  inviteUrl: string;
}

export const SessionContext = createContext<SessionHandle | null>(null);

/** The session around this component, or null when the viewer is used alone. */
export function useSession(): SessionHandle | null {
  return useContext(SessionContext);
}
