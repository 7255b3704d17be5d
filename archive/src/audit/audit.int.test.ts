import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord, DicomAuditMessage } from '@consilium/shared';
import { hasDcmtk, runDcmtk, runDcmtkOk } from '../testing/dcmtk.js';
import { makeInstance, newUid } from '../testing/makeInstance.js';
import { postStow } from '../testing/stowRequest.js';
import { type TestArchive, startTestArchive, testBackends } from '../testing/testArchive.js';
import type { StoredAuditRecord } from './readAuditRecords.js';

const SCU_AE = 'AUDIT_SCU';
const KNOWN_AES = JSON.stringify([{ aeTitle: SCU_AE, host: '127.0.0.1', port: 11113, services: ['echo', 'store', 'find'] }]);

describe.each(testBackends())('audit trail on %s', (backend) => {
  let t: TestArchive;
  const study = newUid();
  const patientID = 'AUD-PAT-1';

  const search = async (query: string): Promise<AuditRecord[]> => {
    await t.archive.audit.flushed();
    const response = await fetch(`${t.httpUrl}/api/audit?${query}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { records: StoredAuditRecord[] }).records.map((r) => r.record);
  };

  beforeAll(async () => {
    t = await startTestArchive(backend, { DIMSE_KNOWN_AES: KNOWN_AES });
  });
  afterAll(() => t?.close());

  it("names the client a trusted proxy (the web app on this host) forwards, not the proxy's address", async () => {
    const tag = newUid();
    expect((await fetch(`${t.dicomwebUrl}/studies?StudyInstanceUID=${tag}`, { headers: { 'x-forwarded-for': '10.20.30.40' } })).status).toBe(200);
    const [record] = (await search(`event=Query&limit=1000`)).filter((r) => r.query === `StudyInstanceUID=${tag}`);
    expect(record?.actor.networkAddress).toBe('10.20.30.40');
    const untrusted = await startTestArchive('pglite', { ARCHIVE_TRUSTED_PROXIES: '' });
    try {
      await fetch(`${untrusted.dicomwebUrl}/studies?StudyInstanceUID=${tag}`, { headers: { 'x-forwarded-for': '10.20.30.40' } });
      await untrusted.archive.audit.flushed();
      const body = (await (await fetch(`${untrusted.httpUrl}/api/audit?event=Query`)).json()) as { records: StoredAuditRecord[] };
      expect(body.records.find((r) => r.record.query === `StudyInstanceUID=${tag}`)?.record.actor.networkAddress, 'no trusted proxy: the peer').toBe('127.0.0.1');
    } finally {
      await untrusted.close();
    }
  });

  it('records a STOW-RS store, a QIDO-RS query and a WADO-RS retrieve, each with the patient and study', async () => {
    const files = [1, 2].map((n) => makeInstance({ studyInstanceUID: study, patientID, patientName: 'AUDIT^ONE', instanceNumber: n }));
    expect((await postStow(t.dicomwebUrl, files)).status).toBe(200);
    expect((await fetch(`${t.dicomwebUrl}/studies?PatientID=${patientID}`)).status).toBe(200);
    expect((await fetch(`${t.dicomwebUrl}/studies/${study}/metadata`)).status).toBe(200);

    const records = await search(`study=${study}`);
    expect(records.map((r) => [r.event, r.action, r.operation, r.outcome])).toEqual([
      ['InstancesTransferred', 'C', 'STOW-RS', 0],
      ['Query', 'E', 'QIDO-RS', 0],
      ['InstancesTransferred', 'R', 'WADO-RS', 0],
    ]);
    for (const r of records) {
      // The STOW and WADO records named only the study: the trail found the patient in the index.
      expect(r.patientIds).toEqual([patientID]);
      expect(r.studyInstanceUIDs).toEqual([study]);
      expect(r.actor).toEqual({ userId: 'anonymous', networkAddress: '127.0.0.1' });
    }
    expect(records[0]?.instances).toBe(2);
    expect(records[1]?.query).toBe(`PatientID=${patientID}`);
    expect(records[2]?.resource).toBe(`/dicomweb/studies/${study}/metadata`);
    expect(await search(`patient=${patientID}&event=Query`)).toHaveLength(1);
  });

  it('records a refused request with its outcome, and nothing for a path no route serves', async () => {
    const missing = newUid();
    expect((await fetch(`${t.dicomwebUrl}/studies/${missing}/metadata`)).status).toBe(404);
    expect((await fetch(`${t.dicomwebUrl}/no-such-resource`)).status).toBe(404);
    const [record, ...more] = await search(`study=${missing}`);
    expect(more).toEqual([]);
    expect(record).toMatchObject({ event: 'InstancesTransferred', outcome: 4, outcomeDescription: 'HTTP 404', patientIds: [] });
    expect((await search('limit=1000')).some((r) => r.resource?.includes('no-such-resource'))).toBe(false);
  });

  it('keeps the record of a hostile query holding a NUL (PostgreSQL text cannot), with U+FFFD in its place', async () => {
    expect((await fetch(`${t.dicomwebUrl}/studies?PatientName=NUL%00TEST`)).status).toBe(400);
    const records = await search('event=Query&limit=1000');
    expect(records.some((r) => r.query === 'PatientName=NUL\uFFFDTEST' && r.outcome === 4)).toBe(true);
  });

  it('exports JSON lines of PS3.15 audit messages', async () => {
    const response = await fetch(`${t.httpUrl}/api/audit/export?study=${study}`);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const messages = (await response.text()).trim().split('\n').map((line) => JSON.parse(line) as DicomAuditMessage);
    expect(messages.map((m) => m.EventIdentification.EventID['csd-code'])).toEqual(['110104', '110112', '110104']);
    expect(messages[1]?.ParticipantObjectIdentification.find((o) => o.ParticipantObjectTypeCode === 1)?.ParticipantObjectID).toBe(patientID);
    // The export itself is on the record, with what was selected.
    const exports = await search(`event=Export&study=${study}`);
    expect(exports.map((r) => [r.operation, r.action, r.query, r.resource])).toEqual([['audit-export', 'R', `study=${study}`, '/api/audit/export']]);
  });

  it('refuses a malformed search with a problem, not a crash', async () => {
    const response = await fetch(`${t.httpUrl}/api/audit?since=yesterday`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('cannot be altered or emptied through the database the application uses', async () => {
    const db = t.archive.database.db;
    const before = (await search('limit=1000')).length;
    // Drizzle wraps the database's error; the trigger's message is its cause.
    const refusal = (statement: SQL) => db.execute(statement).then(() => 'accepted', (error: Error) => String(error.cause ?? error));
    expect(await refusal(sql`update audit_events set user_id = 'someone else'`)).toMatch(/cannot be altered or removed/);
    expect(await refusal(sql`delete from audit_events`)).toMatch(/cannot be altered or removed/);
    expect(await refusal(sql`truncate audit_events`)).toMatch(/cannot be altered or removed/);
    const after = await search('limit=1000');
    expect(after).toHaveLength(before);
    expect(after.every((r) => r.actor.userId !== 'someone else')).toBe(true);
  });

  describe.skipIf(!hasDcmtk())('over DIMSE (DCMTK)', () => {
    let work: string;
    const peer = (ae = SCU_AE) => ['-aet', ae, '-aec', 'CONSILIUM', '127.0.0.1', String(t.dimsePort)];
    beforeAll(async () => {
      work = await mkdtemp(path.join(os.tmpdir(), 'consilium-audit-'));
    });
    afterAll(() => rm(work, { recursive: true, force: true }));

    it('records one C-STORE record per association, with its studies and count', async () => {
      const dimseStudy = newUid();
      const files = await Promise.all(
        [1, 2, 3].map(async (n) => {
          const file = path.join(work, `i${n}.dcm`);
          await writeFile(file, makeInstance({ studyInstanceUID: dimseStudy, patientID: 'AUD-PAT-2', instanceNumber: n }));
          return file;
        }),
      );
      await runDcmtkOk('storescu', [...peer(), ...files]);
      await expect.poll(async () => (await search(`study=${dimseStudy}`)).length).toBe(1);
      const [record] = await search(`study=${dimseStudy}`);
      expect(record).toMatchObject({
        event: 'InstancesTransferred',
        action: 'C',
        operation: 'C-STORE',
        outcome: 0,
        instances: 3,
        patientIds: ['AUD-PAT-2'],
        actor: { userId: SCU_AE, aeTitle: SCU_AE, networkAddress: '127.0.0.1' },
      });
    });

    it('records a C-FIND with its keys and the patients it matched', async () => {
      await runDcmtkOk('findscu', ['-S', '-k', 'QueryRetrieveLevel=STUDY', '-k', `PatientID=${patientID}`, '-k', 'StudyInstanceUID', ...peer()]);
      const finds = (await search(`patient=${patientID}&event=Query`)).filter((r) => r.operation === 'C-FIND');
      expect(finds).toHaveLength(1);
      expect(finds[0]).toMatchObject({ outcome: 0, studyInstanceUIDs: [study], actor: { aeTitle: SCU_AE } });
      expect(finds[0]?.query).toContain(`00100020=${patientID}`);
    });

    it('raises a security alert for an unknown calling AE', async () => {
      const run = await runDcmtk('echoscu', peer('STRANGER'));
      expect(run.code).not.toBe(0);
      const alerts = await search('event=SecurityAlert');
      expect(alerts.at(-1)).toMatchObject({ operation: 'A-ASSOCIATE', outcome: 4, actor: { userId: 'STRANGER', networkAddress: '127.0.0.1' } });
      expect(alerts.at(-1)?.outcomeDescription).toMatch(/not recognised/);
    });
  });
});
