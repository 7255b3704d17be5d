import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import * as Y from 'yjs';
import { MAX_BINARY_FRAME_BYTES, REALTIME_PROTOCOL_VERSION, SessionDocKey, type Participant, type ViewportState } from '@consilium/shared';
import { SessionClient } from './testing/SessionClient.js';
import { type TestDatabase, openTestDatabase, testBackends } from './testing/testDatabase.js';
import { type TestRealtime, startTestRealtime } from './testing/testRealtime.js';
import { newSession, STUDY_UID } from './testing/testSession.js';

const followState = (z: number): ViewportState => ({
  layout: { rows: 1, columns: 2 },
  activeViewportId: 'vp-1',
  viewports: [
    {
      viewportId: 'vp-1',
      kind: 'stack',
      studyInstanceUID: STUDY_UID,
      seriesInstanceUID: `${STUDY_UID}.2`,
      camera: { focalPoint: [0, 0, z], position: [0, 0, z + 500], viewUp: [0, -1, 0], parallelScale: 120 },
      slice: { sopInstanceUID: `${STUDY_UID}.2.${z}` },
      voi: { windowWidth: 400, windowCenter: 40 },
    },
    { viewportId: 'vp-3d', kind: 'volume3d', camera: { focalPoint: [1, 2, 3], position: [300, 2, 3], viewUp: [0, 0, 1], viewAngle: 30 } },
  ],
});

