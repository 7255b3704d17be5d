import { Enums, imageLoader } from '@cornerstonejs/core';

/**
 * Starts retrieving and decoding the image the first viewport opens on as soon
 * as the loader is ready, so its request and decode overlap React's first
 * render of the viewer and the viewport's creation; the viewport then finds it
 * in Cornerstone's cache (or joins the load in flight). A failure is left to
 * the viewport, which loads the image again and shows the error.
 */
export function preloadFirstImage(imageId: string | undefined): void {
  if (!imageId) return;
  imageLoader.loadAndCacheImage(imageId, { priority: -5, requestType: Enums.RequestType.Interaction }).catch(() => undefined);
}
