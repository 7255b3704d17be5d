import { AppError } from '@consilium/shared';
import type { PixelDescription } from './PixelDescription.js';
import { jpegSamplePrecision } from './jpegSamplePrecision.js';
import { toNativeSamples } from './toNativeSamples.js';
import { wasmDecoder, type WasmDecoder } from './wasmDecoder.js';

const CODEC = 'JPEG baseline';
const decode = wasmDecoder<WasmDecoder>(CODEC, '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs', 'JPEGDecoder');

/**
 * Decodes JPEG Baseline (Process 1) and 8-bit JPEG Extended (Process 2 & 4) frames with
 * libjpeg-turbo. libjpeg converts three-component YCbCr (DICOM YBR_FULL_422 / YBR_FULL)
 * to RGB as it decodes, so colour output is RGB. 12-bit JPEG Extended is refused: the
 * installed codec is libjpeg-turbo's 8-bit build.
 */
export async function decodeJpegBaseline(frame: Uint8Array, image: PixelDescription): Promise<Uint8Array> {
  const precision = jpegSamplePrecision(frame);
  if (precision !== undefined && precision > 8) {
    throw new AppError(
      'UnsupportedTransferSyntax',
      `JPEG with ${precision}-bit sample precision cannot be decoded: the installed libjpeg-turbo codec handles 8 bits only`,
    );
  }
  const { info, pixels } = await decode(frame);
  return toNativeSamples(
    CODEC,
    { pixels, width: info.width, height: info.height, components: info.componentCount, bytesPerSample: 1 },
    image,
  );
}
