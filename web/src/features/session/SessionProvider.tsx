'use client';

import { type ReactNode, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { NamePrompt } from './components/NamePrompt';
import { BrowserSession, FROM_SERVER } from './connection/BrowserSession';
import { SessionContext, type SessionHandle } from './SessionContext';
import { inviteLink, rememberName, rememberSession, rememberedName, rememberedSession } from './sessionIdentity';
import { fetchServiceToken } from '@/features/account/fetchServiceToken';

/** A session this page was opened for: `?session=<id>&join=<token>`. */
export interface SessionInvite {
  sessionId: string;
  joinToken: string;
}

/**
 * Joins the session of `invite` (after asking for a display name the first
 * time) and provides it to the viewer. Without an invite it provides nothing
 * and the viewer works alone. The host token of a session this tab started is
 * used instead of the join token, so its creator comes back as host.
 */
export function SessionProvider({ invite, realtimeUrl, children }: { invite: SessionInvite | undefined; realtimeUrl: string; children: ReactNode }) {
  const [name, setName] = useState<string | undefined>(undefined);
  const [asking, setAsking] = useState(false);

  useEffect(() => {
    if (!invite) return;
    const remembered = rememberedName();
    if (remembered) setName(remembered);
    else setAsking(true);
  }, [invite]);

  // The connection is opened in an effect, not during render: React may render
  // (and in development runs effects) twice, and a socket opened in render
  // would be a second participant nobody closes.
  const [connection, setConnection] = useState<BrowserSession | undefined>(undefined);
  const sessionId = invite?.sessionId;
  const joinToken = invite?.joinToken;
  useEffect(() => {
    if (!sessionId || !joinToken || !name) return;
    const remembered = rememberedSession(sessionId);
    const opened = new BrowserSession({
      url: realtimeUrl,
      sessionId,
      token: remembered.hostToken ?? joinToken,
      name,
      participantId: remembered.participantId,
      colour: remembered.colour,
      serviceToken: fetchServiceToken,
    });
    setConnection(opened);
    return () => {
      opened.close();
      setConnection((current) => (current === opened ? undefined : current));
    };
  }, [sessionId, joinToken, name, realtimeUrl]);

  return (
    <>
      {connection && invite ? (
        <ConnectedSession connection={connection} invite={invite} name={name ?? ''}>
          {children}
        </ConnectedSession>
      ) : (
        children
      )}
      {asking && (
        <NamePrompt
          initial=""
          onSubmit={(chosen) => {
            rememberName(chosen);
            setName(chosen);
            setAsking(false);
          }}
        />
      )}
    </>
  );
}

function ConnectedSession({ connection, invite, name, children }: { connection: BrowserSession; invite: SessionInvite; name: string; children: ReactNode }) {
  const snapshot = useSyncExternalStore(connection.subscribe, () => connection.snapshot, () => connection.snapshot);
  const [following, setFollowing] = useState(true);
  const [pointing, setPointing] = useState(false);
  const participantId = snapshot.welcome?.participantId ?? '';

  const myColour = snapshot.participants.find((p) => p.participantId === participantId)?.colour;
  useEffect(() => {
    if (participantId) rememberSession(invite.sessionId, { participantId, ...(myColour ? { colour: myColour } : {}) });
  }, [invite.sessionId, participantId, myColour]);
  useEffect(() => {
    if (snapshot.status === 'online') connection.fire('presence.update', { following });
  }, [connection, following, snapshot.status]);

  const handle = useMemo<SessionHandle>(() => {
    const me = snapshot.participants.find((p) => p.participantId === participantId);
    return {
      sessionId: invite.sessionId,
      participantId,
      name: me?.name ?? name,
      colour: me?.colour ?? '#4aa3ff',
      role: me?.role ?? 'participant',
      doc: connection.doc,
      synced: snapshot.synced,
      remoteOrigin: FROM_SERVER,
      connection,
      snapshot,
      isPresenter: !!participantId && snapshot.presenterId === participantId,
      following,
      setFollowing,
      pointing,
      setPointing,
      inviteUrl: typeof window === 'undefined' ? '' : inviteLink(window.location.href, invite.sessionId, invite.joinToken),
    };
  }, [connection, snapshot, participantId, invite, name, following, pointing]);

  return <SessionContext.Provider value={handle}>{children}</SessionContext.Provider>;
}
