import { getRenderingCapabilities } from '@cornerstonejs/core/utilities/renderingCapabilities';

/**
 * Runs Cornerstone's WebGL capability probe (a throwaway WebGL2 context, and
 * on a first visit test textures and shaders) while the viewer chunk is still
 * downloading and the main thread is idle, instead of inside `init`, where it
 * would delay the first image: ~250 ms on a software rasteriser. The probe's
 * module is the one Cornerstone's `init` imports, so `init` reuses the result.
 * Only this small module is in the route chunk, not Cornerstone.
 */
export function probeRenderingWhileIdle(): void {
  const probe = () => void getRenderingCapabilities();
  if (typeof requestIdleCallback === 'function') requestIdleCallback(probe, { timeout: 1000 });
  else setTimeout(probe, 0);
}
