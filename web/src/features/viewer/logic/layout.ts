/**
 * Viewport layouts of the viewer and which series each viewport shows.
 * Stack layouts are grids; MPR and 3D are fixed arrangements of special viewports.
 */
export type GridLayout = '1x1' | '1x2' | '2x2';
export type ViewerMode = 'stack' | 'mpr' | '3d';
export type ViewportKind = 'stack' | 'axial' | 'sagittal' | 'coronal' | 'volume3d';

export interface GridGeometry {
  rows: number;
  columns: number;
}

export const GRID_LAYOUTS: readonly GridLayout[] = ['1x1', '1x2', '2x2'];

/** `rows x columns`: 1x2 is two viewports side by side. */
export function gridGeometry(layout: GridLayout): GridGeometry {
  switch (layout) {
    case '1x1':
      return { rows: 1, columns: 1 };
    case '1x2':
      return { rows: 1, columns: 2 };
    case '2x2':
      return { rows: 2, columns: 2 };
    default: {
      const unreachable: never = layout;
      throw new Error(`unknown layout ${String(unreachable)}`);
    }
  }
}

/** The viewports of a mode in display order; index i is `data-viewport-index` i. */
export function viewportKinds(mode: ViewerMode, layout: GridLayout): ViewportKind[] {
  switch (mode) {
    case 'stack': {
      const { rows, columns } = gridGeometry(layout);
      return Array.from({ length: rows * columns }, () => 'stack' as const);
    }
    case 'mpr':
      return ['axial', 'sagittal', 'coronal'];
    case '3d':
      return ['volume3d'];
    default: {
      const unreachable: never = mode;
      throw new Error(`unknown mode ${String(unreachable)}`);
    }
  }
}

/**
 * Series for `count` viewports: keep what each viewport already shows, fill new
 * viewports with the series after the last one in the study order (wrapping
 * around, so a one-series study shows it in every viewport).
 */
export function assignSeries(previous: readonly string[], count: number, seriesUids: readonly string[]): string[] {
  if (seriesUids.length === 0) return [];
  const assigned = previous.slice(0, count);
  while (assigned.length < count) {
    const last = assigned[assigned.length - 1];
    const nextIndex = last === undefined ? 0 : (seriesUids.indexOf(last) + 1) % seriesUids.length;
    assigned.push(seriesUids[nextIndex] ?? seriesUids[0] ?? '');
  }
  return assigned;
}

/** The assignments with viewport `index` showing `seriesUid` (a dropped thumbnail). */
export function replaceSeries(assigned: readonly string[], index: number, seriesUid: string): string[] {
  return assigned.map((uid, i) => (i === index ? seriesUid : uid));
}
