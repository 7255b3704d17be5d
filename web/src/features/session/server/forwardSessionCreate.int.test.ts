import { STUDY_UID, useTestRealtime } from '@consilium/realtime/testing';
import { describe, expect, it } from 'vitest';
import { forwardSessionCreate } from './forwardSessionCreate';

const post = (body: string) => new Request('http://web.test/api/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body });

/** The web server's session creation against a real realtime server (PGlite). */
describe('forwardSessionCreate', () => {
  const realtime = useTestRealtime();

  it('creates a session in the realtime service and returns its tokens with 201', async () => {
    const response = await forwardSessionCreate(post(JSON.stringify({ studyInstanceUIDs: [STUDY_UID], title: 'Tumour board' })), realtime.server.url);
    expect(response.status).toBe(201);
    const body = (await response.json()) as { sessionId: string; joinToken: string; hostToken: string };
    expect(body.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.joinToken).not.toBe(body.hostToken);
    const stored = await realtime.server.realtime.sessions.find(body.sessionId);
    expect(stored?.studyInstanceUIDs).toEqual([STUDY_UID]);
  });

  it('refuses a body that is not JSON or breaks the schema, without calling the realtime service', async () => {
    const notJson = await forwardSessionCreate(post('{"studyInstanceUIDs":'), 'http://127.0.0.1:1');
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('content-type')).toBe('application/problem+json');
    const badUid = await forwardSessionCreate(post(JSON.stringify({ studyInstanceUIDs: ['not a uid'] })), 'http://127.0.0.1:1');
    expect(badUid.status).toBe(400);
    expect(((await badUid.json()) as { detail: string }).detail).toMatch(/studyInstanceUIDs/);
  });

  it('answers 502 when the realtime service is unreachable', async () => {
    const response = await forwardSessionCreate(post(JSON.stringify({ studyInstanceUIDs: [STUDY_UID] })), 'http://127.0.0.1:1');
    expect(response.status).toBe(502);
    expect(((await response.json()) as { title: string }).title).toBe('Realtime service unreachable');
  });
});
