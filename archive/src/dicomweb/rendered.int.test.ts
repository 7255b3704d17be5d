import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticCt, SYNTHETIC_CT_DEFAULTS, syntheticCtUids } from '../demo/syntheticCt.js';
import { PHANTOM } from '../demo/thoraxPhantom.js';
import { daikonSample } from '../testing/daikonSamples.js';
import { expectProblem } from '../testing/expectProblem.js';
import { makeInstance, newUid } from '../testing/makeInstance.js';
import { startTestArchive, testBackends, type TestArchive } from '../testing/testArchive.js';

const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** SHA-256 of jpeg_baseline_8bit.dcm frames as DCMTK 3.6.7 `dcmdjpeg` decodes them. */
const DCMTK_BASELINE_SHA256 = [
  '42afda1e1a97eb5c749c1d2fae90f0b109609a606dbd272b63084e884a5f7fc4',
  '7d15aab8a688d8ffff6413da1d009fd53bbd62f529d98cd331c5f97287d4c4e1',
];
/** LINEAR_EXACT with c = 127.5, w = 255 maps 0..255 onto itself (PS3.3 C.11.2.1.3.2). */
const IDENTITY_8BIT_WINDOW = 'window=127.5,255,linear-exact';

/** PS3.3 C.11.2.1.2.1 LINEAR onto 0..255, rounded as the renderer rounds. */
function linearGray(x: number, center: number, width: number): number {
  if (x <= center - 0.5 - (width - 1) / 2) return 0;
  if (x > center - 0.5 + (width - 1) / 2) return 255;
  return Math.round(((x - (center - 0.5)) / (width - 1) + 0.5) * 255);
}

async function get(url: string, accept?: string): Promise<Response> {
  return fetch(url, accept === undefined ? {} : { headers: { Accept: accept } });
}

/** A 200 image response, its magic bytes checked, decoded with sharp. */
async function image(response: Response, mediaType: 'image/jpeg' | 'image/png') {
  expect(response.status, response.url).toBe(200);
  expect(response.headers.get('content-type')).toBe(mediaType);
  const body = Buffer.from(await response.arrayBuffer());
  const magic = mediaType === 'image/jpeg' ? JPEG_MAGIC : PNG_MAGIC;
  expect(body.subarray(0, magic.length).equals(magic)).toBe(true);
  const metadata = await sharp(body).metadata();
  expect(metadata.format).toBe(mediaType === 'image/jpeg' ? 'jpeg' : 'png');
  // sharp decodes to sRGB unless told to keep a grayscale image's one channel.
  const decoder = metadata.channels === 1 ? sharp(body).toColourspace('b-w') : sharp(body);
  const { data, info } = await decoder.raw().toBuffer({ resolveWithObject: true });
  expect(info.channels).toBe(metadata.channels);
  return { body, data, width: info.width, height: info.height, channels: info.channels };
}

