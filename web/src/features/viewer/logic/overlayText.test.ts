import { describe, expect, it } from 'vitest';
import { formatImageNumber, formatSeriesLine, formatSliceLocation, formatWindowLevel, formatZoom } from './overlayText';

describe('overlay text', () => {
  it('numbers images from 1', () => {
    expect(formatImageNumber(0, 220)).toBe('Im: 1/220');
    expect(formatImageNumber(119, 220)).toBe('Im: 120/220');
  });

  it('prints the slice location with two decimals', () => {
    expect(formatSliceLocation(-12.5)).toBe('Loc: -12.50 mm');
    expect(formatSliceLocation(137.5)).toBe('Loc: 137.50 mm');
    expect(formatSliceLocation(-0.001)).toBe('Loc: 0.00 mm');
  });

  it('rounds the window to whole units', () => {
    expect(formatWindowLevel(400, 40)).toBe('W: 400 L: 40');
    expect(formatWindowLevel(1500.4, -600.2)).toBe('W: 1500 L: -600');
    expect(formatWindowLevel(80, -0.3)).toBe('W: 80 L: 0');
  });

  it('formats zoom and the series line', () => {
    expect(formatZoom(1)).toBe('Zoom: 1.00×');
    expect(formatZoom(2.345)).toBe('Zoom: 2.35×');
    expect(formatSeriesLine(1, 'Thorax 1.25 mm axial')).toBe('Se: 1 Thorax 1.25 mm axial');
    expect(formatSeriesLine(undefined, 'MR')).toBe('MR');
    expect(formatSeriesLine(2, undefined)).toBe('Se: 2');
  });
});
