import { Enums, type Types } from '@cornerstonejs/core';
import { renderingEngine } from '../cornerstone/initCornerstone';
import { type ReportAnnotation, isMeasured } from './reportAnnotations';

/** How long one image may take to load and have its measurements computed. */
const PER_IMAGE_TIMEOUT_MS = 5_000;

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/**
 * Cornerstone computes a measurement's values when its image is rendered, so
 * a measurement that arrived from a session on a slice this viewer never
 * showed has none. This shows each such image once in a stack viewport that
 * holds it, waits for the values, and puts every viewport back on its image.
 * `onProgress` gets (done, total). Returns the annotations still unmeasured
 * (no stack viewport holds their image, or it did not load in time).
 */
export async function measureUnmeasured<A extends ReportAnnotation>(annotations: readonly A[], onProgress: (done: number, total: number) => void = () => undefined): Promise<A[]> {
  const engine = renderingEngine();
  const stacks = engine.getViewports().filter((v) => v.type === Enums.ViewportType.STACK) as Types.IStackViewport[];
  const restore = new Map(stacks.map((v) => [v, v.getCurrentImageIdIndex()]));
  const byImage = new Map<string, A[]>();
  for (const a of annotations) {
    const imageId = a.metadata.referencedImageId;
    if (imageId) byImage.set(imageId, [...(byImage.get(imageId) ?? []), a]);
  }
  let done = 0;
  try {
    for (const [imageId, waiting] of byImage) {
      const viewport = stacks.find((v) => v.getImageIds().includes(imageId));
      if (viewport) {
        await viewport.setImageIdIndex(viewport.getImageIds().indexOf(imageId));
        const deadline = performance.now() + PER_IMAGE_TIMEOUT_MS;
        while (!waiting.every(isMeasured) && performance.now() < deadline) {
          viewport.render();
          await nextFrame();
        }
      }
      onProgress(++done, byImage.size);
    }
  } finally {
    for (const [viewport, index] of restore) if (viewport.getCurrentImageIdIndex() !== index) void viewport.setImageIdIndex(index);
  }
  return annotations.filter((a) => !isMeasured(a));
}
