import type { PixelDescription } from './PixelDescription.js';
import { toNativeSamples } from './toNativeSamples.js';
import { wasmDecoder, type WasmDecoder } from './wasmDecoder.js';

interface JpegLsDecoder extends WasmDecoder {
  /** 0 none (colour-by-plane), 1 line, 2 sample (ISO/IEC 14495-1 ILV). */
  getInterleaveMode(): number;
}

const CODEC = 'JPEG-LS';
const decode = wasmDecoder(CODEC, '@cornerstonejs/codec-charls/decodewasmjs', 'JpegLSDecoder', (d: JpegLsDecoder) =>
  d.getInterleaveMode(),
);

/**
 * Decodes JPEG-LS lossless and near-lossless frames (1.2.840.10008.1.2.4.80/81) with
 * CharLS. A frame coded with interleave mode "none" comes out colour-by-plane and is
 * reordered to colour-by-pixel.
 */
export async function decodeJpegLs(frame: Uint8Array, image: PixelDescription): Promise<Uint8Array> {
  const { info, pixels, extra: interleaveMode } = await decode(frame);
  return toNativeSamples(
    CODEC,
    {
      pixels,
      width: info.width,
      height: info.height,
      components: info.componentCount,
      bytesPerSample: info.bitsPerSample <= 8 ? 1 : 2,
      planar: interleaveMode === 0,
    },
    image,
  );
}
