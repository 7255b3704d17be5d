import { inflateRawSync } from 'node:zlib';
import dicomParser from 'dicom-parser';
import { AppError } from '@consilium/shared';

/** dicom-parser options that inflate deflated data sets (PS3.5 A.5: raw DEFLATE after the meta group). */
export const DEFLATE_AWARE_OPTIONS = {
  inflater: (arr: Uint8Array, position: number) => {
    const inflated = inflateRawSync(arr.subarray(position));
    const out = new Uint8Array(position + inflated.length);
    out.set(arr.subarray(0, position));
    out.set(inflated, position);
    return out;
  },
} as dicomParser.ParseDicomOptions;

/**
 * Parses a stored Part 10 file with dicom-parser (lazy: element offsets only),
 * inflating deflated data sets on the way.
 */
export function parseStoredFile(bytes: Uint8Array): dicomParser.DataSet {
  try {
    return dicomParser.parseDicom(bytes, DEFLATE_AWARE_OPTIONS);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('ProcessingFailure', `Stored instance could not be parsed: ${reason.slice(0, 200)}`);
  }
}
