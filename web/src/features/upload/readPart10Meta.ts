/** What the upload needs from a file's File Meta Information (PS3.10 7.1). */
export interface Part10Meta {
  sopClassUID: string | undefined;
  sopInstanceUID: string | undefined;
  transferSyntaxUID: string | undefined;
}

/**
 * Bytes to read from the start of a file to classify it: the 128-byte
 * preamble, "DICM" and a File Meta group, which in practice is well under 1 KB.
 */
export const PART10_PROBE_BYTES = 16 * 1024;

const PREAMBLE_BYTES = 128;
const META_GROUP = 0x0002;
/** VRs with a reserved 2 bytes and a 32-bit length in Explicit VR encoding (PS3.5 7.1.2). */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const META_ELEMENTS: Record<number, keyof Part10Meta> = { 0x0002: 'sopClassUID', 0x0003: 'sopInstanceUID', 0x0010: 'transferSyntaxUID' };

/** True when the bytes carry the "DICM" prefix after the 128-byte preamble (PS3.10 7.1). */
export function isPart10(bytes: Uint8Array): boolean {
  return bytes.length >= PREAMBLE_BYTES + 4 && String.fromCharCode(...bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + 4)) === 'DICM';
}

/**
 * Reads the UIDs of the File Meta Information, always Explicit VR Little
 * Endian whatever the data set's transfer syntax (PS3.10 7.1), so no DICOM
 * library is needed. The upload uses the SOP Instance UID to tell which file a
 * STOW-RS response item is about. Undefined when the bytes are not Part 10.
 */
export function readPart10Meta(bytes: Uint8Array): Part10Meta | undefined {
  if (!isPart10(bytes)) return undefined;
  const meta: Part10Meta = { sopClassUID: undefined, sopInstanceUID: undefined, transferSyntaxUID: undefined };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = PREAMBLE_BYTES + 4;
  while (offset + 8 <= bytes.length && view.getUint16(offset, true) === META_GROUP) {
    const element = view.getUint16(offset + 2, true);
    const vr = String.fromCharCode(bytes[offset + 4] ?? 0, bytes[offset + 5] ?? 0);
    const long = LONG_VRS.has(vr);
    if (long && offset + 12 > bytes.length) break;
    const length = long ? view.getUint32(offset + 8, true) : view.getUint16(offset + 6, true);
    const valueStart = offset + (long ? 12 : 8);
    if (length === 0xffffffff || valueStart + length > bytes.length) break;
    const field = META_ELEMENTS[element];
    if (field) meta[field] = uidValue(bytes.subarray(valueStart, valueStart + length));
    offset = valueStart + length;
  }
  return meta;
}

/** A UI value without its padding (PS3.5 6.2: padded with a trailing NUL to even length). */
function uidValue(bytes: Uint8Array): string | undefined {
  const text = String.fromCharCode(...bytes).replace(/[\0 ]+$/, '');
  return text === '' ? undefined : text;
}
