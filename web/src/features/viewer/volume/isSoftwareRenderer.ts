let cached: boolean | undefined;

/**
 * Whether WebGL runs on a CPU rasteriser (SwiftShader, llvmpipe, Microsoft
 * Basic Render): thin clients, VMs without a GPU, headless test browsers. Ray
 * casting a CT volume there takes seconds per frame at full sampling.
 */
export function isSoftwareRenderer(): boolean {
  if (cached !== undefined) return cached;
  const gl = document.createElement('canvas').getContext('webgl2');
  const info = gl?.getExtension('WEBGL_debug_renderer_info');
  const renderer = gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
  gl?.getExtension('WEBGL_lose_context')?.loseContext();
  cached = /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
  return cached;
}
