import { AppError } from '@consilium/shared';
import { bytesPerSample, type PixelDescription } from './PixelDescription.js';

const HEADER_BYTES = 64;
const MAX_SEGMENTS = 15;

/**
 * Decodes one RLE Lossless frame (transfer syntax 1.2.840.10008.1.2.5, PS3.5 Annex G)
 * into little-endian, colour-by-pixel samples.
 *
 * Written here because no maintained npm package decodes DICOM RLE in Node: the
 * decoders that exist live inside viewers (cornerstone's dicom-image-loader, daikon)
 * and are not published on their own.
 *
 * G.5: the frame starts with a 64-byte header, the number of segments and 15 segment
 * offsets (UL, little endian). Each segment is one byte plane of one sample: for each
 * sample in turn, its most significant byte first (G.2). Each segment is a PackBits
 * byte stream (G.3.1): header n in 0..127 copies the next n+1 bytes, n in -127..-1
 * repeats the next byte 1-n times, -128 does nothing. A segment may end with one
 * padding byte; bytes beyond the plane are ignored.
 */
export function decodeRle(frame: Uint8Array, image: PixelDescription): Uint8Array {
  const sampleBytes = bytesPerSample(image);
  const pixelCount = image.rows * image.columns;
  const expectedSegments = image.samplesPerPixel * sampleBytes;
  const offsets = readHeader(frame, expectedSegments);
  const pixelBytes = image.samplesPerPixel * sampleBytes;
  const out = new Uint8Array(pixelCount * pixelBytes);

  for (let segment = 0; segment < expectedSegments; segment++) {
    const sample = Math.floor(segment / sampleBytes);
    // Segment order is most significant byte first; the output is little endian.
    const byteInSample = sampleBytes - 1 - (segment % sampleBytes);
    const start = offsets[segment] ?? 0;
    const end = offsets[segment + 1] ?? frame.length;
    const written = unpackSegment(frame, start, end, out, sample * sampleBytes + byteInSample, pixelBytes, pixelCount);
    if (written < pixelCount) {
      throw new AppError('ProcessingFailure', `RLE segment ${segment + 1} decodes to ${written} bytes, expected ${pixelCount}`);
    }
  }
  return out;
}

function readHeader(frame: Uint8Array, expectedSegments: number): number[] {
  if (frame.length < HEADER_BYTES) {
    throw new AppError('ProcessingFailure', `RLE frame has ${frame.length} bytes, shorter than its 64-byte header`);
  }
  const view = new DataView(frame.buffer, frame.byteOffset, HEADER_BYTES);
  const segments = view.getUint32(0, true);
  if (segments !== expectedSegments || segments > MAX_SEGMENTS) {
    throw new AppError(
      'ProcessingFailure',
      `RLE header declares ${segments} segments; SamplesPerPixel and BitsAllocated need ${expectedSegments}`,
    );
  }
  const offsets: number[] = [];
  for (let i = 0; i < segments; i++) {
    const offset = view.getUint32(4 + i * 4, true);
    const previous = offsets[i - 1] ?? HEADER_BYTES;
    if (offset < previous || offset > frame.length) {
      throw new AppError('ProcessingFailure', `RLE segment ${i + 1} offset ${offset} is outside the frame`);
    }
    offsets.push(offset);
  }
  return offsets;
}

/**
 * PackBits-decodes frame[start, end) into every `stride`-th byte of `out` from `first`,
 * stopping after `count` bytes. Returns how many bytes were written.
 */
function unpackSegment(
  frame: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  first: number,
  stride: number,
  count: number,
): number {
  let written = 0;
  let at = start;
  let to = first;
  while (at < end && written < count) {
    const header = frame[at++] ?? 0;
    if (header < 128) {
      const run = Math.min(header + 1, end - at, count - written);
      for (let i = 0; i < run; i++, to += stride) out[to] = frame[at + i] ?? 0;
      at += header + 1;
      written += run;
    } else if (header > 128) {
      const run = Math.min(257 - header, count - written);
      const value = frame[at++] ?? 0;
      for (let i = 0; i < run; i++, to += stride) out[to] = value;
      written += run;
    }
  }
  return written;
}
