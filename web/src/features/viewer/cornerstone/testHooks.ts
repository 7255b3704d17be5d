import type { Types } from '@cornerstonejs/core';
import { RENDERING_ENGINE_ID, renderingEngine } from './initCornerstone';
import { viewportId } from './viewportIds';

/** Name of the performance mark set when the first image of the page has been drawn (read by the bench). */
export const FIRST_IMAGE_MARK = 'consilium:first-image';

/** Marks on the way to the first image, for the bench's breakdown. */
export const PHASE_MARKS = { metadata: 'consilium:study-metadata', cornerstone: 'consilium:cornerstone-ready' } as const;

/** Sets a phase mark once per page. */
export function markPhase(phase: keyof typeof PHASE_MARKS): void {
  if (performance.getEntriesByName(PHASE_MARKS[phase]).length === 0) performance.mark(PHASE_MARKS[phase]);
}

/** What end-to-end tests and the bench read from the page: cameras, image indexes, canvases. */
export interface ConsiliumTestHooks {
  renderingEngineId: string;
  getViewport(index: number): Types.IViewport | undefined;
}

declare global {
  interface Window {
    __consilium?: ConsiliumTestHooks;
  }
}

/** Exposes {@link ConsiliumTestHooks} as `window.__consilium`; cheap, so always on. */
export function exposeTestHooks(): void {
  window.__consilium = {
    renderingEngineId: RENDERING_ENGINE_ID,
    getViewport: (index) => renderingEngine().getViewport(viewportId(index)),
  };
}

let firstImageMarked = false;

/** Marks {@link FIRST_IMAGE_MARK} once per page. */
export function markFirstImage(): void {
  if (firstImageMarked) return;
  firstImageMarked = true;
  performance.mark(FIRST_IMAGE_MARK);
}
