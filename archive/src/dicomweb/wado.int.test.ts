import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tag, TransferSyntax } from '@consilium/shared';
import { daikonSample, framesInFile } from '../testing/daikonSamples.js';
import { expectProblem } from '../testing/expectProblem.js';
import { makeInstance, newUid } from '../testing/makeInstance.js';
import { postStow } from '../testing/stowRequest.js';
import { startTestArchive, testBackends, type TestArchive } from '../testing/testArchive.js';
import { parseMultipartRelated, type MultipartPart } from './http/parseMultipartRelated.js';

const DICOM = 'multipart/related; type="application/dicom"';
/** What Cornerstone3D's WADO-RS image loader sends for frames. */
const AS_STORED = 'multipart/related; type=application/octet-stream; transfer-syntax=*';
const DECODED = `multipart/related; type="application/octet-stream"; transfer-syntax=${TransferSyntax.ExplicitVRLittleEndian}`;
const ELE = TransferSyntax.ExplicitVRLittleEndian;

/**
 * SHA-256 of frames decoded by DCMTK 3.6.7 (`dcmdjpeg`, `dcmdjpls`, `dcmdrle`,
 * `dcmconv +te`), an implementation independent of the archive's codecs.
 */
const DCMTK_SHA256 = {
  jpegBaselineFrame1: '42afda1e1a97eb5c749c1d2fae90f0b109609a606dbd272b63084e884a5f7fc4',
  jpegBaselineFrame2: '7d15aab8a688d8ffff6413da1d009fd53bbd62f529d98cd331c5f97287d4c4e1',
  jpegLossless: 'dc6e77a2e30ef699fa4f5c55ec58514fa7dbb4658fbec2d0708d77b0003846f4',
  jpegLs: '71096e86e317d9443b3fc80f657349a0aa955fa43ec01c7e4d31d42cef0d81df',
  rle: '1add6ede29758c6f0c68f01749ddc6c907e68a312be4eb9da8489e376e0bbd34',
  deflated: '1f5f1b1c1a57606a55d7e4212ee2655c8205b45e264bd55057f7388c258deef8',
};

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

type DicomJson = Record<string, { vr: string; Value?: unknown[]; BulkDataURI?: string; InlineBinary?: string }>;

interface Sample {
  file: Buffer;
  study: string;
  series: string;
  instance: string;
  transferSyntaxUID: string;
}

/** A constructed study: series number 1 (A) and 2 (B), stored out of reading order. */
interface Constructed {
  study: string;
  seriesA: string;
  seriesB: string;
  /** In reading order: A1, A2, A3, B1, B2. */
  files: { file: Buffer; series: string; sop: string; pixelValue: number }[];
}

function constructedStudy(): Constructed {
  const study = newUid();
  const seriesA = newUid();
  const seriesB = newUid();
  const files = (
    [
      [seriesA, 1, 1],
      [seriesA, 1, 2],
      [seriesA, 1, 3],
      [seriesB, 2, 1],
      [seriesB, 2, 2],
    ] as const
  ).map(([series, seriesNumber, instanceNumber]) => {
    const sop = newUid();
    const pixelValue = 10 * seriesNumber + instanceNumber;
    const file = makeInstance({
      studyInstanceUID: study,
      seriesInstanceUID: series,
      sopInstanceUID: sop,
      seriesNumber,
      instanceNumber,
      pixelValue,
    });
    return { file, series, sop, pixelValue };
  });
  return { study, seriesA, seriesB, files };
}

/** The Pixel Data makeInstance writes: 8x8 signed 16-bit samples, all `value`. */
function uniformPixels(value: number): Buffer {
  return Buffer.from(new Int16Array(64).fill(value).buffer);
}

async function get(url: string, accept?: string): Promise<Response> {
  return fetch(url, accept === undefined ? {} : { headers: { Accept: accept } });
}

