import { getRenderingCapabilities } from '@cornerstonejs/core/utilities/renderingCapabilities';

/**
 * Stands in for vtk.js's `Rendering/OpenGL/Texture/supportsNorm16Linear.js`
 * (swapped in by next.config.ts): "does linear filtering of R16_SNORM
 * textures work on this GPU" (a driver bug, KhronosGroup/WebGL#3706). vtk.js
 * answers it with a throwaway WebGL2 context, a shader and a readback on every
 * page (~300 ms on a software rasteriser, on the way to the first image);
 * Cornerstone has already run the same test (`norm16Linear` of its rendering
 * capabilities, cached in local storage per renderer), so the answer is taken
 * from there.
 */
export default function supportsNorm16LinearCached(): boolean {
  return getRenderingCapabilities().norm16Linear;
}
