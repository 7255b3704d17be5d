import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import dcmjs from 'dcmjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SopClass, Tag, TransferSyntax } from '@consilium/shared';
import { parseMultipartRelated } from '../dicomweb/http/parseMultipartRelated.js';
import { DCMTK_ENCODINGS, type NaturalDataset, encodeWithDcmtk, hasDcmtk, readFindResponses, runDcmtk, runDcmtkOk, storescuProposal } from '../testing/dcmtk.js';
import { type InstanceSpec, makeInstance, newUid } from '../testing/makeInstance.js';
import { qido } from '../testing/StoredInstances.js';
import { type TestArchive, startTestArchive, testBackends } from '../testing/testArchive.js';
import { locateDataset } from './message/part10.js';

const SCU_AE = 'DCMTK_SCU';
const KNOWN_AES = JSON.stringify([{ aeTitle: SCU_AE, host: '127.0.0.1', port: 11113, services: ['echo', 'store', 'find'] }]);
/** Keys a C-FIND response carries unasked (PS3.4 C.4.1.1.3.2: character set, level, Retrieve AE Title). */
const ALWAYS_RETURNED: readonly string[] = [Tag.SpecificCharacterSet, Tag.QueryRetrieveLevel, Tag.RetrieveAETitle];

/** A 16-bit signed ramp, so the lossless codecs have something to compress. */
function rampPixels(rows: number, columns: number): ArrayBuffer {
  const pixels = new Int16Array(rows * columns);
  for (let i = 0; i < pixels.length; i++) pixels[i] = ((i * 37) % 3000) - 1000;
  return pixels.buffer;
}

/**
 * The data set of a file as storescu puts it on the wire: unchanged, except that
 * a deflated bit stream of odd length gains one trailing NUL byte (PS3.5 A.5
 * allows it; DCMTK sends PDV data in even lengths), so the archive, which stores
 * what arrived, holds that byte too.
 */
function onTheWire(dataset: Buffer, transferSyntaxUid: string): Buffer {
  const padded = transferSyntaxUid === TransferSyntax.DeflatedExplicitVRLittleEndian && dataset.length % 2 === 1;
  return padded ? Buffer.concat([dataset, Buffer.from([0])]) : dataset;
}

const tagOf = (keyword: string): string => {
  const entry = dcmjs.data.DicomMetaDictionary.nameMap[keyword];
  if (!entry) throw new Error(`no tag for ${keyword}`);
  return entry.tag.replace(/[(),]/g, '').toUpperCase();
};

interface FindData {
  /** Patient DOE^JOHN: S1 (2024, series A with 2 instances, series B with 1) and S2 (2023). */
  s1: string;
  s2: string;
  /** Patient DOE^JANE: S3 (2024). Patient SMITH^ANNA: S4 (2024). */
  s3: string;
  s4: string;
  seriesA: string;
  seriesB: string;
  /** SOP Instance UIDs of series A. */
  a1: string;
  a2: string;
  specs: InstanceSpec[];
}

function findData(): FindData {
  const [s1, s2, s3, s4, seriesA, seriesB, a1, a2] = Array.from({ length: 8 }, newUid) as [string, string, string, string, string, string, string, string];
  const john = { patientName: 'DOE^JOHN', patientID: 'PID-DOE1' };
  const specs: InstanceSpec[] = [
    { ...john, studyInstanceUID: s1, studyDate: '20240315', seriesInstanceUID: seriesA, seriesNumber: 1, sopInstanceUID: a1, instanceNumber: 1 },
    { ...john, studyInstanceUID: s1, studyDate: '20240315', seriesInstanceUID: seriesA, seriesNumber: 1, sopInstanceUID: a2, instanceNumber: 2 },
    { ...john, studyInstanceUID: s1, studyDate: '20240315', seriesInstanceUID: seriesB, seriesNumber: 2, modality: 'MR', instanceNumber: 1 },
    { ...john, studyInstanceUID: s2, studyDate: '20230610' },
    { patientName: 'DOE^JANE', patientID: 'PID-DOE2', studyInstanceUID: s3, studyDate: '20241120' },
    { patientName: 'SMITH^ANNA', patientID: 'PID-SMI', studyInstanceUID: s4, studyDate: '20240701' },
  ];
  return { s1, s2, s3, s4, seriesA, seriesB, a1, a2, specs };
}