describe.each(testBackends())('realtime on %s', (backend) => {
  let db: TestDatabase;
  let server: TestRealtime;
  let session: Awaited<ReturnType<typeof newSession>>;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    server = await startTestRealtime(db);
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });
  beforeEach(async () => {
    session = await newSession(server.realtime);
  });
  afterEach(() => session.closeAll());

  describe('handshake', () => {
    const auth = () => ({ protocolVersion: REALTIME_PROTOCOL_VERSION, sessionId: session.session.sessionId, token: session.session.joinToken, name: 'Dr A' });

    it('refuses another protocol version with a clear reason', async () => {
      const r = await SessionClient.refused(server.url, { ...auth(), protocolVersion: 0 });
      expect(r.code).toBe('ProtocolVersionMismatch');
      expect(r.serverProtocolVersion).toBe(REALTIME_PROTOCOL_VERSION);
      expect(r.reason).toMatch(/protocol 0.*speaks 1/);
    });

    it('refuses a wrong token, an unknown session and a malformed payload', async () => {
      expect((await SessionClient.refused(server.url, { ...auth(), token: 'x'.repeat(32) })).code).toBe('Unauthorized');
      expect((await SessionClient.refused(server.url, { ...auth(), sessionId: '00000000-0000-4000-8000-000000000000' })).code).toBe('NotFound');
      expect((await SessionClient.refused(server.url, { ...auth(), name: '' })).code).toBe('MalformedMessage');
      expect((await SessionClient.refused(server.url, {})).code).toBe('ProtocolVersionMismatch');
    });
  });

  it('shows who joins and leaves, away first then gone', async () => {
    const a = await session.join(server.url, 'Dr A', { host: true });
    const b = await session.join(server.url, 'Dr B');
    expect(a.welcome?.participants.map((p) => p.name)).toEqual(['Dr A']);
    expect(b.welcome?.participants.map((p) => p.name).sort()).toEqual(['Dr A', 'Dr B']);
    expect(b.welcome?.presenterId).toBe(a.participantId);
    await a.waitFor(() => a.of<{ participant: Participant }>('presence.joined').some((e) => e.participant.name === 'Dr B'), 'B joined');
    const joined = a.of<{ participant: Participant }>('presence.joined')[0]?.participant;
    expect(joined).toMatchObject({ role: 'participant', connection: 'online', following: true });
    expect(joined?.colour).not.toBe(a.welcome?.participants[0]?.colour);

    await b.send('presence.update', { lookingAt: { viewportId: 'vp-1', seriesInstanceUID: `${STUDY_UID}.2` } });
    await a.waitFor(() => a.of<{ participant: Participant }>('presence.updated').some((e) => e.participant.lookingAt?.viewportId === 'vp-1'), 'B looks at vp-1');

    const bId = b.participantId;
    b.disconnect();
    await a.waitFor(() => a.of<{ participant: Participant }>('presence.updated').some((e) => e.participant.participantId === bId && e.participant.connection === 'away'), 'B away');
    await a.waitFor(() => a.of<{ participantId: string }>('presence.left').some((e) => e.participantId === bId), 'B left');
  });

  it('resumes a participant who reconnects within the grace period', async () => {
    const a = await session.join(server.url, 'Dr A', { host: true });
    const b = await session.join(server.url, 'Dr B');
    const bId = b.participantId;
    b.disconnect();
    const again = await session.join(server.url, 'Dr B', { participantId: bId });
    expect(again.welcome?.participants.filter((p) => p.participantId === bId)).toHaveLength(1);
    await a.waitFor(() => a.of<{ participant: Participant }>('presence.updated').some((e) => e.participant.participantId === bId && e.participant.connection === 'online'), 'B back');
    expect(a.of('presence.left')).toHaveLength(0);
  });

  it('fans the presenter viewport out; control is requested, granted and taken back', async () => {
    const host = await session.join(server.url, 'Dr A', { host: true });
    const b = await session.join(server.url, 'Dr B');
    const c = await session.join(server.url, 'Dr C');
    expect(await host.send('viewport.follow', { state: followState(10) })).toEqual({ ok: true });
    for (const f of [b, c]) await f.waitFor(() => f.of('viewport.follow').length === 1, 'follow');
    expect(c.of<{ state: ViewportState; participantId: string }>('viewport.follow')[0]).toEqual({ participantId: host.participantId, state: followState(10) });

    const refused = await b.send('viewport.follow', { state: followState(11) });
    expect(refused).toMatchObject({ ok: false, code: 'Forbidden' });

    expect(await b.send('control.request', {})).toEqual({ ok: true });
    await host.waitFor(() => host.of<{ participantId: string }>('control.requested').some((e) => e.participantId === b.participantId), 'request');
    expect(c.of('control.requested')).toHaveLength(0);
    expect(await c.send('control.grant', { participantId: c.participantId })).toMatchObject({ ok: false, code: 'Forbidden' });
    expect(await host.send('control.grant', { participantId: b.participantId })).toEqual({ ok: true });
    await c.waitFor(() => c.of<{ presenterId: string }>('control.changed').at(-1)?.presenterId === b.participantId, 'B presents');
    expect(await b.send('viewport.follow', { state: followState(12) })).toEqual({ ok: true });
    await host.waitFor(() => host.of('viewport.follow').length === 1, 'host follows B');

    const late = await session.join(server.url, 'Dr D');
    expect(late.welcome?.followState).toEqual(followState(12));
    expect(late.welcome?.presenterId).toBe(b.participantId);

    expect(await host.send('control.grant', { participantId: host.participantId })).toEqual({ ok: true });
    await b.waitFor(() => b.of<{ presenterId: string }>('control.changed').at(-1)?.presenterId === host.participantId, 'taken back');
    expect(await host.send('control.release', {})).toEqual({ ok: true });
    await c.waitFor(() => c.of<{ presenterId: string | null }>('control.changed').at(-1)?.presenterId === null, 'released');
  });

  it('refuses malformed, oversized and unknown messages without disturbing the others', async () => {
    const a = await session.join(server.url, 'Dr A', { host: true });
    const b = await session.join(server.url, 'Dr B');
    expect(await a.send('pointer.move', { point: [1, 2] })).toMatchObject({ ok: false, code: 'MalformedMessage' });
    expect(await a.send('pointer.move', 'nonsense')).toMatchObject({ ok: false, code: 'MalformedMessage' });
    expect(await a.send('viewport.follow', { state: { ...followState(1), extra: 'x'.repeat(20_000) } })).toMatchObject({ ok: false, code: 'PayloadTooLarge' });
    expect(await a.send('yjs.update', new Uint8Array(MAX_BINARY_FRAME_BYTES + 10))).toMatchObject({ ok: false, code: 'PayloadTooLarge' });
    expect(await a.send('yjs.update', new Uint8Array([0xff, 0xff, 0xff, 0x7f, 1]))).toMatchObject({ ok: false, code: 'MalformedMessage' });
    expect(await a.send('yjs.sync', new Uint8Array([9, 1, 0]))).toMatchObject({ ok: false, code: 'MalformedMessage' });
    expect(await a.send('session.delete', {})).toMatchObject({ ok: false, code: 'UnknownMessage' });
    // Without an ack callback the refusal comes back as an event.
    a.fire('pointer.move' as never, { point: 'here' });
    await a.waitFor(() => a.of('message.refused').length === 1, 'refusal event');
    expect(a.of<{ code: string }>('message.refused')[0]).toMatchObject({ type: 'pointer.move', code: 'MalformedMessage' });

    // Nothing reached B, both are still connected, and the room still works.
    expect(b.of('pointer.move')).toHaveLength(0);
    expect(b.of('yjs.update')).toHaveLength(0);
    expect(a.socket.connected && b.socket.connected).toBe(true);
    expect(await a.send('pointer.move', { point: [1, 2, 3] })).toEqual({ ok: true });
    await b.waitFor(() => b.of('pointer.move').length === 1, 'pointer');
    a.doc.getMap(SessionDocKey.Annotations).set('uid-1', new Y.Map());
    await b.waitFor(() => b.doc.getMap(SessionDocKey.Annotations).has('uid-1'), 'annotation');
  });

  it('a frame past the transport limit closes only the sender', async () => {
    const a = await session.join(server.url, 'Dr A', { host: true });
    const b = await session.join(server.url, 'Dr B');
    const gone = new Promise<string>((resolve) => a.socket.once('disconnect', (reason) => resolve(reason)));
    a.fire('yjs.update', new Uint8Array(2 * MAX_BINARY_FRAME_BYTES + 1024));
    expect(await gone).toMatch(/transport close|transport error/);
    expect(b.socket.connected).toBe(true);
    await b.waitFor(() => b.of<{ participant: Participant }>('presence.updated').some((e) => e.participant.connection === 'away'), 'A away');
    expect(b.doc.getMap(SessionDocKey.Annotations).size).toBe(0);
  });

  it('a viewer sees but cannot edit, point or present', async () => {
    const a = await session.join(server.url, 'Dr A', { host: true });
    const v = await session.join(server.url, 'Student', { role: 'viewer' });
    a.doc.getText(SessionDocKey.Notes).insert(0, 'hello');
    await v.waitFor(() => v.doc.getText(SessionDocKey.Notes).toString() === 'hello', 'notes');
    const local = new Y.Doc();
    local.getText(SessionDocKey.Notes).insert(0, 'graffiti');
    expect(await v.send('yjs.update', Y.encodeStateAsUpdate(local))).toMatchObject({ ok: false, code: 'Forbidden' });
    expect(await v.send('pointer.move', { point: [0, 0, 0] })).toMatchObject({ ok: false, code: 'Forbidden' });
    expect(await v.send('control.request', {})).toMatchObject({ ok: false, code: 'Forbidden' });
    expect(await a.send('control.grant', { participantId: v.participantId })).toMatchObject({ ok: false, code: 'Forbidden' });
    expect(a.doc.getText(SessionDocKey.Notes).toString()).toBe('hello');
  });

  it('throttles a pointer to 30 updates a second and delivers where it came to rest', async () => {
    const a = await session.join(server.url, 'Dr A', { host: true });
    const b = await session.join(server.url, 'Dr B');
    const started = Date.now();
    for (let i = 0; i < 200; i++) a.fire('pointer.move', { point: [i, 0, 0], viewportId: 'vp-1' });
    await b.waitFor(() => b.of<{ point: number[] }>('pointer.move').at(-1)?.point[0] === 199, 'last pointer');
    const elapsedS = (Date.now() - started) / 1000;
    const received = b.of('pointer.move').length;
    expect(received).toBeLessThanOrEqual(Math.ceil(elapsedS * 30) + 2);
    expect(b.of<{ participantId: string }>('pointer.move')[0]?.participantId).toBe(a.participantId);
  });

  it('persists an update before anyone else sees it; a newcomer gets the full document', async () => {
    const a = await session.join(server.url, 'Dr A', { host: true });
    const b = await session.join(server.url, 'Dr B');
    // A slow database write: if anything were broadcast before its write, B would see it first.
    const store = server.realtime.store;
    const append = store.append.bind(store);
    store.append = async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return append(...args);
    };
    onTestFinished(() => {
      store.append = append;
    });
    // Each time B hears of an update, the database is read: it must already hold it.
    const persistedWhenSeen: Promise<unknown>[] = [];
    b.socket.on('yjs.update', (update: Uint8Array) => {
      persistedWhenSeen.push(
        server.realtime.store.loadDoc(session.session.sessionId).then((doc) => {
          const before = Y.encodeStateVector(doc);
          Y.applyUpdate(doc, new Uint8Array(update));
          return Buffer.from(Y.encodeStateVector(doc)).equals(Buffer.from(before));
        }),
      );
    });
    const annotation = new Y.Map<unknown>();
    a.doc.getMap(SessionDocKey.Annotations).set('length-1', annotation);
    annotation.set('toolName', 'Length');
    annotation.set('points', [[0, 0, 0], [10, 0, 0]]);
    a.doc.getText(SessionDocKey.Notes).insert(0, 'nodule RUL');
    await b.waitFor(() => b.doc.getText(SessionDocKey.Notes).toString() === 'nodule RUL', 'notes reach B');
    expect(persistedWhenSeen.length).toBeGreaterThanOrEqual(1);
    expect(await Promise.all(persistedWhenSeen)).toEqual(persistedWhenSeen.map(() => true));

    const c = await session.join(server.url, 'Dr C');
    expect(c.doc.getMap(SessionDocKey.Annotations).toJSON()).toEqual(a.doc.getMap(SessionDocKey.Annotations).toJSON());
    expect(c.doc.getText(SessionDocKey.Notes).toString()).toBe('nodule RUL');
  });

  it('edits made offline reach the others on reconnect', async () => {
    const a = await session.join(server.url, 'Dr A', { host: true });
    const b = await session.join(server.url, 'Dr B');
    b.disconnect();
    b.doc.getMap(SessionDocKey.Annotations).set('offline-1', 'drawn on the train');
    await b.connected();
    await a.waitFor(() => a.doc.getMap(SessionDocKey.Annotations).get('offline-1') === 'drawn on the train', 'offline edit');
  });

  it('loses nothing across a restart of the service, with or without compaction', async () => {
    const a = await session.join(server.url, 'Dr A', { host: true });
    for (let i = 0; i < 20; i++) a.doc.getMap(SessionDocKey.Annotations).set(`a-${i}`, i);
    a.doc.getText(SessionDocKey.Notes).insert(0, 'kept');
    const expected = a.doc.getMap(SessionDocKey.Annotations).toJSON();
    // B only ever sees persisted state, so once B has it all, the log does too.
    const b = await session.join(server.url, 'Dr B');
    await b.waitFor(() => b.doc.getText(SessionDocKey.Notes).toString() === 'kept', 'first edits');
    // Half the log compacted, half not: both paths load.
    expect(await server.realtime.store.compact(session.session.sessionId)).toBeGreaterThan(0);
    a.doc.getMap(SessionDocKey.Annotations).set('after-compaction', true);
    expected['after-compaction'] = true;
    await b.waitFor(() => b.doc.getMap(SessionDocKey.Annotations).get('after-compaction') === true, 'last edit');

    await server.close();
    server = await startTestRealtime(db);
    const c = await session.join(server.url, 'Dr C');
    expect(c.doc.getMap(SessionDocKey.Annotations).toJSON()).toEqual(expected);
    expect(c.doc.getText(SessionDocKey.Notes).toString()).toBe('kept');
  });
});
