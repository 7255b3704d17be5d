import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import dcmjs, { type DicomJsonDict } from 'dcmjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SopClass, Tag, TransferSyntax } from '@consilium/shared';
import type { Command } from '../dimse/message/commandSet.js';
import { CommandField } from '../dimse/message/commandSet.js';
import { decodeDataset, encodeDataset } from '../dimse/message/dataset.js';
import type { AssociationHandle, DimseMessage } from '../dimse/ScpAssociation.js';
import { worklistHandler } from '../dimse/scp/worklist.js';
import { type TestLog, createTestLogger } from '../bus/createTestLogger.js';
import { createLogger } from '../logger.js';
import { expectProblem } from '../testing/expectProblem.js';
import { type TestArchive, startTestArchive, testBackends } from '../testing/testArchive.js';
import { findScheduledSteps } from './findScheduledSteps.js';
import { parseWorklistParams } from './parseWorklistParams.js';

const hasFindscu = spawnSync('findscu', ['--version'], { stdio: 'ignore' }).status === 0;

/** Three steps on two CT rooms and one MR room over three days. */
const STEPS = {
  ctJohn: {
    PatientName: 'Doe^John',
    PatientID: 'PID-001',
    PatientBirthDate: '19700101',
    PatientSex: 'M',
    AccessionNumber: 'ACC-001',
    RequestedProcedureDescription: 'CT chest',
    ReferringPhysicianName: 'House^Gregory',
    ScheduledStationAETitle: 'CT_ROOM1',
    ScheduledProcedureStepStartDate: '20250310',
    ScheduledProcedureStepStartTime: '0800',
    Modality: 'CT',
    ScheduledPerformingPhysicianName: 'Smith^Anna',
    ScheduledProcedureStepDescription: 'CT chest without contrast',
  },
  mrJane: {
    PatientName: 'Roe^Jane',
    PatientID: 'PID-002',
    AccessionNumber: 'ACC-002',
    StudyInstanceUID: '1.2.826.0.1.3680043.10.1542.99.1',
    RequestedProcedureID: 'RP-MR-7',
    ScheduledStationAETitle: 'MR_ROOM1',
    ScheduledProcedureStepStartDate: '20250310',
    ScheduledProcedureStepStartTime: '133000',
    Modality: 'MR',
    ScheduledProcedureStepID: 'STEP-MR-7',
  },
  ctJoerg: {
    PatientName: 'Müller^Jörg',
    PatientID: 'PID-003',
    AccessionNumber: 'ACC-003',
    ScheduledStationAETitle: 'CT_ROOM2',
    ScheduledProcedureStepStartDate: '20250312',
    ScheduledProcedureStepStartTime: '091500.5',
    Modality: 'CT',
  },
} as const;
type StepName = keyof typeof STEPS;

const value = (dict: DicomJsonDict | undefined, tag: string): unknown => {
  const v = dict?.[tag]?.Value?.[0];
  return typeof v === 'object' && v !== null && 'Alphabetic' in v ? (v as { Alphabetic: unknown }).Alphabetic : v;
};
const stepItem = (dict: DicomJsonDict): DicomJsonDict => dict[Tag.ScheduledProcedureStepSequence]?.Value?.[0] as DicomJsonDict;

interface FindscuResult {
  code: number | null;
  output: string;
  /** The responses findscu extracted (-X), naturalized by dcmjs: an implementation other than the archive's. */
  responses: Record<string, unknown>[];
}

