import Janode from 'janode';
import VideoRoomPlugin from 'janode/plugins/videoroom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaSettings, Participant, PeerSignalReceived, SessionDescription } from '@consilium/shared';
import type { SessionClient } from '../testing/SessionClient.js';
import { testBackends } from '../testing/testDatabase.js';
import { newSession } from '../testing/testSession.js';
import { useSessionServer } from '../testing/useSessionServer.js';
import { syntheticOffer } from './testing/syntheticOffer.js';
import { type TestJanus, hasJanus, startTestJanus } from './testing/testJanus.js';

const devices = { microphone: 'on', camera: 'on', screen: false } as const;
const offer: SessionDescription = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n' };

const mediaOf = (client: SessionClient, participantId: string) => {
  const updates = client.of<{ participant: Participant }>('presence.updated').filter((e) => e.participant.participantId === participantId);
  return updates.at(-1)?.participant.media;
};
const settingsOf = (client: SessionClient) => client.of<MediaSettings>('media.settings').at(-1) ?? client.welcome?.media;

describe.each(testBackends())('video call signalling on %s', (backend) => {
  const t = useSessionServer(backend);

  it('relays an offer, answer and candidates between two participants in the call, peer to peer', async () => {
    const a = await t.session.join(t.server.url, 'Dr A', { host: true });
    const b = await t.session.join(t.server.url, 'Dr B');
    expect(a.welcome?.media).toEqual({ topology: 'p2p', iceServers: [], maxParticipants: 4 });
    expect(await a.send('media.join', devices)).toEqual({ ok: true });
    expect(await b.send('media.join', { microphone: 'muted', camera: 'none', screen: false })).toEqual({ ok: true });
    await a.waitFor(() => mediaOf(a, b.participantId)?.camera === 'none', 'B in the call');
    const bCall = mediaOf(a, b.participantId)!.callId;
    await b.waitFor(() => mediaOf(b, a.participantId) !== undefined, 'A in the call');
    const aCall = mediaOf(b, a.participantId)!.callId;

    expect(await a.send('media.signal', { to: b.participantId, callId: bCall, description: offer })).toEqual({ ok: true });
    expect(await a.send('media.signal', { to: b.participantId, callId: bCall, candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 } })).toEqual({ ok: true });
    await b.waitFor(() => b.of('media.signal').length === 2, 'signals reach B');
    const [description, candidate] = b.of<PeerSignalReceived>('media.signal');
    expect(description).toEqual({ from: a.participantId, fromCallId: aCall, description: offer });
    expect(candidate?.candidate?.sdpMid).toBe('0');
    expect(await b.send('media.signal', { to: a.participantId, callId: aCall, description: { type: 'answer', sdp: offer.sdp } })).toEqual({ ok: true });
    await a.waitFor(() => a.of('media.signal').length === 1, 'answer reaches A');

    expect(await b.send('media.update', { microphone: 'on', camera: 'off', screen: true })).toEqual({ ok: true });
    await a.waitFor(() => mediaOf(a, b.participantId)?.camera === 'off', 'camera off reaches A');
    expect(mediaOf(a, b.participantId)).toEqual({ microphone: 'on', camera: 'off', screen: true, callId: bCall });

    b.disconnect();
    await a.waitFor(() => a.of<{ participant: Participant }>('presence.updated').some((e) => e.participant.participantId === b.participantId && e.participant.media === null), 'B out of the call');
  });

  it('refuses media requests of sockets outside the call or for peers outside it, delivering nothing', async () => {
    const a = await t.session.join(t.server.url, 'Dr A', { host: true });
    const b = await t.session.join(t.server.url, 'Dr B');
    const other = await newSession(t.server.realtime);
    const stranger = await other.join(t.server.url, 'Dr S', { host: true });
    try {
      expect(await a.send('media.signal', { to: b.participantId, callId: crypto.randomUUID(), description: offer })).toMatchObject({ ok: false, code: 'Forbidden' });
      expect(await a.send('media.update', devices)).toMatchObject({ ok: false, code: 'Forbidden' });
      await a.send('media.join', devices);
      await b.send('media.join', devices);
      await stranger.send('media.join', devices);
      await b.waitFor(() => mediaOf(b, a.participantId) !== undefined, 'A in the call');
      const aCall = mediaOf(b, a.participantId)!.callId;
      // The stranger's session is another room: A is nobody there.
      expect(await stranger.send('media.signal', { to: a.participantId, callId: aCall, description: offer })).toMatchObject({ ok: false, code: 'NotFound' });
      expect(await b.send('media.signal', { to: stranger.participantId, callId: crypto.randomUUID(), description: offer })).toMatchObject({ ok: false, code: 'NotFound' });
      // A signal for an earlier call of A's (stale callId) is not delivered either.
      expect(await b.send('media.signal', { to: a.participantId, callId: crypto.randomUUID(), description: offer })).toMatchObject({ ok: false, code: 'NotFound' });
      expect(await b.send('media.signal', { to: a.participantId, callId: aCall })).toMatchObject({ ok: false, code: 'MalformedMessage' });
      expect(await b.send('media.signal', { to: a.participantId, callId: aCall, description: { type: 'offer', sdp: 'x'.repeat(15_001) } })).toMatchObject({ ok: false, code: 'MalformedMessage' });
      expect(await b.send('media.sfu', { feed: 'self', description: offer })).toMatchObject({ ok: false, code: 'Forbidden' });
      expect(a.of('media.signal')).toHaveLength(0);
      expect(stranger.of('media.signal')).toHaveLength(0);
    } finally {
      other.closeAll();
    }
  });

  it('without an SFU holds the call at the peer-to-peer limit', async () => {
    const clients = [];
    for (const name of ['A', 'B', 'C', 'D', 'E']) clients.push(await t.session.join(t.server.url, `Dr ${name}`, { host: name === 'A' }));
    for (const c of clients.slice(0, 4)) expect(await c.send('media.join', devices)).toEqual({ ok: true });
    const refused = await clients[4]!.send('media.join', devices);
    expect(refused).toMatchObject({ ok: false, code: 'OutOfResources' });
    expect(refused.ok ? '' : refused.reason).toMatch(/4 participants without a media server/);
    expect(await clients[3]!.send('media.leave', {})).toEqual({ ok: true });
    expect(await clients[4]!.send('media.join', devices)).toEqual({ ok: true });
  });
});

