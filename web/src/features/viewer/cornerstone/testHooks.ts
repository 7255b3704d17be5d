import type { Types } from '@cornerstonejs/core';
import { RENDERING_ENGINE_ID, renderingEngine } from './initCornerstone';
import { viewportId } from './viewportIds';

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