async function multipart(response: Response): Promise<{ type: string | undefined; parts: MultipartPart[] }> {
  expect(response.status).toBe(200);
  const parsed = parseMultipartRelated(Buffer.from(await response.arrayBuffer()), response.headers.get('content-type') ?? undefined);
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

/** Part bodies byte-equal to `expected`, in order (Buffer.equals: deep equality is slow on megabytes). */
function expectBodies(parts: MultipartPart[], expected: Buffer[]): void {
  expect(parts).toHaveLength(expected.length);
  parts.forEach((part, i) => expect(part.body.equals(expected[i]!), `part ${i + 1}`).toBe(true));
}

async function ingestSample(server: TestArchive, name: string): Promise<Sample> {
  const file = daikonSample(name);
  const outcome = await server.archive.ingest(file, 'import');
  if (outcome.status !== 'stored') throw new Error(`${name} was not stored: ${outcome.status}`);
  return {
    file,
    study: outcome.uids.studyInstanceUID,
    series: outcome.uids.seriesInstanceUID,
    instance: outcome.uids.sopInstanceUID,
    transferSyntaxUID: outcome.transferSyntaxUID,
  };
}

describe.each(testBackends())('WADO-RS over HTTP (%s)', (backend) => {
  let server: TestArchive;
  const study = constructedStudy();
  const other = { study: newUid(), series: newUid(), sop: newUid() };
  const mixed = { sop: newUid() };
  const samples: Record<string, Sample> = {};
  const sample = (name: string): Sample => {
    const s = samples[name];
    if (!s) throw new Error(`${name} was not ingested`);
    return s;
  };
  const url = (...segments: string[]) => `${server.dicomwebUrl}/${segments.join('/')}`;
  const instanceUrl = (s: Sample, suffix = '') => url('studies', s.study, 'series', s.series, 'instances', s.instance) + suffix;

  beforeAll(async () => {
    server = await startTestArchive(backend);
    // Stored out of reading order: B2, A3, B1, A1, A2.
    const stowOrder = [4, 2, 3, 0, 1].map((i) => study.files[i]!.file);
    expect((await postStow(server.dicomwebUrl, stowOrder)).status).toBe(200);
    const otherFile = makeInstance({ studyInstanceUID: other.study, seriesInstanceUID: other.series, sopInstanceUID: other.sop });
    expect((await postStow(server.dicomwebUrl, [otherFile])).status).toBe(200);
    for (const name of [
      'jpeg_baseline_8bit.dcm',
      'jpeg_lossless_sel1.dcm',
      'jpeg_ls.dcm',
      'rle.dcm',
      'deflated.dcm',
      'explicit_little.dcm',
      'implicit_little.dcm',
    ]) {
      samples[name] = await ingestSample(server, name);
    }
    // An Explicit VR Little Endian instance in rle.dcm's study makes it a study of two transfer syntaxes.
    const mixedFile = makeInstance({ studyInstanceUID: sample('rle.dcm').study, seriesNumber: 99, sopInstanceUID: mixed.sop });
    expect((await postStow(server.dicomwebUrl, [mixedFile])).status).toBe(200);
  });
  afterAll(async () => server?.close());

  describe('retrieve', () => {
    it('returns a study as multipart/related application/dicom, byte-identical, in series and instance number order', async () => {
      const response = await get(url('studies', study.study), DICOM);
      expect(response.headers.get('content-type')).toMatch(/^multipart\/related;.*type="?application\/dicom"?/);
      const { type, parts } = await multipart(response);
      expect(type).toBe('application/dicom');
      expect(parts).toHaveLength(5);
      for (const [i, part] of parts.entries()) {
        expect(part.headers['content-type']).toBe(`application/dicom; transfer-syntax=${ELE}`);
        expect(part.body.equals(study.files[i]!.file), `part ${i + 1}`).toBe(true);
      }
    });

    it('returns a series and a single instance the same way', async () => {
      const series = await multipart(await get(url('studies', study.study, 'series', study.seriesB), DICOM));
      expectBodies(series.parts, study.files.slice(3).map((f) => f.file));
      const a2 = study.files[1]!;
      const instance = await multipart(await get(url('studies', study.study, 'series', a2.series, 'instances', a2.sop), DICOM));
      expect(instance.parts).toHaveLength(1);
      expect(instance.parts[0]!.body.equals(a2.file)).toBe(true);
    });

    it('serves each instance in its stored transfer syntax, as received', async () => {
      for (const name of ['jpeg_ls.dcm', 'rle.dcm', 'deflated.dcm', 'implicit_little.dcm', 'jpeg_baseline_8bit.dcm']) {
        const s = sample(name);
        const { parts } = await multipart(await get(instanceUrl(s), DICOM));
        expect(parts).toHaveLength(1);
        expect(parts[0]!.headers['content-type'], name).toBe(`application/dicom; transfer-syntax=${s.transferSyntaxUID}`);
        expect(parts[0]!.body.equals(s.file), name).toBe(true);
      }
      expect(sample('jpeg_ls.dcm').transferSyntaxUID).toBe(TransferSyntax.JPEGLSNearLossless);
      expect(sample('deflated.dcm').transferSyntaxUID).toBe(TransferSyntax.DeflatedExplicitVRLittleEndian);
    });

    it('accepts transfer-syntax=* and the stored transfer syntax named explicitly', async () => {
      const s = sample('rle.dcm');
      for (const accept of [`${DICOM}; transfer-syntax=*`, `${DICOM}; transfer-syntax=${TransferSyntax.RLELossless}`]) {
        const { parts } = await multipart(await get(instanceUrl(s), accept));
        expect(parts[0]!.body.equals(s.file), accept).toBe(true);
      }
      const { parts } = await multipart(await get(url('studies', study.study), `${DICOM}; transfer-syntax=*`));
      expect(parts).toHaveLength(5);
    });

    it('refuses a transfer syntax that would need transcoding with 406', async () => {
      await expectProblem(await get(url('studies', study.study), `${DICOM}; transfer-syntax=${TransferSyntax.JPEGBaseline8Bit}`), 406);
      await expectProblem(await get(instanceUrl(sample('rle.dcm')), `${DICOM}; transfer-syntax=${ELE}`), 406);
      await expectProblem(await get(instanceUrl(sample('rle.dcm')), 'application/json'), 406);
    });

    it('serves the acceptable choice when the preferred transfer syntax is not available', async () => {
      const accept = `${DICOM}; transfer-syntax=${TransferSyntax.JPEGBaseline8Bit}, ${DICOM}; transfer-syntax=*; q=0.5`;
      const { parts } = await multipart(await get(url('studies', study.study), accept));
      expect(parts).toHaveLength(5);
    });

    it('serves a study stored in two transfer syntaxes as stored, and refuses to make it one', async () => {
      const rle = sample('rle.dcm');
      for (const accept of [DICOM, `${DICOM}; transfer-syntax=*`]) {
        const { parts } = await multipart(await get(url('studies', rle.study), accept));
        expect(parts.map((p) => p.headers['content-type']), accept).toEqual([
          `application/dicom; transfer-syntax=${TransferSyntax.RLELossless}`,
          `application/dicom; transfer-syntax=${ELE}`,
        ]);
        expect(parts[0]!.body.equals(rle.file)).toBe(true);
      }
      for (const syntax of [ELE, TransferSyntax.RLELossless]) {
        await expectProblem(await get(url('studies', rle.study), `${DICOM}; transfer-syntax=${syntax}`), 406);
      }
    });

    it('answers 404 for an unknown study, series or instance, and for a series under the wrong study', async () => {
      const a1 = study.files[0]!;
      for (const path of [
        url('studies', newUid()),
        url('studies', study.study, 'series', newUid()),
        url('studies', study.study, 'series', study.seriesA, 'instances', newUid()),
        url('studies', other.study, 'series', study.seriesA),
        url('studies', other.study, 'series', study.seriesA, 'instances', a1.sop),
        url('studies', study.study, 'series', study.seriesB, 'instances', a1.sop),
      ]) {
        await expectProblem(await get(path, DICOM), 404);
      }
    });
  });

  describe('metadata', () => {
    const pixelData = (item: DicomJson) => item[Tag.PixelData];

    it('returns DICOM JSON at study, series and instance level in reading order', async () => {
      const levels = [
        { path: url('studies', study.study, 'metadata'), files: study.files },
        { path: url('studies', study.study, 'series', study.seriesA, 'metadata'), files: study.files.slice(0, 3) },
        {
          path: url('studies', study.study, 'series', study.seriesB, 'instances', study.files[4]!.sop, 'metadata'),
          files: study.files.slice(4),
        },
      ];
      for (const level of levels) {
        const response = await get(level.path, 'application/dicom+json');
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^application\/dicom\+json/);
        const items = (await response.json()) as DicomJson[];
        expect(items.map((i) => i[Tag.SOPInstanceUID]?.Value?.[0]), level.path).toEqual(level.files.map((f) => f.sop));
      }
    });

    it('gives Pixel Data as an absolute BulkDataURI that returns the pixels, never InlineBinary', async () => {
      const items = (await (await get(url('studies', study.study, 'metadata'))).json()) as DicomJson[];
      for (const [i, item] of items.entries()) {
        const element = pixelData(item);
        expect(element?.InlineBinary).toBeUndefined();
        expect(element?.Value).toBeUndefined();
        const f = study.files[i]!;
        expect(element?.BulkDataURI).toBe(
          `${server.dicomwebUrl}/studies/${study.study}/series/${f.series}/instances/${f.sop}/bulkdata/${Tag.PixelData}`,
        );
        const { parts } = await multipart(await get(element!.BulkDataURI!));
        expect(parts).toHaveLength(1);
        expect(parts[0]!.body.equals(uniformPixels(f.pixelValue))).toBe(true);
      }
    });

    it('serves compressed Pixel Data bulk data as the stored frames', async () => {
      const s = sample('jpeg_ls.dcm');
      const [item] = (await (await get(instanceUrl(s, '/metadata'))).json()) as DicomJson[];
      const uri = pixelData(item!)?.BulkDataURI;
      expect(uri?.startsWith('http://')).toBe(true);
      const { parts } = await multipart(await get(uri!));
      expectBodies(parts, framesInFile(s.file));
      expect(parts[0]!.headers['content-type']).toContain(`transfer-syntax=${TransferSyntax.JPEGLSNearLossless}`);
    });

    it('answers 404 for metadata of a series under the wrong study', async () => {
      await expectProblem(await get(url('studies', other.study, 'series', study.seriesA, 'metadata')), 404);
      await expectProblem(await get(url('studies', newUid(), 'metadata')), 404);
    });
  });

  describe('frames', () => {
    const baseline = () => sample('jpeg_baseline_8bit.dcm');

    it('returns frames as stored for Cornerstone3D\'s Accept, in the order asked', async () => {
      const s = baseline();
      const stored = framesInFile(s.file);
      expect(stored).toHaveLength(96);
      const one = await multipart(await get(instanceUrl(s, '/frames/1'), AS_STORED));
      expect(one.parts).toHaveLength(1);
      expect(one.parts[0]!.headers['content-type']).toBe(`application/octet-stream; transfer-syntax=${TransferSyntax.JPEGBaseline8Bit}`);
      expect(one.parts[0]!.body.equals(stored[0]!)).toBe(true);

      const three = await multipart(await get(instanceUrl(s, '/frames/96,1,2'), AS_STORED));
      expectBodies(three.parts, [stored[95]!, stored[0]!, stored[1]!]);
    });

    it('decodes frames to Explicit VR Little Endian when asked, matching DCMTK', async () => {
      const s = baseline();
      const response = await get(instanceUrl(s, '/frames/1,2'), DECODED);
      expect(response.headers.get('content-type')).toContain(`transfer-syntax=${ELE}`);
      const { parts } = await multipart(response);
      expect(parts).toHaveLength(2);
      for (const part of parts) {
        expect(part.headers['content-type']).toBe(`application/octet-stream; transfer-syntax=${ELE}`);
        expect(part.body.length).toBe(512 * 512 * 1 * 1);
      }
      expect(parts.map((p) => sha256(p.body))).toEqual([DCMTK_SHA256.jpegBaselineFrame1, DCMTK_SHA256.jpegBaselineFrame2]);
    });

    it('decodes lossless frames to exactly the pixels DCMTK decodes', async () => {
      const cases = [
        { name: 'jpeg_lossless_sel1.dcm', syntax: TransferSyntax.JPEGLosslessSV1, bytes: 400 * 512 * 2, sha: DCMTK_SHA256.jpegLossless },
        { name: 'jpeg_ls.dcm', syntax: TransferSyntax.JPEGLSNearLossless, bytes: 1024 * 1024 * 2, sha: DCMTK_SHA256.jpegLs },
        { name: 'rle.dcm', syntax: TransferSyntax.RLELossless, bytes: 512 * 512 * 2, sha: DCMTK_SHA256.rle },
      ];
      for (const c of cases) {
        const s = sample(c.name);
        expect(s.transferSyntaxUID).toBe(c.syntax);
        const decoded = await multipart(await get(instanceUrl(s, '/frames/1'), DECODED));
        expect(decoded.parts[0]!.body.length, c.name).toBe(c.bytes);
        expect(sha256(decoded.parts[0]!.body), c.name).toBe(c.sha);

        const stored = await multipart(await get(instanceUrl(s, '/frames/1'), AS_STORED));
        expect(stored.parts[0]!.headers['content-type'], c.name).toBe(`application/octet-stream; transfer-syntax=${c.syntax}`);
        expect(stored.parts[0]!.body.equals(framesInFile(s.file)[0]!), c.name).toBe(true);
      }
    });

    it('returns native frames as the original pixel bytes under either Accept', async () => {
      const s = sample('explicit_little.dcm');
      const original = framesInFile(s.file);
      expect(original).toHaveLength(16);
      for (const accept of [AS_STORED, DECODED]) {
        const { parts } = await multipart(await get(instanceUrl(s, '/frames/16,1'), accept));
        expect(parts.map((p) => p.headers['content-type'])).toEqual(Array(2).fill(`application/octet-stream; transfer-syntax=${ELE}`));
        expectBodies(parts, [original[15]!, original[0]!]);
      }
      const implicit = sample('implicit_little.dcm');
      const { parts } = await multipart(await get(instanceUrl(implicit, '/frames/1'), AS_STORED));
      expect(parts[0]!.body.equals(framesInFile(implicit.file)[0]!)).toBe(true);

      const a3 = study.files[2]!;
      const constructed = await multipart(await get(url('studies', study.study, 'series', a3.series, 'instances', a3.sop, 'frames', '1'), AS_STORED));
      expect(constructed.parts[0]!.body.equals(uniformPixels(a3.pixelValue))).toBe(true);
    });

    it('inflates deflated data sets and returns the frame DCMTK reads', async () => {
      const s = sample('deflated.dcm');
      for (const accept of [AS_STORED, DECODED]) {
        const { parts } = await multipart(await get(instanceUrl(s, '/frames/1'), accept));
        expect(parts[0]!.headers['content-type']).toBe(`application/octet-stream; transfer-syntax=${ELE}`);
        expect(parts[0]!.body.length).toBe(512 * 512);
        expect(sha256(parts[0]!.body)).toBe(DCMTK_SHA256.deflated);
      }
    });

    it('answers 404 beyond NumberOfFrames and 400 for malformed frame lists', async () => {
      await expectProblem(await get(instanceUrl(baseline(), '/frames/97'), AS_STORED), 404);
      await expectProblem(await get(instanceUrl(baseline(), '/frames/1,97'), AS_STORED), 404);
      await expectProblem(await get(instanceUrl(sample('rle.dcm'), '/frames/2'), AS_STORED), 404);
      await expectProblem(await get(instanceUrl(sample('explicit_little.dcm'), '/frames/17'), DECODED), 404);
      for (const list of ['0', 'abc', '1,0', '1,,2', '-1']) {
        await expectProblem(await get(instanceUrl(baseline(), `/frames/${list}`), AS_STORED), 400);
      }
    });

    it('refuses frame transfer syntaxes it cannot produce with 406', async () => {
      const ask = (syntax: string) => `multipart/related; type="application/octet-stream"; transfer-syntax=${syntax}`;
      await expectProblem(await get(instanceUrl(sample('explicit_little.dcm'), '/frames/1'), ask(TransferSyntax.JPEGBaseline8Bit)), 406);
      await expectProblem(await get(instanceUrl(sample('rle.dcm'), '/frames/1'), ask(TransferSyntax.JPEGLSLossless)), 406);
    });

    it('answers 404 for frames of an instance under the wrong study', async () => {
      const s = baseline();
      await expectProblem(await get(url('studies', other.study, 'series', s.series, 'instances', s.instance, 'frames', '1'), AS_STORED), 404);
    });
  });
});

