import { AppError } from '@consilium/shared';
import { bytesPerSample, frameByteLength, type PixelDescription } from './PixelDescription.js';
import { interleavePlanes } from './interleavePlanes.js';

/**
 * A native (uncompressed) frame as little-endian, colour-by-pixel samples. Explicit VR
 * Big Endian (retired, PS3.5 A.3) stores words most significant byte first, so 16-
 * and 32-bit samples are swapped. Returns the input itself when nothing changes; a
 * trailing padding byte (odd-length frames) is cut off.
 */
export function decodeNative(frame: Uint8Array, image: PixelDescription, bigEndian: boolean): Uint8Array {
  const expected = frameByteLength(image);
  if (frame.length < expected) {
    throw new AppError('ProcessingFailure', `native frame has ${frame.length} bytes, expected ${expected}`);
  }
  let pixels = frame.length === expected ? frame : frame.subarray(0, expected);
  const sampleBytes = bytesPerSample(image);
  if (bigEndian && image.bitsAllocated > 8) pixels = swapBytes(pixels, sampleBytes);
  if (image.planarConfiguration === 1 && image.samplesPerPixel > 1) {
    pixels = interleavePlanes(pixels, image.rows * image.columns, image.samplesPerPixel, sampleBytes);
  }
  return pixels;
}

function swapBytes(pixels: Uint8Array, sampleBytes: number): Uint8Array {
  const out = new Uint8Array(pixels.length);
  for (let i = 0; i + sampleBytes <= pixels.length; i += sampleBytes) {
    for (let b = 0; b < sampleBytes; b++) out[i + b] = pixels[i + sampleBytes - 1 - b] ?? 0;
  }
  return out;
}
