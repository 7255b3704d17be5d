import { AppError } from '@consilium/shared';
import { frameByteLength, type PixelDescription } from './PixelDescription.js';

/**
 * Stored pixel values of a native little-endian frame, every sample in order: the
 * BitsStored bits ending at HighBit (PS3.5 8.1.1), other bits dropped, and for
 * PixelRepresentation 1 read as two's complement. 1-bit frames are packed least
 * significant bit first. Float64 holds every integer BitsAllocated 32 can carry.
 */
export function readStoredValues(pixels: Uint8Array, image: PixelDescription): Float64Array {
  const expected = frameByteLength(image);
  if (pixels.length < expected) {
    throw new AppError('ProcessingFailure', `frame has ${pixels.length} bytes, expected ${expected}`);
  }
  const count = image.rows * image.columns * image.samplesPerPixel;
  const out = new Float64Array(count);
  const shift = image.highBit + 1 - image.bitsStored;
  const range = 2 ** image.bitsStored;
  const signed = image.pixelRepresentation === 1;
  const read = rawReader(pixels, image.bitsAllocated);
  for (let i = 0; i < count; i++) {
    const value = Math.floor(read(i) / 2 ** shift) % range;
    out[i] = signed && value >= range / 2 ? value - range : value;
  }
  return out;
}

function rawReader(pixels: Uint8Array, bitsAllocated: number): (index: number) => number {
  const view = new DataView(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  switch (bitsAllocated) {
    case 1:
      return (i) => ((pixels[i >> 3] ?? 0) >> (i & 7)) & 1;
    case 8:
      return (i) => pixels[i] ?? 0;
    case 16:
      return (i) => view.getUint16(i * 2, true);
    case 32:
      return (i) => view.getUint32(i * 4, true);
    default:
      throw new AppError('NotAcceptable', `cannot render pixel data with BitsAllocated ${bitsAllocated}`);
  }
}
