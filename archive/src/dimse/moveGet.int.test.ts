import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SopClass, TransferSyntax } from '@consilium/shared';
import { ingestInstances } from '../ingest/ingestInstance.js';
import { daikonSample } from '../testing/daikonSamples.js';
import { runDcmtk, runDcmtkOk } from '../testing/dcmtk.js';
import { makeInstance, newUid } from '../testing/makeInstance.js';
import { freePort } from '../testing/freePort.js';
import { type Storescp, hasBinary, startStorescp } from '../testing/storescp.js';
import { type TestArchive, startTestArchive, testBackends } from '../testing/testArchive.js';
import { locateDataset } from './message/part10.js';
import { PENDING_EVERY_SUBOPERATIONS } from './scp/runRetrieve.js';

const SERIES_SIZE = 200;
const ARCHIVE_AE = 'CONSILIUM';

/** storescp's negotiation profile for PICKY (format of DCMTK's storescp.cfg). */
const PICKY_STORESCP_CONFIG = [
  '[[TransferSyntaxes]]',
  '[JpegLsOnly]',
  `TransferSyntax1 = ${TransferSyntax.JPEGLSLossless}`,
  '[Uncompressed]',
  `TransferSyntax1 = ${TransferSyntax.ExplicitVRLittleEndian}`,
  `TransferSyntax2 = ${TransferSyntax.ImplicitVRLittleEndian}`,
  '[[PresentationContexts]]',
  '[Contexts]',
  `PresentationContext1 = ${SopClass.CTImageStorage}\\JpegLsOnly`,
  `PresentationContext2 = ${SopClass.MRImageStorage}\\Uncompressed`,
  '[[Profiles]]',
  '[Picky]',
  'PresentationContexts = Contexts',
  '',
].join('\n');

/** The data set of a Part 10 file: its bytes after the meta header. */
const datasetOf = (file: Buffer): Buffer => file.subarray(locateDataset(file).offset);

/** The Part 10 files in `dir` by SOP Instance UID. */
async function filesIn(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const name of await readdir(dir)) {
    const bytes = await readFile(path.join(dir, name));
    out.set(locateDataset(bytes).sopInstanceUid, bytes);
  }
  return out;
}

async function emptyDir(dir: string): Promise<void> {
  for (const name of await readdir(dir)) await rm(path.join(dir, name), { recursive: true, force: true });
}

/** Pixel Data bytes of a Part 10 file, located by dicom-parser. */
function pixelData(file: Buffer): Buffer {
  const dataSet = dicomParser.parseDicom(file);
  const element = dataSet.elements.x7fe00010;
  if (!element) throw new Error('no Pixel Data');
  return file.subarray(element.dataOffset, element.dataOffset + element.length);
}

interface Sample {
  file: Buffer;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
}

function sample(name: string): Sample {
  const file = daikonSample(name);
  const dataSet = dicomParser.parseDicom(file);
  return {
    file,
    studyInstanceUID: dataSet.string('x0020000d') ?? '',
    seriesInstanceUID: dataSet.string('x0020000e') ?? '',
    sopInstanceUID: dataSet.string('x00080018') ?? '',
  };
}

/** The status and counts of the final C-MOVE/C-GET response as DCMTK's movescu/getscu dump it (with -d). */
function finalResponse(output: string): { status: string; completed: number; failed: number; warning: number } {
  const last = (label: string) => [...output.matchAll(new RegExp(`${label}\\s*:\\s*(\\w+)`, 'g'))].at(-1)?.[1] ?? '';
  return {
    status: last('DIMSE Status'),
    completed: Number(last('Completed Suboperations')),
    failed: Number(last('Failed Suboperations')),
    warning: Number(last('Warning Suboperations')),
  };
}

