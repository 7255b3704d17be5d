import { describe, expect, it } from 'vitest';
import { distanceToPlane, insideCanvas, sliceToleranceMm } from './pointerPlacement';

describe('distanceToPlane', () => {
  it('measures along the normal, whatever its length', () => {
    const axial = { focalPoint: [0, 0, 10] as const, viewPlaneNormal: [0, 0, -2] as const };
    expect(distanceToPlane([50, -20, 10], axial)).toBe(0);
    expect(distanceToPlane([0, 0, 12.5], axial)).toBeCloseTo(2.5);
    expect(distanceToPlane([0, 0, 7], axial)).toBeCloseTo(3);
  });

  it('works for oblique planes', () => {
    const oblique = { focalPoint: [0, 0, 0] as const, viewPlaneNormal: [1, 1, 0] as const };
    expect(distanceToPlane([1, 1, 5], oblique)).toBeCloseTo(Math.SQRT2);
    expect(distanceToPlane([1, -1, 5], oblique)).toBeCloseTo(0);
  });

  it('places nothing on a degenerate plane', () => {
    expect(distanceToPlane([0, 0, 0], { focalPoint: [0, 0, 0], viewPlaneNormal: [0, 0, 0] })).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('sliceToleranceMm', () => {
  it('is half the slice spacing, or half a thicker slab', () => {
    expect(sliceToleranceMm(1.25, undefined)).toBe(0.625);
    expect(sliceToleranceMm(1.25, 10)).toBe(5);
    expect(sliceToleranceMm(7, 0)).toBe(3.5);
  });

  it('never falls below half a millimetre, even without a spacing', () => {
    expect(sliceToleranceMm(undefined, undefined)).toBe(0.5);
    expect(sliceToleranceMm(0.3, Number.NaN)).toBe(0.5);
  });
});

describe('insideCanvas', () => {
  it('accepts the edges and refuses what lies beyond', () => {
    expect(insideCanvas([0, 0], 100, 50)).toBe(true);
    expect(insideCanvas([100, 50], 100, 50)).toBe(true);
    expect(insideCanvas([-1, 10], 100, 50)).toBe(false);
    expect(insideCanvas([10, 51], 100, 50)).toBe(false);
  });
});
