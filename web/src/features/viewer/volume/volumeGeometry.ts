import { err, ok, type Result } from '@consilium/shared';

/** The Image Plane Module attributes (PS3.3 C.7.6.2) a volume is built from. */
export interface ImagePlane {
  imagePositionPatient: readonly number[];
  imageOrientationPatient: readonly number[];
  rows: number;
  columns: number;
}

/** Why a series cannot form a volume, as the viewer tells the user. */
export type VolumeGeometryProblem =
  | { kind: 'too-few-images'; count: number }
  | { kind: 'missing-geometry'; index: number }
  | { kind: 'mixed-orientation'; index: number }
  | { kind: 'mixed-size'; index: number }
  | { kind: 'coincident-slices' }
  | { kind: 'non-uniform-spacing'; minMm: number; maxMm: number };

export interface VolumeGeometry {
  /** Indexes into the input, ordered along the slice normal. */
  order: number[];
  spacingMm: number;
}

/** A volume needs at least this many slices; fewer make no sagittal or coronal plane worth showing. */
export const MIN_VOLUME_SLICES = 3;

/**
 * Relative deviation of a gap from the mean gap that still counts as uniform. Scanners
 * write positions as decimal strings (DS, PS3.5 6.2) rounded to ~0.01 mm, and
 * Cornerstone's streaming loader assumes one spacing for the whole volume.
 */
const SPACING_TOLERANCE = 0.05;
const ORIENTATION_TOLERANCE = 1e-3;

/**
 * Checks that images form one regular grid — same orientation and size, distinct
 * positions at one spacing along the normal of the image plane (the cross product
 * of the row and column direction cosines, PS3.3 C.7.6.2.1.1) — and returns their
 * order along that normal.
 */
export function checkVolumeGeometry(planes: readonly (ImagePlane | undefined)[]): Result<VolumeGeometry, VolumeGeometryProblem> {
  if (planes.length < MIN_VOLUME_SLICES) return err({ kind: 'too-few-images', count: planes.length });
  const first = planes[0];
  if (!isComplete(first)) return err({ kind: 'missing-geometry', index: 0 });
  const normal = sliceNormal(first.imageOrientationPatient);
  const distances: { index: number; distance: number }[] = [];
  for (const [index, plane] of planes.entries()) {
    if (!isComplete(plane)) return err({ kind: 'missing-geometry', index });
    if (plane.imageOrientationPatient.some((c, i) => Math.abs(c - (first.imageOrientationPatient[i] ?? NaN)) > ORIENTATION_TOLERANCE)) {
      return err({ kind: 'mixed-orientation', index });
    }
    if (plane.rows !== first.rows || plane.columns !== first.columns) return err({ kind: 'mixed-size', index });
    distances.push({ index, distance: dot(plane.imagePositionPatient, normal) });
  }
  distances.sort((a, b) => a.distance - b.distance);
  const gaps = distances.slice(1).map((d, i) => d.distance - (distances[i]?.distance ?? 0));
  const mean = gaps.reduce((sum, g) => sum + g, 0) / gaps.length;
  if (mean <= 0 || gaps.some((g) => g <= 0)) return err({ kind: 'coincident-slices' });
  const minMm = Math.min(...gaps);
  const maxMm = Math.max(...gaps);
  if ((maxMm - minMm) / mean > SPACING_TOLERANCE) return err({ kind: 'non-uniform-spacing', minMm, maxMm });
  return ok({ order: distances.map((d) => d.index), spacingMm: mean });
}

/** The sentence the viewer shows for a problem. */
export function describeVolumeProblem(problem: VolumeGeometryProblem): string {
  switch (problem.kind) {
    case 'too-few-images':
      return `This series has ${problem.count} image${problem.count === 1 ? '' : 's'}; MPR and 3D need at least ${MIN_VOLUME_SLICES} parallel slices.`;
    case 'missing-geometry':
      return `Image ${problem.index + 1} has no position or orientation, so the series cannot form a volume.`;
    case 'mixed-orientation':
      return `Image ${problem.index + 1} is oriented differently from the first; the series cannot form a volume.`;
    case 'mixed-size':
      return `Image ${problem.index + 1} has a different matrix size from the first; the series cannot form a volume.`;
    case 'coincident-slices':
      return 'Several images share one position; the series cannot form a volume.';
    case 'non-uniform-spacing':
      return `Slice spacing varies from ${problem.minMm.toFixed(2)} to ${problem.maxMm.toFixed(2)} mm; MPR and 3D need evenly spaced slices.`;
    default:
      return exhaustive(problem);
  }
}

function exhaustive(value: never): never {
  throw new Error(`unhandled volume problem ${JSON.stringify(value)}`);
}

function isComplete(plane: ImagePlane | undefined): plane is ImagePlane {
  return !!plane && plane.imagePositionPatient.length === 3 && plane.imageOrientationPatient.length === 6 && plane.rows > 0 && plane.columns > 0;
}

function sliceNormal(iop: readonly number[]): [number, number, number] {
  const [rx = 0, ry = 0, rz = 0, cx = 0, cy = 0, cz = 0] = iop;
  return [ry * cz - rz * cy, rz * cx - rx * cz, rx * cy - ry * cx];
}

function dot(a: readonly number[], b: readonly number[]): number {
  return (a[0] ?? 0) * (b[0] ?? 0) + (a[1] ?? 0) * (b[1] ?? 0) + (a[2] ?? 0) * (b[2] ?? 0);
}
