import type { PixelDescription } from './PixelDescription.js';
import { toNativeSamples } from './toNativeSamples.js';
import { wasmDecoder, type WasmDecoder } from './wasmDecoder.js';

const CODEC = 'HTJ2K';
const decode = wasmDecoder<WasmDecoder>(CODEC, '@cornerstonejs/codec-openjph/wasmjs', 'HTJ2KDecoder');

/**
 * Decodes High-Throughput JPEG 2000 frames (1.2.840.10008.1.2.4.201/202/203) with
 * OpenJPH. As with JPEG 2000, a colour transform is undone and the output is RGB.
 */
export async function decodeHtj2k(frame: Uint8Array, image: PixelDescription): Promise<Uint8Array> {
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
