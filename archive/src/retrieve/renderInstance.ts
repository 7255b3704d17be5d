import { AppError } from '@consilium/shared';
import {
  decodeFrame,
  decodedPixelDescription,
  renderFrame,
  renderableImageFromDataset,
  type RenderOptions,
  type RenderedFrame,
} from '../render/index.js';
import type { BlobStore } from '../store/BlobStore.js';
import type { StoredInstance } from './findInstances.js';
import { parseStoredFile } from './parseStoredFile.js';
import { framesFromDataSet } from './readFrames.js';

/**
 * Renders one frame (1-based) of a stored instance to JPEG or PNG: decode as
 * stored, apply rescale and VOI, scale to the viewport (PS3.18 8.3.5).
 */
export async function renderInstance(
  blobs: BlobStore,
  instance: StoredInstance,
  frameNumber: number,
  options: RenderOptions,
): Promise<RenderedFrame> {
  const count = instance.numberOfFrames ?? 1;
  if (frameNumber > count) throw new AppError('NotFound', `Frame ${frameNumber} does not exist; the instance has ${count}`);
  const dataSet = parseStoredFile(await blobs.read(instance.blobKey));
  if (!dataSet.elements.x7fe00010) {
    throw new AppError('NotAcceptable', 'The instance has no pixel data to render');
  }
  const { frames, transferSyntaxUID } = framesFromDataSet(dataSet, instance.transferSyntaxUID, [frameNumber], count);
  const image = renderableImageFromDataset(dataSet, frameNumber - 1);
  const pixels = await decodeFrame(frames[0] as Buffer, transferSyntaxUID, image);
  return renderFrame(pixels, decodedPixelDescription(transferSyntaxUID, image), options);
}
