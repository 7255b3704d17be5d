import type { DicomJsonDict } from 'dcmjs';
import { AppError, type Result, TRANSFER_SYNTAXES, Tag, TransferSyntax, err, ok } from '@consilium/shared';
import { decodeFrame, decodedPixelDescription, pixelDescriptionFromDataset } from '../render/index.js';
import { parseStoredFile } from '../retrieve/parseStoredFile.js';
import { framesFromDataSet } from '../retrieve/readFrames.js';
import { decodeDataset, encodeDataset } from './message/dataset.js';
import type { DatasetLocation } from './message/part10.js';

/**
 * What a stored data set can be transcoded into when the peer accepted no
 * context in its own transfer syntax: the two native little-endian encodings
 * every Storage SCP must accept one of (PS3.5 10.1, PS3.4 B.4.1). The archive
 * decodes every stored syntax it has a codec for but encodes none.
 */
export const TRANSCODE_TARGETS: readonly string[] = [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian];

/**
 * The data set of a stored Part 10 file in `target`: its own bytes when the
 * syntaxes match; otherwise decoded and encoded again. Native data sets change
 * only their encoding (text is written as UTF-8, PS3.5 6.1.2.3); encapsulated
 * ones also get their frames decoded into native Pixel Data (OW, or OB for 8
 * bits and less, PS3.5 A.2), PhotometricInterpretation as decoded (YBR becomes
 * RGB where the codec converts), PlanarConfiguration 0, and LossyImageCompression
 * "01" when the source was lossy (PS3.3 C.7.6.1.1.5). A target other than
 * TRANSCODE_TARGETS, a codec missing or a bitstream that does not decode is an
 * AppError value: the caller counts the sub-operation as failed.
 */
export async function transcodeDataset(file: Buffer, location: DatasetLocation, target: string): Promise<Result<Buffer, AppError>> {
  const source = location.transferSyntaxUid;
  const dataset = file.subarray(location.offset);
  if (source === target) return ok(dataset);
  if (!TRANSCODE_TARGETS.includes(target)) {
    return err(new AppError('UnsupportedTransferSyntax', `cannot encode a data set in ${TRANSFER_SYNTAXES.get(target)?.name ?? target}`));
  }
  try {
    const dict = decodeDataset(dataset, source);
    if (TRANSFER_SYNTAXES.get(source)?.encapsulated) await decodePixelData(file, source, dict);
    else if (source === TransferSyntax.ExplicitVRBigEndian) swapWords(dict);
    return ok(encodeDataset(dict, target));
  } catch (error) {
    if (error instanceof AppError) return err(error);
    throw error;
  }
}

/** Replaces encapsulated Pixel Data (PS3.5 A.4) by the decoded frames, native and in frame order. */
async function decodePixelData(file: Buffer, source: string, dict: DicomJsonDict): Promise<void> {
  const dataSet = parseStoredFile(file);
  const image = pixelDescriptionFromDataset(dataSet);
  const count = Math.max(1, dataSet.intString('x00280008') ?? 1);
  const { frames } = framesFromDataSet(dataSet, source, Array.from({ length: count }, (_, i) => i + 1), count);
  const decoded = await Promise.all(frames.map((frame) => decodeFrame(frame, source, image)));
  const pixels = Buffer.concat(decoded);
  const even = pixels.length % 2 === 0 ? pixels : Buffer.concat([pixels, Buffer.alloc(1)]);
  const described = decodedPixelDescription(source, image);
  dict[Tag.PixelData] = { vr: image.bitsAllocated > 8 ? 'OW' : 'OB', Value: [toArrayBuffer(even)] };
  dict[Tag.PhotometricInterpretation] = { vr: 'CS', Value: [described.photometricInterpretation] };
  if (image.samplesPerPixel > 1 || Tag.PlanarConfiguration in dict) dict[Tag.PlanarConfiguration] = { vr: 'US', Value: [0] };
  if (TRANSFER_SYNTAXES.get(source)?.lossy) dict[Tag.LossyImageCompression] = { vr: 'CS', Value: ['01'] };
}

/** Bytes per word of the binary VRs whose values have a byte order (PS3.5 Table 6.2-1). */
const WORD_BYTES: Readonly<Record<string, number>> = { OW: 2, OL: 4, OF: 4, OD: 8, OV: 8 };

/**
 * dcmjs reads the values of OW, OL, OF, OD and OV of a big-endian data set as
 * raw bytes; written into a little-endian one they must be byte-swapped word by
 * word (PS3.5 7.3). Sequence items are walked too (LUT Data, for instance).
 */
function swapWords(dict: DicomJsonDict): void {
  for (const element of Object.values(dict)) {
    if (element.vr === 'SQ') {
      for (const item of element.Value ?? []) swapWords(item as DicomJsonDict);
      continue;
    }
    const size = WORD_BYTES[element.vr];
    if (!size || !element.Value) continue;
    element.Value = element.Value.map((value) => {
      if (!(value instanceof ArrayBuffer) || value.byteLength % size !== 0) return value;
      const bytes = Buffer.from(value.slice(0));
      if (size === 2) bytes.swap16();
      else if (size === 4) bytes.swap32();
      else bytes.swap64();
      return toArrayBuffer(bytes);
    });
  }
}

function toArrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
