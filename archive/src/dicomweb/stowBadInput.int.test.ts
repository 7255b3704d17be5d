import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SopClass, Tag } from '@consilium/shared';
import { createTestLogger, type TestLog } from '../bus/createTestLogger.js';
import { type InstanceSpec, makeInstance, newUid } from '../testing/makeInstance.js';
import { StoredInstances, qido, retrieveInstanceBytes, type StoredCopy } from '../testing/StoredInstances.js';
import { postStow } from '../testing/stowRequest.js';
import { startTestArchive, testBackends, type TestArchive } from '../testing/testArchive.js';

/** Failure reasons of PS3.18 Table 10.5.3-2 and PS3.7 Annex C, written out rather than taken from the code under test. */
const CANNOT_UNDERSTAND = 0xc000;
const DATA_SET_DOES_NOT_MATCH = 0xa900;
const DUPLICATE_SOP_INSTANCE = 0x0111;

/** Demographics that must never reach a log line. */
const PATIENT_NAME = 'Quillfeather^Zenobia';
const PATIENT_ID = 'PID-7Q3X9K';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

type Made = StoredCopy & { sopClassUID: string };

/** A valid instance carrying the secret demographics, with its UIDs. */
function made(spec: InstanceSpec = {}): Made {
  const uids = {
    studyInstanceUID: spec.studyInstanceUID ?? newUid(),
    seriesInstanceUID: spec.seriesInstanceUID ?? newUid(),
    sopInstanceUID: spec.sopInstanceUID ?? newUid(),
    sopClassUID: spec.sopClassUID ?? SopClass.CTImageStorage,
  };
  return { ...uids, bytes: makeInstance({ patientName: PATIENT_NAME, patientID: PATIENT_ID, ...spec, ...uids }) };
}

/** An instance whose data set lacks (undefined) or replaces attributes of a valid one. */
function broken(extra: Record<string, unknown>, spec: InstanceSpec = {}): Buffer {
  return makeInstance({ patientName: PATIENT_NAME, patientID: PATIENT_ID, ...spec, extra });
}

interface RawPart {
  body: Uint8Array;
  /** The part's Content-Type header; null leaves it out. */
  contentType?: string | null;
}

