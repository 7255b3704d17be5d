import type { Types } from '@cornerstonejs/core';
import { utilities as toolUtilities } from '@cornerstonejs/tools';
import { type WindowLevel, toVoiRange } from '../logic/windowLevel';

/** Toolbar actions on one stack viewport; each renders the result. */
export type ViewportAction = 'invert' | 'rotate' | 'flipH' | 'flipV' | 'reset';

export function applyWindowLevel(viewport: Types.IStackViewport, windowLevel: WindowLevel): void {
  viewport.setProperties({ voiRange: toVoiRange(windowLevel) });
  viewport.render();
}

export function applyViewportAction(viewport: Types.IStackViewport, action: ViewportAction): void {
  switch (action) {
    case 'invert':
      viewport.setProperties({ invert: !viewport.getProperties().invert });
      break;
    case 'rotate': {
      const rotation = viewport.getViewPresentation().rotation ?? 0;
      viewport.setViewPresentation({ rotation: (rotation + 90) % 360 });
      break;
    }
    case 'flipH':
      viewport.setCamera({ flipHorizontal: !viewport.getCamera().flipHorizontal });
      break;
    case 'flipV':
      viewport.setCamera({ flipVertical: !viewport.getCamera().flipVertical });
      break;
    case 'reset':
      viewport.resetCamera();
      viewport.resetProperties();
      break;
    default: {
      const unreachable: never = action;
      throw new Error(`unknown action ${String(unreachable)}`);
    }
  }
  viewport.render();
}

/** Cine frame rate; 15 images/s scrolls a 220-slice CT in ~15 s. */
export const CINE_FRAMES_PER_SECOND = 15;

export function setCine(element: HTMLDivElement, playing: boolean): void {
  if (playing) toolUtilities.cine.playClip(element, { framesPerSecond: CINE_FRAMES_PER_SECOND, loop: true });
  else toolUtilities.cine.stopClip(element);
}
