import dicomParser from 'dicom-parser';

/** A frame's bytes as stored and the transfer syntax they are in. */
export interface FrameBytes {
  pixelData: Uint8Array;
  transferSyntaxUid: string;
}

const CRLF_CRLF = [13, 10, 13, 10];
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';

/**
 * The frames of a WADO-RS "Retrieve Series" answer (PS3.18 10.4.1.1.2:
 * multipart/related; type="application/dicom", one Part 10 instance a part),
 * by SOP Instance UID, as views into `body` (nothing copied). Only native
 * little-endian pixel data of a defined length is taken, the demo CT's and
 * most CT/MR; an instance of another kind is left out, and the viewer loads
 * its frames one request each as before. Stops at the first part it cannot
 * read: what was read before stays usable.
 */
export function framesOfSeriesResponse(body: Uint8Array, contentType: string): Map<string, FrameBytes[]> {
  const frames = new Map<string, FrameBytes[]>();
  const boundary = boundaryOf(contentType);
  if (!boundary) return frames;
  const delimiter = asciiBytes(`--${boundary}`);
  let partStart = indexOf(body, delimiter, 0);
  while (partStart >= 0) {
    const headersEnd = indexOf(body, CRLF_CRLF, partStart + delimiter.length);
    if (headersEnd < 0) break;
    const instanceStart = headersEnd + CRLF_CRLF.length;
    const read = readInstance(body, instanceStart);
    if (!read) break;
    frames.set(read.sopInstanceUid, read.frames);
    // The instance ends where its pixel data does, at the latest: the next delimiter is close behind it.
    partStart = indexOf(body, delimiter, read.pixelDataEnd);
  }
  return frames;
}

function readInstance(body: Uint8Array, start: number): { sopInstanceUid: string; frames: FrameBytes[]; pixelDataEnd: number } | undefined {
  const file = body.subarray(start);
  let dataSet: dicomParser.DataSet;
  try {
    dataSet = dicomParser.parseDicom(file, { untilTag: 'x7fe00010' });
  } catch {
    return undefined;
  }
  const transferSyntaxUid = dataSet.string('x00020010')?.trim() ?? '';
  const sopInstanceUid = dataSet.string('x00080018')?.trim() ?? '';
  const pixelData = dataSet.elements.x7fe00010;
  const native = transferSyntaxUid === EXPLICIT_VR_LITTLE_ENDIAN || transferSyntaxUid === IMPLICIT_VR_LITTLE_ENDIAN;
  if (!sopInstanceUid || !pixelData || !native || pixelData.hadUndefinedLength || pixelData.dataOffset + pixelData.length > file.length) return undefined;
  const count = Math.max(1, Number(dataSet.string('x00280008') ?? '1') || 1);
  if (pixelData.length % count !== 0) return undefined;
  const frameBytes = pixelData.length / count;
  const frames = Array.from({ length: count }, (_, i) => ({
    pixelData: file.subarray(pixelData.dataOffset + i * frameBytes, pixelData.dataOffset + (i + 1) * frameBytes),
    transferSyntaxUid,
  }));
  return { sopInstanceUid, frames, pixelDataEnd: start + pixelData.dataOffset + pixelData.length };
}

function boundaryOf(contentType: string): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

function asciiBytes(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

/** Where `needle` first occurs in `haystack` at or after `from`, or -1. */
function indexOf(haystack: Uint8Array, needle: readonly number[], from: number): number {
  const first = needle[0];
  for (let i = haystack.indexOf(first as number, from); i >= 0 && i <= haystack.length - needle.length; i = haystack.indexOf(first as number, i + 1)) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}
