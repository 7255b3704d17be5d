/**
 * DOM events between the viewer's views and the session's follow code, for
 * view state Cornerstone raises no event of its own for (the 3D view's
 * rendering preset is React state).
 */

/** Dispatched on a viewport element when something a follower mirrors changed; the presenter's sender listens (capture) on the viewport area. */
export const VIEW_CHANGED_EVENT = 'consilium:view-changed';

/** Dispatched on a 3D viewport element with `detail` = preset name: show this preset (a follower mirroring its presenter). */
export const PRESET_REQUEST_EVENT = 'consilium:preset-request';

/** The data attribute of a 3D viewport element naming the preset it shows (`element.dataset.preset`). */
export const PRESET_DATA_KEY = 'preset';

/**
 * Dispatched (bubbling) on an MPR viewport element with `detail` =
 * {@link MprSlabRequest}: a follower's MPR toolbar takes its presenter's
 * projection and slab.
 */
export const MPR_SLAB_REQUEST_EVENT = 'consilium:mpr-slab-request';

export interface MprSlabRequest {
  projection: 'thin' | 'mip' | 'minip' | 'average';
  /** Ignored for thin slices. */
  slabThicknessMm: number | undefined;
}
