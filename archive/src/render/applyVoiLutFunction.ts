import { assertNever } from '@consilium/shared';
import type { VoiLutFunction } from './RenderableImage.js';

/** A VOI window in modality units: Window Center (c), Window Width (w), function. */
export interface VoiWindow {
  readonly center: number;
  readonly width: number;
  /** LINEAR when absent (PS3.3 C.11.2.1.3). */
  readonly function?: VoiLutFunction | undefined;
}

/**
 * Maps one modality value x to the output range [yMin, yMax] as PS3.3 C.11.2.1.2 says
 * (the result is not rounded):
 *
 * LINEAR (C.11.2.1.2.1), w >= 1:
 *   x <= c - 0.5 - (w-1)/2  -> yMin
 *   x >  c - 0.5 + (w-1)/2  -> yMax
 *   else y = ((x - (c - 0.5)) / (w-1) + 0.5) * (yMax - yMin) + yMin
 *
 * LINEAR_EXACT (C.11.2.1.3.2), w > 0:
 *   x <= c - w/2 -> yMin;  x > c + w/2 -> yMax;  else y = ((x - c) / w + 0.5) * (yMax - yMin) + yMin
 *
 * SIGMOID (C.11.2.1.3.1), w > 0:
 *   y = (yMax - yMin) / (1 + exp(-4 (x - c) / w)) + yMin
 */
export function applyVoiLutFunction(x: number, window: VoiWindow, yMin = 0, yMax = 255): number {
  const { center: c, width: w } = window;
  const fn = window.function ?? 'LINEAR';
  switch (fn) {
    case 'LINEAR': {
      if (x <= c - 0.5 - (w - 1) / 2) return yMin;
      if (x > c - 0.5 + (w - 1) / 2) return yMax;
      // Only reachable for w > 1: with w = 1 the two tests above cover every x.
      return ((x - (c - 0.5)) / (w - 1) + 0.5) * (yMax - yMin) + yMin;
    }
    case 'LINEAR_EXACT': {
      if (x <= c - w / 2) return yMin;
      if (x > c + w / 2) return yMax;
      return ((x - c) / w + 0.5) * (yMax - yMin) + yMin;
    }
    case 'SIGMOID':
      return (yMax - yMin) / (1 + Math.exp((-4 * (x - c)) / w)) + yMin;
    default:
      return assertNever(fn);
  }
}
