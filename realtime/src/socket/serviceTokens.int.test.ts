import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REALTIME_PROTOCOL_VERSION, type SessionCreated } from '@consilium/shared';
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

  beforeAll(async () => {
    issuer = await TestTokenIssuer.start();
    database = await openTestDatabase('pglite');
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'consilium-rt-auth-'));
    t = await startTestRealtime({ database: database.database, dataDir, env: { REALTIME_AUTH: 'required', ...issuer.env() } });
    session = await t.realtime.sessions.create({ studyInstanceUIDs: [STUDY_UID], title: 'tokens' });
  });
  afterAll(async () => {
    await t?.close();
    await database?.close();
    await issuer?.close();
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

  it('admits a participant with the link and a valid token', async () => {
    const client = await SessionClient.join(t.url, { ...handshake(await issuer.mint()) });
    try {
      expect(client.welcome?.sessionId).toBe(session.sessionId);
    } finally {
      client.close();
    }
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
