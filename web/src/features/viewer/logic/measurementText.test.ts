import { describe, expect, it } from 'vitest';
import { isMeasurementTool, measurementLines, measurementSummary } from './measurementText';

describe('measurement text', () => {
  it('formats a length in mm with one decimal', () => {
    expect(measurementLines('Length', { length: 99.9731, unit: 'mm' })).toEqual(['100.0 mm']);
    expect(measurementSummary('Length', measurementLines('Length', { length: 42.04, unit: 'mm' }))).toBe('Length 42.0 mm');
  });

  it('formats ROI statistics as mean, SD and area', () => {
    const lines = measurementLines('EllipticalROI', { mean: 30.06, stdDev: 2.94, modalityUnit: 'HU', area: 201.32, areaUnit: 'mm²' });
    expect(lines).toEqual(['Mean: 30.1 HU', 'SD: 2.9 HU', 'Area: 201.3 mm²']);
    expect(measurementSummary('EllipticalROI', lines)).toBe('Ellipse Mean: 30.1 HU SD: 2.9 HU Area: 201.3 mm²');
    expect(measurementSummary('RectangleROI', measurementLines('RectangleROI', { mean: -850, stdDev: 3, modalityUnit: 'HU', area: 400 }))).toBe(
      'Rectangle Mean: -850.0 HU SD: 3.0 HU Area: 400.0 mm²',
    );
  });

  it('formats angle, probe and arrow', () => {
    expect(measurementLines('Angle', { angle: 89.96 })).toEqual(['90.0°']);
    expect(measurementLines('Probe', { value: 60, modalityUnit: 'HU' })).toEqual(['60 HU']);
    expect(measurementLines('Probe', { value: 12.345, modalityUnit: 'HU' })).toEqual(['12.3 HU']);
    expect(measurementLines('ArrowAnnotate', undefined, 'Nodule')).toEqual(['Nodule']);
  });

  it('shows nothing until stats exist and knows its tools', () => {
    expect(measurementLines('Length', undefined)).toEqual([]);
    expect(measurementLines('EllipticalROI', { area: Number.NaN })).toEqual([]);
    expect(isMeasurementTool('EllipticalROI')).toBe(true);
    expect(isMeasurementTool('Crosshairs')).toBe(false);
  });
});
