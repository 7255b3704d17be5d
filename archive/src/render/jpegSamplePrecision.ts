/**
 * Sample precision (P) from the first start-of-frame marker of a JPEG bitstream
 * (ITU-T T.81 B.2.2), or undefined when no frame header is found. DICOM's JPEG
 * Extended syntax (1.2.840.10008.1.2.4.51) carries 8- or 12-bit precision; only the
 * bitstream says which.
 */
export function jpegSamplePrecision(bitstream: Uint8Array): number | undefined {
  if (bitstream[0] !== 0xff || bitstream[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 4 < bitstream.length) {
    if (bitstream[at] !== 0xff) return undefined;
    const marker = bitstream[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (isStartOfFrame(marker)) return bitstream[at + 4];
    const length = ((bitstream[at + 2] ?? 0) << 8) | (bitstream[at + 3] ?? 0);
    at += 2 + length;
  }
  return undefined;
}

/** SOF0-SOF15, leaving out DHT (C4), JPG (C8) and DAC (CC). */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}
