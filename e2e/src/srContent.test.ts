import { describe, expect, it } from 'vitest';
import { type DicomJson, contentItems, numericMeasurements, referencedSops, templateOf } from './srContent.js';

const code = (value: string, meaning: string) => ({ vr: 'SQ', Value: [{ '00080100': { vr: 'SH', Value: [value] }, '00080104': { vr: 'LO', Value: [meaning] } }] });
const num = (value: number, sop: string): DicomJson => ({
  '0040A040': { vr: 'CS', Value: ['NUM'] },
  '0040A043': code('G-D7FE', 'Length'),
  '0040A300': { vr: 'SQ', Value: [{ '0040A30A': { vr: 'DS', Value: [value] }, '004008EA': code('mm', 'millimeter') }] },
  '0040A730': {
    vr: 'SQ',
    Value: [{ '0040A040': { vr: 'CS', Value: ['SCOORD'] }, '0040A730': { vr: 'SQ', Value: [{ '00081199': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: [sop] } }] } }] } }],
  },
});
const report: DicomJson = {
  '0040A504': { vr: 'SQ', Value: [{ '0040DB00': { vr: 'CS', Value: ['1500'] } }] },
  '0040A730': { vr: 'SQ', Value: [{ '0040A040': { vr: 'CS', Value: ['CONTAINER'] }, '0040A730': { vr: 'SQ', Value: [num(100.2, '1.2.3'), num(75.5, '1.2.3')] } }] },
};

describe('srContent', () => {
  it('walks the whole tree', () => {
    expect(contentItems(report)).toHaveLength(7);
    expect(templateOf(report)).toBe('1500');
  });

  it('reads numeric measurements with their units, and the referenced images once each', () => {
    expect(numericMeasurements(report)).toEqual([
      { concept: 'Length', value: 100.2, unit: 'mm' },
      { concept: 'Length', value: 75.5, unit: 'mm' },
    ]);
    expect(referencedSops(report)).toEqual(['1.2.3']);
  });

  it('finds nothing in an empty dataset', () => {
    expect(templateOf({})).toBeUndefined();
    expect(numericMeasurements({})).toEqual([]);
  });
});