describe.each(testBackends())('WADO-RS rendered and thumbnail (%s)', (backend) => {
  let server: TestArchive;
  /** Three noise-free 512x512 CT slices centred on the phantom's homogeneous liver disk (instance 2). */
  const ct = { options: { slices: 3, centreZMm: PHANTOM.homogeneousRegion.centre.z, noiseHu: 0 }, sops: [] as string[] };
  const ctUids = syntheticCtUids(ct.options);
  /** Uniform 8x8 images whose windowed gray tells which instance was rendered. */
  const uniform = { study: newUid(), seriesA: newUid(), seriesB: newUid(), sops: new Map<number, string>() };
  const UNIFORM_WINDOW = { center: 16, width: 20 };
  let baselinePath = '';
  let losslessPath = '';

  const ctInstance = (instanceNumber: number, suffix = '') =>
    `${server.dicomwebUrl}/studies/${ctUids.studyInstanceUid}/series/${ctUids.seriesInstanceUid}/instances/${ct.sops[instanceNumber - 1]}${suffix}`;

  beforeAll(async () => {
    server = await startTestArchive(backend);
    const ingest = async (bytes: Uint8Array) => {
      const outcome = await server.archive.ingest(bytes, 'import');
      if (outcome.status !== 'stored') throw new Error(`not stored: ${outcome.status}`);
      return outcome.uids;
    };
    for (const slice of generateSyntheticCt(ct.options)) ct.sops.push((await ingest(slice)).sopInstanceUID);
    for (const [series, seriesNumber, instanceNumber] of [
      [uniform.seriesB, 2, 2],
      [uniform.seriesA, 1, 3],
      [uniform.seriesB, 2, 1],
      [uniform.seriesA, 1, 1],
      [uniform.seriesA, 1, 2],
    ] as const) {
      const pixelValue = 10 * seriesNumber + instanceNumber;
      const uids = await ingest(
        makeInstance({
          studyInstanceUID: uniform.study,
          seriesInstanceUID: series,
          seriesNumber,
          instanceNumber,
          pixelValue,
          extra: { WindowCenter: UNIFORM_WINDOW.center, WindowWidth: UNIFORM_WINDOW.width },
        }),
      );
      uniform.sops.set(pixelValue, uids.sopInstanceUID);
    }
    const baseline = await ingest(daikonSample('jpeg_baseline_8bit.dcm'));
    baselinePath = `${server.dicomwebUrl}/studies/${baseline.studyInstanceUID}/series/${baseline.seriesInstanceUID}/instances/${baseline.sopInstanceUID}`;
    const lossless = await ingest(daikonSample('jpeg_lossless_sel1.dcm'));
    losslessPath = `${server.dicomwebUrl}/studies/${lossless.studyInstanceUID}/series/${lossless.seriesInstanceUID}/instances/${lossless.sopInstanceUID}`;
  });
  afterAll(async () => server?.close());

  it('renders an instance as JPEG by default and as PNG when asked', async () => {
    const jpeg = await image(await get(ctInstance(2, '/rendered')), 'image/jpeg');
    expect([jpeg.width, jpeg.height]).toEqual([SYNTHETIC_CT_DEFAULTS.columns, SYNTHETIC_CT_DEFAULTS.rows]);
    const png = await image(await get(ctInstance(2, '/rendered'), 'image/png'), 'image/png');
    expect([png.width, png.height, png.channels]).toEqual([512, 512, 1]);
    const viaQuery = await image(await get(ctInstance(2, '/rendered?accept=image/png')), 'image/png');
    expect(viaQuery.body.equals(png.body)).toBe(true);
  });

  it('applies the requested window to known HU of the phantom', async () => {
    const { centre, hu } = PHANTOM.homogeneousRegion;
    const spacing = SYNTHETIC_CT_DEFAULTS.pixelSpacingMm;
    const column = Math.round(centre.x / spacing) + SYNTHETIC_CT_DEFAULTS.columns / 2;
    const row = Math.round(centre.y / spacing) + SYNTHETIC_CT_DEFAULTS.rows / 2;
    /** The 5x5 pixels around the centre of the disk, all `hu` (radius 20 mm, no noise). */
    const grays = async (query: string) => {
      const { data } = await image(await get(ctInstance(2, `/rendered${query}`), 'image/png'), 'image/png');
      const out = new Set<number>();
      for (let r = row - 2; r <= row + 2; r++) for (let c = column - 2; c <= column + 2; c++) out.add(data[r * 512 + c]!);
      return [...out];
    };
    expect(linearGray(hu, 40, 400)).toBe(Math.round(((60 - 39.5) / 399 + 0.5) * 255));
    expect(await grays('?window=40,400,linear')).toEqual([linearGray(hu, 40, 400)]);
    expect(await grays('')).toEqual([linearGray(hu, 40, 400)]); // the data set's own 40/400
    expect(await grays('?window=-600,1500,linear')).toEqual([linearGray(hu, -600, 1500)]);
    expect(await grays('?window=300,100,linear')).toEqual([0]);
    expect(linearGray(hu, -600, 1500)).not.toBe(linearGray(hu, 40, 400));
  });

  it('renders the frame named in the path, with the decoded pixels DCMTK gets', async () => {
    for (const frame of [1, 2]) {
      const { data, width, height } = await image(
        await get(`${baselinePath}/frames/${frame}/rendered?${IDENTITY_8BIT_WINDOW}`, 'image/png'),
        'image/png',
      );
      expect([width, height]).toEqual([512, 512]);
      expect(createHash('sha256').update(data).digest('hex'), `frame ${frame}`).toBe(DCMTK_BASELINE_SHA256[frame - 1]);
    }
    const jpeg = await image(await get(`${baselinePath}/frames/2/rendered`), 'image/jpeg');
    expect([jpeg.width, jpeg.height]).toEqual([512, 512]);
  });

  it('scales into the viewport keeping the aspect ratio', async () => {
    const square = await image(await get(ctInstance(1, '/rendered?viewport=64,64')), 'image/jpeg');
    expect([square.width, square.height]).toEqual([64, 64]);
    const wide = await image(await get(`${losslessPath}/rendered?viewport=64,64`, 'image/png'), 'image/png');
    expect([wide.width, wide.height]).toEqual([64, 50]); // 512 columns x 400 rows
    const frame = await image(await get(`${baselinePath}/frames/3/rendered?viewport=100,200`), 'image/jpeg');
    expect([frame.width, frame.height]).toEqual([100, 100]);
  });

  it('shows the middle instance of the first series as study and series thumbnail', async () => {
    const base = `${server.dicomwebUrl}/studies/${uniform.study}`;
    const gray = (pixelValue: number) => linearGray(pixelValue, UNIFORM_WINDOW.center, UNIFORM_WINDOW.width);
    const cases = [
      { path: `${base}/thumbnail`, pixelValue: 12 }, // series 1 (A), instance 2 of 3
      { path: `${base}/series/${uniform.seriesA}/thumbnail`, pixelValue: 12 },
      { path: `${base}/series/${uniform.seriesB}/thumbnail`, pixelValue: 22 }, // instance 2 of 2
      { path: `${base}/series/${uniform.seriesB}/instances/${uniform.sops.get(21)}/thumbnail`, pixelValue: 21 },
    ];
    for (const c of cases) {
      const thumbnail = await image(await get(c.path, 'image/png'), 'image/png');
      expect([thumbnail.width, thumbnail.height], c.path).toEqual([128, 128]);
      expect(new Set(thumbnail.data), c.path).toEqual(new Set([gray(c.pixelValue)]));
    }
    expect(new Set([11, 12, 13, 21, 22].map(gray)).size).toBe(5);
  });

  it('serves CT thumbnails at 128 pixels, JPEG by default, equal to the middle instance\'s', async () => {
    const series = await image(
      await get(`${server.dicomwebUrl}/studies/${ctUids.studyInstanceUid}/series/${ctUids.seriesInstanceUid}/thumbnail`),
      'image/jpeg',
    );
    expect([series.width, series.height]).toEqual([128, 128]);
    const study = await image(await get(`${server.dicomwebUrl}/studies/${ctUids.studyInstanceUid}/thumbnail`), 'image/jpeg');
    const middle = await image(await get(ctInstance(2, '/thumbnail')), 'image/jpeg');
    const first = await image(await get(ctInstance(1, '/thumbnail')), 'image/jpeg');
    expect(series.body.equals(middle.body)).toBe(true);
    expect(study.body.equals(middle.body)).toBe(true);
    expect(first.body.equals(middle.body)).toBe(false);
    const frame = await image(await get(`${baselinePath}/frames/2/thumbnail?viewport=32,32`), 'image/jpeg');
    expect([frame.width, frame.height]).toEqual([32, 32]);
  });

  it('refuses media types it cannot render with 406', async () => {
    await expectProblem(await get(ctInstance(1, '/rendered'), 'image/gif'), 406);
    await expectProblem(await get(ctInstance(1, '/thumbnail'), 'image/gif'), 406);
    await expectProblem(await get(`${server.dicomwebUrl}/studies/${uniform.study}/thumbnail`, 'image/gif'), 406);
  });

  it('refuses malformed window, viewport and other parameters with 400', async () => {
    for (const query of [
      'window=abc',
      'window=40',
      'window=40,0,linear',
      'window=40,400,cubic',
      'window=40,400,linear&window=50,400,linear',
      'viewport=0,64',
      'viewport=64',
      'viewport=a,b',
      'viewport=64,64,0,0,10,10',
      'viewport=99999,64',
      'quality=0',
      'size=64',
    ]) {
      await expectProblem(await get(ctInstance(1, `/rendered?${query}`)), 400);
    }
    await expectProblem(await get(`${baselinePath}/frames/0/rendered`), 400);
    await expectProblem(await get(`${baselinePath}/frames/abc/thumbnail`), 400);
  });

  it('answers 404 for frames beyond NumberOfFrames and unknown instances', async () => {
    await expectProblem(await get(`${baselinePath}/frames/97/rendered`), 404);
    await expectProblem(await get(ctInstance(1, '/frames/2/rendered')), 404);
    await expectProblem(await get(`${server.dicomwebUrl}/studies/${uniform.study}/series/${uniform.seriesA}/instances/${newUid()}/rendered`), 404);
    await expectProblem(await get(`${server.dicomwebUrl}/studies/${newUid()}/thumbnail`), 404);
    await expectProblem(
      await get(`${server.dicomwebUrl}/studies/${uniform.study}/series/${ctUids.seriesInstanceUid}/instances/${ct.sops[0]}/rendered`),
      404,
    );
  });
});
