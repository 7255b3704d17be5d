import { AppError, Tag, TRANSFER_SYNTAXES, TransferSyntax } from '@consilium/shared';
import type { BlobStore } from '../store/BlobStore.js';
import type { StoredInstance } from './findInstances.js';
import { parseStoredFile } from './parseStoredFile.js';
import { framesFromDataSet } from './readFrames.js';

export interface BulkData {
  mediaType: string;
  transferSyntaxUID: string;
  parts: Buffer[];
}

/**
 * The value of a bulk data element referenced by a BulkDataURI (PS3.18 8.4.1):
 * Pixel Data as its frames (stored encoding for encapsulated data, little-endian
 * samples otherwise), any other element as its raw value bytes.
 */
export async function readBulkData(blobs: BlobStore, instance: StoredInstance, tag: string): Promise<BulkData> {
  const dataSet = parseStoredFile(await blobs.read(instance.blobKey));
  if (tag === Tag.PixelData) {
    const count = instance.numberOfFrames ?? 1;
    const numbers = Array.from({ length: count }, (_, i) => i + 1);
    const { frames, transferSyntaxUID } = framesFromDataSet(dataSet, instance.transferSyntaxUID, numbers, count);
    const encapsulated = TRANSFER_SYNTAXES.get(transferSyntaxUID)?.encapsulated ?? false;
    return {
      mediaType: encapsulated ? (TRANSFER_SYNTAXES.get(transferSyntaxUID)?.frameMediaType ?? 'application/octet-stream') : 'application/octet-stream',
      transferSyntaxUID,
      parts: encapsulated ? frames : [Buffer.concat(frames)],
    };
  }
  const element = dataSet.elements[`x${tag.toLowerCase()}`];
  if (!element || element.length < 0) throw new AppError('NotFound', `The instance has no bulk data element ${tag}`);
  const bytes = Buffer.from(dataSet.byteArray.buffer, dataSet.byteArray.byteOffset + element.dataOffset, element.length);
  return { mediaType: 'application/octet-stream', transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian, parts: [bytes] };
}
