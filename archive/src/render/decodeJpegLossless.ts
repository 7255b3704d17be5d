import { createRequire } from 'node:module';
import { AppError } from '@consilium/shared';
import { bytesPerSample, type PixelDescription } from './PixelDescription.js';
import { toNativeSamples } from './toNativeSamples.js';

/** The part of jpeg-lossless-decoder-js' Decoder used here (the package ships no types). */
interface LosslessDecoder {
  decode(buffer: ArrayBufferLike, offset: number, length: number, numBytes: number): Uint8Array | Uint16Array;
  readonly xDim: number;
  readonly yDim: number;
  readonly numComp: number;
}

const CODEC = 'JPEG lossless';
const require = createRequire(import.meta.url);
let Decoder: (new () => LosslessDecoder) | undefined;

/**
 * Decodes JPEG Lossless, Non-Hierarchical (Process 14) frames, any predictor
 * (1.2.840.10008.1.2.4.57) or predictor 1 (…4.70), with jpeg-lossless-decoder-js.
 * The library writes three-component data interleaved for 8-bit samples only.
 */
export async function decodeJpegLossless(frame: Uint8Array, image: PixelDescription): Promise<Uint8Array> {
  const sampleBytes = bytesPerSample(image);
  if (sampleBytes > 2 || (image.samplesPerPixel > 1 && sampleBytes > 1)) {
    throw new AppError(
      'UnsupportedTransferSyntax',
      `JPEG lossless with ${image.samplesPerPixel} sample(s) of ${image.bitsAllocated} bits is not supported`,
    );
  }
  Decoder ??= (require('jpeg-lossless-decoder-js') as { Decoder: new () => LosslessDecoder }).Decoder;
  // A Decoder carries per-stream state (Huffman tables, restart interval): one per frame.
  const decoder = new Decoder();
  let decoded: Uint8Array | Uint16Array;
  try {
    decoded = decoder.decode(frame.buffer, frame.byteOffset, frame.length, sampleBytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('ProcessingFailure', `${CODEC}: cannot decode frame (${reason})`, { cause: error });
  }
  return toNativeSamples(
    CODEC,
    {
      pixels: new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength),
      width: decoder.xDim,
      height: decoder.yDim,
      components: decoder.numComp,
      bytesPerSample: sampleBytes,
    },
    image,
  );
}
