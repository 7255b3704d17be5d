import { AppError } from '@consilium/shared';
import { describe, expect, it } from 'vitest';
import { decodeRle } from './decodeRle.js';
import type { PixelDescription } from './PixelDescription.js';

const image = (
  rows: number,
  columns: number,
  bitsAllocated: number,
  samplesPerPixel: number,
  pixelRepresentation: 0 | 1 = 0,
): PixelDescription => ({
  rows,
  columns,
  bitsAllocated,
  bitsStored: bitsAllocated,
  highBit: bitsAllocated - 1,
  pixelRepresentation,
  samplesPerPixel,
  photometricInterpretation: samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2',
  planarConfiguration: 0,
});

/** PS3.5 G.5 header: segment count and offsets, each segment padded to even length. */
function rleFrame(segments: number[][]): Uint8Array {
  const header = new DataView(new ArrayBuffer(64));
  header.setUint32(0, segments.length, true);
  let offset = 64;
  const padded = segments.map((s) => (s.length % 2 === 0 ? s : [...s, 0]));
  padded.forEach((segment, i) => {
    header.setUint32(4 + i * 4, offset, true);
    offset += segment.length;
  });
  return Uint8Array.from([...new Uint8Array(header.buffer), ...padded.flat()]);
}

/** A PackBits encoder (PS3.5 G.3.1), row by row, for round trips. */
function packBits(bytes: Uint8Array, rowLength: number): number[] {
  const out: number[] = [];
  for (let rowStart = 0; rowStart < bytes.length; rowStart += rowLength) {
    const row = bytes.subarray(rowStart, rowStart + rowLength);
    let i = 0;
    while (i < row.length) {
      let run = 1;
      while (i + run < row.length && run < 128 && row[i + run] === row[i]) run++;
      if (run >= 2) {
        out.push(257 - run, row[i] ?? 0);
        i += run;
        continue;
      }
      let literal = 1;
      while (i + literal < row.length && literal < 128 && row[i + literal] !== row[i + literal + 1]) literal++;
      out.push(literal - 1, ...row.subarray(i, i + literal));
      i += literal;
    }
  }
  return out;
}

/** Splits native little-endian samples into RLE byte planes, most significant byte first (G.2). */
function encodeRle(native: Uint8Array, desc: PixelDescription): Uint8Array {
  const sampleBytes = desc.bitsAllocated / 8;
  const pixels = desc.rows * desc.columns;
  const segments: number[][] = [];
  for (let s = 0; s < desc.samplesPerPixel; s++) {
    for (let b = sampleBytes - 1; b >= 0; b--) {
      const plane = new Uint8Array(pixels);
      for (let p = 0; p < pixels; p++) plane[p] = native[(p * desc.samplesPerPixel + s) * sampleBytes + b] ?? 0;
      segments.push(packBits(plane, desc.columns));
    }
  }
  return rleFrame(segments);
}

/** Deterministic bytes with runs and noise (a linear congruential generator, seed given). */
function seededBytes(length: number, seed: number): Uint8Array {
  let state = seed;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = state % 3 === 0 ? (out[i - 1] ?? 0) : state >>> 24;
  }
  return out;
}

describe('decodeRle', () => {
  it('decodes literal, replicate and no-op runs by hand', () => {
    // 2x4, 8-bit: [2 literal bytes 5 6], [replicate 9 three times], [-128 no-op], [literal 1 byte 7],
    // then replicate 4 twice.
    const segment = [0x01, 5, 6, 0xfe, 9, 0x80, 0x00, 7, 0xff, 4];
    expect([...decodeRle(rleFrame([segment]), image(2, 4, 8, 1))]).toEqual([5, 6, 9, 9, 9, 7, 4, 4]);
  });

  it('puts the first segment in the high byte of 16-bit samples', () => {
    // samples 0x0102, 0xfffe: high bytes [01 ff], low bytes [02 fe]
    const frame = rleFrame([
      [0x01, 0x01, 0xff],
      [0x01, 0x02, 0xfe],
    ]);
    expect([...decodeRle(frame, image(1, 2, 16, 1, 1))]).toEqual([0x02, 0x01, 0xfe, 0xff]);
  });

  it('interleaves RGB segments', () => {
    const frame = rleFrame([[0xff, 10], [0xff, 20], [0xff, 30]]);
    expect([...decodeRle(frame, image(1, 2, 8, 3))]).toEqual([10, 20, 30, 10, 20, 30]);
  });

  it('round trips seeded 8-bit, 16-bit and RGB frames', () => {
    const cases = [image(7, 13, 8, 1), image(9, 300, 16, 1, 1), image(5, 11, 8, 3), image(3, 4, 16, 3)];
    cases.forEach((desc, seed) => {
      const native = seededBytes(desc.rows * desc.columns * desc.samplesPerPixel * (desc.bitsAllocated / 8), seed + 1);
      expect(decodeRle(encodeRle(native, desc), desc)).toEqual(native);
    });
  });

  it('refuses a header whose segment count does not fit the image', () => {
    const frame = rleFrame([[0xff, 1]]);
    expect(() => decodeRle(frame, image(1, 2, 16, 1))).toThrow(/declares 1 segments; .* need 2/);
  });

  it('refuses a segment that runs short', () => {
    const frame = rleFrame([[0x01, 1, 2]]);
    try {
      decodeRle(frame, image(2, 2, 8, 1));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).message).toBe('RLE segment 1 decodes to 2 bytes, expected 4');
    }
  });

  it('refuses a frame shorter than the header', () => {
    expect(() => decodeRle(new Uint8Array(10), image(1, 1, 8, 1))).toThrow(/shorter than its 64-byte header/);
  });
});
