import { AppError, TransferSyntax } from '@consilium/shared';
import { decodeFrame, pixelDescriptionFromDataset } from '../render/index.js';
import type { BlobStore } from '../store/BlobStore.js';
import type { StoredInstance } from './findInstances.js';
import { parseStoredFile } from './parseStoredFile.js';
import { readFrames } from './readFrames.js';

/**
 * Frames in the transfer syntax a WADO-RS client negotiated: as stored, or
 * decoded to Explicit VR Little Endian (PS3.18 8.7.3.5) with the wasm codecs.
 */
export async function readFramesAs(
  blobs: BlobStore,
  instance: StoredInstance,
  numbers: number[],
  transferSyntaxUID: string,
): Promise<Buffer[]> {
  const read = await readFrames(blobs, instance, numbers);
  if (read.transferSyntaxUID === transferSyntaxUID) return read.frames;
  if (transferSyntaxUID !== TransferSyntax.ExplicitVRLittleEndian) {
    throw new AppError('NotAcceptable', `Frames cannot be transcoded to ${transferSyntaxUID}`);
  }
  const dataSet = read.dataSet ?? parseStoredFile(await blobs.read(instance.blobKey));
  const image = pixelDescriptionFromDataset(dataSet);
  const decoded = await Promise.all(read.frames.map((frame) => decodeFrame(frame, read.transferSyntaxUID, image)));
  return decoded.map((d) => Buffer.from(d.buffer, d.byteOffset, d.byteLength));
}
