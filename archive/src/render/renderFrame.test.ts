import { AppError } from '@consilium/shared';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { RenderableImage } from './RenderableImage.js';
import { renderFrame, type RenderOptions } from './renderFrame.js';

/** A signed 16-bit CT-like image with the given stored values, row by row. */
function ct(rows: number, columns: number, values: readonly number[], extra: Partial<RenderableImage> = {}) {
  const pixels = new Uint8Array(new Int16Array(values).buffer);
  const image: RenderableImage = {
    rows,
    columns,
    bitsAllocated: 16,
    bitsStored: 16,
    highBit: 15,
    pixelRepresentation: 1,
    samplesPerPixel: 1,
    photometricInterpretation: 'MONOCHROME2',
    planarConfiguration: 0,
    rescaleSlope: 1,
    rescaleIntercept: -1024,
    ...extra,
  };
  return { pixels, image };
}

/** Decodes an output image; one-channel images stay one channel (sharp's raw output would be sRGB). */
async function decoded(body: Buffer): Promise<{ data: number[]; width: number; height: number; channels: number }> {
  const gray = (await sharp(body).metadata()).channels === 1;
  const pipeline = gray ? sharp(body).toColourspace('b-w') : sharp(body);
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data: [...data], width: info.width, height: info.height, channels: info.channels };
}

const png: RenderOptions = { mediaType: 'image/png' };
// HU -1024, -160, 40, 240, 976, 3071
const STORED = [0, 864, 1064, 1264, 2000, 4095];

describe('renderFrame, grayscale', () => {
  it('applies rescale and the data set window (LINEAR c=40 w=400) into a 1-channel PNG', async () => {
    const { pixels, image } = ct(2, 3, STORED, { windowCenter: 40, windowWidth: 400 });
    const out = await renderFrame(pixels, image, png);
    expect(out.mediaType).toBe('image/png');
    expect(await sharp(out.body).metadata()).toMatchObject({ format: 'png', width: 3, height: 2, channels: 1 });
    expect((await decoded(out.body)).data).toEqual([0, 0, 128, 255, 255, 255]);
  });

  it('lets the request window replace the data set one, with its function', async () => {
    const { pixels, image } = ct(2, 3, STORED, { windowCenter: 3000, windowWidth: 10 });
    const out = await renderFrame(pixels, image, { ...png, window: { center: 40, width: 400, function: 'SIGMOID' } });
    expect((await decoded(out.body)).data).toEqual([0, 30, 128, 225, 255, 255]);
  });

  it('uses the data set VOILUTFunction with its window', async () => {
    const { pixels, image } = ct(2, 3, STORED, { windowCenter: 40, windowWidth: 400, voiLutFunction: 'LINEAR_EXACT' });
    const out = await renderFrame(pixels, image, png);
    expect((await decoded(out.body)).data).toEqual([0, 0, 128, 255, 255, 255]);
    const sigmoid = await renderFrame(pixels, { ...image, voiLutFunction: 'SIGMOID' }, png);
    expect((await decoded(sigmoid.body)).data).toEqual([0, 30, 128, 225, 255, 255]);
  });

  it('without any window spans the frame min..max', async () => {
    const { pixels, image } = ct(1, 5, [100, 200, 300, 400, 500]);
    expect((await decoded((await renderFrame(pixels, image, png)).body)).data).toEqual([0, 64, 128, 191, 255]);
  });

  it('inverts MONOCHROME1', async () => {
    const { pixels, image } = ct(2, 3, STORED, { windowCenter: 40, windowWidth: 400, photometricInterpretation: 'MONOCHROME1' });
    expect((await decoded((await renderFrame(pixels, image, png)).body)).data).toEqual([255, 255, 127, 0, 0, 0]);
  });

  it('masks stored bits and sign-extends from BitsStored', async () => {
    // 12 bits stored, signed: 0xF800 carries junk above bit 11 and 0x0800 is -2048.
    const { pixels, image } = ct(1, 3, [0x0800, 0x07ff, 0x7000], {
      bitsStored: 12,
      highBit: 11,
      rescaleIntercept: 0,
      windowCenter: 0,
      windowWidth: 4096,
      voiLutFunction: 'LINEAR_EXACT',
    });
    expect((await decoded((await renderFrame(pixels, image, png)).body)).data).toEqual([0, 255, 128]);
  });

  it('writes a JPEG of the viewport size that decodes to the expected gray levels', async () => {
    const rows = 48;
    const columns = 64;
    const values = Array.from({ length: rows * columns }, (_, i) => (i % columns < columns / 2 ? 0 : 1264));
    const { pixels, image } = ct(rows, columns, values, { windowCenter: 40, windowWidth: 400 });
    const out = await renderFrame(pixels, image, { mediaType: 'image/jpeg', viewport: { width: 32, height: 32 } });
    expect(out.mediaType).toBe('image/jpeg');
    const img = await decoded(out.body);
    expect(await sharp(out.body).metadata()).toMatchObject({ format: 'jpeg', channels: 1 });
    expect([img.width, img.height]).toEqual([32, 24]);
    const at = (x: number, y: number): number => img.data[(y * img.width + x) * img.channels] ?? -1;
    expect(Math.abs(at(4, 12))).toBeLessThanOrEqual(3);
    expect(at(28, 12)).toBeGreaterThanOrEqual(252);
  });

  it('scales up to fit a larger viewport, keeping the aspect ratio', async () => {
    const { pixels, image } = ct(8, 16, new Array<number>(128).fill(1064));
    const meta = await sharp((await renderFrame(pixels, image, { ...png, viewport: { width: 64, height: 64 } })).body).metadata();
    expect([meta.width, meta.height]).toEqual([64, 32]);
  });

  it('uses the JPEG quality asked for', async () => {
    const values = Array.from({ length: 64 * 64 }, (_, i) => (i * 7919) % 4096);
    const { pixels, image } = ct(64, 64, values);
    const low = await renderFrame(pixels, image, { mediaType: 'image/jpeg', quality: 10 });
    const high = await renderFrame(pixels, image, { mediaType: 'image/jpeg', quality: 95 });
    expect(low.body.length).toBeLessThan(high.body.length / 2);
  });

  it('refuses a quality outside 1..100 and a zero window width', async () => {
    const { pixels, image } = ct(1, 1, [0]);
    await expect(renderFrame(pixels, image, { mediaType: 'image/jpeg', quality: 0 })).rejects.toThrow(/quality/);
    await expect(renderFrame(pixels, image, { ...png, window: { center: 0, width: 0 } })).rejects.toMatchObject({
      code: 'InvalidQuery',
    });
  });
});

