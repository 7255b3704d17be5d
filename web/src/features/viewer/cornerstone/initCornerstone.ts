import {
  Enums,
  RenderingEngine,
  cornerstoneStreamingImageVolumeLoader,
  getRenderingEngine,
  imageLoadPoolManager,
  imageRetrievalPoolManager,
  init as initCore,
  volumeLoader,
} from '@cornerstonejs/core';
import { init as initDicomImageLoader } from '@cornerstonejs/dicom-image-loader';
import { init as initTools } from '@cornerstonejs/tools';
import { registerViewerTools } from './toolGroups';

/** The one rendering engine of the viewer: all viewports share its WebGL context pool. */
export const RENDERING_ENGINE_ID = 'consilium-viewer';

/** Scheme of volume ids; Cornerstone's streaming loader fills a volume from the stack's cached images. */
export const STREAMING_VOLUME_SCHEME = 'cornerstoneStreamingImageVolume';

/**
 * The web app is served over HTTP/1.1, where a browser opens at most 6
 * connections per origin; more requests in flight only queue in the browser
 * and starve the image the user is looking at. Interaction requests get all
 * 6, prefetch (stack and volume streaming) 5 so one connection stays free.
 */
const MAX_INTERACTION_RETRIEVALS = 6;
const MAX_PREFETCH_RETRIEVALS = 5;
const MAX_THUMBNAIL_RETRIEVALS = 2;
/** Decodes queued at once (each runs in a web worker); more only grows memory. */
const MAX_DECODES_IN_FLIGHT = 12;
/** Decode workers: the loader's default is half the cores; use all but one, at least one, at most 6. */
const MAX_DECODE_WORKERS = 6;

let initialised: Promise<void> | undefined;

/**
 * Initialises Cornerstone core, tools and the DICOM image loader exactly once
 * per page, however often it is called: React StrictMode runs effects twice,
 * and a second `init` would purge the loader's metadata and re-register tools.
 */
export function initCornerstone(): Promise<void> {
  initialised ??= Promise.resolve().then(initialiseOnce);
  return initialised;
}

/**
 * WebGL contexts of the rendering engine's pool. Cornerstone's default is 7, all
 * created with the engine; on a software rasteriser (SwiftShader, headless) each
 * costs ~180 ms before the first image. Viewports render one after another on
 * the main thread anyway, and volume viewports all use the first context; one
 * context (Cornerstone's own choice on mobile) brought the bench's cold first
 * image from a median of 2075 ms to 1868 ms, MPR ready from 7633 to 6497 ms.
 */
const WEBGL_CONTEXT_COUNT = 1;

function initialiseOnce(): void {
  initCore({ rendering: { webGlContextCount: WEBGL_CONTEXT_COUNT }, debug: {} });
  const cores = typeof navigator === 'undefined' ? 2 : navigator.hardwareConcurrency || 2;
  initDicomImageLoader({ maxWebWorkers: Math.min(MAX_DECODE_WORKERS, Math.max(1, cores - 1)) });
  initTools();
  volumeLoader.registerVolumeLoader(STREAMING_VOLUME_SCHEME, cornerstoneStreamingImageVolumeLoader as never);
  const { RequestType } = Enums;
  imageRetrievalPoolManager.setMaxSimultaneousRequests(RequestType.Interaction, MAX_INTERACTION_RETRIEVALS);
  imageRetrievalPoolManager.setMaxSimultaneousRequests(RequestType.Prefetch, MAX_PREFETCH_RETRIEVALS);
  imageRetrievalPoolManager.setMaxSimultaneousRequests(RequestType.Thumbnail, MAX_THUMBNAIL_RETRIEVALS);
  imageLoadPoolManager.setMaxSimultaneousRequests(RequestType.Interaction, MAX_DECODES_IN_FLIGHT);
  imageLoadPoolManager.setMaxSimultaneousRequests(RequestType.Prefetch, MAX_DECODES_IN_FLIGHT);
  registerViewerTools();
  // Create the engine (and its WebGL contexts) now, while the study's metadata is still on its way.
  renderingEngine();
}

/** The shared rendering engine, created on first use (after {@link initCornerstone}). */
export function renderingEngine(): RenderingEngine {
  const existing = getRenderingEngine(RENDERING_ENGINE_ID);
  if (existing) return existing as RenderingEngine;
  return new RenderingEngine(RENDERING_ENGINE_ID);
}
