import { AppError } from '@consilium/shared';
import { bytesPerSample, type PixelDescription } from './PixelDescription.js';
import { interleavePlanes } from './interleavePlanes.js';

/** Samples as a codec returned them, before they are checked against the data set. */
export interface CodecOutput {
  readonly pixels: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly components: number;
  /** 1 or 2: codecs return 8-bit precision in bytes and 9-16 bits in little-endian words. */
  readonly bytesPerSample: number;
  /** The codec returned colour-by-plane (e.g. JPEG-LS with interleave mode none). */
  readonly planar?: boolean;
}

/**
 * Turns codec output into the native little-endian frame the data set describes:
 * interleaved samples, BitsAllocated wide, and for signed data two's complement
 * extended from BitsStored to the whole sample. JPEG lossless and JPEG-LS code the
 * stored bits as unsigned integers (PS3.5 8.2.1, 8.2.3), so their signed output needs
 * the extension; output that is already extended (OpenJPEG) passes through unchanged.
 */
export function toNativeSamples(codecName: string, output: CodecOutput, image: PixelDescription): Uint8Array {
  if (output.width !== image.columns || output.height !== image.rows || output.components !== image.samplesPerPixel) {
    throw new AppError(
      'ProcessingFailure',
      `${codecName} frame is ${output.width}x${output.height} with ${output.components} component(s), ` +
        `but Columns/Rows/SamplesPerPixel say ${image.columns}x${image.rows} with ${image.samplesPerPixel}`,
    );
  }
  const pixelCount = output.width * output.height;
  const sampleCount = pixelCount * output.components;
  if (output.pixels.length < sampleCount * output.bytesPerSample) {
    throw new AppError(
      'ProcessingFailure',
      `${codecName} returned ${output.pixels.length} bytes, expected ${sampleCount * output.bytesPerSample}`,
    );
  }
  let pixels = output.pixels.subarray(0, sampleCount * output.bytesPerSample);
  if (output.planar === true && output.components > 1) {
    pixels = interleavePlanes(pixels, pixelCount, output.components, output.bytesPerSample);
  }
  const targetBytes = bytesPerSample(image);
  if (targetBytes === 2 && output.bytesPerSample === 1) {
    pixels = widenToWords(pixels);
  } else if (targetBytes !== output.bytesPerSample) {
    throw new AppError(
      'ProcessingFailure',
      `${codecName} returned ${output.bytesPerSample * 8}-bit samples, but BitsAllocated is ${image.bitsAllocated}`,
    );
  }
  if (image.pixelRepresentation === 1 && image.bitsStored < targetBytes * 8) {
    signExtend(pixels, targetBytes, image.bitsStored);
  }
  return pixels;
}

function widenToWords(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) out[i * 2] = bytes[i] ?? 0;
  return out;
}

/** In place: keep the low `bitsStored` bits and extend their sign over the sample. */
function signExtend(pixels: Uint8Array, sampleBytes: number, bitsStored: number): void {
  const mask = 2 ** bitsStored - 1;
  const signBit = 2 ** (bitsStored - 1);
  if (sampleBytes === 1) {
    for (let i = 0; i < pixels.length; i++) {
      const v = (pixels[i] ?? 0) & mask;
      pixels[i] = v & signBit ? v - signBit * 2 : v;
    }
    return;
  }
  const view = new DataView(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  for (let i = 0; i + 1 < pixels.length; i += 2) {
    const v = view.getUint16(i, true) & mask;
    view.setInt16(i, v & signBit ? v - signBit * 2 : v, true);
  }
}
