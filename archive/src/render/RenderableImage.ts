import type { PixelDescription } from './PixelDescription.js';

/** VOILUTFunction (0028,1056) defined terms, PS3.3 C.11.2.1.3. */
export const VOI_LUT_FUNCTIONS = ['LINEAR', 'LINEAR_EXACT', 'SIGMOID'] as const;
export type VoiLutFunction = (typeof VOI_LUT_FUNCTIONS)[number];

/**
 * What rendering one frame to 8 bits needs beyond the pixel description: the Modality
 * LUT as a linear rescale (PS3.3 C.11.1) and the first VOI window (PS3.3 C.11.2).
 */
export interface RenderableImage extends PixelDescription {
  /** RescaleSlope (0028,1053); 1 when absent. */
  readonly rescaleSlope: number;
  /** RescaleIntercept (0028,1052); 0 when absent. */
  readonly rescaleIntercept: number;
  /** First value of WindowCenter (0028,1050), in modality units. */
  readonly windowCenter?: number | undefined;
  /** First value of WindowWidth (0028,1051), in modality units. */
  readonly windowWidth?: number | undefined;
  /** VOILUTFunction (0028,1056); LINEAR when absent. */
  readonly voiLutFunction?: VoiLutFunction | undefined;
}

export function isVoiLutFunction(value: string): value is VoiLutFunction {
  return (VOI_LUT_FUNCTIONS as readonly string[]).includes(value);
}
