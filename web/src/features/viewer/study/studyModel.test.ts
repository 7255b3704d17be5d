import { describe, expect, it } from 'vitest';
import type { DicomJson } from '../../../lib/dicomJson';
import { groupBySeries, isImageInstance, orderInstances, reportSeriesFromMetadata, seriesFromMetadata, slicePosition } from './studyModel';

const AXIAL = [1, 0, 0, 0, 1, 0];

function instance(sop: string, number: number | undefined, z: number, frames?: number): DicomJson {
  return {
    '0020000E': { vr: 'UI', Value: ['1.2.3.4'] },
    '00080018': { vr: 'UI', Value: [sop] },
    '00200011': { vr: 'IS', Value: [3] },
    '0008103E': { vr: 'LO', Value: ['Axial'] },
    '00080060': { vr: 'CS', Value: ['CT'] },
    ...(number === undefined ? {} : { '00200013': { vr: 'IS', Value: [number] } }),
    '00200032': { vr: 'DS', Value: [0, 0, z] },
    '00200037': { vr: 'DS', Value: AXIAL },
    '00280010': { vr: 'US', Value: [512] },
    ...(frames === undefined ? {} : { '00280008': { vr: 'IS', Value: [frames] } }),
  };
}

describe('orderInstances', () => {
  it('orders by Instance Number when every instance has one', () => {
    const sorted = orderInstances([
      { id: 'b', instanceNumber: 2, position: 0 },
      { id: 'a', instanceNumber: 1, position: -5 },
    ]);
    expect(sorted.map((x) => x.id)).toEqual(['a', 'b']);
  });

  it('falls back to position, head first, when a number is missing', () => {
    const sorted = orderInstances([
      { id: 'low', instanceNumber: undefined, position: -10 },
      { id: 'high', instanceNumber: 1, position: 10 },
    ]);
    expect(sorted.map((x) => x.id)).toEqual(['high', 'low']);
  });

  it('keeps the archive order when neither is known', () => {
    const sorted = orderInstances([
      { id: 'x', instanceNumber: undefined, position: undefined },
      { id: 'y', instanceNumber: undefined, position: 3 },
    ]);
    expect(sorted.map((x) => x.id)).toEqual(['x', 'y']);
  });
});

describe('slicePosition', () => {
  it('projects the position on the slice normal', () => {
    expect(slicePosition(instance('1', 1, -12.5))).toBe(-12.5);
  });

  it('is undefined without a plane', () => {
    expect(slicePosition({})).toBeUndefined();
  });
});

describe('seriesFromMetadata', () => {
  it('builds wadors frame ids in stack order, one per frame', () => {
    const series = seriesFromMetadata('http://h/dicomweb', '9.9', [instance('s2', 2, 0), instance('s1', 1, 1.25, 2)]);
    expect(series?.imageIds).toEqual([
      'wadors:http://h/dicomweb/studies/9.9/series/1.2.3.4/instances/s1/frames/1',
      'wadors:http://h/dicomweb/studies/9.9/series/1.2.3.4/instances/s1/frames/2',
      'wadors:http://h/dicomweb/studies/9.9/series/1.2.3.4/instances/s2/frames/1',
    ]);
    expect(series).toMatchObject({ seriesInstanceUID: '1.2.3.4', seriesNumber: 3, description: 'Axial', modality: 'CT' });
  });

  it('is undefined for an empty series', () => {
    expect(seriesFromMetadata('http://h', '9', [])).toBeUndefined();
  });
});

function srInstance(sop: string, date: string, time: string): DicomJson {
  return {
    '0020000E': { vr: 'UI', Value: ['1.2.3.99'] },
    '00080018': { vr: 'UI', Value: [sop] },
    '00200011': { vr: 'IS', Value: [7] },
    '0008103E': { vr: 'LO', Value: ['Session measurements'] },
    '00080060': { vr: 'CS', Value: ['SR'] },
    '00080023': { vr: 'DA', Value: [date] },
    '00080033': { vr: 'TM', Value: [time] },
  };
}

describe('report series', () => {
  it('are SR series, listed with their reports and the newest content date', () => {
    const report = reportSeriesFromMetadata([srInstance('9.1', '20261201', '101500'), srInstance('9.2', '20261202', '090000')]);
    expect(report).toEqual({
      seriesInstanceUID: '1.2.3.99',
      seriesNumber: 7,
      description: 'Session measurements',
      sopInstanceUIDs: ['9.1', '9.2'],
      contentDate: '20261202',
      contentTime: '090000',
    });
  });

  it('are neither images nor made from image series', () => {
    const sr = srInstance('9.1', '20261201', '101500');
    expect(isImageInstance(sr)).toBe(false);
    expect(seriesFromMetadata('http://h/dicomweb', '1.2', [sr])?.imageIds).toEqual([]);
    expect(reportSeriesFromMetadata([instance('1.1', 1, 0)])).toBeUndefined();
    expect(isImageInstance(instance('1.1', 1, 0))).toBe(true);
  });
});

describe('groupBySeries', () => {
  it('splits a study metadata answer by Series Instance UID, keeping the answer order within a series', () => {
    const other = (sop: string): DicomJson => ({ ...instance(sop, 1, 0), '0020000E': { vr: 'UI', Value: ['9.8.7'] } });
    const groups = groupBySeries([instance('a', 1, 0), other('x'), instance('b', 2, 1), other('y')]);
    expect(groups.map((g) => g.map((i) => i['00080018']?.Value?.[0]))).toEqual([['a', 'b'], ['x', 'y']]);
  });

  it('leaves out instances without a Series Instance UID', () => {
    const { '0020000E': _omitted, ...orphan } = instance('z', 1, 0);
    expect(groupBySeries([orphan, instance('a', 1, 0)])).toHaveLength(1);
  });
});
