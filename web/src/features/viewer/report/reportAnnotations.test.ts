import { describe, expect, it } from 'vitest';
import { isMeasured, nextSeriesNumber, selectForReport } from './reportAnnotations';

const STUDY = '1.2.3';
const image = (study: string, sop: string) => `wadors:http://h/dicomweb/studies/${study}/series/9/instances/${sop}/frames/1`;
const length = (uid: string, imageId: string, stats: Record<string, unknown> | undefined) => ({
  annotationUID: uid,
  metadata: { toolName: 'Length', referencedImageId: imageId },
  data: { cachedStats: stats ? { [`imageId:${imageId}`]: stats } : {} },
});

describe('selectForReport', () => {
  it('groups the study’s measured annotations by image and tool', () => {
    const a = length('a', image(STUDY, '10'), { length: 12 });
    const b = length('b', image(STUDY, '10'), { length: 30 });
    const arrow = { annotationUID: 'c', metadata: { toolName: 'ArrowAnnotate', referencedImageId: image(STUDY, '11') }, data: {} };
    const { toolState, included, unmeasured } = selectForReport([a, b, arrow], STUDY);
    expect(Object.keys(toolState)).toEqual([image(STUDY, '10'), image(STUDY, '11')]);
    expect(toolState[image(STUDY, '10')]?.Length?.data.map((x) => x.annotationUID)).toEqual(['a', 'b']);
    expect(toolState[image(STUDY, '11')]?.ArrowAnnotate?.data).toEqual([arrow]);
    expect(included).toHaveLength(3);
    expect(unmeasured).toEqual([]);
  });

  it('leaves out other studies, tools without an SR adapter and volume annotations', () => {
    const other = length('x', image('9.9.9', '1'), { length: 5 });
    const crosshair = { annotationUID: 'y', metadata: { toolName: 'Crosshairs', referencedImageId: image(STUDY, '1') }, data: {} };
    const onVolume = { annotationUID: 'z', metadata: { toolName: 'Length' }, data: {} };
    expect(selectForReport([other, crosshair, onVolume], STUDY).included).toEqual([]);
  });

  it('sets aside measurements whose values were never computed here', () => {
    const fresh = length('f', image(STUDY, '12'), undefined);
    const emptyStats = length('g', image(STUDY, '12'), {});
    const { included, unmeasured } = selectForReport([fresh, emptyStats], STUDY);
    expect(included).toEqual([]);
    expect(unmeasured.map((a) => a.annotationUID)).toEqual(['f', 'g']);
  });
});

describe('isMeasured', () => {
  it('needs the stats of the annotation’s own image', () => {
    const onOther = { annotationUID: 'a', metadata: { toolName: 'Angle', referencedImageId: 'i1' }, data: { cachedStats: { 'imageId:i2': { angle: 30 } } } };
    expect(isMeasured(onOther)).toBe(false);
    const probe = { annotationUID: 'p', metadata: { toolName: 'Probe', referencedImageId: 'i1' }, data: {} };
    expect(isMeasured(probe)).toBe(true);
  });
});

describe('nextSeriesNumber', () => {
  it('is one above the highest, 1 for none', () => {
    expect(nextSeriesNumber([1, 2, undefined, 7])).toBe(8);
    expect(nextSeriesNumber([undefined])).toBe(1);
    expect(nextSeriesNumber([])).toBe(1);
  });
});
