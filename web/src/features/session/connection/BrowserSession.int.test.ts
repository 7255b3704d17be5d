import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SessionDocKey, type ViewportState } from '@consilium/shared';
import { newSession, STUDY_UID, useTestRealtime } from '@consilium/realtime/testing';
import { BrowserSession, FROM_SERVER } from './BrowserSession';

const state = (sop: string): ViewportState => ({
  layout: { rows: 1, columns: 1 },
  viewports: [{ viewportId: 'vp-0', kind: 'stack', studyInstanceUID: STUDY_UID, slice: { sopInstanceUID: sop }, voi: { windowWidth: 400, windowCenter: 40 } }],
});

/** Resolves once `condition(session)` holds, checked on every snapshot change. */
function until(session: BrowserSession, condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  if (condition()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out waiting for ${what} (status ${session.snapshot.status})`));
    }, timeoutMs);
    const check = () => {
      if (!condition()) return;
      clearTimeout(timer);
      stop();
      resolve();
    };
    const offSnapshot = session.subscribe(check);
    const offPointer = session.onPointer(check);
    const stop = () => {
      offSnapshot();
      offPointer();
    };
  });
}

/** The web app's session client against a real realtime server (PGlite, one process). */
describe('BrowserSession', () => {
  const realtime = useTestRealtime();
  let session: Awaited<ReturnType<typeof newSession>>;
  const opened: BrowserSession[] = [];

  const open = (name: string, token: string, participantId?: string) => {
    const s = new BrowserSession({ url: realtime.server.url, sessionId: session.session.sessionId, token, name, participantId });
    opened.push(s);
    return s;
  };
  const online = (s: BrowserSession) => until(s, () => s.snapshot.status === 'online' && s.snapshot.synced, 'online and synced');

  beforeEach(async () => {
    session = await newSession(realtime.server.realtime);
  });
  afterEach(() => {
    for (const s of opened.splice(0)) s.close();
  });

  it('joins, sees the others, and the host presents to followers', async () => {
    const host = open('Dr Host', session.session.hostToken);
    await online(host);
    expect(host.isPresenter).toBe(true);
    expect(host.snapshot.welcome?.studyInstanceUIDs).toEqual([STUDY_UID]);

    const guest = open('Dr Guest', session.session.joinToken);
    await online(guest);
    await until(host, () => host.snapshot.participants.some((p) => p.name === 'Dr Guest'), 'the guest in the host list');
    expect(guest.isPresenter).toBe(false);
    expect(guest.snapshot.presenterId).toBe(host.participantId);

    const seen: string[] = [];
    guest.onFollow((s, from) => {
      const slice = s.viewports[0]?.slice;
      if (slice && 'sopInstanceUID' in slice && from === host.participantId) seen.push(slice.sopInstanceUID);
    });
    host.fire('viewport.follow', { state: state(`${STUDY_UID}.7`) });
    await expect.poll(() => seen).toEqual([`${STUDY_UID}.7`]);

    // A newcomer starts where the presenter is.
    const late = open('Dr Late', session.session.joinToken);
    const lateSeen: ViewportState[] = [];
    late.onFollow((s) => lateSeen.push(s));
    await online(late);
    expect(lateSeen.at(-1)).toEqual(state(`${STUDY_UID}.7`));
  });

  it('keeps the shared document in step both ways, and marks what came from the server', async () => {
    const a = open('Dr A', session.session.hostToken);
    const b = open('Dr B', session.session.joinToken);
    await Promise.all([online(a), online(b)]);
    const origins: unknown[] = [];
    b.doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    a.doc.transact(() => {
      const entry = new Y.Map<unknown>();
      entry.set('toolName', 'Length');
      a.doc.getMap(SessionDocKey.Annotations).set('uid-1', entry);
    }, 'local');
    await expect.poll(() => (b.doc.getMap(SessionDocKey.Annotations).get('uid-1') as Y.Map<unknown> | undefined)?.get('toolName')).toBe('Length');
    expect(origins).toContain(FROM_SERVER);
    b.doc.getText(SessionDocKey.Notes).insert(0, 'T2 N0');
    await expect.poll(() => a.doc.getText(SessionDocKey.Notes).toString()).toBe('T2 N0');
  });

  it('asks for control, is granted it, and the host takes it back', async () => {
    const host = open('Dr Host', session.session.hostToken);
    const guest = open('Dr Guest', session.session.joinToken);
    await Promise.all([online(host), online(guest)]);
    expect(await guest.send('control.request', {})).toEqual({ ok: true });
    await until(host, () => host.snapshot.controlRequests.includes(guest.participantId!), 'the request');
    expect(await host.send('control.grant', { participantId: guest.participantId! })).toEqual({ ok: true });
    await until(guest, () => guest.isPresenter, 'guest presenting');
    expect(host.snapshot.controlRequests).toEqual([]);
    expect(await host.send('control.grant', { participantId: host.participantId! })).toEqual({ ok: true });
    await until(guest, () => !guest.isPresenter, 'control back with the host');
  });

  it('shows a pointer and hides it again', async () => {
    const host = open('Dr Host', session.session.hostToken);
    const guest = open('Dr Guest', session.session.joinToken);
    await Promise.all([online(host), online(guest)]);
    guest.fire('pointer.move', { point: [1, 2, 3], viewportId: 'vp-0' });
    await until(host, () => host.pointers.get(guest.participantId!)?.point?.[2] === 3, 'the pointer');
    guest.fire('pointer.move', { point: null });
    await until(host, () => !host.pointers.has(guest.participantId!), 'the pointer hidden');
  });

  it('is refused with the reason and does not retry', async () => {
    const s = open('Dr Nobody', 'x'.repeat(32));
    await until(s, () => s.snapshot.status === 'refused', 'the refusal');
    expect(s.snapshot.refusal?.code).toBe('Unauthorized');
    expect(s.socket.io.opts.reconnection).toBe(false);
  });

  it('reconnects as the same participant and sends what was edited offline', async () => {
    const a = open('Dr A', session.session.hostToken);
    const b = open('Dr B', session.session.joinToken);
    await Promise.all([online(a), online(b)]);
    const id = b.participantId;
    b.socket.io.engine.close();
    await until(b, () => b.snapshot.status === 'reconnecting', 'the drop');
    b.doc.getText(SessionDocKey.Notes).insert(0, 'offline edit');
    await online(b);
    expect(b.participantId).toBe(id);
    await expect.poll(() => a.doc.getText(SessionDocKey.Notes).toString()).toBe('offline edit');
    expect(a.snapshot.participants.filter((p) => p.name === 'Dr B')).toHaveLength(1);
  });
});
