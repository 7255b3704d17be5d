/**
 * Orientation markers (the patient direction at each edge of a viewport) from
 * the camera, so rotation, flips and MPR planes all come out right without
 * tracking how the view got there. Directions are DICOM patient coordinates
 * (LPS, PS3.3 C.7.6.2.1.1): +x patient left, +y posterior, +z head.
 */
export type Vec3 = readonly [number, number, number];

export interface OrientationMarkers {
  top: string;
  bottom: string;
  left: string;
  right: string;
}

/** The patient directions that point to screen right and screen down. */
export interface ScreenAxes {
  right: Vec3;
  down: Vec3;
}

/** A direction component below this (|cos| < 0.25, i.e. more than ~75° off the axis) is not named. */
const SECONDARY_LETTER_MIN = 0.25;
const MAX_LETTERS = 2;

const AXIS_LETTERS: readonly (readonly [positive: string, negative: string])[] = [
  ['L', 'R'],
  ['P', 'A'],
  ['H', 'F'],
];

/**
 * The direction as patient-orientation letters, strongest first: `[1,0,0]` → "L",
 * a 30° oblique `[0, 0.87, 0.5]` → "PH".
 */
export function orientationLabel(direction: Vec3): string {
  const parts = direction
    .map((component, axis) => ({ component, axis }))
    .filter(({ component }) => Math.abs(component) >= SECONDARY_LETTER_MIN)
    .sort((a, b) => Math.abs(b.component) - Math.abs(a.component))
    .slice(0, MAX_LETTERS);
  return parts.map(({ component, axis }) => AXIS_LETTERS[axis]?.[component > 0 ? 0 : 1] ?? '').join('');
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function negate(a: Vec3): Vec3 {
  return [-a[0], -a[1], -a[2]];
}

/**
 * Screen axes of a Cornerstone/vtk camera: it looks along −viewPlaneNormal with
 * `viewUp` pointing to the top of the screen, so right = viewUp × viewPlaneNormal.
 */
export function screenAxesFromCamera(viewUp: Vec3, viewPlaneNormal: Vec3): ScreenAxes {
  return { right: cross(viewUp, viewPlaneNormal), down: negate(viewUp) };
}

/** Labels of the four edges of a view with the given screen axes. */
export function markersFromScreenAxes({ right, down }: ScreenAxes): OrientationMarkers {
  return {
    right: orientationLabel(right),
    left: orientationLabel(negate(right)),
    bottom: orientationLabel(down),
    top: orientationLabel(negate(down)),
  };
}

/** The markers of a camera; the one call the overlay makes. */
export function orientationMarkersForCamera(viewUp: Vec3, viewPlaneNormal: Vec3): OrientationMarkers {
  return markersFromScreenAxes(screenAxesFromCamera(viewUp, viewPlaneNormal));
}
