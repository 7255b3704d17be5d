/**
 * The archive's pixel pipeline: decode a stored frame to native samples (frame
 * transcoding), then render it to JPEG/PNG for WADO-RS /rendered and /thumbnail.
 */
export type { VoiWindow } from './applyVoiLutFunction.js';
export { decodeFrame, decodedPixelDescription } from './decodeFrame.js';
export { parseQualityParam } from './parseQualityParam.js';
export { MAX_VIEWPORT_SIDE_PX, parseViewportParam, type Viewport } from './parseViewportParam.js';
export { parseWindowParam } from './parseWindowParam.js';
export { bytesPerSample, frameByteLength, type PixelDescription } from './PixelDescription.js';
export { pixelDescriptionFromDataset, renderableImageFromDataset } from './pixelDescriptionFromDataset.js';
export { VOI_LUT_FUNCTIONS, type RenderableImage, type VoiLutFunction } from './RenderableImage.js';
export {
  DEFAULT_JPEG_QUALITY,
  renderFrame,
  type RenderedFrame,
  type RenderedMediaType,
  type RenderOptions,
} from './renderFrame.js';
