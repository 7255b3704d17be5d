import { mkdtemp, rm } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { ClientMessageSchemas, REALTIME_PROTOCOL_VERSION, type Participant, type SessionCreated } from '@consilium/shared';
import { TestTokenIssuer } from '@consilium/shared/testing';
import { SessionClient } from '../testing/SessionClient.js';
import { STUDY_UID } from '../testing/testSession.js';
import { type TestDatabase, openTestDatabase } from '../testing/testDatabase.js';
import { type TestRealtime, startTestRealtime } from '../testing/testRealtime.js';

/** Realtime with REALTIME_AUTH=required: a participant needs the session's link and a signed-in user's service token. */
describe('service tokens at the realtime service', () => {
  let issuer: TestTokenIssuer;
  let database: TestDatabase;
  let dataDir: string;
  let t: TestRealtime;
  let session: SessionCreated;
  // Stands in for the archive's audit endpoint: what realtime reports there.
  let archive: Server;
  const reported: { authorization: string | undefined; body: { records: Record<string, unknown>[] } }[] = [];

  beforeAll(async () => {
    archive = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        if (request.method === 'POST' && request.url === '/api/audit/events') reported.push({ authorization: request.headers.authorization, body: JSON.parse(body) });
        if (request.method === 'GET' && request.url?.startsWith('/dicomweb/studies?')) {
          // The archive's answer to a physician: the study when it is shared with 'phys-granted', nothing else.
          const payload = JSON.parse(Buffer.from(request.headers.authorization?.split('.')[1] ?? '', 'base64url').toString()) as { sub?: string };
          const found = payload.sub === 'phys-granted' ? [{ '0020000D': { vr: 'UI', Value: [STUDY_UID] } }] : [];
          response.writeHead(200, { 'content-type': 'application/dicom+json' }).end(JSON.stringify(found));
          return;
        }
        response.writeHead(202).end('{}');
      });
    });
    await new Promise<void>((resolve) => archive.listen(0, '127.0.0.1', resolve));
    issuer = await TestTokenIssuer.start();
    database = await openTestDatabase('pglite');
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'consilium-rt-auth-'));
    t = await startTestRealtime({ database: database.database, dataDir, env: { REALTIME_AUTH: 'required', ...issuer.env(), ARCHIVE_URL: `http://127.0.0.1:${(archive.address() as AddressInfo).port}` } });
    session = await t.realtime.sessions.create({ studyInstanceUIDs: [STUDY_UID], title: 'tokens' });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
    await issuer?.close();
    await new Promise((resolve) => archive?.close(resolve));
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const handshake = (serviceToken: string | undefined) => ({
    protocolVersion: REALTIME_PROTOCOL_VERSION,
    sessionId: session.sessionId,
    token: session.joinToken,
    name: 'Dr Remote',
    ...(serviceToken === undefined ? {} : { serviceToken }),
  });

  it('refuses a handshake with the session link but without a valid service token, whatever is wrong with it', async () => {
    for (const [what, token] of await issuer.badCredentials()) {
      const refusal = await SessionClient.refused(t.url, handshake(token));
      expect(refusal.code, what).toBe('Unauthorized');
    }
  });

  it('lets no client message of a socket without valid credentials through: each of them, for each kind of bad token', async () => {
    const insider = await SessionClient.join(t.url, handshake(await issuer.mint({ sub: 'insider' })));
    try {
      // In the call too, so a media message addressed to the insider would reach them if it were let through.
      const devices = { microphone: 'on', camera: 'on', screen: false };
      expect(await insider.send('media.join', devices)).toEqual({ ok: true });
      await insider.waitFor(() => insider.of<{ participant: Participant }>('presence.updated').some((e) => e.participant.media !== null), 'own call presence');
      const callId = insider.of<{ participant: Participant }>('presence.updated').at(-1)!.participant.media!.callId;
      const before = insider.events.length;
      const frame = new Uint8Array([0, 0]);
      const sdp = { type: 'offer', sdp: 'v=0\r\n' };
      const payloads: Record<string, unknown> = {
        'presence.update': { following: false },
        'viewport.follow': { state: {} },
        'pointer.move': { point: [1, 2, 3] },
        'control.request': {},
        'control.grant': { participantId: '00000000-0000-4000-8000-000000000000' },
        'control.release': {},
        'yjs.sync': frame,
        'yjs.update': frame,
        'awareness.update': frame,
        'media.join': devices,
        'media.update': devices,
        'media.leave': {},
        'media.signal': { to: insider.participantId, callId, description: sdp },
        'media.sfu': { feed: insider.participantId, description: sdp },
      };
      expect(Object.keys(payloads).sort()).toEqual(Object.keys(ClientMessageSchemas).sort());
      for (const [what, token] of await issuer.badCredentials()) {
        const socket = io(t.url, { auth: handshake(token), transports: ['websocket'], reconnection: false, forceNew: true });
        for (const [type, payload] of Object.entries(payloads)) socket.emit(type, payload);
        const refusal = await new Promise<{ code?: string }>((resolve) => socket.on('connect_error', (e: Error & { data?: { code?: string } }) => resolve(e.data ?? {})));
        expect(refusal.code, what).toBe('Unauthorized');
        socket.close();
      }
      // Had anything passed, the insider would have seen a presence, pointer, control or document event.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(insider.events.slice(before).map((e) => e.type)).toEqual([]);
    } finally {
      insider.close();
    }
  });

  it('admits a participant with the link and a valid token, and reports the join to the audit trail with that token', async () => {
    const token = await issuer.mint();
    const client = await SessionClient.join(t.url, { ...handshake(token) });
    try {
      expect(client.welcome?.sessionId).toBe(session.sessionId);
    } finally {
      client.close();
    }
    await expect.poll(() => reported.some((r) => r.authorization === `Bearer ${token}`)).toBe(true);
    expect(reported.find((r) => r.authorization === `Bearer ${token}`)?.body.records).toEqual([
      expect.objectContaining({
        event: 'InstancesAccessed',
        operation: 'session-join',
        source: 'realtime',
        actor: { userId: 'user-1', userName: 'Dr Reader', roles: ['radiologist', 'session:participant'], networkAddress: '127.0.0.1' },
        studyInstanceUIDs: [STUDY_UID],
        resource: `session/${session.sessionId}`,
      }),
    ]);
  });

  it('seats a share-link guest as a viewer, even with the host token, and only in a session of their study', async () => {
    const guest = await issuer.mint({ role: 'guest', sub: 'share:1', claims: { studies: [STUDY_UID], share: '1' } });
    const client = await SessionClient.join(t.url, { ...handshake(guest), token: session.hostToken, role: 'participant' });
    try {
      const me = client.welcome?.participants.find((p) => p.participantId === client.welcome?.participantId);
      expect(me?.role).toBe('viewer');
    } finally {
      client.close();
    }
    const otherStudy = await issuer.mint({ role: 'guest', sub: 'share:2', claims: { studies: ['1.2.3.4'], share: '2' } });
    const refusal = await SessionClient.refused(t.url, handshake(otherStudy));
    expect(refusal).toMatchObject({ code: 'Forbidden', reason: 'your share link does not open this session' });
  });

  it("joins a machine client's token only when its API key has the session scope", async () => {
    const readOnly = await issuer.mint({ claims: { scope: ['read'], key: 'k1' } });
    expect(await SessionClient.refused(t.url, handshake(readOnly))).toMatchObject({ code: 'Forbidden', reason: 'this API key lacks the "session" scope' });
    const client = await SessionClient.join(t.url, handshake(await issuer.mint({ claims: { scope: ['read', 'session'], key: 'k2' } })));
    client.close();
  });

  it('makes the account that started a session its host from any device (the link suffices); others join as asked; guests start none', async () => {
    const start = (token: string) =>
      fetch(`${t.url}/api/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ studyInstanceUIDs: [STUDY_UID], title: 'owned' }),
      });
    const created = (await (await start(await issuer.mint({ sub: 'creator' }))).json()) as SessionCreated;
    const roleOf = async (sub: string) => {
      const client = await SessionClient.join(t.url, { ...handshake(await issuer.mint({ sub })), sessionId: created.sessionId, token: created.joinToken });
      try {
        return client.welcome?.participants.find((p) => p.participantId === client.welcome?.participantId)?.role;
      } finally {
        client.close();
      }
    };
    expect(await roleOf('creator')).toBe('host');
    expect(await roleOf('someone-else')).toBe('participant');
    const guest = await start(await issuer.mint({ role: 'guest', sub: 'share:9', claims: { studies: [STUDY_UID] } }));
    expect(guest.status).toBe(403);
    expect((await start(await issuer.mint({ claims: { scope: ['read'] } }))).status, 'an API key without the session scope').toBe(403);
  });

  it("seats a physician only in a session whose studies the archive shows them", async () => {
    const granted = await SessionClient.join(t.url, handshake(await issuer.mint({ role: 'physician', sub: 'phys-granted' })));
    granted.close();
    const refusal = await SessionClient.refused(t.url, handshake(await issuer.mint({ role: 'physician', sub: 'phys-other' })));
    expect(refusal).toMatchObject({ code: 'Forbidden', reason: 'this session’s studies are not shared with you' });
  });

  it('refuses the REST API without a valid token, and creates a session with one', async () => {
    const create = (authorization?: string) =>
      fetch(`${t.url}/api/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ studyInstanceUIDs: [STUDY_UID], title: 'x' }),
      });
    for (const [what, token] of await issuer.badCredentials()) {
      const response = await create(token === undefined ? undefined : `Bearer ${token}`);
      expect(response.status, what).toBe(401);
      expect(response.headers.get('www-authenticate'), what).toMatch(/^Bearer/);
    }
    expect((await fetch(`${t.url}/api/sessions/${session.sessionId}`)).status).toBe(401);
    expect((await create(`Bearer ${await issuer.mint()}`)).status).toBe(201);
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
  });
});