describe.each(testBackends())('Modality Worklist on %s', (backend) => {
  let t: TestArchive;
  let work: string;
  let runs = 0;
  let log: TestLog;
  const created = {} as Record<StepName, DicomJsonDict>;

  const post = (body: unknown) =>
    fetch(`${t.httpUrl}/api/worklist`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  /** findscu -W with `keys`; responses of one run in a directory of their own. */
  async function findscu(keys: string[], extra: string[] = []): Promise<FindscuResult> {
    const dir = path.join(work, `run${++runs}`);
    await mkdir(dir);
    const args = ['-W', '-v', '-aet', 'MODALITY1', '-aec', 'CONSILIUM', ...extra, '-X', '--output-directory', dir];
    for (const key of keys) args.push('-k', key);
    args.push('127.0.0.1', String(t.dimsePort));
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn('findscu', args, { env: { ...process.env, TCP_NODELAY: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.once('error', reject);
      child.once('close', (exit) => {
        clearTimeout(timer);
        resolve({ code: exit, output: text });
      });
    });
    const names = (await readdir(dir)).filter((n) => /^rsp\d+\.dcm$/.test(n)).sort();
    const responses: Record<string, unknown>[] = [];
    for (const name of names) {
      const bytes = await readFile(path.join(dir, name));
      const file = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      responses.push(dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.dict));
    }
    return { code, output, responses };
  }

  const accessions = (result: FindscuResult) => result.responses.map((r) => r.AccessionNumber).sort();
  const spsOf = (response: Record<string, unknown>) => {
    const sequence = response.ScheduledProcedureStepSequence as Record<string, unknown>[] | Record<string, unknown>;
    return (Array.isArray(sequence) ? sequence[0] : sequence) ?? {};
  };

  beforeAll(async () => {
    log = createTestLogger();
    t = await startTestArchive(backend, { DIMSE_ACCEPT_UNKNOWN: 'true' }, log.logger);
    work = await mkdtemp(path.join(os.tmpdir(), 'consilium-mwl-'));
    for (const [name, step] of Object.entries(STEPS) as [StepName, (typeof STEPS)[StepName]][]) {
      const response = await post(step);
      expect(response.status, await response.clone().text()).toBe(201);
      expect(response.headers.get('content-type')).toMatch(/^application\/dicom\+json/);
      created[name] = (await response.json()) as DicomJsonDict;
    }
  });

  afterAll(async () => {
    await t?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  describe('REST', () => {
    it('returns the created step as an MWL item, generating the UIDs and IDs not given', () => {
      const john = created.ctJohn;
      expect(value(john, Tag.StudyInstanceUID)).toMatch(/^2\.25\.\d+$/);
      expect(value(created.ctJoerg, Tag.StudyInstanceUID)).not.toBe(value(john, Tag.StudyInstanceUID));
      expect(value(john, Tag.RequestedProcedureID)).toMatch(/^RP\d+$/);
      expect(value(stepItem(john), Tag.ScheduledProcedureStepID)).toMatch(/^SPS\d+$/);
      expect(value(stepItem(john), Tag.ScheduledProcedureStepStatus)).toBe('SCHEDULED');
      expect(value(john, Tag.PatientName)).toBe('Doe^John');
      expect(value(stepItem(john), Tag.Modality)).toBe('CT');
      expect(value(stepItem(john), Tag.ScheduledStationAETitle)).toBe('CT_ROOM1');
      // Given values are kept.
      const jane = created.mrJane;
      expect(value(jane, Tag.StudyInstanceUID)).toBe(STEPS.mrJane.StudyInstanceUID);
      expect(value(jane, Tag.RequestedProcedureID)).toBe('RP-MR-7');
      expect(value(stepItem(jane), Tag.ScheduledProcedureStepID)).toBe('STEP-MR-7');
      // Absent optional attributes are present and empty, as in an MWL response.
      expect(jane[Tag.PatientBirthDate]).toEqual({ vr: 'DA' });
      expect(stepItem(jane)[Tag.ScheduledPerformingPhysicianName]).toEqual({ vr: 'PN' });
    });

    it('refuses invalid input with 400 and every reason, without echoing patient data', async () => {
      const response = await post({
        ...STEPS.ctJohn,
        PatientName: 'Secret^Name',
        PatientID: undefined,
        ScheduledProcedureStepStartDate: '20250230',
        ScheduledProcedureStepStartTime: '25:00',
        ScheduledStationAETitle: 'AN_AE_TITLE_LONGER_THAN_16',
        StudyInstanceUID: '1.2.03',
        Modality: 'ct',
        Colour: 'blue',
      });
      const body = (await response.clone().json()) as { detail: string };
      await expectProblem(response, 400);
      for (const key of ['PatientID', 'ScheduledProcedureStepStartDate', 'ScheduledProcedureStepStartTime', 'ScheduledStationAETitle', 'StudyInstanceUID', 'Modality', 'Colour']) {
        expect(body.detail).toContain(key);
      }
      expect(body.detail).not.toContain('Secret');
    });

    it('refuses a body that is not a JSON object', async () => {
      await expectProblem(await post([1, 2]), 400);
      const notJson = await fetch(`${t.httpUrl}/api/worklist`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' });
      await expectProblem(notJson, 400);
    });

    it('lists steps by scheduled start, filtered by matching keys', async () => {
      const all = (await (await fetch(`${t.httpUrl}/api/worklist`)).json()) as DicomJsonDict[];
      expect(all.map((item) => value(item, Tag.AccessionNumber))).toEqual(['ACC-001', 'ACC-002', 'ACC-003']);
      const response = await fetch(`${t.httpUrl}/api/worklist?Modality=CT&ScheduledProcedureStepStartDate=20250311-`);
      expect(response.headers.get('content-type')).toMatch(/^application\/dicom\+json/);
      const items = (await response.json()) as DicomJsonDict[];
      expect(items.map((item) => value(item, Tag.AccessionNumber))).toEqual(['ACC-003']);
      expect(value(items[0], Tag.PatientName)).toBe('Müller^Jörg');
    });

    it('refuses unknown or malformed filters with 400', async () => {
      await expectProblem(await fetch(`${t.httpUrl}/api/worklist?Colour=blue`), 400);
      await expectProblem(await fetch(`${t.httpUrl}/api/worklist?ScheduledProcedureStepStartDate=2025`), 400);
      await expectProblem(await fetch(`${t.httpUrl}/api/worklist?limit=0`), 400);
    });
  });

  describe('matching (PS3.4 K.6.1.2)', () => {
    const find = async (params: Record<string, string>) => {
      const { items } = await findScheduledSteps(t.archive.database.db, parseWorklistParams(params));
      return items.map((item) => value(item, Tag.AccessionNumber));
    };

    it.each([
      [{}, ['ACC-001', 'ACC-002', 'ACC-003']],
      [{ Modality: 'CT' }, ['ACC-001', 'ACC-003']],
      [{ Modality: 'CT\\MR' }, ['ACC-001', 'ACC-002', 'ACC-003']],
      [{ Modality: 'US' }, []],
      [{ ScheduledStationAETitle: 'CT_ROOM1' }, ['ACC-001']],
      [{ ScheduledStationAETitle: 'CT_*' }, ['ACC-001', 'ACC-003']],
      [{ ScheduledStationAETitle: 'ct_room1' }, []],
      [{ ScheduledProcedureStepStartDate: '20250310' }, ['ACC-001', 'ACC-002']],
      [{ ScheduledProcedureStepStartDate: '20250311-20250312' }, ['ACC-003']],
      [{ ScheduledProcedureStepStartDate: '-20250311' }, ['ACC-001', 'ACC-002']],
      [{ ScheduledProcedureStepStartTime: '0800' }, ['ACC-001']],
      [{ ScheduledProcedureStepStartTime: '0900-0915' }, ['ACC-003']],
      [{ ScheduledProcedureStepStartTime: '091501-' }, ['ACC-002']],
      [{ ScheduledProcedureStepStartTime: '-0800' }, ['ACC-001']],
      [{ ScheduledProcedureStepStartDate: '20250310', ScheduledProcedureStepStartTime: '1200-' }, ['ACC-002']],
      [{ PatientName: 'doe^john' }, ['ACC-001']],
      [{ PatientName: 'D*' }, ['ACC-001']],
      [{ PatientName: '*^J*' }, ['ACC-001', 'ACC-002', 'ACC-003']],
      [{ PatientName: 'MÜLLER*' }, ['ACC-003']],
      [{ PatientName: 'R?e^Jane' }, ['ACC-002']],
      [{ PatientName: '*' }, ['ACC-001', 'ACC-002', 'ACC-003']],
      [{ PatientID: 'PID-002' }, ['ACC-002']],
      [{ PatientID: 'pid-002' }, []],
      [{ AccessionNumber: 'ACC-00?' }, ['ACC-001', 'ACC-002', 'ACC-003']],
      [{ AccessionNumber: 'ACC-003' }, ['ACC-003']],
      [{ RequestedProcedureID: 'RP-MR-7' }, ['ACC-002']],
      [{ ScheduledPerformingPhysicianName: 'SMITH^ANNA' }, ['ACC-001']],
      [{ ScheduledProcedureStepStatus: 'SCHEDULED' }, ['ACC-001', 'ACC-002', 'ACC-003']],
      [{ StudyInstanceUID: STEPS.mrJane.StudyInstanceUID }, ['ACC-002']],
      [{ Modality: 'CT', ScheduledStationAETitle: 'CT_ROOM2', PatientName: 'm*' }, ['ACC-003']],
    ])('%j matches %j', async (params, expected) => {
      expect(await find(params)).toEqual(expected);
    });

    it('treats % and _ as literal characters, not SQL wildcards', async () => {
      expect(await find({ AccessionNumber: 'ACC%' })).toEqual([]);
      expect(await find({ AccessionNumber: 'ACC_001' })).toEqual([]);
    });
  });

  describe('C-FIND SCP handler', () => {
    /** Runs the handler with an identifier, as the association would, recording what it sends. */
    async function runHandler(identifier: DicomJsonDict, cancelAfter?: number) {
      const sent: { command: Command; dataset: DicomJsonDict | undefined }[] = [];
      // Only what a C-FIND handler uses; the rest of the handle is the association's business.
      const association: Pick<AssociationHandle, 'info' | 'logger' | 'send' | 'isCancelled'> = {
        info: { id: 'test', callingAeTitle: 'MODALITY1', calledAeTitle: 'CONSILIUM', remoteAddress: '127.0.0.1', peer: undefined },
        logger: createLogger('silent'),
        send: async (_contextId, command, dataset) => {
          sent.push({ command, dataset: dataset ? decodeDataset(dataset, TransferSyntax.ExplicitVRLittleEndian) : undefined });
        },
        isCancelled: () => cancelAfter !== undefined && sent.length >= cancelAfter,
      };
      const message: DimseMessage = {
        context: { id: 1, abstractSyntax: SopClass.ModalityWorklistInformationModelFind, transferSyntax: TransferSyntax.ExplicitVRLittleEndian, service: 'worklist' },
        command: { commandField: CommandField.C_FIND_RQ, messageId: 7, affectedSopClassUid: SopClass.ModalityWorklistInformationModelFind, hasDataset: true },
        dataset: encodeDataset(identifier, TransferSyntax.ExplicitVRLittleEndian),
      };
      await worklistHandler(t.archive.database.db)(message, association as AssociationHandle);
      return sent;
    }

    const modalityCt: DicomJsonDict = {
      [Tag.AccessionNumber]: { vr: 'SH' },
      [Tag.ScheduledProcedureStepSequence]: { vr: 'SQ', Value: [{ [Tag.Modality]: { vr: 'CS', Value: ['CT'] } }] },
    };

    it('stops with Cancel (FE00) once a C-CANCEL has arrived', async () => {
      const sent = await runHandler(modalityCt, 1);
      expect(sent.map((s) => s.command.status)).toEqual([0xff00, 0xfe00]);
      expect(sent[1]?.dataset).toBeUndefined();
    });

    it('answers every pending response with FF01 when a matching key could not be used', async () => {
      const identifier: DicomJsonDict = { ...modalityCt, [Tag.PatientAddress]: { vr: 'LO', Value: ['Main Street'] } };
      const sent = await runHandler(identifier);
      expect(sent.map((s) => s.command.status)).toEqual([0xff01, 0xff01, 0x0000]);
      expect(sent[0]?.dataset?.[Tag.PatientAddress]).toEqual({ vr: 'LO' });
    });

    it('refuses a malformed matching value with A900', async () => {
      const identifier: DicomJsonDict = {
        [Tag.ScheduledProcedureStepSequence]: { vr: 'SQ', Value: [{ [Tag.ScheduledProcedureStepStartDate]: { vr: 'DA', Value: ['2025-03-10'] } }] },
      };
      const sent = await runHandler(identifier);
      expect(sent.map((s) => s.command.status)).toEqual([0xa900]);
      expect(sent[0]?.command.errorComment).toContain('ScheduledProcedureStepStartDate');
    });
  });

  describe.skipIf(!hasFindscu)('DCMTK findscu -W', () => {
    it('returns exactly the CT steps, with the requested keys and their values', async () => {
      const result = await findscu([
        'ScheduledProcedureStepSequence[0].Modality=CT',
        'ScheduledProcedureStepSequence[0].ScheduledStationAETitle',
        'ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate',
        'ScheduledProcedureStepSequence[0].ScheduledProcedureStepID',
        'ScheduledProcedureStepSequence[0].ScheduledStationName',
        'PatientName',
        'PatientID',
        'PatientBirthDate',
        'AccessionNumber',
        'StudyInstanceUID',
      ]);
      expect(result.code, result.output).toBe(0);
      expect(accessions(result)).toEqual(['ACC-001', 'ACC-003']);
      const [john, joerg] = result.responses as [Record<string, unknown>, Record<string, unknown>];
      expect(john.PatientName).toEqual([{ Alphabetic: 'Doe^John' }]);
      expect(john.PatientID).toBe('PID-001');
      expect(john.PatientBirthDate).toBe('19700101');
      expect(john.StudyInstanceUID).toBe(value(created.ctJohn, Tag.StudyInstanceUID));
      expect(spsOf(john)).toMatchObject({
        Modality: 'CT',
        ScheduledStationAETitle: 'CT_ROOM1',
        ScheduledProcedureStepStartDate: '20250310',
        ScheduledProcedureStepID: value(stepItem(created.ctJohn), Tag.ScheduledProcedureStepID),
      });
      // Requested keys without a value come back, empty; keys not asked for do not.
      expect(Object.keys(spsOf(john))).toContain('ScheduledStationName');
      expect(spsOf(john).ScheduledStationName ?? '').toEqual('');
      expect(joerg.PatientBirthDate ?? '').toEqual('');
      expect(Object.keys(joerg)).toContain('PatientBirthDate');
      expect(john).not.toHaveProperty('ReferringPhysicianName');
      expect(spsOf(john)).not.toHaveProperty('ScheduledPerformingPhysicianName');
      // Non-ASCII names travel as UTF-8 (ISO_IR 192).
      expect(joerg.SpecificCharacterSet).toBe('ISO_IR 192');
      expect(joerg.PatientName).toEqual([{ Alphabetic: 'Müller^Jörg' }]);
    });

    it('matches a date range on ScheduledProcedureStepStartDate', async () => {
      const keys = (range: string) => [`ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=${range}`, 'AccessionNumber'];
      expect(accessions(await findscu(keys('20250311-20250312')))).toEqual(['ACC-003']);
      expect(accessions(await findscu(keys('-20250310')))).toEqual(['ACC-001', 'ACC-002']);
      expect(accessions(await findscu(keys('20250313-')))).toEqual([]);
    });

    it('matches the station AE title, time ranges and patient name wildcards', async () => {
      const aeTitle = await findscu(['ScheduledProcedureStepSequence[0].ScheduledStationAETitle=MR_ROOM1', 'AccessionNumber']);
      expect(accessions(aeTitle)).toEqual(['ACC-002']);
      const time = await findscu(['ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartTime=1200-1400', 'AccessionNumber']);
      expect(accessions(time)).toEqual(['ACC-002']);
      const name = await findscu(['PatientName=doe*', 'AccessionNumber']);
      expect(accessions(name)).toEqual(['ACC-001']);
    });

    it('returns the whole step item for a sequence asked for empty', async () => {
      const result = await findscu(['ScheduledProcedureStepSequence', 'AccessionNumber=ACC-001']);
      expect(result.responses).toHaveLength(1);
      expect(spsOf(result.responses[0] as Record<string, unknown>)).toMatchObject({
        Modality: 'CT',
        ScheduledStationAETitle: 'CT_ROOM1',
        ScheduledProcedureStepStartDate: '20250310',
        ScheduledProcedureStepStartTime: '0800',
        ScheduledPerformingPhysicianName: [{ Alphabetic: 'Smith^Anna' }],
        ScheduledProcedureStepDescription: 'CT chest without contrast',
        ScheduledProcedureStepStatus: 'SCHEDULED',
      });
    });

    it('reports a malformed matching value as a failed query', async () => {
      const result = await findscu(['ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate=2025', 'AccessionNumber']);
      expect(result.responses).toEqual([]);
      expect(result.output).toMatch(/DataSetDoesNotMatchSOPClass/);
    });
  });

  // Last in the suite: every request above has been logged by now.
  it('logs step IDs and UIDs but no patient data', () => {
    const text = log.lines.join('');
    expect(log.records.some((r) => r.msg === 'scheduled procedure step created')).toBe(true);
    expect(log.records.some((r) => r.msg === 'MWL C-FIND done')).toBe(true);
    for (const secret of ['Doe', 'John', 'Roe^Jane', 'Müller', 'PID-00', 'Secret', '19700101', 'Smith', 'House']) {
      expect(text).not.toContain(secret);
    }
  });
});