/** A multipart/related body built by hand, so tests control every byte of the framing. */
function multipart(parts: RawPart[], options: { close?: boolean } = {}): { body: Buffer; boundary: string } {
  const boundary = `bad-input-${randomBytes(6).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const type = part.contentType === undefined ? 'application/dicom' : part.contentType;
    chunks.push(Buffer.from(`--${boundary}\r\n${type === null ? '' : `Content-Type: ${type}\r\n`}\r\n`), Buffer.from(part.body), Buffer.from('\r\n'));
  }
  if (options.close ?? true) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), boundary };
}

const stowType = (boundary: string) => `multipart/related; type="application/dicom"; boundary=${boundary}`;

async function post(url: string, body: Uint8Array, contentType: string | undefined): Promise<Response> {
  const headers: Record<string, string> = contentType === undefined ? {} : { 'Content-Type': contentType };
  return fetch(url, { method: 'POST', headers, body });
}

async function problemOf(response: Response): Promise<{ status: number; title: string; detail: string }> {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as { type: string; status: number; title: string; detail: string };
  expect(body.type).toBe('about:blank');
  expect(body.status).toBe(response.status);
  return body;
}

async function dicomJsonOf(response: Response): Promise<Record<string, unknown>> {
  expect(response.headers.get('content-type')).toMatch(/^application\/dicom\+json/);
  return (await response.json()) as Record<string, unknown>;
}

const ui = (uid: string | undefined) => (uid === undefined ? { vr: 'UI' } : { vr: 'UI', Value: [uid] });

function failedItem(reason: number, uids: { sopClassUID?: string; sopInstanceUID?: string } = {}) {
  return {
    [Tag.ReferencedSOPClassUID]: ui(uids.sopClassUID),
    [Tag.ReferencedSOPInstanceUID]: ui(uids.sopInstanceUID),
    [Tag.FailureReason]: { vr: 'US', Value: [reason] },
  };
}

function referencedItem(root: string, i: Made) {
  return {
    [Tag.ReferencedSOPClassUID]: ui(i.sopClassUID),
    [Tag.ReferencedSOPInstanceUID]: ui(i.sopInstanceUID),
    [Tag.RetrieveURL]: { vr: 'UR', Value: [`${root}/studies/${i.studyInstanceUID}/series/${i.seriesInstanceUID}/instances/${i.sopInstanceUID}`] },
  };
}

/** The whole response body of a STOW-RS request in which every part failed. */
const allFailed = (...items: ReturnType<typeof failedItem>[]) => ({
  [Tag.FailedSOPSequence]: { vr: 'SQ', Value: items },
  [Tag.ReferencedSOPSequence]: { vr: 'SQ' },
});

describe.each(testBackends())('STOW-RS, QIDO-RS and WADO-RS refuse bad input precisely (%s)', (backend) => {
  let server: TestArchive;
  let stored: StoredInstances;
  let log: TestLog;
  const baseline = [made(), made()];
  const baselineStudy = made();
  const sameStudy = made({ studyInstanceUID: baselineStudy.studyInstanceUID, seriesInstanceUID: baselineStudy.seriesInstanceUID, instanceNumber: 2 });

  /** One bad part on its own: 409, and the response names the part with its failure reason. */
  async function expectOnlyPartRefused(body: Uint8Array, expected: ReturnType<typeof failedItem>): Promise<void> {
    const response = await postStow(server.dicomwebUrl, [body]);
    expect(response.status).toBe(409);
    expect(await dicomJsonOf(response)).toStrictEqual(allFailed(expected));
  }

  beforeAll(async () => {
    log = createTestLogger();
    server = await startTestArchive(backend, {}, log.logger);
    stored = new StoredInstances(server.dicomwebUrl);
    const response = await postStow(server.dicomwebUrl, [...baseline, baselineStudy, sameStudy].map((i) => i.bytes));
    expect(response.status).toBe(200);
    for (const instance of [...baseline, baselineStudy, sameStudy]) stored.record(instance);
  });
  afterAll(async () => server?.close());

  afterEach(async () => {
    expect(stored.size).toBeGreaterThanOrEqual(4);
    expect(await stored.differences()).toEqual([]);
  });

  describe('a part that is not a DICOM Part 10 file', () => {
    it.each([
      ['random bytes', randomBytes(4096)],
      ['a PNG', Buffer.concat([PNG_SIGNATURE, randomBytes(512)])],
      ['an empty part', Buffer.alloc(0)],
      ['a 128-byte preamble without "DICM"', Buffer.alloc(400, 0x41)],
      ['a JSON data set', Buffer.from(JSON.stringify({ [Tag.PatientName]: { vr: 'PN', Value: [{ Alphabetic: PATIENT_NAME }] } }))],
    ])('%s is refused with 0xC000 and nothing is stored', async (_name, body) => {
      await expectOnlyPartRefused(body, failedItem(CANNOT_UNDERSTAND));
    });
  });

  describe('a truncated Part 10 file', () => {
    it('cut inside the header (in the PatientName value) is refused with 0xC000', async () => {
      const instance = made();
      const cut = instance.bytes.indexOf(PATIENT_NAME) + 4;
      expect(cut).toBeGreaterThan(132);
      await expectOnlyPartRefused(instance.bytes.subarray(0, cut), failedItem(CANNOT_UNDERSTAND));
    });

    it('cut inside the pixel data is refused with 0xC000', async () => {
      const instance = made({ rows: 64, columns: 64 });
      await expectOnlyPartRefused(instance.bytes.subarray(0, instance.bytes.length - 100), failedItem(CANNOT_UNDERSTAND));
    });
  });

  describe('missing or malformed UIDs', () => {
    it.each(['StudyInstanceUID', 'SeriesInstanceUID'])('without %s the part is refused with 0xA900, naming the instance', async (keyword) => {
      const sopInstanceUID = newUid();
      await expectOnlyPartRefused(
        broken({ [keyword]: undefined }, { sopInstanceUID }),
        failedItem(DATA_SET_DOES_NOT_MATCH, { sopClassUID: SopClass.CTImageStorage, sopInstanceUID }),
      );
    });

    it('without SOPInstanceUID the part is refused with 0xA900', async () => {
      await expectOnlyPartRefused(broken({ SOPInstanceUID: undefined }), failedItem(DATA_SET_DOES_NOT_MATCH, { sopClassUID: SopClass.CTImageStorage }));
    });

    it('without SOPClassUID the part is refused with 0xA900', async () => {
      const sopInstanceUID = newUid();
      await expectOnlyPartRefused(broken({ SOPClassUID: undefined }, { sopInstanceUID }), failedItem(DATA_SET_DOES_NOT_MATCH, { sopInstanceUID }));
    });

    it.each([
      ['StudyInstanceUID with a leading zero', { StudyInstanceUID: '1.2.03.4' }],
      ['SeriesInstanceUID with letters', { SeriesInstanceUID: '1.2.abc' }],
      ['StudyInstanceUID with an empty component', { StudyInstanceUID: '1..2' }],
      // dcmjs would read these as 1.2.34 and 1.2.3: nothing may be stored under a UID the file does not carry.
      ['StudyInstanceUID with a letter inside a component', { StudyInstanceUID: '1.2.3x4' }],
      ['two StudyInstanceUID values', { StudyInstanceUID: ['1.2.3', '1.2.4'] }],
    ])('%s is refused with 0xC000', async (_name, extra) => {
      const sopInstanceUID = newUid();
      await expectOnlyPartRefused(broken(extra, { sopInstanceUID }), failedItem(CANNOT_UNDERSTAND, { sopClassUID: SopClass.CTImageStorage, sopInstanceUID }));
    });

    it('an invalid SOPInstanceUID is not echoed in the response', async () => {
      await expectOnlyPartRefused(broken({ SOPInstanceUID: '1.2.x' }), failedItem(CANNOT_UNDERSTAND, { sopClassUID: SopClass.CTImageStorage }));
    });

    it('MediaStorageSOPInstanceUID different from SOPInstanceUID is refused with 0xC000', async () => {
      // makeInstance writes the meta header's MediaStorageSOPInstanceUID from spec.sopInstanceUID, before extra replaces the data set's.
      const sopInstanceUID = newUid();
      await expectOnlyPartRefused(
        broken({ SOPInstanceUID: sopInstanceUID }, { sopInstanceUID: newUid() }),
        failedItem(CANNOT_UNDERSTAND, { sopClassUID: SopClass.CTImageStorage, sopInstanceUID }),
      );
    });
  });

  describe('the request Content-Type', () => {
    it.each([
      ['application/json', 'application/json', Buffer.from('[]'), /multipart\/related.*got application\/json/],
      ['application/json with DICOM bytes', 'application/json', makeInstance(), /multipart\/related/],
      ['application/dicom (a bare file)', 'application/dicom', makeInstance(), /multipart\/related/],
      ['multipart/form-data', 'multipart/form-data; boundary=x', Buffer.from('--x\r\n\r\nabc\r\n--x--\r\n'), /multipart\/related/],
      ['text/plain', 'text/plain', Buffer.from('hello'), /multipart\/related/],
      ['missing', undefined, makeInstance(), /multipart\/related.*got no Content-Type/],
      ['multipart/related without a boundary', 'multipart/related; type="application/dicom"', makeInstance(), /boundary/],
    ])('%s is refused with 415 and a problem+json detail', async (_name, contentType, body, detail) => {
      const response = await post(`${server.dicomwebUrl}/studies`, body, contentType);
      expect(response.status).toBe(415);
      expect((await problemOf(response)).detail).toMatch(detail);
    });

    it('type="application/dicom+json" is refused with 415 naming the type', async () => {
      const { body, boundary } = multipart([{ body: made().bytes }]);
      const response = await post(`${server.dicomwebUrl}/studies`, body, `multipart/related; type="application/dicom+json"; boundary=${boundary}`);
      expect(response.status).toBe(415);
      expect((await problemOf(response)).detail).toMatch(/application\/dicom\+json/);
    });

    it('a part of another media type among good parts is refused with 0xC000; the good part is stored', async () => {
      const good = made();
      const { body, boundary } = multipart([{ body: good.bytes }, { body: good.bytes, contentType: 'application/octet-stream' }]);
      const response = await post(`${server.dicomwebUrl}/studies`, body, stowType(boundary));
      expect(response.status).toBe(202);
      const json = await dicomJsonOf(response);
      expect(json[Tag.FailedSOPSequence]).toStrictEqual({ vr: 'SQ', Value: [failedItem(CANNOT_UNDERSTAND)] });
      expect(json[Tag.ReferencedSOPSequence]).toStrictEqual({ vr: 'SQ', Value: [referencedItem(server.dicomwebUrl, good)] });
      stored.record(good);
    });
  });

  describe('a multipart with bad parts', () => {
    it('one bad part among three good: 202, the good ones stored byte-identical, the bad one in FailedSOPSequence', async () => {
      const studyInstanceUID = newUid();
      const seriesInstanceUID = newUid();
      const good = [1, 2, 3].map((n) => made({ studyInstanceUID, seriesInstanceUID, instanceNumber: n }));
      const bad = randomBytes(2048);
      const response = await postStow(server.dicomwebUrl, [good[0]!.bytes, bad, good[1]!.bytes, good[2]!.bytes]);
      expect(response.status).toBe(202);
      expect(await dicomJsonOf(response)).toStrictEqual({
        [Tag.RetrieveURL]: { vr: 'UR', Value: [`${server.dicomwebUrl}/studies/${studyInstanceUID}`] },
        [Tag.FailedSOPSequence]: { vr: 'SQ', Value: [failedItem(CANNOT_UNDERSTAND)] },
        [Tag.ReferencedSOPSequence]: { vr: 'SQ', Value: good.map((g) => referencedItem(server.dicomwebUrl, g)) },
      });
      for (const g of good) {
        expect((await retrieveInstanceBytes(server.dicomwebUrl, g)).equals(g.bytes)).toBe(true);
        stored.record(g);
      }
    });

    it('all parts bad: 409 with one FailedSOPSequence item each, in order', async () => {
      const sopInstanceUID = newUid();
      const response = await postStow(server.dicomwebUrl, [randomBytes(100), broken({ StudyInstanceUID: undefined }, { sopInstanceUID })]);
      expect(response.status).toBe(409);
      expect(await dicomJsonOf(response)).toStrictEqual(
        allFailed(failedItem(CANNOT_UNDERSTAND), failedItem(DATA_SET_DOES_NOT_MATCH, { sopClassUID: SopClass.CTImageStorage, sopInstanceUID })),
      );
    });

    it('a body without its closing delimiter (truncated upload) is a 400 and stores none of its parts', async () => {
      const { body, boundary } = multipart([{ body: made().bytes }, { body: made().bytes }], { close: false });
      const response = await post(`${server.dicomwebUrl}/studies`, body, stowType(boundary));
      expect(response.status).toBe(400);
      expect((await problemOf(response)).detail).toMatch(/closing delimiter.*truncated/);
    });

    it('a body cut inside a part is a 400 and stores none of its parts', async () => {
      const { body, boundary } = multipart([{ body: made().bytes }, { body: made().bytes }]);
      const response = await post(`${server.dicomwebUrl}/studies`, body.subarray(0, body.length - 400), stowType(boundary));
      expect(response.status).toBe(400);
      expect((await problemOf(response)).detail).toMatch(/truncated/);
    });

    it('a multipart with no parts is a 400', async () => {
      const boundary = 'empty-body';
      const response = await post(`${server.dicomwebUrl}/studies`, Buffer.from(`--${boundary}--\r\n`), stowType(boundary));
      expect(response.status).toBe(400);
      expect((await problemOf(response)).detail).toMatch(/no parts/);
    });
  });

  describe('POST /studies/{StudyInstanceUID}', () => {
    it('refuses an instance of another study with 0xA900 and stores the one that belongs', async () => {
      const study = newUid();
      const belongs = made({ studyInstanceUID: study });
      const other = made();
      const response = await postStow(server.dicomwebUrl, [belongs.bytes, other.bytes], `/studies/${study}`);
      expect(response.status).toBe(202);
      expect(await dicomJsonOf(response)).toStrictEqual({
        [Tag.RetrieveURL]: { vr: 'UR', Value: [`${server.dicomwebUrl}/studies/${study}`] },
        [Tag.FailedSOPSequence]: { vr: 'SQ', Value: [failedItem(DATA_SET_DOES_NOT_MATCH, other)] },
        [Tag.ReferencedSOPSequence]: { vr: 'SQ', Value: [referencedItem(server.dicomwebUrl, belongs)] },
      });
      stored.record(belongs);
    });

    it('refuses a malformed study UID in the path with 400', async () => {
      const response = await postStow(server.dicomwebUrl, [made().bytes], '/studies/1.2.abc');
      expect(response.status).toBe(400);
      expect((await problemOf(response)).detail).toMatch(/StudyInstanceUID.*not a valid UID/);
    });
  });

  describe('duplicates', () => {
    it('the same instance sent twice is a 200 both times and stays one instance', async () => {
      const twice = made();
      for (let attempt = 0; attempt < 2; attempt++) {
        const response = await postStow(server.dicomwebUrl, [twice.bytes]);
        expect(response.status).toBe(200);
        expect(await dicomJsonOf(response)).toStrictEqual({
          [Tag.RetrieveURL]: { vr: 'UR', Value: [`${server.dicomwebUrl}/studies/${twice.studyInstanceUID}`] },
          [Tag.ReferencedSOPSequence]: { vr: 'SQ', Value: [referencedItem(server.dicomwebUrl, twice)] },
        });
        stored.record(twice);
        expect(await stored.differences()).toEqual([]);
      }
    });

    it('an instance already stored, sent again among new ones, is a 200 and changes nothing', async () => {
      const fresh = made({ studyInstanceUID: baseline[0]!.studyInstanceUID, seriesInstanceUID: baseline[0]!.seriesInstanceUID, instanceNumber: 2 });
      const response = await postStow(server.dicomwebUrl, [baseline[0]!.bytes, fresh.bytes]);
      expect(response.status).toBe(200);
      expect((await dicomJsonOf(response))[Tag.ReferencedSOPSequence]).toStrictEqual({
        vr: 'SQ',
        Value: [referencedItem(server.dicomwebUrl, baseline[0]!), referencedItem(server.dicomwebUrl, fresh)],
      });
      stored.record(fresh);
    });

    it('one SOP Instance UID twice in one request with other bytes: the first part stored, the second refused with 0x0111', async () => {
      const first = made({ pixelValue: 10 });
      const second = made({ ...first, pixelValue: 20 });
      const response = await postStow(server.dicomwebUrl, [first.bytes, second.bytes]);
      expect(response.status).toBe(202);
      const json = await dicomJsonOf(response);
      expect(json[Tag.FailedSOPSequence]).toStrictEqual({ vr: 'SQ', Value: [failedItem(DUPLICATE_SOP_INSTANCE, second)] });
      expect(json[Tag.ReferencedSOPSequence]).toStrictEqual({ vr: 'SQ', Value: [referencedItem(server.dicomwebUrl, first)] });
      stored.record(first);
    });

    it('a SeriesInstanceUID already filed under another study is refused with 0xC000', async () => {
      const intruder = made({ seriesInstanceUID: baselineStudy.seriesInstanceUID });
      expect(intruder.studyInstanceUID).not.toBe(baselineStudy.studyInstanceUID);
      await expectOnlyPartRefused(intruder.bytes, failedItem(CANNOT_UNDERSTAND, intruder));
    });

    it('the same SOP Instance UID with other bytes is refused with 0x0111 and the first copy kept', async () => {
      const changed = made({ ...sameStudy, instanceNumber: 2, pixelValue: 999 });
      expect(changed.bytes.equals(sameStudy.bytes)).toBe(false);
      await expectOnlyPartRefused(changed.bytes, failedItem(DUPLICATE_SOP_INSTANCE, sameStudy));
      expect((await retrieveInstanceBytes(server.dicomwebUrl, sameStudy)).equals(sameStudy.bytes)).toBe(true);
    });
  });

  describe('hostile QIDO-RS query strings', () => {
    it.each([
      ['an unknown key', 'NotAKey=1', /unknown query parameter or attribute "NotAKey"/],
      ['an Object.prototype name as key', 'constructor=1', /unknown query parameter or attribute "constructor"/],
      ['__proto__ as key', '__proto__=1', /unknown query parameter or attribute "__proto__"/],
      ['a NUL in PatientName', `PatientName=${encodeURIComponent(PATIENT_NAME)}%00`, /PatientName.*control characters/],
      ['a 2000-character value', `PatientID=${'A'.repeat(2000)}`, /PatientID.*longer than 1024/],
      ['a date with dashes and an impossible month', 'StudyDate=2024-13-45', /StudyDate.*YYYYMMDD/],
      ['an impossible date', 'StudyDate=20241345', /StudyDate.*valid YYYYMMDD/],
      ['an impossible time', 'StudyTime=256100', /StudyTime.*valid HHMMSS/],
      ['a reversed date range', 'StudyDate=20250101-20240101', /StudyDate.*range start is after its end/],
      ['limit=-1', 'limit=-1', /limit must be a non-negative integer/],
      ['limit=abc', 'limit=abc', /limit must be a non-negative integer/],
      ['limit=0', 'limit=0', /limit must be between 1/],
      ['a huge offset', 'offset=99999999999', /offset must be between 0/],
      ['a repeated key', `PatientID=${PATIENT_ID}&PatientID=other`, /"PatientID" is given more than once/],
      ['one attribute as keyword and as tag', 'PatientID=a&00100020=b', /"00100020" is given more than once/],
      ['a deep sequence path', 'ReferencedStudySequence.ReferencedSeriesSequence.ReferencedSOPInstanceUID=1.2', /deeper than one level/],
      ['includefield=NotAKeyword', 'includefield=NotAKeyword', /"NotAKeyword"/],
      ['a malformed UID list', 'StudyInstanceUID=1.2.3,abc', /StudyInstanceUID.*not a valid UID/],
      ['fuzzymatching=maybe', 'fuzzymatching=maybe', /fuzzymatching/],
      ['a series-level key at the study level', 'SeriesNumber=1', /SeriesNumber.*not a supported matching key at the study level/],
    ])('%s is a 400 whose detail names the reason', async (_name, query, detail) => {
      const response = await fetch(`${server.dicomwebUrl}/studies?${query}`);
      expect(response.status).toBe(400);
      expect((await problemOf(response)).detail).toMatch(detail);
    });

    it.each([
      ['an integer beyond the IS range', '/series?SeriesNumber=9999999999', /SeriesNumber.*not in the IS range/],
      ['a negative US', '/instances?Rows=-1', /Rows.*not in the US range/],
      ['a non-integer IS', '/series?SeriesNumber=1.5', /SeriesNumber.*not an integer/],
    ])('%s is a 400 whose detail names the reason', async (_name, pathAndQuery, detail) => {
      const response = await fetch(`${server.dicomwebUrl}${pathAndQuery}`);
      expect(response.status).toBe(400);
      expect((await problemOf(response)).detail).toMatch(detail);
    });

    it.each([
      ["PatientID=' or 1=1 --", `PatientID=${encodeURIComponent("' or 1=1 --")}`],
      ['PatientName=%25 (a LIKE metacharacter)', 'PatientName=%25'],
      ['PatientName with SQL in a wildcard', `PatientName=${encodeURIComponent("*' or ''='*")}`],
    ])('%s is data, not SQL: 200 and no match', async (_name, query) => {
      expect(await qido(server.dicomwebUrl, `/studies?${query}`)).toEqual([]);
    });

    it('a valid query still finds the stored study (the empty results above can fail)', async () => {
      const found = await qido(server.dicomwebUrl, `/studies?PatientID=${PATIENT_ID}&StudyInstanceUID=${baselineStudy.studyInstanceUID}`);
      expect(found.map((s) => s[Tag.StudyInstanceUID]?.Value?.[0])).toEqual([baselineStudy.studyInstanceUID]);
    });
  });

  describe('WADO-RS paths', () => {
    it.each([
      ['a study UID with letters', '/studies/abc'],
      ['a study UID with a leading zero', '/studies/1.02.3/metadata'],
      ['a study UID of 65 characters', `/studies/1.${'2'.repeat(63)}`],
      ['a series UID with an empty component', () => `/studies/${baselineStudy.studyInstanceUID}/series/1..2`],
      ['an instance UID with SQL', () => `/studies/${baselineStudy.studyInstanceUID}/series/${baselineStudy.seriesInstanceUID}/instances/${encodeURIComponent("1' or '1'='1")}`],
      ['a frame number of 0', () => `/studies/${baselineStudy.studyInstanceUID}/series/${baselineStudy.seriesInstanceUID}/instances/${baselineStudy.sopInstanceUID}/frames/0`],
    ])('%s is a 400', async (_name, path) => {
      const response = await fetch(`${server.dicomwebUrl}${typeof path === 'function' ? path() : path}`);
      expect(response.status).toBe(400);
      expect((await problemOf(response)).detail).toMatch(/not a valid UID|Frame numbers/);
    });

    it.each([
      ['an unknown study', () => `/studies/${newUid()}`],
      ['an unknown study (metadata)', () => `/studies/${newUid()}/metadata`],
      ['an unknown instance of a stored series', () => `/studies/${baselineStudy.studyInstanceUID}/series/${baselineStudy.seriesInstanceUID}/instances/${newUid()}`],
    ])('%s is a 404', async (_name, path) => {
      const response = await fetch(`${server.dicomwebUrl}${path()}`);
      expect(response.status).toBe(404);
      expect((await problemOf(response)).detail).toMatch(/No instances found/);
    });
  });

  it('logged every refusal above without the patient name or ID', () => {
    const text = log.lines.join('');
    const statuses = new Set(log.records.filter((r) => r.msg === 'request').map((r) => r.status));
    expect([...statuses]).toEqual(expect.arrayContaining([200, 202, 400, 404, 409, 415]));
    const keptFirst = log.records.find((r) => r.sopInstanceUID === sameStudy.sopInstanceUID && /kept the first copy/.test(r.msg));
    expect(keptFirst).toBeDefined();
    for (const secret of [PATIENT_NAME, ...PATIENT_NAME.split('^'), PATIENT_ID]) {
      const leaking = log.lines.filter((l) => l.toLowerCase().includes(secret.toLowerCase()));
      expect(leaking, 'log lines with patient data').toEqual([]);
      expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
    }
  });
});

describe.each(testBackends())('STOW-RS limits and policies (%s)', (backend) => {
  const servers: TestArchive[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it('replaces an instance under ARCHIVE_DUPLICATE_POLICY=overwrite and serves the new bytes', async () => {
    const server = await startTestArchive(backend, { ARCHIVE_DUPLICATE_POLICY: 'overwrite' });
    servers.push(server);
    const stored = new StoredInstances(server.dicomwebUrl);
    const original = made({ pixelValue: 1 });
    const other = made({ studyInstanceUID: original.studyInstanceUID, seriesInstanceUID: original.seriesInstanceUID, instanceNumber: 2 });
    expect((await postStow(server.dicomwebUrl, [original.bytes, other.bytes])).status).toBe(200);
    stored.record(original);
    stored.record(other);

    const replacement = made({ ...original, pixelValue: 2 });
    expect(replacement.bytes.equals(original.bytes)).toBe(false);
    const response = await postStow(server.dicomwebUrl, [replacement.bytes]);
    expect(response.status).toBe(200);
    expect((await dicomJsonOf(response))[Tag.ReferencedSOPSequence]).toStrictEqual({
      vr: 'SQ',
      Value: [referencedItem(server.dicomwebUrl, replacement)],
    });
    stored.record(replacement);
    expect(await stored.differences()).toEqual([]);
  });

  it('refuses a body over STOW_MAX_BODY_BYTES with 413 and stores nothing of it', async () => {
    const server = await startTestArchive(backend, { STOW_MAX_BODY_BYTES: '100000' });
    servers.push(server);
    const stored = new StoredInstances(server.dicomwebUrl);
    const small = made();
    expect((await postStow(server.dicomwebUrl, [small.bytes])).status).toBe(200);
    stored.record(small);

    const large = made({ rows: 256, columns: 256 });
    expect(large.bytes.length).toBeGreaterThan(100_000);
    const response = await postStow(server.dicomwebUrl, [large.bytes]);
    expect(response.status).toBe(413);
    expect((await problemOf(response)).title).toBe('Payload too large');
    expect(await stored.differences()).toEqual([]);
  });
});