describe.each(testBackends())('WADO-RS of a big endian copy replacing its little endian original (%s)', (backend) => {
  let server: TestArchive;
  beforeAll(async () => {
    server = await startTestArchive(backend, { ARCHIVE_DUPLICATE_POLICY: 'overwrite' });
  });
  afterAll(async () => server?.close());

  it('serves explicit_big.dcm as stored, and its frames little endian, equal to brain_013.dcm', async () => {
    const little = daikonSample('volume/brain_013.dcm');
    const big = daikonSample('explicit_big.dcm');
    const littleFrame = framesInFile(little)[0]!;
    expect(littleFrame.length).toBe(256 * 256 * 2);
    expect(framesInFile(big)[0]!.equals(littleFrame)).toBe(false);

    const first = await server.archive.ingest(little, 'import');
    expect(first.status).toBe('stored');
    if (first.status !== 'stored') return;
    const { studyInstanceUID, seriesInstanceUID, sopInstanceUID } = first.uids;
    const instance = `${server.dicomwebUrl}/studies/${studyInstanceUID}/series/${seriesInstanceUID}/instances/${sopInstanceUID}`;
    const framesOf = async (accept: string) => (await multipart(await get(`${instance}/frames/1`, accept))).parts[0]!;
    expect((await framesOf(AS_STORED)).body.equals(littleFrame)).toBe(true);

    expect((await server.archive.ingest(big, 'import')).status).toBe('replaced');
    const retrieved = await multipart(await get(instance, DICOM));
    expect(retrieved.parts[0]!.headers['content-type']).toBe(`application/dicom; transfer-syntax=${TransferSyntax.ExplicitVRBigEndian}`);
    expect(retrieved.parts[0]!.body.equals(big)).toBe(true);
    for (const accept of [AS_STORED, DECODED]) {
      const frame = await framesOf(accept);
      expect(frame.headers['content-type']).toBe(`application/octet-stream; transfer-syntax=${ELE}`);
      expect(frame.body.equals(littleFrame), accept).toBe(true);
    }
    const [item] = (await (await get(`${instance}/metadata`)).json()) as DicomJson[];
    const bulk = await multipart(await get(item![Tag.PixelData]!.BulkDataURI!));
    expect(bulk.parts[0]!.body.equals(littleFrame)).toBe(true);
  });
});