describe.skipIf(!hasBinary('movescu') || !hasBinary('getscu') || !hasBinary('storescp'))('C-MOVE and C-GET SCPs with DCMTK movescu, getscu and storescp', () => {
  describe.each(testBackends())('on %s', (backend) => {
    let t: TestArchive;
    let work: string;
    let dest: Storescp;
    let plain: Storescp;
    let implicit: Storescp;
    /** Accepts CT only as JPEG-LS and MR only uncompressed: an archive holding explicit VR CT cannot send it there. */
    let picky: Storescp;
    const study = newUid();
    const series = newUid();
    const mixedStudy = newUid();
    const mixedCt = [newUid(), newUid()];
    const mixedMr = newUid();
    const originals = new Map<string, Buffer>();
    const jpegLs = sample('jpeg_ls.dcm');
    const rle = sample('rle.dcm');
    let runs = 0;
    const freshDir = async () => {
      const dir = path.join(work, `run${++runs}`);
      await mkdir(dir);
      return dir;
    };
    const peer = (aeTitle: string) => ['-aet', aeTitle, '-aec', ARCHIVE_AE, '127.0.0.1', String(t.dimsePort)];
    const keys = (level: string, uids: Record<string, string>) => [
      '-k',
      `QueryRetrieveLevel=${level}`,
      ...Object.entries(uids).flatMap(([keyword, uid]) => ['-k', `${keyword}=${uid}`]),
    ];
    const seriesKeys = () => keys('SERIES', { StudyInstanceUID: study, SeriesInstanceUID: series });
    const move = (destination: string, keyArgs: string[], extra: string[] = []) =>
      runDcmtk('movescu', ['-S', '-d', '-aem', destination, ...extra, ...keyArgs, ...peer('MOVESCU')]);
    const get = (dir: string, keyArgs: string[], extra: string[] = []) =>
      runDcmtk('getscu', ['-S', '-d', '-od', dir, '+B', ...extra, ...keyArgs, ...peer('GETSCU')]);

    beforeAll(async () => {
      work = await mkdtemp(path.join(os.tmpdir(), 'consilium-movget-'));
      dest = await startStorescp('DEST', ['+xa', '-d']);
      plain = await startStorescp('PLAIN');
      implicit = await startStorescp('IMPLICIT', ['+xi']);
      const pickyConfig = path.join(work, 'picky.cfg');
      await writeFile(pickyConfig, PICKY_STORESCP_CONFIG);
      picky = await startStorescp('PICKY', ['-xf', pickyConfig, 'Picky']);
      const knownAes = [
        { aeTitle: 'MOVESCU', host: '127.0.0.1', port: 1, services: ['echo', 'move'] },
        { aeTitle: 'GETSCU', host: '127.0.0.1', port: 1, services: ['echo', 'get'] },
        { aeTitle: 'FINDONLY', host: '127.0.0.1', port: 1, services: ['find'] },
        { aeTitle: dest.aeTitle, host: '127.0.0.1', port: dest.port, services: ['store'] },
        { aeTitle: plain.aeTitle, host: '127.0.0.1', port: plain.port, services: ['store'] },
        { aeTitle: implicit.aeTitle, host: '127.0.0.1', port: implicit.port, services: ['store'] },
        { aeTitle: picky.aeTitle, host: '127.0.0.1', port: picky.port, services: ['store'] },
        { aeTitle: 'NOBODY', host: '127.0.0.1', port: await freePort(), services: ['store'] },
      ];
      t = await startTestArchive(backend, { DIMSE_KNOWN_AES: JSON.stringify(knownAes), DIMSE_ACCEPT_UNKNOWN: 'false' });
      const files = Array.from({ length: SERIES_SIZE }, (_, i) =>
        makeInstance({ studyInstanceUID: study, seriesInstanceUID: series, instanceNumber: i + 1, rows: 64, columns: 64, pixelValue: i * 7 - 300 }),
      );
      const mixed = [
        makeInstance({ studyInstanceUID: mixedStudy, sopInstanceUID: mixedCt[0], patientID: 'MIXED' }),
        makeInstance({ studyInstanceUID: mixedStudy, sopInstanceUID: mixedCt[1], patientID: 'MIXED' }),
        makeInstance({ studyInstanceUID: mixedStudy, sopInstanceUID: mixedMr, patientID: 'MIXED', sopClassUID: SopClass.MRImageStorage, modality: 'MR' }),
      ];
      const all = [...files, jpegLs.file, rle.file, ...mixed];
      for (const file of all) originals.set(locateDataset(file).sopInstanceUid, file);
      const outcomes = await ingestInstances(t.archive.ingestContext, all, { source: 'import' });
      expect(outcomes.map((o) => o.status)).toEqual(Array(all.length).fill('stored'));
    });
    afterAll(async () => {
      await t?.close();
      await dest?.stop();
      await plain?.stop();
      await implicit?.stop();
      await picky?.stop();
      if (work) await rm(work, { recursive: true, force: true });
    });
    beforeEach(async () => {
      await emptyDir(dest.dir);
      await emptyDir(plain.dir);
      await emptyDir(implicit.dir);
      await emptyDir(picky.dir);
    });

    describe('C-MOVE', () => {
      it('moves a 200-instance series to storescp, every data set byte for byte as stored', async () => {
        const storescpLogStart = dest.output().length;
        const run = await move(dest.aeTitle, seriesKeys());
        expect(run.code, run.output).toBe(0);
        expect(finalResponse(run.output)).toEqual({ status: '0x0000', completed: SERIES_SIZE, failed: 0, warning: 0 });
        // Pending responses along the way (every PENDING_EVERY_SUBOPERATIONS at least), counting down.
        const remaining = [...run.output.matchAll(/Remaining Suboperations\s*:\s*(\d+)/g)].map((m) => Number(m[1]));
        expect(remaining.length).toBeGreaterThanOrEqual(SERIES_SIZE / PENDING_EVERY_SUBOPERATIONS - 1);
        expect(remaining).toEqual([...remaining].sort((a, b) => b - a));
        // Each sub-operation names the C-MOVE it belongs to (PS3.7 9.1.1.1).
        expect(dest.output().slice(storescpLogStart).match(/Move Originator AE Title\s*:\s*MOVESCU/g)?.length).toBe(SERIES_SIZE);
        const received = await filesIn(dest.dir);
        expect(received.size).toBe(SERIES_SIZE);
        for (const [uid, file] of received) {
          const original = originals.get(uid);
          expect(original, uid).toBeDefined();
          expect(datasetOf(file).equals(datasetOf(original as Buffer)), uid).toBe(true);
        }
      });

      it.each([
        ['JPEG-LS', () => jpegLs],
        ['RLE', () => rle],
      ])('sends a %s instance in its stored transfer syntax when the destination accepts it', async (_name, which) => {
        const s = which();
        const run = await move(dest.aeTitle, keys('IMAGE', { StudyInstanceUID: s.studyInstanceUID, SeriesInstanceUID: s.seriesInstanceUID, SOPInstanceUID: s.sopInstanceUID }));
        expect(finalResponse(run.output)).toEqual({ status: '0x0000', completed: 1, failed: 0, warning: 0 });
        const received = await filesIn(dest.dir);
        const file = received.get(s.sopInstanceUID) as Buffer;
        expect(locateDataset(file).transferSyntaxUid).toBe(locateDataset(s.file).transferSyntaxUid);
        expect(datasetOf(file).equals(datasetOf(s.file))).toBe(true);
      });

      it('transcodes JPEG-LS for a destination that accepts only uncompressed syntaxes: pixels as DCMTK decodes them', async () => {
        const run = await move(plain.aeTitle, keys('STUDY', { StudyInstanceUID: jpegLs.studyInstanceUID }));
        expect(finalResponse(run.output)).toEqual({ status: '0x0000', completed: 1, failed: 0, warning: 0 });
        const file = (await filesIn(plain.dir)).get(jpegLs.sopInstanceUID) as Buffer;
        expect(locateDataset(file).transferSyntaxUid).toBe(TransferSyntax.ExplicitVRLittleEndian);
        expect(pixelData(file).equals(await decodedByDcmtk(jpegLs.file, 'dcmdjpls'))).toBe(true);
      });

      it('transcodes into implicit VR little endian for a destination accepting only that: RLE as DCMTK decodes it, native pixels unchanged', async () => {
        const rleRun = await move(implicit.aeTitle, keys('STUDY', { StudyInstanceUID: rle.studyInstanceUID }));
        expect(finalResponse(rleRun.output)).toEqual({ status: '0x0000', completed: 1, failed: 0, warning: 0 });
        const seriesRun = await move(implicit.aeTitle, seriesKeys());
        expect(finalResponse(seriesRun.output)).toEqual({ status: '0x0000', completed: SERIES_SIZE, failed: 0, warning: 0 });
        const received = await filesIn(implicit.dir);
        expect(received.size).toBe(SERIES_SIZE + 1);
        for (const [uid, file] of received) {
          expect(locateDataset(file).transferSyntaxUid).toBe(TransferSyntax.ImplicitVRLittleEndian);
          const expected = uid === rle.sopInstanceUID ? await decodedByDcmtk(rle.file, 'dcmdrle') : pixelData(originals.get(uid) as Buffer);
          expect(pixelData(file).equals(expected), uid).toBe(true);
        }
      });

      it('fails the sub-operations it has no context for, sends the rest, and lists the failed UIDs (B000)', async () => {
        const run = await move(picky.aeTitle, keys('STUDY', { StudyInstanceUID: mixedStudy }));
        expect(finalResponse(run.output)).toEqual({ status: '0xb000', completed: 1, failed: 2, warning: 0 });
        const failedList = /\(0008,0058\) UI \[([^\]]*)\]/.exec(run.output)?.[1]?.split('\\');
        expect(failedList?.sort()).toEqual([...mixedCt].sort());
        expect([...(await filesIn(picky.dir)).keys()]).toEqual([mixedMr]);
      });

      it('answers A702 when the destination accepts no context for any instance', async () => {
        const run = await move(picky.aeTitle, seriesKeys());
        expect(finalResponse(run.output)).toEqual({ status: '0xa702', completed: 0, failed: SERIES_SIZE, warning: 0 });
        expect(await readdir(picky.dir)).toEqual([]);
      });

      it('answers A801 for a Move Destination it does not know, and sends nothing', async () => {
        const run = await move('STRANGER', seriesKeys());
        expect(finalResponse(run.output).status).toBe('0xa801');
        expect(await readdir(dest.dir)).toEqual([]);
      });

      it('answers A801 for a known AE whose services lack store (it may not receive), and sends nothing', async () => {
        const run = await move('FINDONLY', seriesKeys());
        expect(finalResponse(run.output).status).toBe('0xa801');
        expect(run.output).toMatch(/may not receive/);
      });

      it('answers A702 with every sub-operation failed when the destination does not answer', async () => {
        const run = await move('NOBODY', seriesKeys());
        expect(finalResponse(run.output)).toEqual({ status: '0xa702', completed: 0, failed: SERIES_SIZE, warning: 0 });
      });

      it('answers success with zero sub-operations when nothing matches', async () => {
        const run = await move(dest.aeTitle, keys('STUDY', { StudyInstanceUID: newUid() }));
        expect(run.code, run.output).toBe(0);
        expect(finalResponse(run.output)).toEqual({ status: '0x0000', completed: 0, failed: 0, warning: 0 });
        expect(await readdir(dest.dir)).toEqual([]);
      });

      it('stops at a C-CANCEL with status FE00 and the sub-operations still remaining', async () => {
        const run = await move(dest.aeTitle, seriesKeys(), ['--cancel', '1']);
        const response = finalResponse(run.output);
        expect(response.status).toBe('0xfe00');
        const received = (await readdir(dest.dir)).length;
        expect(received).toBe(response.completed);
        expect(received).toBeGreaterThan(0);
        expect(received).toBeLessThan(SERIES_SIZE);
        expect(Number([...run.output.matchAll(/Remaining Suboperations\s*:\s*(\d+)/g)].at(-1)?.[1])).toBe(SERIES_SIZE - received);
      });

      it('moves at Patient Root PATIENT level by Patient ID', async () => {
        const run = await runDcmtk('movescu', ['-P', '-d', '-aem', dest.aeTitle, ...keys('PATIENT', { PatientID: 'TEST-001' }), ...peer('MOVESCU')]);
        expect(finalResponse(run.output)).toEqual({ status: '0x0000', completed: SERIES_SIZE, failed: 0, warning: 0 });
        expect((await filesIn(dest.dir)).size).toBe(SERIES_SIZE);
      });
    });

    describe('C-GET', () => {
      it('returns a 200-instance series on the same association, every data set byte for byte as stored', async () => {
        const dir = await freshDir();
        const run = await get(dir, seriesKeys());
        expect(run.code, run.output).toBe(0);
        expect(finalResponse(run.output)).toEqual({ status: '0x0000', completed: SERIES_SIZE, failed: 0, warning: 0 });
        const received = await filesIn(dir);
        expect(received.size).toBe(SERIES_SIZE);
        for (const [uid, file] of received) {
          expect(datasetOf(file).equals(datasetOf(originals.get(uid) as Buffer)), uid).toBe(true);
          expect(pixelData(file).equals(pixelData(originals.get(uid) as Buffer))).toBe(true);
        }
      });

      it('transcodes a JPEG-LS instance when getscu proposes only uncompressed syntaxes: pixels as DCMTK decodes them', async () => {
        const dir = await freshDir();
        const run = await get(dir, keys('IMAGE', { StudyInstanceUID: jpegLs.studyInstanceUID, SeriesInstanceUID: jpegLs.seriesInstanceUID, SOPInstanceUID: jpegLs.sopInstanceUID }), ['+xe']);
        expect(finalResponse(run.output)).toEqual({ status: '0x0000', completed: 1, failed: 0, warning: 0 });
        const file = (await filesIn(dir)).get(jpegLs.sopInstanceUID) as Buffer;
        expect(locateDataset(file).transferSyntaxUid).toBe(TransferSyntax.ExplicitVRLittleEndian);
        expect(pixelData(file).equals(await decodedByDcmtk(jpegLs.file, 'dcmdjpls'))).toBe(true);
      });

      it('sends JPEG-LS as stored when getscu prefers JPEG-LS', async () => {
        const dir = await freshDir();
        const run = await get(dir, keys('STUDY', { StudyInstanceUID: jpegLs.studyInstanceUID }), ['+xu']);
        expect(finalResponse(run.output)).toEqual({ status: '0x0000', completed: 1, failed: 0, warning: 0 });
        const file = (await filesIn(dir)).get(jpegLs.sopInstanceUID) as Buffer;
        expect(datasetOf(file).equals(datasetOf(jpegLs.file))).toBe(true);
      });

      it('refuses the GET contexts of a caller that may not retrieve', async () => {
        const dir = await freshDir();
        const run = await runDcmtk('getscu', ['-S', '-od', dir, ...seriesKeys(), ...peer('FINDONLY')]);
        expect(run.code).not.toBe(0);
        expect(await readdir(dir)).toEqual([]);
      });
    });

    /** Pixel Data of `file` decompressed by a DCMTK tool (dcmdjpls, dcmdrle): an implementation independent of the archive's. */
    async function decodedByDcmtk(file: Buffer, tool: string): Promise<Buffer> {
      const dir = await freshDir();
      await writeFile(path.join(dir, 'in.dcm'), file);
      await runDcmtkOk(tool, [path.join(dir, 'in.dcm'), path.join(dir, 'out.dcm')]);
      return pixelData(await readFile(path.join(dir, 'out.dcm')));
    }
  });
});
