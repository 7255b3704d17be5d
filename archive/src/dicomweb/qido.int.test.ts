import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tag } from '@consilium/shared';
import { makeInstance, newUid, type InstanceSpec } from '../testing/makeInstance.js';
import { postStow } from '../testing/stowRequest.js';
import { startTestArchive, testBackends, type TestArchive } from '../testing/testArchive.js';

type DicomJson = Record<string, { vr: string; Value?: unknown[]; BulkDataURI?: string; InlineBinary?: string }>;

/**
 * Four studies, six series, twelve instances. Names, times and accession numbers
 * are chosen so each matching kind of PS3.4 C.2.2.2 has something to include
 * and something to leave out: non-ASCII and mixed-case names, LIKE's own
 * characters (`%`, `_`) in values, a stored TM of minute precision and one with
 * a fraction.
 */
const S1 = { uid: newUid(), series: { A: newUid(), B: newUid() } };
const S2 = { uid: newUid(), series: { A: newUid(), B: newUid() } };
const S3 = { uid: newUid(), series: { A: newUid() } };
const S4 = { uid: newUid(), series: { A: newUid() } };

const study1: InstanceSpec = {
  studyInstanceUID: S1.uid, patientName: 'Müller^Anna', patientID: 'PID-MUELLER', studyDate: '20260110', studyTime: '101530',
  accessionNumber: 'ACC_100%', studyDescription: 'CT Head',
};
const study2: InstanceSpec = {
  studyInstanceUID: S2.uid, patientName: "O'Brien^Pat", patientID: 'PID-OBRIEN', studyDate: '20260115', studyTime: '1015',
  accessionNumber: 'ACCX100Y', studyDescription: 'MR Knee',
};
const study3: InstanceSpec = {
  studyInstanceUID: S3.uid, patientName: 'Doe^John', patientID: 'PID-DOE-J', studyDate: '20260201', studyTime: '103000.50',
  accessionNumber: 'ACC-3', studyDescription: 'CT Chest',
};
const study4: InstanceSpec = {
  studyInstanceUID: S4.uid, patientName: 'DOE^JANE', patientID: 'PID-DOE-JA', studyDate: '20251231', studyTime: '235959',
  accessionNumber: 'ACC-4', studyDescription: 'Head',
};
const referring = (name: string, extra: Record<string, unknown> = {}) => ({ ReferringPhysicianName: name, ...extra });

interface Stored { study: string; series: string; sop: string; instanceNumber: number }
const stored: Stored[] = [];

function instance(study: InstanceSpec, series: string, seriesNumber: number, modality: string, instanceNumber: number, extra: Record<string, unknown>): Buffer {
  const sop = newUid();
  stored.push({ study: study.studyInstanceUID ?? '', series, sop, instanceNumber });
  return makeInstance({
    ...study, seriesInstanceUID: series, sopInstanceUID: sop, seriesNumber, modality, instanceNumber,
    extra: { ImagePositionPatient: [0, 0, instanceNumber * 2.5], IssuerOfPatientID: 'HOSP-A', ...extra },
  });
}

const s1a = referring('Smith^Jane', {
  TimezoneOffsetFromUTC: '+0100', BodyPartExamined: 'HEAD',
  RequestAttributesSequence: [{ ScheduledProcedureStepID: 'SPS-1', RequestedProcedureID: 'RP-1' }],
});
const s2a = referring('Jones^Bob', { RequestAttributesSequence: [{ ScheduledProcedureStepID: 'SPS-2' }, { ScheduledProcedureStepID: 'SPS-3' }] });
const files = [
  instance(study1, S1.series.A, 1, 'CT', 1, s1a),
  instance(study1, S1.series.A, 1, 'CT', 2, s1a),
  instance(study1, S1.series.A, 1, 'CT', 3, s1a),
  instance(study1, S1.series.B, 2, 'MR', 1, referring('Smith^Jane', { TimezoneOffsetFromUTC: '+0100' })),
  instance(study1, S1.series.B, 2, 'MR', 2, referring('Smith^Jane', { TimezoneOffsetFromUTC: '+0100' })),
  instance(study2, S2.series.A, 1, 'MR', 1, s2a),
  instance(study2, S2.series.A, 1, 'MR', 2, s2a),
  instance(study2, S2.series.B, 2, 'US', 1, referring('Jones^Bob')),
  // Stored out of reading order: results must come back by InstanceNumber.
  instance(study3, S3.series.A, 1, 'CT', 3, referring('Smith^John')),
  instance(study3, S3.series.A, 1, 'CT', 1, referring('Smith^John')),
  instance(study3, S3.series.A, 1, 'CT', 2, referring('Smith^John')),
  instance(study4, S4.series.A, 5, 'CR', 1, referring('')),
];
const sopsOf = (series: string) => stored.filter((s) => s.series === series).sort((a, b) => a.instanceNumber - b.instanceNumber).map((s) => s.sop);

