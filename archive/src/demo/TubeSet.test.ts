import { describe, expect, it } from 'vitest';
import { SliceCanvas } from './SliceCanvas.js';
import { TubeSet } from './TubeSet.js';

const painted = (tubes: TubeSet, z: number): number => {
  const c = new SliceCanvas(41, 41, 0.5, -10, -10);
  tubes.paint(c, z);
  return c.hu.filter((v) => v === tubes.hu).length * 0.25;
};

describe('TubeSet', () => {
  it('cuts a vertical tube as a disk of its radius', () => {
    const tube = new TubeSet([[{ x: 0, y: 0, z: -20, r: 4 }, { x: 0, y: 0, z: 20, r: 4 }]], 100);
    expect(painted(tube, 0)).toBeGreaterThan(Math.PI * 16 * 0.9);
    expect(painted(tube, 0)).toBeLessThan(Math.PI * 16 * 1.1);
    expect(painted(tube, 25)).toBe(0);
  });

  it('cuts an in-plane tube as a band along its axis, thinning away from it', () => {
    const tube = new TubeSet([[{ x: -8, y: 0, z: 0, r: 2 }, { x: 8, y: 0, z: 0, r: 2 }]], 100);
    const atAxis = painted(tube, 0);
    expect(atAxis).toBeGreaterThan(16 * 4);
    expect(painted(tube, 1.5)).toBeLessThan(atAxis * 0.8);
    expect(painted(tube, 2.1)).toBe(0);
  });
});
