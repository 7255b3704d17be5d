/** A world point (mm, patient coordinates). */
export type Vec3 = readonly [number, number, number];

/** The plane a 2D viewport shows: through the camera's focal point, perpendicular to its view direction. */
export interface ViewPlane {
  focalPoint: Vec3;
  viewPlaneNormal: Vec3;
}

/** Distance (mm) of `point` from `plane`; the normal need not be of unit length. */
export function distanceToPlane(point: Vec3, plane: ViewPlane): number {
  const [nx, ny, nz] = plane.viewPlaneNormal;
  const length = Math.hypot(nx, ny, nz);
  if (length === 0) return Number.POSITIVE_INFINITY;
  const [fx, fy, fz] = plane.focalPoint;
  return Math.abs((point[0] - fx) * nx + (point[1] - fy) * ny + (point[2] - fz) * nz) / length;
}

/**
 * How far from a viewport's plane a pointer still counts as "on" the image it
 * shows: half the distance between slices (so exactly one slice of a stack
 * shows it), or half the slab of a thick MPR slab; never below 0.5 mm.
 */
export function sliceToleranceMm(sliceSpacingMm: number | undefined, slabThicknessMm: number | undefined): number {
  const half = (v: number | undefined) => (v !== undefined && Number.isFinite(v) && v > 0 ? v / 2 : 0);
  return Math.max(0.5, half(sliceSpacingMm), half(slabThicknessMm));
}

/** Whether a canvas position (CSS pixels) falls on a canvas of the given size. */
export function insideCanvas(position: readonly [number, number], width: number, height: number): boolean {
  const [x, y] = position;
  return x >= 0 && y >= 0 && x <= width && y <= height;
}