/** PS3.18 Tables 10.6.3-3 (study, with its patient attributes), -4 (series) and -5 (instance). */
const STUDY_DEFAULTS = [
  Tag.StudyDate, Tag.StudyTime, Tag.AccessionNumber, Tag.InstanceAvailability, Tag.ModalitiesInStudy, Tag.ReferringPhysicianName,
  Tag.RetrieveURL, Tag.PatientName, Tag.PatientID, Tag.PatientBirthDate, Tag.PatientSex, Tag.StudyInstanceUID, Tag.StudyID,
  Tag.NumberOfStudyRelatedSeries, Tag.NumberOfStudyRelatedInstances,
];
const SERIES_DEFAULTS = [
  Tag.Modality, Tag.SeriesDescription, Tag.RetrieveURL, Tag.SeriesInstanceUID, Tag.SeriesNumber, Tag.NumberOfSeriesRelatedInstances,
  Tag.PerformedProcedureStepStartDate, Tag.PerformedProcedureStepStartTime, Tag.RequestAttributesSequence, Tag.InstanceAvailability,
];
const INSTANCE_DEFAULTS = [
  Tag.SOPClassUID, Tag.SOPInstanceUID, Tag.InstanceAvailability, Tag.RetrieveURL, Tag.InstanceNumber, Tag.Rows, Tag.Columns,
  Tag.BitsAllocated, Tag.NumberOfFrames,
];
/** Returned beyond the tables: the character set, StudyDescription, and the UIDs of the levels above. */
const EXTRAS = { study: [Tag.SpecificCharacterSet, Tag.StudyDescription], above: [Tag.SpecificCharacterSet, Tag.StudyInstanceUID] };

const first = (dict: DicomJson | undefined, tag: string): unknown => dict?.[tag]?.Value?.[0];
const sorted = (values: Iterable<string>) => [...values].sort();

