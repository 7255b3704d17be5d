import { describe, expect, it } from 'vitest';
import { annotationOf, recordOf, sameRecord, updateAnnotation } from './annotationRecord';

const ROOT = 'wadors:http://127.0.0.1:3000/dicomweb';

const length = {
  annotationUID: 'u1',
  metadata: { toolName: 'Length', referencedImageId: `${ROOT}/studies/1/series/2/instances/3/frames/1`, FrameOfReferenceUID: '1.2', viewPlaneNormal: [0, 0, 1] },
  data: { handles: { points: [[0, 0, 0], [30, 40, 0]], activeHandleIndex: 1 }, label: '', cachedStats: { 'imageId:x': { length: 50 } } },
  highlighted: true,
};

describe('annotation records', () => {
  it('keep what others need and drop local state', () => {
    const record = recordOf(length, 'p1');
    expect(record).toMatchObject({ toolName: 'Length', points: [[0, 0, 0], [30, 40, 0]], author: 'p1', label: '' });
    expect(JSON.stringify(record)).not.toContain('cachedStats');
    expect(JSON.stringify(record)).not.toContain('activeHandleIndex');
  });
  it('round-trip into a fresh annotation that recomputes its statistics', () => {
    const back = annotationOf('u1', recordOf(length, 'p1'), ROOT);
    expect(back.data.handles?.points).toEqual(length.data.handles.points);
    expect(back.data.cachedStats).toEqual({});
    expect(back.invalidated).toBe(true);
    expect(back.metadata.referencedImageId).toBe(length.metadata.referencedImageId);
  });
  it('keep image references without the DICOMweb root, which differs between web servers', () => {
    const record = recordOf(length, 'p1');
    expect(record.metadata.referencedImageId).toBe('/studies/1/series/2/instances/3/frames/1');
    const elsewhere = annotationOf('u1', record, 'wadors:http://127.0.0.1:4000/dicomweb');
    expect(elsewhere.metadata.referencedImageId).toBe('wadors:http://127.0.0.1:4000/dicomweb/studies/1/series/2/instances/3/frames/1');
  });
  it('copy typed arrays as plain numbers', () => {
    const typed = { ...length, data: { handles: { points: [new Float32Array([1, 2, 3]) as unknown as number[]] } } };
    expect(recordOf(typed, 'p').points).toEqual([[1, 2, 3]]);
  });
  it('update a live annotation in place and compare records by content', () => {
    const live = annotationOf('u1', recordOf(length, 'p1'), ROOT);
    const moved = { ...recordOf(length, 'p1'), points: [[0, 0, 0], [60, 80, 0]] };
    expect(sameRecord(recordOf(live, 'p1'), moved)).toBe(false);
    updateAnnotation(live, moved);
    expect(live.data.handles?.points).toEqual([[0, 0, 0], [60, 80, 0]]);
    expect(sameRecord(recordOf(live, 'p2'), moved)).toBe(true);
  });
});
