import dicomParser from 'dicom-parser';
import { AppError, TransferSyntax, isNativeTransferSyntax } from '@consilium/shared';
import type { BlobStore } from '../store/BlobStore.js';
import type { StoredInstance } from './findInstances.js';
import { parseStoredFile } from './parseStoredFile.js';

export interface Frames {
  /** Frame bytes in the order asked for. */
  frames: Buffer[];
  /**
   * Their encoding: the stored transfer syntax for encapsulated data; Explicit VR
   * Little Endian for native data (implicit, big endian and deflated included,
   * since frames carry no data elements and are delivered little endian).
   */
  transferSyntaxUID: string;
  dataSet?: dicomParser.DataSet;
}

/**
 * Reads frames (1-based numbers) of a stored instance. Native little-endian
 * pixel data located at ingest is read by byte range without parsing; other
 * encodings are parsed from the file (PS3.5 A.4 fragments for encapsulated data).
 */
export async function readFrames(blobs: BlobStore, instance: StoredInstance, numbers: number[]): Promise<Frames> {
  const count = instance.numberOfFrames ?? 1;
  const beyond = numbers.find((n) => n > count);
  if (beyond !== undefined) throw new AppError('NotFound', `Frame ${beyond} does not exist; the instance has ${count}`);

  if (instance.pixelDataOffset !== null && instance.pixelDataLength !== null) {
    const frameBytes = Math.floor(instance.pixelDataLength / count);
    const frames = await Promise.all(
      numbers.map((n) => blobs.readRange(instance.blobKey, instance.pixelDataOffset! + (n - 1) * frameBytes, frameBytes)),
    );
    return { frames, transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian };
  }
  const dataSet = parseStoredFile(await blobs.read(instance.blobKey));
  return { ...framesFromDataSet(dataSet, instance.transferSyntaxUID, numbers, count), dataSet };
}

export function framesFromDataSet(
  dataSet: dicomParser.DataSet,
  transferSyntaxUID: string,
  numbers: number[],
  count: number,
): Frames {
  const element = dataSet.elements.x7fe00010;
  if (!element) throw new AppError('NotFound', 'The instance has no Pixel Data');
  if (isNativeTransferSyntax(transferSyntaxUID)) {
    const frameBytes = Math.floor(element.length / count);
    const swap16 = transferSyntaxUID === TransferSyntax.ExplicitVRBigEndian && (dataSet.uint16('x00280100') ?? 16) === 16;
    const frames = numbers.map((n) => {
      const start = element.dataOffset + (n - 1) * frameBytes;
      const frame = Buffer.from(dataSet.byteArray.buffer, dataSet.byteArray.byteOffset + start, frameBytes);
      return swap16 ? Buffer.from(frame).swap16() : frame;
    });
    return { frames, transferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian };
  }
  const fragments = element.fragments ?? [];
  const frames = numbers.map((n) => Buffer.from(encapsulatedFrame(dataSet, element, n - 1, count, fragments.length)));
  return { frames, transferSyntaxUID };
}

/** PS3.5 A.4: one frame per fragment run, located by the Basic Offset Table when present. */
function encapsulatedFrame(
  dataSet: dicomParser.DataSet,
  element: dicomParser.Element,
  index: number,
  count: number,
  fragmentCount: number,
): Uint8Array {
  if (count === 1) return dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, element, 0, fragmentCount);
  if (element.basicOffsetTable && element.basicOffsetTable.length > 0) {
    return dicomParser.readEncapsulatedImageFrame(dataSet, element, index);
  }
  if (fragmentCount === count) return dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, element, index, 1);
  const table = dicomParser.createJPEGBasicOffsetTable(dataSet, element);
  return dicomParser.readEncapsulatedImageFrame(dataSet, element, index, table);
}
