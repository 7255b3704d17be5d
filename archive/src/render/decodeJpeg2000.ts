import type { PixelDescription } from './PixelDescription.js';
import { toNativeSamples } from './toNativeSamples.js';
import { wasmDecoder, type WasmDecoder } from './wasmDecoder.js';

const CODEC = 'JPEG 2000';
const decode = wasmDecoder<WasmDecoder>(CODEC, '@cornerstonejs/codec-openjpeg/decodewasmjs', 'J2KDecoder');

/**
 * Decodes JPEG 2000 frames (1.2.840.10008.1.2.4.90/91) with OpenJPEG. The decoder
 * undoes the multi-component transform, so YBR_RCT / YBR_ICT frames come out as RGB,
 * and it extends signed samples itself.
 */
export async function decodeJpeg2000(frame: Uint8Array, image: PixelDescription): Promise<Uint8Array> {
  const { info, pixels } = await decode(frame);
  return toNativeSamples(
    CODEC,
    {
      pixels,
      width: info.width,
      height: info.height,
      components: info.componentCount,
      bytesPerSample: info.bitsPerSample <= 8 ? 1 : 2,
    },
    image,
  );
}