describe.each(testBackends())('QIDO-RS matching and results (%s)', (backend) => {
  let server: TestArchive;

  beforeAll(async () => {
    server = await startTestArchive(backend);
    const response = await postStow(server.dicomwebUrl, files);
    expect(response.status).toBe(200);
  });
  afterAll(async () => server?.close());

  async function get(path: string, params: Record<string, string | string[]> = {}) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) for (const v of [value].flat()) search.append(key, v);
    const query = search.size > 0 ? `?${search.toString()}` : '';
    const response = await fetch(`${server.dicomwebUrl}${path}${query}`);
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: (text === '' ? [] : JSON.parse(text)) as DicomJson[] };
  }
  async function search(path: string, params: Record<string, string | string[]> = {}): Promise<DicomJson[]> {
    const result = await get(path, params);
    expect(result.status, result.text).toBe(200);
    expect(result.headers.get('content-type')).toMatch(/^application\/dicom\+json\b/);
    return result.body;
  }
  const uidsOf = async (path: string, tag: string, params: Record<string, string | string[]>) =>
    (await search(path, params)).map((d) => String(first(d, tag)));
  const studies = async (params: Record<string, string | string[]>) => sorted(await uidsOf('/studies', Tag.StudyInstanceUID, params));
  const series = async (params: Record<string, string | string[]>, path = '/series') => sorted(await uidsOf(path, Tag.SeriesInstanceUID, params));
  async function refused(path: string, params: Record<string, string>): Promise<string> {
    const result = await get(path, params);
    expect(result.status, result.text).toBe(400);
    expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (JSON.parse(result.text) as { detail: string }).detail;
  }

  it('answers every resource with application/dicom+json, in a stable order', async () => {
    expect(await uidsOf('/studies', Tag.StudyInstanceUID, {})).toEqual([S3.uid, S2.uid, S1.uid, S4.uid]);
    expect(await uidsOf('/series', Tag.SeriesInstanceUID, {})).toEqual([S1.series.A, S1.series.B, S2.series.A, S2.series.B, S3.series.A, S4.series.A]);
    expect(await uidsOf('/instances', Tag.SOPInstanceUID, {})).toHaveLength(12);
    expect(await uidsOf(`/studies/${S1.uid}/series`, Tag.SeriesInstanceUID, {})).toEqual([S1.series.A, S1.series.B]);
    expect(await uidsOf(`/studies/${S3.uid}/instances`, Tag.SOPInstanceUID, {})).toEqual(sopsOf(S3.series.A));
    expect(await uidsOf(`/studies/${S1.uid}/series/${S1.series.A}/instances`, Tag.SOPInstanceUID, {})).toEqual(sopsOf(S1.series.A));
    expect(await search(`/studies/${newUid()}/series`)).toEqual([]);
  });

  it('counts series, instances and modalities per study and instances per series', async () => {
    const byUid = new Map((await search('/studies')).map((d) => [first(d, Tag.StudyInstanceUID), d]));
    const counts = (uid: string) => {
      const d = byUid.get(uid);
      return [first(d, Tag.NumberOfStudyRelatedSeries), first(d, Tag.NumberOfStudyRelatedInstances), sorted((d?.[Tag.ModalitiesInStudy]?.Value ?? []) as string[])];
    };
    expect(counts(S1.uid)).toEqual([2, 5, ['CT', 'MR']]);
    expect(counts(S2.uid)).toEqual([2, 3, ['MR', 'US']]);
    expect(counts(S3.uid)).toEqual([1, 3, ['CT']]);
    expect(counts(S4.uid)).toEqual([1, 1, ['CR']]);
    const perSeries = (await search('/series')).map((d) => [first(d, Tag.SeriesInstanceUID), first(d, Tag.NumberOfSeriesRelatedInstances)]);
    expect(perSeries).toEqual([[S1.series.A, 3], [S1.series.B, 2], [S2.series.A, 2], [S2.series.B, 1], [S3.series.A, 3], [S4.series.A, 1]]);
  });

  describe('PN matching (PS3.4 C.2.2.2.1, C.2.2.2.4; PS3.18 8.3.4.1 fuzzymatching)', () => {
    it('matches single values whole and case-insensitively, non-ASCII letters included', async () => {
      expect(await studies({ PatientName: 'doe^john' })).toEqual([S3.uid]);
      expect(await studies({ PatientName: 'DOE^JOHN' })).toEqual([S3.uid]);
      expect(await studies({ PatientName: 'MÜLLER^ANNA' })).toEqual([S1.uid]);
      expect(await studies({ PatientName: "o'brien^pat" })).toEqual([S2.uid]);
      expect(await studies({ PatientName: 'Doe' })).toEqual([]);
    });

    it('matches wildcards case-insensitively', async () => {
      expect(await studies({ PatientName: 'doe*' })).toEqual(sorted([S3.uid, S4.uid]));
      expect(await studies({ PatientName: 'D?E^J*' })).toEqual(sorted([S3.uid, S4.uid]));
      expect(await studies({ PatientName: 'm?ller*' })).toEqual([S1.uid]);
      expect(await studies({ PatientName: "*'*" })).toEqual([S2.uid]);
      expect(await studies({ ReferringPhysicianName: 'smith*' })).toEqual(sorted([S1.uid, S3.uid]));
    });

    it('with fuzzymatching=true, matches the start of any name component', async () => {
      expect(await studies({ PatientName: 'anna', fuzzymatching: 'true' })).toEqual([S1.uid]);
      expect(await studies({ PatientName: 'JO', fuzzymatching: 'true' })).toEqual([S3.uid]);
      expect(await studies({ PatientName: 'doe', fuzzymatching: 'true' })).toEqual(sorted([S3.uid, S4.uid]));
      expect(await studies({ PatientName: 'nna', fuzzymatching: 'true' })).toEqual([]);
      expect(await studies({ ReferringPhysicianName: 'jane', fuzzymatching: 'true' })).toEqual([S1.uid]);
      expect(await studies({ PatientName: 'anna', fuzzymatching: 'false' })).toEqual([]);
    });
  });

  describe('text, code string and UID matching (PS3.4 C.2.2.2.1, -.2, -.4, -.8)', () => {
    it('matches LO/SH exactly and case-sensitively, LIKE characters in values taken literally', async () => {
      expect(await studies({ PatientID: 'PID-DOE-J' })).toEqual([S3.uid]);
      expect(await studies({ PatientID: 'PID-DOE*' })).toEqual(sorted([S3.uid, S4.uid]));
      expect(await studies({ AccessionNumber: 'ACC_100%' })).toEqual([S1.uid]);
      expect(await studies({ AccessionNumber: 'ACC_1*' })).toEqual([S1.uid]);
      expect(await studies({ AccessionNumber: 'ACC?100*' })).toEqual(sorted([S1.uid, S2.uid]));
      expect(await studies({ AccessionNumber: '*100%' })).toEqual([S1.uid]);
      expect(await studies({ AccessionNumber: 'ACC%' })).toEqual([]);
      expect(await studies({ StudyDescription: '*Head' })).toEqual(sorted([S1.uid, S4.uid]));
      expect(await studies({ StudyDescription: '*head' })).toEqual([]);
    });

    it('matches ModalitiesInStudy against any modality of the study, lists by comma or backslash', async () => {
      expect(await studies({ ModalitiesInStudy: 'CT' })).toEqual(sorted([S1.uid, S3.uid]));
      expect(await studies({ ModalitiesInStudy: 'MR,US' })).toEqual(sorted([S1.uid, S2.uid]));
      expect(await studies({ ModalitiesInStudy: 'CT\\CR' })).toEqual(sorted([S1.uid, S3.uid, S4.uid]));
      expect(await studies({ ModalitiesInStudy: 'M?' })).toEqual(sorted([S1.uid, S2.uid]));
      expect(await studies({ ModalitiesInStudy: 'XA' })).toEqual([]);
    });

    it('matches UID lists, long ones included', async () => {
      expect(await studies({ StudyInstanceUID: `${S1.uid},${S4.uid}` })).toEqual(sorted([S1.uid, S4.uid]));
      expect(await studies({ '0020000D': `${S2.uid}\\${S3.uid}` })).toEqual(sorted([S2.uid, S3.uid]));
      const many = [...Array.from({ length: 40 }, () => newUid()), S1.uid, S2.uid];
      expect(await studies({ StudyInstanceUID: many.join(',') })).toEqual(sorted([S1.uid, S2.uid]));
      const two = sopsOf(S3.series.A).slice(0, 2);
      expect(sorted(await uidsOf('/instances', Tag.SOPInstanceUID, { SOPInstanceUID: two.join(',') }))).toEqual(sorted(two));
    });
  });

  describe('DA and TM range matching (PS3.4 C.2.2.2.5)', () => {
    it('matches dates singly and in a-b, -b and a- ranges, bounds included', async () => {
      expect(await studies({ StudyDate: '20260110' })).toEqual([S1.uid]);
      expect(await studies({ StudyDate: '20260110-20260115' })).toEqual(sorted([S1.uid, S2.uid]));
      expect(await studies({ StudyDate: '-20260110' })).toEqual(sorted([S1.uid, S4.uid]));
      expect(await studies({ StudyDate: '20260115-' })).toEqual(sorted([S2.uid, S3.uid]));
    });

    it('refuses impossible dates and reversed ranges', async () => {
      expect(await refused('/studies', { StudyDate: '20260230' })).toMatch(/StudyDate/);
      expect(await refused('/studies', { StudyDate: '20260201-20260101' })).toMatch(/start is after its end/);
    });

    it('matches times as the span they name, whatever precision was stored', async () => {
      // Stored: S1 101530, S2 1015, S3 103000.50, S4 235959.
      expect(await studies({ StudyTime: '-1015' })).toEqual(sorted([S1.uid, S2.uid]));
      expect(await studies({ StudyTime: '1015-1030' })).toEqual(sorted([S1.uid, S2.uid, S3.uid]));
      expect(await studies({ StudyTime: '1016-' })).toEqual(sorted([S3.uid, S4.uid]));
      expect(await studies({ StudyTime: '-103000.5' })).toEqual(sorted([S1.uid, S2.uid, S3.uid]));
      expect(await studies({ StudyTime: '101530.1-' })).toEqual(sorted([S3.uid, S4.uid]));
      expect(await studies({ StudyTime: '103000.4-' })).toEqual(sorted([S3.uid, S4.uid]));
      expect(await studies({ StudyTime: '-103000.4' })).toEqual(sorted([S1.uid, S2.uid]));
      expect(await studies({ StudyTime: '1015' })).toEqual(sorted([S1.uid, S2.uid]));
      expect(await studies({ StudyTime: '101530' })).toEqual([S1.uid]);
      expect(await studies({ StudyTime: '103000.5' })).toEqual([S3.uid]);
      expect(await refused('/studies', { StudyTime: '2460' })).toMatch(/StudyTime/);
    });
  });

  describe('series and instance keys', () => {
    it('matches series keys, and study keys at the series level', async () => {
      expect(await series({ Modality: 'MR' })).toEqual(sorted([S1.series.B, S2.series.A]));
      expect(await series({ Modality: 'CT,US' })).toEqual(sorted([S1.series.A, S2.series.B, S3.series.A]));
      expect(await series({ SeriesNumber: '2' })).toEqual(sorted([S1.series.B, S2.series.B]));
      expect(await series({ PatientName: 'doe*' })).toEqual(sorted([S3.series.A, S4.series.A]));
      expect(await series({ StudyDate: '-20260110' })).toEqual(sorted([S1.series.A, S1.series.B, S4.series.A]));
      expect(await series({ Modality: 'MR' }, `/studies/${S1.uid}/series`)).toEqual([S1.series.B]);
    });

    it('matches RequestAttributesSequence items by keyword path and by tag path', async () => {
      expect(await series({ 'RequestAttributesSequence.ScheduledProcedureStepID': 'SPS-3' })).toEqual([S2.series.A]);
      expect(await series({ '00400275.00400009': 'SPS-1' })).toEqual([S1.series.A]);
      expect(await series({ '00400275.00400009': 'SPS-*' })).toEqual(sorted([S1.series.A, S2.series.A]));
      expect(await series({ 'RequestAttributesSequence.RequestedProcedureID': 'RP-1' })).toEqual([S1.series.A]);
      expect(await series({ 'RequestAttributesSequence.ScheduledProcedureStepID': 'SPS-1' }, `/studies/${S2.uid}/series`)).toEqual([]);
      const [s1a] = await search('/series', { SeriesInstanceUID: S1.series.A });
      expect(s1a?.[Tag.RequestAttributesSequence]).toEqual({
        vr: 'SQ',
        Value: [{ [Tag.ScheduledProcedureStepID]: { vr: 'SH', Value: ['SPS-1'] }, [Tag.RequestedProcedureID]: { vr: 'SH', Value: ['RP-1'] } }],
      });
    });

    it('matches instance keys on every instance resource', async () => {
      expect(await uidsOf('/instances', Tag.SOPInstanceUID, { InstanceNumber: '1' })).toHaveLength(6);
      expect(await uidsOf(`/studies/${S3.uid}/instances`, Tag.SOPInstanceUID, { InstanceNumber: '2' })).toEqual([sopsOf(S3.series.A)[1]]);
      const path = `/studies/${S1.uid}/series/${S1.series.A}/instances`;
      expect(await uidsOf(path, Tag.SOPInstanceUID, { InstanceNumber: '3' })).toEqual([sopsOf(S1.series.A)[2]]);
      expect(await uidsOf(path, Tag.SOPInstanceUID, { PatientName: 'doe*' })).toEqual([]);
    });
  });

  describe('what comes back (PS3.18 10.6.3.3)', () => {
    it('returns the study attributes of Table 10.6.3-3, TimezoneOffsetFromUTC when known', async () => {
      const results = await search('/studies');
      const s1 = results.find((d) => first(d, Tag.StudyInstanceUID) === S1.uid);
      const s2 = results.find((d) => first(d, Tag.StudyInstanceUID) === S2.uid);
      expect(sorted(Object.keys(s2 ?? {}))).toEqual(sorted([...STUDY_DEFAULTS, ...EXTRAS.study]));
      expect(sorted(Object.keys(s1 ?? {}))).toEqual(sorted([...STUDY_DEFAULTS, ...EXTRAS.study, Tag.TimezoneOffsetFromUTC]));
      expect(first(s1, Tag.TimezoneOffsetFromUTC)).toBe('+0100');
      expect(first(s1, Tag.PatientName)).toEqual({ Alphabetic: 'Müller^Anna' });
      expect(first(s1, Tag.ReferringPhysicianName)).toEqual({ Alphabetic: 'Smith^Jane' });
      expect(first(s1, Tag.RetrieveURL)).toBe(`${server.dicomwebUrl}/studies/${S1.uid}`);
      expect(first(s1, Tag.InstanceAvailability)).toBe('ONLINE');
      expect(first(s1, Tag.SpecificCharacterSet)).toBe('ISO_IR 192');
    });

    it('returns study and series attributes at /series, series attributes only under a study', async () => {
      const [all] = await search('/series', { SeriesInstanceUID: S2.series.A });
      expect(sorted(Object.keys(all ?? {}))).toEqual(sorted(new Set([...STUDY_DEFAULTS, ...EXTRAS.study, ...SERIES_DEFAULTS])));
      expect(first(all, Tag.RetrieveURL)).toBe(`${server.dicomwebUrl}/studies/${S2.uid}/series/${S2.series.A}`);
      expect(first(all, Tag.NumberOfStudyRelatedInstances)).toBe(3);
      const scoped = await search(`/studies/${S2.uid}/series`);
      expect(sorted(Object.keys(scoped[0] ?? {}))).toEqual(sorted([...SERIES_DEFAULTS, ...EXTRAS.above]));
      expect(first(scoped[0], Tag.RetrieveURL)).toBe(`${server.dicomwebUrl}/studies/${S2.uid}/series/${S2.series.A}`);
    });

    it('returns instance attributes, with those of the levels the path leaves open', async () => {
      const path = `/studies/${S3.uid}/series/${S3.series.A}/instances`;
      const inSeries = await search(path);
      expect(sorted(Object.keys(inSeries[0] ?? {}))).toEqual(sorted([...INSTANCE_DEFAULTS, ...EXTRAS.above, Tag.SeriesInstanceUID]));
      expect(inSeries.map((d) => first(d, Tag.InstanceNumber))).toEqual([1, 2, 3]);
      expect([first(inSeries[0], Tag.Rows), first(inSeries[0], Tag.Columns), first(inSeries[0], Tag.BitsAllocated)]).toEqual([8, 8, 16]);
      const sop = sopsOf(S3.series.A)[0];
      expect(first(inSeries[0], Tag.RetrieveURL)).toBe(`${server.dicomwebUrl}/studies/${S3.uid}/series/${S3.series.A}/instances/${sop}`);

      const inStudy = await search(`/studies/${S3.uid}/instances`, { InstanceNumber: '1' });
      expect(sorted(Object.keys(inStudy[0] ?? {}))).toEqual(sorted(new Set([...INSTANCE_DEFAULTS, ...SERIES_DEFAULTS, ...EXTRAS.above])));
      const anywhere = await search('/instances', { SOPInstanceUID: sop ?? '' });
      expect(sorted(Object.keys(anywhere[0] ?? {}))).toEqual(
        sorted(new Set([...INSTANCE_DEFAULTS, ...SERIES_DEFAULTS, ...STUDY_DEFAULTS, ...EXTRAS.study])),
      );
    });

    it('returns attributes asked for by includefield or by an empty key, and everything but bulk data for all', async () => {
      const path = `/studies/${S1.uid}/series/${S1.series.A}/instances`;
      const plain = await search(path);
      expect(plain[0]?.[Tag.ImagePositionPatient]).toBeUndefined();
      const asked = await search(path, { includefield: 'ImagePositionPatient,00100010', InstanceNumber: '2' });
      expect(asked[0]?.[Tag.ImagePositionPatient]).toEqual({ vr: 'DS', Value: [0, 0, 5] });
      expect(first(asked[0], Tag.PatientName)).toEqual({ Alphabetic: 'Müller^Anna' });
      const sequence = await search(path, { 'RequestAttributesSequence.ScheduledProcedureStepID': '' });
      expect(sequence[0]?.[Tag.RequestAttributesSequence]?.Value).toHaveLength(1);

      const all = await search(path, { includefield: 'all' });
      expect(all).toHaveLength(3);
      for (const dict of all) {
        expect(dict[Tag.ImagePositionPatient]?.Value).toHaveLength(3);
        expect(first(dict, Tag.BodyPartExamined)).toBe('HEAD');
        expect(first(dict, Tag.PhotometricInterpretation)).toBe('MONOCHROME2');
        expect(dict[Tag.PixelData]).toBeUndefined();
        expect(Object.values(dict).filter((e) => e.BulkDataURI !== undefined || e.InlineBinary !== undefined)).toEqual([]);
      }

      const [study] = await search('/studies', { StudyInstanceUID: S1.uid, IssuerOfPatientID: '', includefield: 'BodyPartExamined' });
      expect(first(study, Tag.IssuerOfPatientID)).toBe('HOSP-A');
      const [series1] = await search(`/studies/${S1.uid}/series`, { BodyPartExamined: '', SeriesNumber: '1' });
      expect(first(series1, Tag.BodyPartExamined)).toBe('HEAD');
      expect(await studies({ StudyDescription: '', PatientName: '', NumberOfStudyRelatedInstances: '' })).toHaveLength(4);
    });
  });

  describe('paging (PS3.18 8.3.4.4)', () => {
    it('pages with limit and offset, warning while results are left', async () => {
      const everything = await uidsOf('/instances', Tag.SOPInstanceUID, {});
      const pages: string[] = [];
      for (let offset = 0; offset < 12; offset += 5) {
        const page = await get('/instances', { limit: '5', offset: String(offset) });
        expect(page.headers.get('warning') !== null).toBe(offset + 5 < 12);
        pages.push(...page.body.map((d) => String(first(d, Tag.SOPInstanceUID))));
      }
      expect(pages).toEqual(everything);
      expect(new Set(pages).size).toBe(12);

      const truncated = await get('/studies', { limit: '2' });
      expect(truncated.body.map((d) => first(d, Tag.StudyInstanceUID))).toEqual([S3.uid, S2.uid]);
      expect(truncated.headers.get('warning')).toMatch(/^299 .+ "The number of results exceeded the maximum supported by the server\. Additional results can be requested\."$/);
      const rest = await get('/studies', { limit: '2', offset: '2' });
      expect(rest.body.map((d) => first(d, Tag.StudyInstanceUID))).toEqual([S1.uid, S4.uid]);
      expect(rest.headers.get('warning')).toBeNull();
      expect(await search('/studies', { offset: '4' })).toEqual([]);
      expect((await get('/studies', { limit: '20000' })).body).toHaveLength(4);
    });
  });

  describe('refusals (400 with a problem document)', () => {
    it('refuses keys the level cannot match, counts as matching keys, unknown names and bad values', async () => {
      expect(await refused('/studies', { SOPInstanceUID: sopsOf(S1.series.A)[0] ?? '' })).toMatch(/study level/);
      expect(await refused('/studies', { Modality: 'CT' })).toMatch(/study level/);
      expect(await refused('/studies', { NumberOfStudyRelatedInstances: '5' })).toMatch(/not a supported matching key/);
      expect(await refused('/series', { NumberOfSeriesRelatedInstances: '1' })).toMatch(/not a supported matching key/);
      expect(await refused('/studies', { PatientNmae: 'x' })).toMatch(/unknown/);
      expect(await refused('/series', { SeriesNumber: '9999999999' })).toMatch(/IS range/);
      expect(await refused('/studies', { limit: '0' })).toMatch(/limit/);
      expect(await refused('/studies', { offset: '-1' })).toMatch(/offset/);
      expect(await refused('/studies', { fuzzymatching: 'maybe' })).toMatch(/fuzzymatching/);
      expect(await refused('/studies/1.2.x/series', {})).toMatch(/StudyInstanceUID/);
    });
  });
});
