import { describe, expect, it } from 'vitest';
import { SliceCanvas } from './SliceCanvas.js';

/** 21x21 pixels of 1 mm with (0, 0) at the centre pixel. */
const canvas = (): SliceCanvas => new SliceCanvas(21, 21, 1, -10, -10);
const at = (c: SliceCanvas, x: number, y: number): number => c.hu[(y + 10) * 21 + (x + 10)]!;
const count = (c: SliceCanvas, hu: number): number => c.hu.filter((v) => v === hu).length;

describe('SliceCanvas', () => {
  it('fills the pixels whose centres lie in an ellipse, x along columns and y along rows', () => {
    const c = canvas();
    c.fillEllipse(2, -3, 4, 2, 7);
    expect(at(c, 2, -3)).toBe(7);
    expect(at(c, 6, -3)).toBe(7);
    expect(at(c, 7, -3)).toBe(0);
    expect(at(c, 2, -5)).toBe(7);
    expect(at(c, 2, -6)).toBe(0);
    expect(at(c, -3, 2)).toBe(0);
    expect(count(c, 7)).toBe(1 + 7 + 9 + 7 + 1);
  });

  it('clips shapes at the image border and below yMaxMm', () => {
    const c = canvas();
    c.fillEllipse(10, 0, 3, 3, 1);
    // Only columns x <= 10 exist: rows dy = 0, ±1, ±2, ±3 keep 4, 3, 3, 1 pixels.
    expect(count(c, 1)).toBe(4 + 2 * 3 + 2 * 3 + 2 * 1);
    const d = canvas();
    d.fillEllipse(0, 0, 5, 5, 1, -1);
    expect(at(d, 0, -1)).toBe(1);
    expect(at(d, 0, 0)).toBe(0);
  });

  it('paints a ring without touching its inside', () => {
    const c = canvas();
    c.clear(5);
    c.fillEllipseRing(0, 0, 8, 8, 2, 9);
    expect(at(c, 0, 0)).toBe(5);
    expect(at(c, 6, 0)).toBe(5);
    expect(at(c, 7, 0)).toBe(9);
    expect(at(c, 8, 0)).toBe(9);
    expect(at(c, 9, 0)).toBe(5);
  });

  it('blends a small disk by coverage so its weighted centroid is its centre', () => {
    const c = canvas();
    c.blendDisk(0.3, -0.4, 1.2, 1000);
    let w = 0;
    let x = 0;
    let y = 0;
    for (let r = 0; r < 21; r++) {
      for (let k = 0; k < 21; k++) {
        const v = c.hu[r * 21 + k]!;
        w += v;
        x += v * (k - 10);
        y += v * (r - 10);
      }
    }
    expect(x / w).toBeCloseTo(0.3, 1);
    expect(y / w).toBeCloseTo(-0.4, 1);
    expect(w).toBeGreaterThan(1000 * Math.PI * 1.2 ** 2 * 0.9);
    expect(w).toBeLessThan(1000 * Math.PI * 1.2 ** 2 * 1.1);
  });
});
