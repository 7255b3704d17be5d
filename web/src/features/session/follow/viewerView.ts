import type { ViewportState } from '@consilium/shared';
import { type GridLayout, type ViewerMode, GRID_LAYOUTS, gridGeometry } from '../../viewer/logic/layout';

/** What the viewer's React state holds of a view: the mode, the grid and the series in each viewport. */
export interface ViewerView {
  mode: ViewerMode;
  layout: GridLayout;
  /** Stack mode: the series of each grid cell; MPR and 3D: the one series shown. */
  series: string[];
}

/** The viewer view a followed state asks for; undefined when it names a layout or series this viewer cannot show. */
export function viewerViewOf(state: ViewportState, knownSeries: readonly string[]): ViewerView | undefined {
  const kinds = new Set(state.viewports.map((v) => v.kind));
  const mode: ViewerMode = kinds.has('volume3d') ? '3d' : kinds.has('orthographic') ? 'mpr' : 'stack';
  const layout = GRID_LAYOUTS.find((l) => {
    const g = gridGeometry(l);
    return g.rows === state.layout.rows && g.columns === state.layout.columns;
  });
  if (!layout) return undefined;
  const series = state.viewports.map((v) => v.seriesInstanceUID).filter((uid): uid is string => !!uid && knownSeries.includes(uid));
  if (series.length === 0) return undefined;
  return { mode, layout, series: mode === 'stack' ? series : series.slice(0, 1) };
}

/** The SOP Instance UID and frame number of a `wadors:` image id (…/instances/{uid}/frames/{n}). */
export function sopOfImageId(imageId: string): { sopInstanceUID: string; frameNumber: number } | undefined {
  const match = /\/instances\/([^/]+)\/frames\/(\d+)$/.exec(imageId);
  if (!match?.[1] || !match[2]) return undefined;
  return { sopInstanceUID: decodeURIComponent(match[1]), frameNumber: Number(match[2]) };
}

/** Index in `imageIds` of the referenced instance (and frame, when given); -1 when the stack does not hold it. */
export function indexOfSop(imageIds: readonly string[], sopInstanceUID: string, frameNumber?: number): number {
  return imageIds.findIndex((id) => {
    const ref = sopOfImageId(id);
    return ref?.sopInstanceUID === sopInstanceUID && (frameNumber === undefined || ref.frameNumber === frameNumber);
  });
}
