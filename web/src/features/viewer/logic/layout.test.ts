import { describe, expect, it } from 'vitest';
import { assignSeries, gridGeometry, replaceSeries, viewportKinds } from './layout';

describe('layout geometry', () => {
  it('gives rows and columns of each grid', () => {
    expect(gridGeometry('1x1')).toEqual({ rows: 1, columns: 1 });
    expect(gridGeometry('1x2')).toEqual({ rows: 1, columns: 2 });
    expect(gridGeometry('2x2')).toEqual({ rows: 2, columns: 2 });
  });

  it('lists the viewports of each mode in index order', () => {
    expect(viewportKinds('stack', '2x2')).toEqual(['stack', 'stack', 'stack', 'stack']);
    expect(viewportKinds('stack', '1x2')).toHaveLength(2);
    expect(viewportKinds('mpr', '2x2')).toEqual(['axial', 'sagittal', 'coronal']);
    expect(viewportKinds('3d', '1x1')).toEqual(['volume3d']);
  });
});

describe('assignSeries', () => {
  const series = ['ct', 'mr', 'pet'];

  it('fills new viewports with the following series', () => {
    expect(assignSeries([], 1, series)).toEqual(['ct']);
    expect(assignSeries(['mr'], 4, series)).toEqual(['mr', 'pet', 'ct', 'mr']);
  });

  it('keeps and truncates existing assignments', () => {
    expect(assignSeries(['pet', 'ct', 'mr', 'mr'], 2, series)).toEqual(['pet', 'ct']);
  });

  it('repeats the only series and handles an empty study', () => {
    expect(assignSeries([], 2, ['ct'])).toEqual(['ct', 'ct']);
    expect(assignSeries([], 2, [])).toEqual([]);
  });

  it('replaces the series of one viewport', () => {
    expect(replaceSeries(['ct', 'ct'], 1, 'mr')).toEqual(['ct', 'mr']);
  });
});
