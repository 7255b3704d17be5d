import { cache, metaData } from '@cornerstonejs/core';
import type { MeasurementStats } from '../logic/measurementText';

interface ImagePlane {
  imagePositionPatient?: number[];
  rowCosines?: number[];
  columnCosines?: number[];
  rowPixelSpacing?: number;
  columnPixelSpacing?: number;
}

interface ProbeData {
  handles?: { points?: number[][] };
  cachedStats?: Record<string, MeasurementStats>;
}

const TARGET_PREFIX = 'imageId:';

/**
 * Cornerstone 5.14's ProbeTool samples a stack image at k = the stack index,
 * outside the single-slice image data, so on a stack it finds no value except
 * on the first image. This fills in the value at the probe's point from the
 * cached image (in the modality unit: images are cached pre-scaled, otherwise
 * the Modality LUT of PS3.3 C.11.1 is applied here).
 */
export function completeProbeStats(data: ProbeData, targetId: string): MeasurementStats | undefined {
  const stats = data.cachedStats?.[targetId];
  if (typeof stats?.value === 'number' && Number.isFinite(stats.value)) return stats;
  const point = data.handles?.points?.[0];
  if (!point || !targetId.startsWith(TARGET_PREFIX)) return stats;
  const imageId = targetId.slice(TARGET_PREFIX.length);
  const value = stackProbeValue(imageId, point);
  if (value === undefined) return stats;
  const modality = (metaData.get('generalSeriesModule', imageId) as { modality?: string } | undefined)?.modality;
  const completed: MeasurementStats = { ...stats, value, modalityUnit: modality === 'CT' ? 'HU' : '' };
  data.cachedStats = { ...data.cachedStats, [targetId]: completed };
  return completed;
}

/** The modality value of the cached image `imageId` at a patient point (mm), or undefined outside it. */
export function stackProbeValue(imageId: string, world: readonly number[]): number | undefined {
  const image = cache.getImage(imageId);
  const plane = metaData.get('imagePlaneModule', imageId) as ImagePlane | undefined;
  const { imagePositionPatient: origin, rowCosines: row, columnCosines: column, rowPixelSpacing, columnPixelSpacing } = plane ?? {};
  if (!image || !origin || !row || !column || !rowPixelSpacing || !columnPixelSpacing) return undefined;
  const d = [0, 1, 2].map((i) => (world[i] ?? 0) - (origin[i] ?? 0));
  const dot = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + v * (b[i] ?? 0), 0);
  const i = Math.round(dot(d, row) / columnPixelSpacing);
  const j = Math.round(dot(d, column) / rowPixelSpacing);
  if (i < 0 || j < 0 || i >= image.columns || j >= image.rows) return undefined;
  const raw = image.getPixelData()[j * image.columns + i];
  if (raw === undefined) return undefined;
  return image.preScale?.scaled ? raw : raw * image.slope + image.intercept;
}
