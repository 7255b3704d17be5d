/**
 * Reorders a frame stored colour-by-plane (PlanarConfiguration 1: R1R2...G1G2...B1B2...)
 * into colour-by-pixel (PlanarConfiguration 0: R1G1B1R2G2B2...), PS3.3 C.7.6.3.1.3.
 * Samples wider than one byte move as units, so byte order inside a sample is kept.
 */
export function interleavePlanes(
  planes: Uint8Array,
  pixelCount: number,
  samplesPerPixel: number,
  bytesPerSample: number,
): Uint8Array {
  const out = new Uint8Array(pixelCount * samplesPerPixel * bytesPerSample);
  const planeBytes = pixelCount * bytesPerSample;
  const pixelBytes = samplesPerPixel * bytesPerSample;
  for (let s = 0; s < samplesPerPixel; s++) {
    for (let p = 0; p < pixelCount; p++) {
      const from = s * planeBytes + p * bytesPerSample;
      const to = p * pixelBytes + s * bytesPerSample;
      for (let b = 0; b < bytesPerSample; b++) out[to + b] = planes[from + b] ?? 0;
    }
  }
  return out;
}
