import { wadors } from '@cornerstonejs/dicom-image-loader';
import type { DicomJson } from '@/lib/dicomJson';

/**
 * Hands the series metadata (WADO-RS DICOM JSON) to the image loader's
 * metadata provider, keyed by frame image id, so Cornerstone never asks the
 * archive for a header per image.
 */
export function registerWadoRsMetadata(metadataByImageId: ReadonlyMap<string, DicomJson>): void {
  for (const [imageId, metadata] of metadataByImageId) {
    wadors.metaDataManager.add(imageId, metadata as unknown as Parameters<typeof wadors.metaDataManager.add>[1]);
  }
}