describe.skipIf(!hasDcmtk())('DCMTK echoscu, storescu and findscu against the DIMSE SCPs', () => {
  describe.each(testBackends())('on %s', (backend) => {
    let t: TestArchive;
    let work: string;
    let runs = 0;
    const peer = () => ['-aet', SCU_AE, '-aec', 'CONSILIUM', '127.0.0.1', String(t.dimsePort)];

    beforeAll(async () => {
      t = await startTestArchive(backend, { DIMSE_KNOWN_AES: KNOWN_AES });
      work = await mkdtemp(path.join(os.tmpdir(), 'consilium-dcmtk-'));
    });
    afterAll(async () => {
      await t?.close();
      if (work) await rm(work, { recursive: true, force: true });
    });

    /** A fresh directory under the suite's work directory. */
    const freshDir = async (): Promise<string> => {
      const dir = path.join(work, `run${++runs}`);
      await mkdir(dir);
      return dir;
    };

    const instanceCount = async (study: string): Promise<number> => {
      const [row] = await qido(t.dicomwebUrl, `/studies?StudyInstanceUID=${study}`);
      return Number(row?.[Tag.NumberOfStudyRelatedInstances]?.Value?.[0] ?? 0);
    };

    it('answers C-ECHO from a known AE', async () => {
      const run = await runDcmtkOk('echoscu', ['-v', ...peer()]);
      expect(run.output).toMatch(/Association Accepted/);
      expect(run.output).toMatch(/Received Echo Response \(Success\)/);
    });

    describe('C-STORE in each transfer syntax DCMTK writes', () => {
      const study = newUid();
      const series = newUid();
      const sent = new Map<string, { file: string; sop: string; proposal: string[] }>();

      beforeAll(async () => {
        const dir = await freshDir();
        for (const [i, encoding] of DCMTK_ENCODINGS.entries()) {
          const sop = newUid();
          const source = path.join(dir, `source${i}.dcm`);
          const file = path.join(dir, `encoded${i}.dcm`);
          const rows = 32;
          const columns = 24;
          await writeFile(source, makeInstance({
            studyInstanceUID: study,
            seriesInstanceUID: series,
            sopInstanceUID: sop,
            instanceNumber: i + 1,
            patientName: 'STORE^TEST',
            rows,
            columns,
            extra: { PixelData: [rampPixels(rows, columns)] },
          }));
          await encodeWithDcmtk(source, file, encoding);
          sent.set(encoding.transferSyntaxUid, { file, sop, proposal: await storescuProposal(encoding, SopClass.CTImageStorage, dir) });
        }
      });

      it.each(DCMTK_ENCODINGS.map((e) => [e.name, e] as const))('stores %s byte for byte', async (_name, encoding) => {
        const { file, sop, proposal } = sent.get(encoding.transferSyntaxUid) ?? expect.unreachable();
        const original = await readFile(file);
        expect(locateDataset(original).transferSyntaxUid).toBe(encoding.transferSyntaxUid);

        const run = await runDcmtkOk('storescu', ['-v', ...proposal, ...peer(), file]);
        expect(run.output).toMatch(/Received Store Response \(Success\)/);

        const url = `${t.dicomwebUrl}/studies/${study}/series/${series}/instances/${sop}`;
        const response = await fetch(url, { headers: { Accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' } });
        expect(response.status).toBe(200);
        const parsed = parseMultipartRelated(Buffer.from(await response.arrayBuffer()), response.headers.get('content-type') ?? undefined);
        if (!parsed.ok) throw parsed.error;
        expect(parsed.value.parts).toHaveLength(1);
        const [part] = parsed.value.parts;
        if (!part) throw new Error('no part');
        expect(part.headers['content-type']).toBe(`application/dicom; transfer-syntax=${encoding.transferSyntaxUid}`);
        const stored = locateDataset(part.body);
        expect(stored.transferSyntaxUid).toBe(encoding.transferSyntaxUid);
        expect(stored.sopInstanceUid).toBe(sop);
        const storedDataset = part.body.subarray(stored.offset);
        const sentDataset = original.subarray(locateDataset(original).offset);
        expect(storedDataset.equals(onTheWire(sentDataset, encoding.transferSyntaxUid))).toBe(true);
      });

      it('counts each instance once and answers a repeated C-STORE with success', async () => {
        expect(await instanceCount(study)).toBe(DCMTK_ENCODINGS.length);
        const first = sent.get(DCMTK_ENCODINGS[0]?.transferSyntaxUid ?? '') ?? expect.unreachable();
        const run = await runDcmtkOk('storescu', ['-v', ...first.proposal, ...peer(), first.file]);
        expect(run.output).toMatch(/Received Store Response \(Success\)/);
        expect(await instanceCount(study)).toBe(DCMTK_ENCODINGS.length);
        const instances = await qido(t.dicomwebUrl, `/studies/${study}/instances`);
        expect(instances.map((i) => i[Tag.SOPInstanceUID]?.Value?.[0]).sort()).toEqual([...sent.values()].map((s) => s.sop).sort());
      });
    });

    describe('C-FIND', () => {
      const data = findData();

      beforeAll(async () => {
        const dir = await freshDir();
        const files = await Promise.all(
          data.specs.map(async (spec, i) => {
            const file = path.join(dir, `find${i}.dcm`);
            await writeFile(file, makeInstance(spec));
            return file;
          }),
        );
        // One association for all six.
        const run = await runDcmtkOk('storescu', ['-v', ...peer(), ...files]);
        expect(run.output.match(/Received Store Response \(Success\)/g)).toHaveLength(files.length);
      });

      /**
       * Runs findscu with `keys` (keyword or keyword=value) and returns the
       * identifiers it received, after checking what every response must hold:
       * the requested keys, nothing else but the ALWAYS_RETURNED ones, the level
       * asked for and UTF-8 as character set.
       */
      async function find(model: '-S' | '-P', level: string, keys: string[]): Promise<NaturalDataset[]> {
        const dir = await freshDir();
        const args = [model, '-X', '-od', dir, '-k', `QueryRetrieveLevel=${level}`, ...keys.flatMap((k) => ['-k', k]), ...peer()];
        const run = await runDcmtkOk('findscu', args);
        expect(run.output).not.toMatch(/E: /);
        const responses = await readFindResponses(dir);
        const requested = keys.map((k) => tagOf(k.split('=')[0] ?? k));
        for (const { dataset, tags } of responses) {
          expect(dataset.QueryRetrieveLevel).toBe(level);
          expect(dataset.SpecificCharacterSet).toBe('ISO_IR 192');
          expect(tags.filter((tag) => !ALWAYS_RETURNED.includes(tag)).sort()).toEqual([...new Set(requested)].sort());
        }
        return responses.map((r) => r.dataset);
      }

      const uids = (datasets: NaturalDataset[], keyword: string): string[] => datasets.map((d) => String(d[keyword])).sort();
      const personName = (value: unknown): string => {
        const first = Array.isArray(value) ? (value[0] as unknown) : value;
        return typeof first === 'object' && first !== null ? String((first as { Alphabetic?: unknown }).Alphabetic) : String(first);
      };

      it('Study Root, STUDY level, wildcard on PatientName', async () => {
        const found = await find('-S', 'STUDY', ['PatientName=DOE*', 'StudyInstanceUID', 'StudyDate', 'PatientID', 'NumberOfStudyRelatedInstances', 'NumberOfStudyRelatedSeries']);
        expect(uids(found, 'StudyInstanceUID')).toEqual([data.s1, data.s2, data.s3].sort());
        const s1 = found.find((d) => d.StudyInstanceUID === data.s1) ?? expect.unreachable();
        expect(personName(s1.PatientName)).toBe('DOE^JOHN');
        expect(s1.PatientID).toBe('PID-DOE1');
        expect(s1.StudyDate).toBe('20240315');
        expect(Number(s1.NumberOfStudyRelatedInstances)).toBe(3);
        expect(Number(s1.NumberOfStudyRelatedSeries)).toBe(2);
        for (const d of found) expect(personName(d.PatientName)).toMatch(/^DOE\^/);
      });

      it('Study Root, STUDY level, date range', async () => {
        const found = await find('-S', 'STUDY', ['StudyDate=20240101-20241231', 'StudyInstanceUID', 'PatientName']);
        expect(uids(found, 'StudyInstanceUID')).toEqual([data.s1, data.s3, data.s4].sort());
        expect(found.map((d) => d.StudyDate).sort()).toEqual(['20240315', '20240701', '20241120']);
      });

      it('Study Root, STUDY level, UID list', async () => {
        const found = await find('-S', 'STUDY', [`StudyInstanceUID=${data.s1}\\${data.s4}`, 'StudyDate', 'AccessionNumber']);
        expect(uids(found, 'StudyInstanceUID')).toEqual([data.s1, data.s4].sort());
        expect(found.every((d) => d.AccessionNumber === 'ACC-1')).toBe(true);
      });

      it('Study Root, SERIES level within a study', async () => {
        const found = await find('-S', 'SERIES', [`StudyInstanceUID=${data.s1}`, 'SeriesInstanceUID', 'Modality', 'SeriesNumber', 'NumberOfSeriesRelatedInstances']);
        expect(uids(found, 'SeriesInstanceUID')).toEqual([data.seriesA, data.seriesB].sort());
        const a = found.find((d) => d.SeriesInstanceUID === data.seriesA) ?? expect.unreachable();
        const b = found.find((d) => d.SeriesInstanceUID === data.seriesB) ?? expect.unreachable();
        expect([a.Modality, Number(a.SeriesNumber), Number(a.NumberOfSeriesRelatedInstances)]).toEqual(['CT', 1, 2]);
        expect([b.Modality, Number(b.SeriesNumber), Number(b.NumberOfSeriesRelatedInstances)]).toEqual(['MR', 2, 1]);
        expect(found.every((d) => d.StudyInstanceUID === data.s1)).toBe(true);
      });

      it('Study Root, IMAGE level within a series, and by SOP Instance UID list', async () => {
        const keys = [`StudyInstanceUID=${data.s1}`, `SeriesInstanceUID=${data.seriesA}`, 'SOPInstanceUID', 'SOPClassUID', 'InstanceNumber'];
        const found = await find('-S', 'IMAGE', keys);
        expect(uids(found, 'SOPInstanceUID')).toEqual([data.a1, data.a2].sort());
        expect(found.map((d) => Number(d.InstanceNumber)).sort()).toEqual([1, 2]);
        expect(found.every((d) => d.SOPClassUID === SopClass.CTImageStorage)).toBe(true);

        const listed = await find('-S', 'IMAGE', [`StudyInstanceUID=${data.s1}`, `SeriesInstanceUID=${data.seriesA}`, `SOPInstanceUID=${data.a2}`]);
        expect(uids(listed, 'SOPInstanceUID')).toEqual([data.a2]);
      });

      it('Patient Root, PATIENT level, wildcard', async () => {
        const found = await find('-P', 'PATIENT', ['PatientName=DOE*', 'PatientID', 'PatientBirthDate', 'NumberOfPatientRelatedStudies']);
        expect(uids(found, 'PatientID')).toEqual(['PID-DOE1', 'PID-DOE2']);
        const john = found.find((d) => d.PatientID === 'PID-DOE1') ?? expect.unreachable();
        expect(personName(john.PatientName)).toBe('DOE^JOHN');
        expect(john.PatientBirthDate).toBe('19700101');
        expect(Number(john.NumberOfPatientRelatedStudies)).toBe(2);
      });

      it('Patient Root, STUDY level of one patient with a date range', async () => {
        const found = await find('-P', 'STUDY', ['PatientID=PID-DOE1', 'StudyDate=20240101-20241231', 'StudyInstanceUID', 'StudyDescription']);
        expect(uids(found, 'StudyInstanceUID')).toEqual([data.s1]);
        expect(found[0]?.StudyDescription).toBe('Test study');

        const all = await find('-P', 'STUDY', ['PatientID=PID-DOE1', 'StudyInstanceUID']);
        expect(uids(all, 'StudyInstanceUID')).toEqual([data.s1, data.s2].sort());
      });

      it('answers a query that matches nothing with no responses', async () => {
        const found = await find('-S', 'STUDY', ['PatientName=NOBODY*', 'StudyInstanceUID']);
        expect(found).toEqual([]);
      });
    });

    it('refuses C-FIND with a QueryRetrieveLevel the model lacks', async () => {
      const dir = await freshDir();
      const run = await runDcmtk('findscu', ['-v', '-S', '-X', '-od', dir, '-k', 'QueryRetrieveLevel=PATIENT', '-k', 'PatientID', ...peer()]);
      expect(run.output).toMatch(/Received Final Find Response \(Error: DataSetDoesNotMatchSOPClass\)/);
      expect(await readFindResponses(dir)).toEqual([]);
    });
  });
});
