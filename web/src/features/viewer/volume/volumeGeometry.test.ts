import { describe, expect, it } from 'vitest';
import { checkVolumeGeometry, describeVolumeProblem, type ImagePlane } from './volumeGeometry';

const AXIAL = [1, 0, 0, 0, 1, 0];
const slice = (z: number, overrides: Partial<ImagePlane> = {}): ImagePlane => ({
  imagePositionPatient: [-179, -179, z],
  imageOrientationPatient: AXIAL,
  rows: 512,
  columns: 512,
  ...overrides,
});

describe('checkVolumeGeometry', () => {
  it('orders cranio-caudal slices along the normal and measures their spacing', () => {
    const result = checkVolumeGeometry([slice(2.5), slice(0), slice(1.25), slice(-1.25)]);
    expect(result).toEqual({ ok: true, value: { order: [3, 1, 2, 0], spacingMm: 1.25 } });
  });

  it('accepts positions rounded to 0.01 mm', () => {
    const result = checkVolumeGeometry([slice(0), slice(1.25), slice(2.49), slice(3.75)]);
    expect(result.ok).toBe(true);
  });

  it('refuses a single image and two images', () => {
    expect(checkVolumeGeometry([slice(0)])).toEqual({ ok: false, error: { kind: 'too-few-images', count: 1 } });
    expect(checkVolumeGeometry([slice(0), slice(1)]).ok).toBe(false);
  });

  it('refuses a gap in the slices', () => {
    const result = checkVolumeGeometry([slice(0), slice(1.25), slice(2.5), slice(5)]);
    expect(result).toEqual({ ok: false, error: { kind: 'non-uniform-spacing', minMm: 1.25, maxMm: 2.5 } });
  });

  it('refuses mixed orientations, sizes, duplicates and missing positions', () => {
    expect(checkVolumeGeometry([slice(0), slice(1, { imageOrientationPatient: [0, 1, 0, 0, 0, -1] }), slice(2)])).toMatchObject({
      error: { kind: 'mixed-orientation', index: 1 },
    });
    expect(checkVolumeGeometry([slice(0), slice(1), slice(2, { rows: 256 })])).toMatchObject({ error: { kind: 'mixed-size', index: 2 } });
    expect(checkVolumeGeometry([slice(0), slice(0), slice(1)])).toMatchObject({ error: { kind: 'coincident-slices' } });
    expect(checkVolumeGeometry([slice(0), undefined, slice(1)])).toMatchObject({ error: { kind: 'missing-geometry', index: 1 } });
  });

  it('orders along the normal of sagittal slices (−x for rows along y, columns down)', () => {
    const sagittal = [0, 1, 0, 0, 0, -1];
    const planes = [3, 1, 2].map((x) => slice(0, { imagePositionPatient: [x, 0, 0], imageOrientationPatient: sagittal }));
    expect(checkVolumeGeometry(planes)).toEqual({ ok: true, value: { order: [0, 2, 1], spacingMm: 1 } });
  });
});

describe('describeVolumeProblem', () => {
  it('names the count and the spacing range', () => {
    expect(describeVolumeProblem({ kind: 'too-few-images', count: 1 })).toContain('1 image;');
    expect(describeVolumeProblem({ kind: 'non-uniform-spacing', minMm: 1.25, maxMm: 2.5 })).toContain('1.25 to 2.50 mm');
  });
});