describe.each(testBackends())('WADO-RS metadata without the stored files (%s)', (backend) => {
  let server: TestArchive;
  const study = constructedStudy();
  beforeAll(async () => {
    server = await startTestArchive(backend);
    expect((await postStow(server.dicomwebUrl, study.files.map((f) => f.file))).status).toBe(200);
  });
  afterAll(async () => server?.close());

  it('serves study, series and instance metadata from the index alone', async () => {
    await rm(path.join(server.dataDir, 'blobs'), { recursive: true, force: true });
    const a1 = study.files[0]!;
    const instancePath = `${server.dicomwebUrl}/studies/${study.study}/series/${a1.series}/instances/${a1.sop}`;
    // The files are really gone: reading pixels now fails.
    expect((await get(`${instancePath}/frames/1`, AS_STORED)).status).not.toBe(200);

    const counts = [
      [`${server.dicomwebUrl}/studies/${study.study}/metadata`, 5],
      [`${server.dicomwebUrl}/studies/${study.study}/series/${study.seriesA}/metadata`, 3],
      [`${instancePath}/metadata`, 1],
    ] as const;
    for (const [path, count] of counts) {
      const response = await get(path, 'application/dicom+json');
      expect(response.status, path).toBe(200);
      const items = (await response.json()) as DicomJson[];
      expect(items).toHaveLength(count);
      expect(items.every((item) => item[Tag.PixelData]?.BulkDataURI !== undefined)).toBe(true);
    }
  });
});
