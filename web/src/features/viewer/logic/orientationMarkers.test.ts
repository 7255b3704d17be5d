import { describe, expect, it } from 'vitest';
import { cross, negate, orientationLabel, orientationMarkersForCamera, type Vec3 } from './orientationMarkers';

/**
 * The camera Cornerstone sets up for an image with ImageOrientationPatient
 * (row, column): screen right along the row, screen down along the column,
 * looking from the side opposite to row × column.
 */
function cameraForImage(iop: readonly number[]): { viewUp: Vec3; viewPlaneNormal: Vec3 } {
  const row: Vec3 = [iop[0] ?? 0, iop[1] ?? 0, iop[2] ?? 0];
  const column: Vec3 = [iop[3] ?? 0, iop[4] ?? 0, iop[5] ?? 0];
  return { viewUp: negate(column), viewPlaneNormal: negate(cross(row, column)) };
}

/** Rotating the view 90° clockwise turns viewUp towards the old screen right... rotated about the normal. */
function rotateClockwise90({ viewUp, viewPlaneNormal }: { viewUp: Vec3; viewPlaneNormal: Vec3 }) {
  // The image turns clockwise, so what was at the left edge now is at the top.
  return { viewUp: cross(viewPlaneNormal, viewUp), viewPlaneNormal };
}

/** Cornerstone's horizontal flip looks from the other side: the normal is negated, viewUp kept. */
function flipHorizontal({ viewUp, viewPlaneNormal }: { viewUp: Vec3; viewPlaneNormal: Vec3 }) {
  return { viewUp, viewPlaneNormal: negate(viewPlaneNormal) };
}

/** Cornerstone's vertical flip negates both viewUp and the normal. */
function flipVertical({ viewUp, viewPlaneNormal }: { viewUp: Vec3; viewPlaneNormal: Vec3 }) {
  return { viewUp: negate(viewUp), viewPlaneNormal: negate(viewPlaneNormal) };
}

function markers(camera: { viewUp: Vec3; viewPlaneNormal: Vec3 }) {
  return orientationMarkersForCamera(camera.viewUp, camera.viewPlaneNormal);
}

const AXIAL = [1, 0, 0, 0, 1, 0];
const CORONAL = [1, 0, 0, 0, 0, -1];
const SAGITTAL = [0, 1, 0, 0, 0, -1];

describe('orientationLabel', () => {
  it('names each axis direction', () => {
    expect([[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]].map((v) => orientationLabel(v as unknown as Vec3))).toEqual([
      'L', 'R', 'P', 'A', 'H', 'F',
    ]);
  });

  it('names an oblique direction strongest first and drops small components', () => {
    expect(orientationLabel([0, 0.866, 0.5])).toBe('PH');
    expect(orientationLabel([0, 0.99096, 0.134158])).toBe('P');
    expect(orientationLabel([-0.6, 0.1, -0.8])).toBe('FR');
  });
});

describe('orientation markers of an image', () => {
  it('puts anterior on top and patient left on the right of an axial image (radiological view)', () => {
    expect(markers(cameraForImage(AXIAL))).toEqual({ top: 'A', bottom: 'P', left: 'R', right: 'L' });
  });

  it('labels coronal and sagittal images', () => {
    expect(markers(cameraForImage(CORONAL))).toEqual({ top: 'H', bottom: 'F', left: 'R', right: 'L' });
    expect(markers(cameraForImage(SAGITTAL))).toEqual({ top: 'H', bottom: 'F', left: 'A', right: 'P' });
  });

  it('follows a 90° clockwise rotation: anterior moves to the right edge', () => {
    expect(markers(rotateClockwise90(cameraForImage(AXIAL)))).toEqual({ top: 'R', bottom: 'L', left: 'P', right: 'A' });
  });

  it('follows horizontal and vertical flips', () => {
    expect(markers(flipHorizontal(cameraForImage(AXIAL)))).toEqual({ top: 'A', bottom: 'P', left: 'L', right: 'R' });
    expect(markers(flipVertical(cameraForImage(AXIAL)))).toEqual({ top: 'P', bottom: 'A', left: 'R', right: 'L' });
  });

  it('follows rotation after a flip', () => {
    expect(markers(rotateClockwise90(flipHorizontal(cameraForImage(AXIAL))))).toEqual({ top: 'L', bottom: 'R', left: 'P', right: 'A' });
  });
});
