import { applyVoiLutFunction, type VoiWindow } from './applyVoiLutFunction.js';

/** The Modality LUT as a linear rescale, PS3.3 C.11.1.1.2: x = stored * slope + intercept. */
export interface Rescale {
  readonly slope: number;
  readonly intercept: number;
}

const MAX_LUT_ENTRIES = 1 << 16;

/**
 * Stored values to 8-bit display values: Modality LUT (rescale), then the VOI function,
 * rounded, then inverted for MONOCHROME1 (PS3.3 C.7.6.3.1.2: minimum sample value is
 * white). Stored values of at most 16 bits go through a table, so SIGMOID costs one
 * exp per distinct value.
 */
export function windowTo8Bit(stored: Float64Array, rescale: Rescale, window: VoiWindow, invert: boolean): Uint8Array {
  const safe = saneWindow(window);
  const toDisplay = (value: number): number => {
    const y = Math.round(applyVoiLutFunction(value * rescale.slope + rescale.intercept, safe));
    return invert ? 255 - y : y;
  };
  const out = new Uint8Array(stored.length);
  const { min, max } = valueRange(stored);
  if (max - min < MAX_LUT_ENTRIES) {
    const lut = new Uint8Array(max - min + 1);
    for (let v = min; v <= max; v++) lut[v - min] = toDisplay(v);
    for (let i = 0; i < stored.length; i++) out[i] = lut[(stored[i] ?? min) - min] ?? 0;
  } else {
    for (let i = 0; i < stored.length; i++) out[i] = toDisplay(stored[i] ?? 0);
  }
  return out;
}

/**
 * The window used when neither the request nor the data set gives one: the range of
 * modality values in the frame, mapped exactly onto 0..255 (LINEAR_EXACT).
 */
export function fullRangeWindow(stored: Float64Array, rescale: Rescale): VoiWindow {
  const { min, max } = valueRange(stored);
  const a = min * rescale.slope + rescale.intercept;
  const b = max * rescale.slope + rescale.intercept;
  const low = Math.min(a, b);
  const high = Math.max(a, b);
  return { center: (low + high) / 2, width: Math.max(high - low, Number.EPSILON), function: 'LINEAR_EXACT' };
}

function valueRange(values: Float64Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return values.length === 0 ? { min: 0, max: 0 } : { min, max };
}

/** PS3.3 C.11.2.1.2.1: a LINEAR window is at least 1 wide; narrower data is read as 1. */
function saneWindow(window: VoiWindow): VoiWindow {
  const fn = window.function ?? 'LINEAR';
  return fn === 'LINEAR' && window.width < 1 ? { ...window, width: 1 } : window;
}