describe.skipIf(!hasJanus())('video calls through Janus (SFU)', () => {
  let janus: TestJanus;
  beforeAll(async () => {
    janus = await startTestJanus();
  }, 30_000);
  afterAll(() => janus?.stop());
  const t = useSessionServer('pglite', () => ({ ...janus.env, MEDIA_P2P_LIMIT: '2' }));

  it('moves the call to the SFU past the limit and back, answers publications, keeps the room to itself', async () => {
    const [a, b, c] = [await t.session.join(t.server.url, 'Dr A', { host: true }), await t.session.join(t.server.url, 'Dr B'), await t.session.join(t.server.url, 'Dr C')];
    expect(a.welcome?.media).toMatchObject({ topology: 'p2p', maxParticipants: 16 });
    for (const p of [a, b]) await p.send('media.join', devices);
    expect(settingsOf(a)?.topology).toBe('p2p');
    await c.send('media.join', devices);
    for (const p of [a, b, c]) await p.waitFor(() => settingsOf(p)?.topology === 'sfu', 'moved to the SFU');

    for (const p of [a, b, c]) {
      expect(await p.send('media.sfu', { feed: 'self', description: syntheticOffer() }, 10_000)).toEqual({ ok: true });
      await p.waitFor(() => p.of<{ feed: string }>('media.sfu').some((e) => e.feed === 'self'), 'the SFU answers');
      expect(p.of<{ feed: string; description: SessionDescription }>('media.sfu').find((e) => e.feed === 'self')?.description.type).toBe('answer');
    }
    // Subscriptions follow once a publisher's media flows (Janus announces a feed only then): the browser suite (e2e video.spec) sees them.
    // A participant answers only for subscriptions of their own.
    expect(await a.send('media.sfu', { feed: crypto.randomUUID(), description: { type: 'answer', sdp: 'v=0\r\n' } })).toMatchObject({ ok: false, code: 'NotFound' });
    expect(await a.send('media.signal', { to: b.participantId, callId: crypto.randomUUID(), description: offer })).toMatchObject({ ok: false, code: 'Forbidden' });

    // The room is Janus' own business: without its PIN nobody joins, without the API secret nobody talks to Janus at all.
    const connection = await Janode.connect({ address: { url: janus.url, apisecret: janus.apiSecret } });
    try {
      const handle = await (await connection.create()).attach(VideoRoomPlugin);
      expect((await handle.exists({ room: t.session.session.sessionId })).exists).toBe(true);
      await expect(handle.joinSubscriber({ room: t.session.session.sessionId, streams: [{ feed: a.participantId }] })).rejects.toThrow(/429 .*pin/);
      await expect(handle.joinSubscriber({ room: t.session.session.sessionId, streams: [{ feed: a.participantId }], pin: 'guess' })).rejects.toThrow(/433|unauthori[sz]ed/i);
      await expect(handle.create({ room: 'intruder-room' })).rejects.toThrow(/unauthori[sz]ed|admin_key|429|433/i);
    } finally {
      await connection.close();
    }
    const noSecret = await Janode.connect({ address: { url: janus.url }, max_retries: 1 });
    try {
      await expect(noSecret.create()).rejects.toThrow(/unauthori[sz]ed|403/i);
    } finally {
      await noSecret.close();
    }

    // Back under the limit: peer-to-peer again, and the SFU room is gone.
    await c.send('media.leave', {});
    for (const p of [a, b]) await p.waitFor(() => settingsOf(p)?.topology === 'p2p', 'back to peer-to-peer');
    const check = await Janode.connect({ address: { url: janus.url, apisecret: janus.apiSecret } });
    try {
      const handle = await (await check.create()).attach(VideoRoomPlugin);
      await expect.poll(async () => (await handle.exists({ room: t.session.session.sessionId })).exists, { timeout: 5_000 }).toBe(false);
    } finally {
      await check.close();
    }
  }, 60_000);
});

describe('video calls with the SFU unreachable', () => {
  // A port nobody listens on: the service starts anyway, and a publication is refused with the reason.
  const t = useSessionServer('pglite', () => ({ JANUS_URL: 'ws://127.0.0.1:9', JANUS_API_SECRET: 'secret', MEDIA_TOPOLOGY: 'sfu' }));

  it('starts, keeps the session going and refuses a publication saying the media server cannot be reached', async () => {
    const a = await t.session.join(t.server.url, 'Dr A', { host: true });
    expect(a.welcome?.media.topology).toBe('sfu');
    expect(await a.send('media.join', devices)).toEqual({ ok: true });
    const refused = await a.send('media.sfu', { feed: 'self', description: syntheticOffer() }, 15_000);
    expect(refused).toMatchObject({ ok: false, code: 'DependencyUnavailable' });
    expect(refused.ok ? '' : refused.reason).toMatch(/cannot be reached/);
    expect(await a.send('presence.update', { following: false })).toEqual({ ok: true });
  }, 30_000);
});
