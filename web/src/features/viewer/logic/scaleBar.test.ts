import { describe, expect, it } from 'vitest';
import { chooseScaleBar } from './scaleBar';

describe('chooseScaleBar', () => {
  it('picks the longest round length that fits', () => {
    // 0.7 mm pixels shown 1:1 with at most 150 px: 105 mm available → 10 cm bar of 142.9 px.
    const bar = chooseScaleBar(0.7, 150);
    expect(bar?.lengthMm).toBe(100);
    expect(bar?.lengthPx).toBeCloseTo(142.857, 3);
    expect(bar?.label).toBe('10 cm');
  });

  it('steps down through 5, 2 and 1', () => {
    expect(chooseScaleBar(0.5, 150)?.lengthMm).toBe(50);
    expect(chooseScaleBar(0.1, 150)?.lengthMm).toBe(10);
    expect(chooseScaleBar(0.1, 90)?.lengthMm).toBe(5);
    expect(chooseScaleBar(0.02, 150)?.label).toBe('2 mm');
  });

  it('refuses an unknown scale', () => {
    expect(chooseScaleBar(0, 150)).toBeUndefined();
    expect(chooseScaleBar(Number.NaN, 150)).toBeUndefined();
    expect(chooseScaleBar(0.7, 0)).toBeUndefined();
  });
});
