/**
 * A scale bar of a "round" length (1, 2 or 5 × 10ⁿ mm) as long as fits, so the
 * reader can judge sizes at any zoom.
 */
export interface ScaleBar {
  lengthMm: number;
  lengthPx: number;
  label: string;
}

const MANTISSAS = [5, 2, 1] as const;

/**
 * The longest round length whose bar is at most `maxLengthPx` long, given the
 * size of one screen pixel in mm; undefined when even 0.1 mm does not fit or the
 * scale is unknown.
 */
export function chooseScaleBar(mmPerPixel: number, maxLengthPx: number): ScaleBar | undefined {
  if (!(mmPerPixel > 0) || !(maxLengthPx > 0) || !Number.isFinite(mmPerPixel)) return undefined;
  const maxMm = maxLengthPx * mmPerPixel;
  for (let exponent = Math.floor(Math.log10(maxMm)); exponent >= -1; exponent--) {
    for (const mantissa of MANTISSAS) {
      const lengthMm = mantissa * 10 ** exponent;
      if (lengthMm <= maxMm + 1e-9) return { lengthMm, lengthPx: lengthMm / mmPerPixel, label: formatLength(lengthMm) };
    }
  }
  return undefined;
}

function formatLength(lengthMm: number): string {
  if (lengthMm >= 10) return `${lengthMm / 10} cm`;
  return `${Number(lengthMm.toPrecision(3))} mm`;
}