const rgbImage = (rows: number, columns: number, extra: Partial<RenderableImage> = {}): RenderableImage => ({
  rows,
  columns,
  bitsAllocated: 8,
  bitsStored: 8,
  highBit: 7,
  pixelRepresentation: 0,
  samplesPerPixel: 3,
  photometricInterpretation: 'RGB',
  planarConfiguration: 0,
  rescaleSlope: 1,
  rescaleIntercept: 0,
  ...extra,
});

describe('renderFrame, colour', () => {
  it('passes 8-bit RGB through', async () => {
    const pixels = Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30);
    const img = await decoded((await renderFrame(pixels, rgbImage(2, 2), png)).body);
    expect([img.width, img.height, img.channels]).toEqual([2, 2, 3]);
    expect(img.data).toEqual([...pixels]);
  });

  it('scales 12-bit RGB to 8 bits', async () => {
    const pixels = new Uint8Array(Uint16Array.of(0, 2048, 4095).buffer);
    const image = rgbImage(1, 1, { bitsAllocated: 16, bitsStored: 12, highBit: 11 });
    expect((await decoded((await renderFrame(pixels, image, png)).body)).data).toEqual([0, 128, 255]);
  });

  it('converts YBR_FULL to RGB', async () => {
    const pixels = Uint8Array.of(128, 128, 128, 76, 85, 255);
    const image = rgbImage(1, 2, { photometricInterpretation: 'YBR_FULL' });
    expect((await decoded((await renderFrame(pixels, image, png)).body)).data).toEqual([128, 128, 128, 254, 0, 0]);
  });

  it('refuses PALETTE COLOR', async () => {
    const image = { ...rgbImage(1, 1), samplesPerPixel: 1, photometricInterpretation: 'PALETTE COLOR' };
    const error: unknown = await renderFrame(Uint8Array.of(1), image, png).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'NotAcceptable', message: expect.stringMatching(/PALETTE COLOR/) as unknown });
  });
});
