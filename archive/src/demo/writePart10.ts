import { TransferSyntax } from '@consilium/shared';
import { demoUid } from './demoUid.js';

/** Value representations this writer encodes (PS3.5 Table 6.2-1). */
export type TextVr = 'AE' | 'AS' | 'CS' | 'DA' | 'DS' | 'IS' | 'LO' | 'LT' | 'PN' | 'SH' | 'TM' | 'UI';
export type DicomElement =
  | { readonly tag: number; readonly vr: TextVr; readonly value: string }
  | { readonly tag: number; readonly vr: 'US' | 'UL'; readonly value: readonly number[] }
  | { readonly tag: number; readonly vr: 'OB' | 'OW'; readonly value: Uint8Array };

export interface Part10Identity {
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
}

/** Identifies files written by this module in (0002,0012) (PS3.10 §7.1). */
export const DEMO_IMPLEMENTATION_CLASS_UID = demoUid('consilium', 'implementation-class', 'writePart10');
const IMPLEMENTATION_VERSION_NAME = 'CONSILIUM_DEMO';
const PREAMBLE_BYTES = 128;

/**
 * Encodes a flat data set (no sequences) as a DICOM Part 10 file in Explicit VR
 * Little Endian (PS3.10 §7.1, PS3.5 §7.1.2). Written by hand rather than with dcmjs:
 * the demo series is ~115 MB and this path only copies bytes (see syntheticCt.ts).
 * Elements may come in any order; they are written sorted by tag as PS3.5 §7.1 requires.
 */
export function writePart10(dataset: readonly DicomElement[], identity: Part10Identity): Uint8Array {
  const meta: DicomElement[] = [
    { tag: 0x0002_0001, vr: 'OB', value: Uint8Array.of(0, 1) },
    { tag: 0x0002_0002, vr: 'UI', value: identity.sopClassUid },
    { tag: 0x0002_0003, vr: 'UI', value: identity.sopInstanceUid },
    { tag: 0x0002_0010, vr: 'UI', value: TransferSyntax.ExplicitVRLittleEndian },
    { tag: 0x0002_0012, vr: 'UI', value: DEMO_IMPLEMENTATION_CLASS_UID },
    { tag: 0x0002_0013, vr: 'SH', value: IMPLEMENTATION_VERSION_NAME },
  ];
  const encodedMeta = meta.map(encodeValue);
  const metaLength = encodedMeta.reduce((sum, e) => sum + elementLength(e), 0);
  const groupLength: EncodedElement = encodeValue({ tag: 0x0002_0000, vr: 'UL', value: [metaLength] });

  const sorted = [...dataset].sort((a, b) => a.tag - b.tag);
  for (let i = 0; i < sorted.length; i++) {
    const tag = sorted[i]!.tag;
    if (tag >>> 16 <= 0x0002) throw new RangeError(`tag ${hex(tag)} does not belong in the data set`);
    if (i > 0 && sorted[i - 1]!.tag === tag) throw new RangeError(`duplicate tag ${hex(tag)}`);
  }
  const encoded = [groupLength, ...encodedMeta, ...sorted.map(encodeValue)];
  const total = PREAMBLE_BYTES + 4 + encoded.reduce((sum, e) => sum + elementLength(e), 0);

  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set([0x44, 0x49, 0x43, 0x4d], PREAMBLE_BYTES); // "DICM"
  let offset = PREAMBLE_BYTES + 4;
  for (const e of encoded) offset = writeElement(out, view, offset, e);
  return out;
}

interface EncodedElement {
  readonly tag: number;
  readonly vr: DicomElement['vr'];
  readonly bytes: Uint8Array;
}

/** VRs with a 2-byte reserved field and a 32-bit length (PS3.5 Table 7.1-1). */
const LONG_LENGTH_VRS: ReadonlySet<string> = new Set(['OB', 'OW']);

function elementLength(e: EncodedElement): number {
  return (LONG_LENGTH_VRS.has(e.vr) ? 12 : 8) + e.bytes.length;
}

function writeElement(out: Uint8Array, view: DataView, offset: number, e: EncodedElement): number {
  view.setUint16(offset, e.tag >>> 16, true);
  view.setUint16(offset + 2, e.tag & 0xffff, true);
  out[offset + 4] = e.vr.charCodeAt(0);
  out[offset + 5] = e.vr.charCodeAt(1);
  if (LONG_LENGTH_VRS.has(e.vr)) {
    view.setUint32(offset + 8, e.bytes.length, true);
    offset += 12;
  } else {
    view.setUint16(offset + 6, e.bytes.length, true);
    offset += 8;
  }
  out.set(e.bytes, offset);
  return offset + e.bytes.length;
}

function encodeValue(e: DicomElement): EncodedElement {
  switch (e.vr) {
    case 'US':
    case 'UL': {
      const size = e.vr === 'US' ? 2 : 4;
      const bytes = new Uint8Array(e.value.length * size);
      const view = new DataView(bytes.buffer);
      e.value.forEach((v, i) => (size === 2 ? view.setUint16(i * 2, v, true) : view.setUint32(i * 4, v, true)));
      return { tag: e.tag, vr: e.vr, bytes };
    }
    case 'OB':
    case 'OW':
      if (e.vr === 'OW' && e.value.length % 2 !== 0) throw new RangeError(`OW value of ${hex(e.tag)} has odd length`);
      return { tag: e.tag, vr: e.vr, bytes: padToEven(e.value, 0) };
    case 'AE':
    case 'AS':
    case 'CS':
    case 'DA':
    case 'DS':
    case 'IS':
    case 'LO':
    case 'LT':
    case 'PN':
    case 'SH':
    case 'TM':
    case 'UI':
      return { tag: e.tag, vr: e.vr, bytes: encodeText(e.tag, e.vr, e.value) };
    default:
      return assertNever(e);
  }
}

function encodeText(tag: number, vr: TextVr, value: string): Uint8Array {
  if (!/^[\x20-\x7e\r\n]*$/.test(value)) throw new RangeError(`value of ${hex(tag)} is not printable ASCII`);
  if (vr === 'UI' && (value.length > 64 || !/^[0-9.\\]*$/.test(value))) {
    throw new RangeError(`invalid UID in ${hex(tag)}: ${value}`);
  }
  const bytes = Buffer.from(value, 'latin1');
  if (bytes.length > 0xfffe) throw new RangeError(`value of ${hex(tag)} is too long`);
  // UIDs are padded with NUL, other text with a space (PS3.5 §6.2).
  return padToEven(bytes, vr === 'UI' ? 0x00 : 0x20);
}

function padToEven(bytes: Uint8Array, pad: number): Uint8Array {
  if (bytes.length % 2 === 0) return bytes;
  const padded = new Uint8Array(bytes.length + 1);
  padded.set(bytes);
  padded[bytes.length] = pad;
  return padded;
}

function hex(tag: number): string {
  const s = tag.toString(16).toUpperCase().padStart(8, '0');
  return `(${s.slice(0, 4)},${s.slice(4)})`;
}

function assertNever(x: never): never {
  throw new Error(`unhandled element ${JSON.stringify(x)}`);
}
