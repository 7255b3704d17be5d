import { describe, expect, it } from 'vitest';
import type { ViewportState } from '@consilium/shared';
import { indexOfSop, sopOfImageId, viewerViewOf } from './viewerView';

const stack = (viewportId: string, series: string) => ({ viewportId, kind: 'stack' as const, seriesInstanceUID: series });

describe('viewerViewOf', () => {
  it('reads the stack grid and its series', () => {
    const state: ViewportState = { layout: { rows: 1, columns: 2 }, viewports: [stack('viewport-0', '1.2'), stack('viewport-1', '1.3')] };
    expect(viewerViewOf(state, ['1.2', '1.3'])).toEqual({ mode: 'stack', layout: '1x2', series: ['1.2', '1.3'] });
  });
  it('reads MPR and 3D from the viewport kinds', () => {
    const mpr: ViewportState = {
      layout: { rows: 1, columns: 1 },
      viewports: ['axial', 'sagittal', 'coronal'].map((o) => ({ viewportId: `mpr-${o}`, kind: 'orthographic' as const, seriesInstanceUID: '1.2' })),
    };
    expect(viewerViewOf(mpr, ['1.2'])?.mode).toBe('mpr');
    expect(viewerViewOf(mpr, ['1.2'])?.series).toEqual(['1.2']);
    const vr: ViewportState = { layout: { rows: 1, columns: 1 }, viewports: [{ viewportId: 'volume-3d', kind: 'volume3d', seriesInstanceUID: '1.2' }] };
    expect(viewerViewOf(vr, ['1.2'])?.mode).toBe('3d');
  });
  it('refuses a grid this viewer has not and series it does not know', () => {
    expect(viewerViewOf({ layout: { rows: 3, columns: 3 }, viewports: [stack('viewport-0', '1.2')] }, ['1.2'])).toBeUndefined();
    expect(viewerViewOf({ layout: { rows: 1, columns: 1 }, viewports: [stack('viewport-0', '9.9')] }, ['1.2'])).toBeUndefined();
  });
});

describe('image id references', () => {
  const ids = ['wadors:/dicomweb/studies/1/series/2/instances/3.1/frames/1', 'wadors:/dicomweb/studies/1/series/2/instances/3.2/frames/1', 'wadors:/dicomweb/studies/1/series/2/instances/3.2/frames/2'];
  it('parses the instance and frame of a wadors image id', () => {
    expect(sopOfImageId(ids[2]!)).toEqual({ sopInstanceUID: '3.2', frameNumber: 2 });
    expect(sopOfImageId('wadouri:x')).toBeUndefined();
  });
  it('finds a slice by instance, and by instance and frame', () => {
    expect(indexOfSop(ids, '3.2')).toBe(1);
    expect(indexOfSop(ids, '3.2', 2)).toBe(2);
    expect(indexOfSop(ids, '9.9')).toBe(-1);
  });
});
