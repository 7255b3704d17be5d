/**
 * The Image Pixel Module attributes (PS3.3 C.7.6.3) a decoder and a renderer need
 * to interpret one frame. Values are the data set's own; `pixelDescriptionFromDataset`
 * fills the defaults PS3.3 implies when an optional attribute is absent.
 */
export interface PixelDescription {
  /** Rows (0028,0010). */
  readonly rows: number;
  /** Columns (0028,0011). */
  readonly columns: number;
  /** BitsAllocated (0028,0100): 1, 8, 16 or 32 for integer pixel data. */
  readonly bitsAllocated: number;
  /** BitsStored (0028,0101). */
  readonly bitsStored: number;
  /** HighBit (0028,0102); PS3.5 8.1.1 places the stored bits ending at this bit. */
  readonly highBit: number;
  /** PixelRepresentation (0028,0103): 0 unsigned, 1 two's complement. */
  readonly pixelRepresentation: 0 | 1;
  /** SamplesPerPixel (0028,0002). */
  readonly samplesPerPixel: number;
  /** PhotometricInterpretation (0028,0004), e.g. MONOCHROME2, RGB, YBR_FULL_422. */
  readonly photometricInterpretation: string;
  /** PlanarConfiguration (0028,0006): 0 interleaved (R1G1B1R2...), 1 by plane (R1R2...G1G2...). */
  readonly planarConfiguration: 0 | 1;
}

/** Bytes one sample occupies in a native frame (BitsAllocated rounded up to whole bytes). */
export function bytesPerSample(image: PixelDescription): number {
  return Math.ceil(image.bitsAllocated / 8);
}

/**
 * Length in bytes of one native frame. PS3.5 8.1.1: samples are packed, so a 1-bit
 * frame occupies rows*columns/8 bytes rounded up.
 */
export function frameByteLength(image: PixelDescription): number {
  const bits = image.rows * image.columns * image.samplesPerPixel * image.bitsAllocated;
  return Math.ceil(bits / 8);
}
