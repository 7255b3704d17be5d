import { AppError, assertNever } from '@consilium/shared';
import sharp from 'sharp';
import type { VoiWindow } from './applyVoiLutFunction.js';
import type { Viewport } from './parseViewportParam.js';
import { readStoredValues } from './readStoredValues.js';
import type { RenderableImage } from './RenderableImage.js';
import { fullRangeWindow, windowTo8Bit } from './windowTo8Bit.js';

export { parseQualityParam } from './parseQualityParam.js';
export { parseViewportParam } from './parseViewportParam.js';
export { parseWindowParam } from './parseWindowParam.js';

export type RenderedMediaType = 'image/jpeg' | 'image/png';

export interface RenderOptions {
  readonly mediaType: RenderedMediaType;
  /** JPEG quality 1-100 (PS3.18 8.3.5.1.2); DEFAULT_JPEG_QUALITY when absent. */
  readonly quality?: number | undefined;
  /** Scale to fit inside, keeping the aspect ratio (PS3.18 8.3.5.1.3). */
  readonly viewport?: Viewport | undefined;
  /** Replaces the data set's window (PS3.18 8.3.5.1.4). */
  readonly window?: VoiWindow | undefined;
}

export interface RenderedFrame {
  readonly body: Buffer;
  readonly mediaType: RenderedMediaType;
}

export const DEFAULT_JPEG_QUALITY = 90;

/**
 * Renders one decoded frame (native little-endian samples, colour-by-pixel, as
 * `decodeFrame` returns them) to an 8-bit JPEG or PNG for WADO-RS /rendered and
 * /thumbnail (PS3.18 8.3.5 / 8.3.6). `image` must describe the decoded frame (see
 * `decodedPixelDescription`).
 *
 * Grayscale (MONOCHROME1/2): Modality LUT (rescale), then the VOI window from
 * `options.window`, else the data set's first WindowCenter/WindowWidth with its
 * VOILUTFunction, else the frame's range of modality values; MONOCHROME1 is inverted.
 * Output is one channel. Colour: RGB passes through (wider samples scaled to 8 bits),
 * YBR_FULL is converted to RGB; PALETTE COLOR and subsampled YBR are refused.
 *
 * @throws AppError InvalidQuery for bad options, NotAcceptable for images this
 *   renderer cannot show, ProcessingFailure when `pixels` is shorter than the frame.
 */
export async function renderFrame(
  pixels: Uint8Array,
  image: RenderableImage,
  options: RenderOptions,
): Promise<RenderedFrame> {
  const quality = options.quality ?? DEFAULT_JPEG_QUALITY;
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) {
    throw new AppError('InvalidQuery', `quality must be an integer from 1 to 100, got ${quality}`);
  }
  const { data, channels } = toDisplayPixels(pixels, image, options.window);
  let pipeline = sharp(data, { raw: { width: image.columns, height: image.rows, channels } });
  // Without this sharp writes one-channel input as three-channel sRGB.
  if (channels === 1) pipeline = pipeline.toColourspace('b-w');
  if (options.viewport !== undefined) {
    const { width, height } = options.viewport;
    if (!(width >= 1 && height >= 1)) {
      throw new AppError('InvalidQuery', `viewport must be at least 1x1, got ${width}x${height}`);
    }
    pipeline = pipeline.resize({ width, height, fit: 'inside' });
  }
  switch (options.mediaType) {
    case 'image/jpeg':
      return { body: await pipeline.jpeg({ quality }).toBuffer(), mediaType: options.mediaType };
    case 'image/png':
      return { body: await pipeline.png().toBuffer(), mediaType: options.mediaType };
    default:
      return assertNever(options.mediaType);
  }
}

interface DisplayPixels {
  readonly data: Uint8Array;
  readonly channels: 1 | 3;
}

function toDisplayPixels(pixels: Uint8Array, image: RenderableImage, window: VoiWindow | undefined): DisplayPixels {
  const pi = image.photometricInterpretation;
  if (image.samplesPerPixel === 1 && (pi === 'MONOCHROME1' || pi === 'MONOCHROME2')) {
    return { data: grayscaleTo8Bit(pixels, image, window), channels: 1 };
  }
  if (image.samplesPerPixel === 3 && pi === 'RGB') return { data: colorTo8Bit(pixels, image), channels: 3 };
  if (image.samplesPerPixel === 3 && pi === 'YBR_FULL' && image.bitsAllocated === 8) {
    return { data: ybrFullToRgb(readStoredValues(pixels, image)), channels: 3 };
  }
  throw new AppError(
    'NotAcceptable',
    `cannot render PhotometricInterpretation ${pi} with ${image.samplesPerPixel} sample(s) of ${image.bitsAllocated} bits`,
  );
}

function grayscaleTo8Bit(pixels: Uint8Array, image: RenderableImage, requested: VoiWindow | undefined): Uint8Array {
  if (requested !== undefined && !(requested.width > 0)) {
    throw new AppError('InvalidQuery', `window width must be greater than 0, got ${requested.width}`);
  }
  const stored = readStoredValues(pixels, image);
  const rescale = { slope: image.rescaleSlope, intercept: image.rescaleIntercept };
  const window = requested ?? datasetWindow(image) ?? fullRangeWindow(stored, rescale);
  return windowTo8Bit(stored, rescale, window, image.photometricInterpretation === 'MONOCHROME1');
}

function datasetWindow(image: RenderableImage): VoiWindow | undefined {
  const { windowCenter: center, windowWidth: width } = image;
  if (center === undefined || width === undefined || !(width > 0)) return undefined;
  return { center, width, function: image.voiLutFunction ?? 'LINEAR' };
}

/** RGB samples to 8 bits: wider samples keep their top 8 stored bits' worth of range. */
function colorTo8Bit(pixels: Uint8Array, image: RenderableImage): Uint8Array {
  const length = image.rows * image.columns * 3;
  if (image.bitsAllocated === 8 && image.bitsStored === 8 && image.highBit === 7 && pixels.length >= length) {
    return pixels.subarray(0, length);
  }
  const stored = readStoredValues(pixels, { ...image, pixelRepresentation: 0 });
  const scale = 255 / (2 ** image.bitsStored - 1);
  const out = new Uint8Array(stored.length);
  for (let i = 0; i < stored.length; i++) out[i] = Math.round((stored[i] ?? 0) * scale);
  return out;
}

/** YBR_FULL to RGB: the inverse of the equations in PS3.3 C.7.6.3.1.2 (8-bit, full range). */
function ybrFullToRgb(ybr: Float64Array): Uint8Array {
  const out = new Uint8ClampedArray(ybr.length);
  for (let i = 0; i + 2 < ybr.length; i += 3) {
    const y = ybr[i] ?? 0;
    const cb = (ybr[i + 1] ?? 128) - 128;
    const cr = (ybr[i + 2] ?? 128) - 128;
    out[i] = y + 1.402 * cr;
    out[i + 1] = y - 0.344136 * cb - 0.714136 * cr;
    out[i + 2] = y + 1.772 * cb;
  }
  return new Uint8Array(out.buffer);
}
