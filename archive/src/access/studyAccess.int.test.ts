import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tag } from '@consilium/shared';
import { TestTokenIssuer } from '@consilium/shared/testing';
import { readFindResponses, runDcmtk, runDcmtkOk } from '../testing/dcmtk.js';
import { makeInstance, newUid } from '../testing/makeInstance.js';
import { hasBinary } from '../testing/storescp.js';
import { postStow } from '../testing/stowRequest.js';
import { type TestArchive, startTestArchive, testBackends } from '../testing/testArchive.js';

type DicomJson = Record<string, { Value?: unknown[] }>;

/** Three studies: one referred by Dr Jane Doe, two others. */
function studyFiles() {
  const make = (referring: string, patientID: string) => {
    const study = { studyInstanceUID: newUid(), seriesInstanceUID: newUid(), sopInstanceUID: newUid() };
    return { ...study, patientID, file: makeInstance({ ...study, patientID, patientName: `ACCESS^${patientID}`, extra: { ReferringPhysicianName: referring } }) };
  };
  return { referred: make('DOE^JANE', 'ACC-1'), granted: make('SMITH^ANN', 'ACC-2'), other: make('SMITH^ANN', 'ACC-3') };
}

describe.each(testBackends())('study authorisation on %s: physicians see granted and referred studies, guests their share link’s', (backend) => {
  let issuer: TestTokenIssuer;
  let t: TestArchive;
  let work: string;
  const studies = studyFiles();
  const tokens: Record<string, string> = {};

  const call = (method: string, pathAndQuery: string, token: string | undefined, init: RequestInit = {}) =>
    fetch(`${t.httpUrl}${pathAndQuery}`, { ...init, method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers } });
  const studyUids = async (token: string, query = '') => {
    const response = await call('GET', `/dicomweb/studies?PatientName=ACCESS*${query}`, token);
    expect(response.status).toBe(200);
    const body = (await response.json()) as DicomJson[];
    return body.map((s) => String(s[Tag.StudyInstanceUID]?.Value?.[0])).sort();
  };
  const sorted = (...uids: string[]) => [...uids].sort();

  beforeAll(async () => {
    issuer = await TestTokenIssuer.start();
    work = await mkdtemp(path.join(os.tmpdir(), 'consilium-access-'));
    const knownAes = [
      { aeTitle: 'DRDOE', host: '127.0.0.1', port: 1, services: ['find', 'get', 'move'], actingFor: { account: 'phys-1', personName: 'DOE^JANE' } },
      { aeTitle: 'WORKSTN', host: '127.0.0.1', port: 1, services: ['find', 'get', 'move'] },
    ];
    t = await startTestArchive(backend, { ARCHIVE_AUTH: 'required', ...issuer.env(), DIMSE_KNOWN_AES: JSON.stringify(knownAes) });
    tokens.radiologist = await issuer.mint({ role: 'radiologist', sub: 'rad-1' });
    tokens.admin = await issuer.mint({ role: 'admin', sub: 'admin-1' });
    tokens.physician = await issuer.mint({ role: 'physician', sub: 'phys-1', claims: { pn: 'Doe^Jane' } });
    tokens.otherPhysician = await issuer.mint({ role: 'physician', sub: 'phys-2' });
    tokens.guest = await issuer.mint({ role: 'guest', sub: 'share:abc', claims: { studies: [studies.granted.studyInstanceUID], share: 'abc' } });
    tokens.emptyGuest = await issuer.mint({ role: 'guest', sub: 'share:none' });
    tokens.service = await issuer.mint({ role: 'admin', sub: 'service:web', claims: { svc: true } });
    const stored = await postStow(t.dicomwebUrl, Object.values(studies).map((s) => s.file), '/studies', { authorization: `Bearer ${tokens.radiologist}` });
    expect(stored.status).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('radiologists and administrators see every study', async () => {
    const all = sorted(...Object.values(studies).map((s) => s.studyInstanceUID));
    expect(await studyUids(tokens.radiologist as string)).toEqual(all);
    expect(await studyUids(tokens.admin as string)).toEqual(all);
  });

  it('a physician sees the studies referred under their DICOM name (case-insensitive), and granted ones once granted', async () => {
    const physician = tokens.physician as string;
    expect(await studyUids(physician)).toEqual([studies.referred.studyInstanceUID]);
    expect(await studyUids(tokens.otherPhysician as string)).toEqual([]);
    const grant = await call('PUT', `/api/studies/${studies.granted.studyInstanceUID}/grants/phys-1`, tokens.radiologist);
    expect(grant.status).toBe(201);
    expect((await call('PUT', `/api/studies/${studies.granted.studyInstanceUID}/grants/phys-1`, tokens.radiologist)).status, 'granting twice').toBe(200);
    expect(await studyUids(physician)).toEqual(sorted(studies.referred.studyInstanceUID, studies.granted.studyInstanceUID));
    const listed = (await (await call('GET', '/api/grants?grantee=phys-1', physician)).json()) as { grants: { studyInstanceUID: string; grantedBy: string }[] };
    expect(listed.grants).toEqual([expect.objectContaining({ studyInstanceUID: studies.granted.studyInstanceUID, grantedBy: 'rad-1' })]);
    expect((await call('GET', '/api/grants?grantee=phys-2', physician)).status, "another's grants").toBe(403);
  });

  it('WADO-RS and QIDO-RS inside a study a physician may not see are 403 at every level; granted and referred ones are served', async () => {
    const physician = tokens.physician as string;
    const { other, granted } = studies;
    const instancePath = (s: typeof other) => `/dicomweb/studies/${s.studyInstanceUID}/series/${s.seriesInstanceUID}/instances/${s.sopInstanceUID}`;
    for (const p of [
      `/dicomweb/studies/${other.studyInstanceUID}`,
      `/dicomweb/studies/${other.studyInstanceUID}/metadata`,
      `/dicomweb/studies/${other.studyInstanceUID}/series/${other.seriesInstanceUID}/metadata`,
      `${instancePath(other)}/frames/1`,
      `${instancePath(other)}/bulkdata/7FE00010`,
      `${instancePath(other)}/rendered`,
      `/dicomweb/studies/${other.studyInstanceUID}/thumbnail`,
      `/dicomweb/studies/${newUid()}/metadata`,
    ]) {
      const response = await call('GET', p, physician);
      expect(response.status, p).toBe(403);
      expect(((await response.json()) as { detail: string }).detail).toBe('This study is not shared with you');
    }
    for (const p of [`/dicomweb/studies/${other.studyInstanceUID}/series`, `/dicomweb/studies/${other.studyInstanceUID}/instances`]) {
      expect((await call('GET', p, physician)).status, `QIDO-RS inside the study: ${p}`).toBe(403);
    }
    expect((await call('GET', `/dicomweb/studies?StudyInstanceUID=${other.studyInstanceUID}`, physician).then((r) => r.json())) as unknown[], 'a search across studies leaves it out').toEqual([]);
    expect((await call('GET', `/dicomweb/studies/${other.studyInstanceUID}/metadata`, tokens.radiologist)).status).toBe(200);
    expect((await call('GET', `${instancePath(granted)}/frames/1`, physician)).status).toBe(200);
    expect((await call('GET', `/dicomweb/studies/${studies.referred.studyInstanceUID}/metadata`, physician)).status).toBe(200);
  });

  it('a guest sees exactly the study of their share link; a guest without one sees nothing', async () => {
    expect(await studyUids(tokens.guest as string)).toEqual([studies.granted.studyInstanceUID]);
    const series = await call('GET', '/dicomweb/series?PatientName=ACCESS*', tokens.guest);
    expect(((await series.json()) as DicomJson[]).map((s) => s[Tag.StudyInstanceUID]?.Value?.[0])).toEqual([studies.granted.studyInstanceUID]);
    expect((await call('GET', `/dicomweb/studies/${studies.granted.studyInstanceUID}/metadata`, tokens.guest)).status).toBe(200);
    expect((await call('GET', `/dicomweb/studies/${studies.referred.studyInstanceUID}/metadata`, tokens.guest)).status).toBe(403);
    expect(await studyUids(tokens.emptyGuest as string)).toEqual([]);
  });

  it('only administrators and radiologists store, schedule and grant; reading the audit trail stays with administrators', async () => {
    for (const role of ['physician', 'guest'] as const) {
      const token = tokens[role] as string;
      const stow = await postStow(t.dicomwebUrl, [makeInstance()], '/studies', { authorization: `Bearer ${token}` });
      expect(stow.status, `${role} STOW`).toBe(403);
      const worklist = await call('POST', '/api/worklist', token, { headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(worklist.status, `${role} worklist`).toBe(403);
      expect((await call('PUT', `/api/studies/${studies.other.studyInstanceUID}/grants/${role}`, token)).status, `${role} grant`).toBe(403);
      expect((await call('GET', '/api/audit', token)).status, `${role} audit`).toBe(403);
    }
    expect((await studyUids(tokens.otherPhysician as string)).length, 'no grant was made').toBe(0);
  });

  it('withdrawing a grant hides the study again; every change is in the audit trail', async () => {
    const path = `/api/studies/${studies.granted.studyInstanceUID}/grants/phys-1`;
    expect((await call('DELETE', path, tokens.admin)).status).toBe(204);
    expect((await call('DELETE', path, tokens.admin)).status).toBe(404);
    expect(await studyUids(tokens.physician as string)).toEqual([studies.referred.studyInstanceUID]);
    expect((await call('GET', `/dicomweb/studies/${studies.granted.studyInstanceUID}/metadata`, tokens.physician)).status).toBe(403);
    await t.archive.audit.flushed();
    const audit = (await (await call('GET', `/api/audit?study=${studies.granted.studyInstanceUID}&event=SecurityAlert`, tokens.admin)).json()) as {
      records: { record: { operation: string; actor: { userId: string }; destination?: { userId: string } } }[];
    };
    expect(audit.records.map((r) => [r.record.operation, r.record.actor.userId, r.record.destination?.userId]).sort()).toEqual([
      ['grant', 'rad-1', 'phys-1'],
      ['revoke-grant', 'admin-1', 'phys-1'],
    ]);
  });

  it('the web service reports its audit events; users cannot', async () => {
    const record = {
      event: 'UserAuthentication',
      action: 'E',
      outcome: 0,
      operation: 'sign-in',
      source: 'web',
      actor: { userId: 'phys-1', networkAddress: '10.0.0.9' },
      patientIds: [],
      studyInstanceUIDs: [],
      at: new Date().toISOString(),
    };
    const post = (token: string | undefined, body: unknown) =>
      call('POST', '/api/audit/events', token, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post(tokens.admin, { records: [record] })).status, 'an administrator').toBe(403);
    const join = { ...record, event: 'InstancesAccessed', action: 'R', operation: 'session-join', source: 'realtime', studyInstanceUIDs: [studies.referred.studyInstanceUID] };
    expect((await post(tokens.physician, { records: [{ ...join, actor: { userId: 'phys-1' } }] })).status, 'her own session join').toBe(202);
    expect((await post(tokens.physician, { records: [{ ...join, actor: { userId: 'rad-1' } }] })).status, "another's session join").toBe(403);
    expect((await post(tokens.physician, { records: [{ ...record, actor: { userId: 'phys-1' } }] })).status, 'her own sign-in').toBe(403);
    expect((await post(tokens.service, { records: [{ ...record, source: 'archive' }] })).status, 'posing as the archive').toBe(400);
    expect((await post(tokens.service, { records: [{ ...record, at: 'yesterday' }] })).status).toBe(400);
    expect((await post(tokens.service, { records: [record] })).status).toBe(202);
    await t.archive.audit.flushed();
    const audit = (await (await call('GET', '/api/audit?user=phys-1&event=UserAuthentication', tokens.admin)).json()) as { records: unknown[] };
    expect(audit.records).toHaveLength(1);
  });

  describe.skipIf(!hasBinary('findscu') || !hasBinary('getscu'))('over DIMSE', () => {
    const peer = (calling: string) => ['-aet', calling, '-aec', 'CONSILIUM', '127.0.0.1', String(t.dimsePort)];
    const fresh = async () => mkdtemp(path.join(work, 'run-'));
    const findStudies = async (calling: string) => {
      const dir = await fresh();
      await runDcmtkOk('findscu', ['-S', '-X', '-od', dir, '-k', 'QueryRetrieveLevel=STUDY', '-k', 'PatientName=ACCESS*', '-k', 'StudyInstanceUID', ...peer(calling)]);
      return (await readFindResponses(dir)).map((r) => String(r.dataset.StudyInstanceUID)).sort();
    };

    it('C-FIND of an AE acting for a physician matches what QIDO-RS shows that physician; a device AE sees all', async () => {
      expect(await findStudies('DRDOE')).toEqual(await studyUids(tokens.physician as string));
      expect(await findStudies('DRDOE')).toEqual([studies.referred.studyInstanceUID]);
      expect(await findStudies('WORKSTN')).toHaveLength(3);
      const dir = await fresh();
      await runDcmtkOk('findscu', ['-P', '-X', '-od', dir, '-k', 'QueryRetrieveLevel=PATIENT', '-k', 'PatientID=ACC-*', '-k', 'NumberOfPatientRelatedStudies', ...peer('DRDOE')]);
      expect((await readFindResponses(dir)).map((r) => [r.dataset.PatientID, r.dataset.NumberOfPatientRelatedStudies])).toEqual([['ACC-1', 1]]);
    });

    it('C-GET of a study the AE may not see retrieves nothing; of a visible one, its instance', async () => {
      const get = async (study: string) => {
        const dir = await fresh();
        const run = await runDcmtk('getscu', ['-S', '-d', '-od', dir, '+B', '-k', 'QueryRetrieveLevel=STUDY', '-k', `StudyInstanceUID=${study}`, ...peer('DRDOE')]);
        return { output: run.output, files: await readdir(dir) };
      };
      const refused = await get(studies.other.studyInstanceUID);
      expect(refused.files).toEqual([]);
      expect(refused.output).toMatch(/DIMSE Status\s*:\s*0x0000/);
      const served = await get(studies.referred.studyInstanceUID);
      expect(served.files).toHaveLength(1);
    });
  });
});
