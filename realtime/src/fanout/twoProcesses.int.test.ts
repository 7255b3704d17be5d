import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SessionDocKey, type Participant, type ViewportState } from '@consilium/shared';
import { type TestDatabase, openTestDatabase, testBackends } from '../testing/testDatabase.js';
import { type TestRealtime, startTestRealtime } from '../testing/testRealtime.js';
import { newSession } from '../testing/testSession.js';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

async function natsReachable(url: string): Promise<string | undefined> {
  try {
    const nc = await connect({ servers: url, timeout: 1_500, maxReconnectAttempts: 0 });
    await nc.close();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const unreachable = await natsReachable(NATS_URL);
const title = unreachable ? `two realtime processes over NATS (SKIPPED: NATS unreachable at ${NATS_URL}: ${unreachable})` : 'two realtime processes over NATS';
if (unreachable) console.warn(title);

/** Processes say they are alive every 200 ms here, so a silent one is dropped within a test. */
const HEARTBEAT = { REALTIME_NODE_HEARTBEAT_MS: '200' };

const state: ViewportState = { layout: { rows: 1, columns: 1 }, viewports: [{ viewportId: 'vp-1', kind: 'orthographic', mpr: { orientation: 'sagittal' } }] };

describe.skipIf(unreachable !== undefined).each(testBackends())(`${title} on %s`, (backend) => {
  let db: TestDatabase;
  let one: TestRealtime;
  let two: TestRealtime;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    one = await startTestRealtime({ ...db, natsUrl: NATS_URL, env: HEARTBEAT });
    two = await startTestRealtime({ database: await db.openAnother(), dataDir: db.dataDir, natsUrl: NATS_URL, env: HEARTBEAT });
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await db?.close();
  });

  it('serve one session together: presence, follow, pointer, control and the document', async () => {
    expect(one.port).not.toBe(two.port);
    expect(one.realtime.fanout.kind).toBe('nats');
    const s = await newSession(one.realtime);
    try {
      const a = await s.join(one.url, 'Dr A', { host: true });
      a.doc.getMap(SessionDocKey.Annotations).set('before-b', 1);
      const b = await s.join(two.url, 'Dr B');
      // B's process learns who is on A's process from its roster answer.
      await b.waitFor(() => b.of<{ participant: Participant }>('presence.joined').some((e) => e.participant.name === 'Dr A'), 'A seen on two');
      await a.waitFor(() => a.of<{ participant: Participant }>('presence.joined').some((e) => e.participant.name === 'Dr B'), 'B seen on one');
      await b.waitFor(() => b.doc.getMap(SessionDocKey.Annotations).get('before-b') === 1, 'earlier edit');

      await b.waitFor(() => b.of<{ presenterId: string }>('control.changed').at(-1)?.presenterId === a.participantId, 'presenter known on two');
      expect(await a.send('viewport.follow', { state })).toEqual({ ok: true });
      await b.waitFor(() => b.of('viewport.follow').length === 1, 'follow across');
      expect(b.of<{ state: ViewportState }>('viewport.follow')[0]?.state).toEqual(state);

      expect(await b.send('pointer.move', { point: [5, 6, 7] })).toEqual({ ok: true });
      await a.waitFor(() => a.of('pointer.move').length === 1, 'pointer across');

      expect(await b.send('control.request', {})).toEqual({ ok: true });
      await a.waitFor(() => a.of('control.requested').length === 1, 'request across');
      expect(await a.send('control.grant', { participantId: b.participantId })).toEqual({ ok: true });
      await b.waitFor(() => b.of<{ presenterId: string }>('control.changed').at(-1)?.presenterId === b.participantId, 'grant across');
      expect(await b.send('viewport.follow', { state })).toEqual({ ok: true });

      const annotation = new Y.Map<unknown>();
      b.doc.getMap(SessionDocKey.Annotations).set('from-b', annotation);
      annotation.set('label', 'lesion 1');
      a.doc.getText(SessionDocKey.Notes).insert(0, 'from A');
      await a.waitFor(() => (a.doc.getMap(SessionDocKey.Annotations).get('from-b') as Y.Map<unknown> | undefined)?.get('label') === 'lesion 1', 'edit from two');
      await b.waitFor(() => b.doc.getText(SessionDocKey.Notes).toString() === 'from A', 'edit from one');

      const persisted = await one.realtime.store.loadDoc(s.session.sessionId);
      expect(persisted.getMap(SessionDocKey.Annotations).toJSON()).toEqual(a.doc.getMap(SessionDocKey.Annotations).toJSON());

      const bId = b.participantId;
      b.close();
      await a.waitFor(() => a.of<{ participantId: string }>('presence.left').some((e) => e.participantId === bId), 'B left, seen on one');
    } finally {
      s.closeAll();
    }
  });

  it('carry a video call between participants on different processes: call presence and peer-to-peer signals', async () => {
    const s = await newSession(one.realtime);
    try {
      const a = await s.join(one.url, 'Dr A', { host: true });
      const b = await s.join(two.url, 'Dr B');
      const inCall = (c: typeof a, who: string) => c.of<{ participant: Participant }>('presence.updated').filter((e) => e.participant.participantId === who).at(-1)?.participant.media;
      const devices = { microphone: 'on', camera: 'on', screen: false } as const;
      expect(await a.send('media.join', devices)).toEqual({ ok: true });
      expect(await b.send('media.join', devices)).toEqual({ ok: true });
      await a.waitFor(() => inCall(a, b.participantId) != null, 'B in the call, seen on one');
      await b.waitFor(() => inCall(b, a.participantId) != null, 'A in the call, seen on two');
      const offer = { type: 'offer', sdp: 'v=0\r\n' } as const;
      expect(await a.send('media.signal', { to: b.participantId, callId: inCall(a, b.participantId)!.callId, description: offer })).toEqual({ ok: true });
      await b.waitFor(() => b.of('media.signal').length === 1, 'offer across');
      expect(b.of('media.signal')[0]).toEqual({ from: a.participantId, fromCallId: inCall(b, a.participantId)!.callId, description: offer });
      expect(await b.send('media.signal', { to: a.participantId, callId: inCall(b, a.participantId)!.callId, description: { type: 'answer', sdp: 'v=0\r\n' } })).toEqual({ ok: true });
      await a.waitFor(() => a.of('media.signal').length === 1, 'answer across');
    } finally {
      s.closeAll();
    }
  });

  it('drops the participants of a process that went silent (crashed) without a goodbye', async () => {
    const three = await startTestRealtime({ database: await db.openAnother(), dataDir: db.dataDir, natsUrl: NATS_URL, env: HEARTBEAT });
    const s = await newSession(one.realtime);
    try {
      const a = await s.join(one.url, 'Dr A', { host: true });
      const c = await s.join(three.url, 'Dr C');
      await a.waitFor(() => a.of<{ participant: Participant }>('presence.joined').some((e) => e.participant.name === 'Dr C'), 'C seen on one');
      // Three stops talking to NATS, as a crashed process would: no bye, no heartbeat.
      await three.realtime.fanout.close();
      await a.waitFor(() => a.of<{ participantId: string }>('presence.left').some((e) => e.participantId === c.participantId), 'C dropped', 5_000);
      // One's own participants are untouched.
      expect(a.socket.connected).toBe(true);
      expect(a.of<{ participantId: string }>('presence.left').map((e) => e.participantId)).toEqual([c.participantId]);
    } finally {
      s.closeAll();
      await three.close();
    }
  });
});
