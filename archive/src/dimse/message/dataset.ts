import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { DicomJsonDict, DicomJsonElement } from 'dcmjs';
import { TRANSFER_SYNTAXES, Tag, TransferSyntax } from '@consilium/shared';
import { DimseMessageError } from './DimseMessageError.js';
import { dcmjsReadDataset, dcmjsWriteDataset } from './dcmjsInternals.js';
import type { DcmjsDict, DcmjsElement } from './dcmjsInternals.js';
import { scanDataset } from './scanDataset.js';
import type { DatasetLayout, DatasetShape } from './scanDataset.js';

export type { DicomJsonDict, DicomJsonElement };

/** A deflated data set may not inflate beyond this (a zip bomb costs the peer nothing). */
export const MAX_INFLATED_DATASET_BYTES = 64 * 1024 * 1024;

const UTF8 = 'ISO_IR 192';
const NON_ASCII = /[\u0080-\uffff]/;
/** VRs dcmjs writes as text: a null among their values must become '' (dcmjs would write "null"). */
const TEXT_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT']);
/** VRs whose values dcmjs leaves with their trailing space padding (DA range "20240101-" arrives as "20240101- "). */
const UNTRIMMED_VRS = new Set(['DA', 'DT', 'TM']);

interface Encoding extends DatasetLayout {
  /** The syntax UID dcmjs writes with: the UID itself (its writer encapsulates pixel data by it), explicit LE for deflated. */
  syntax: string;
  deflated: boolean;
}

/**
 * How a data set of this transfer syntax is encoded (PS3.5 Annex A): the three
 * native ones, deflated (A.5: Explicit VR LE, then raw DEFLATE), and encapsulated
 * ones, whose data sets are Explicit VR LE apart from their pixel data (A.4).
 */
function encodingOf(transferSyntaxUid: string): Encoding {
  const explicitLe = { explicitVr: true, littleEndian: true, deflated: false };
  switch (transferSyntaxUid) {
    case TransferSyntax.ImplicitVRLittleEndian:
      return { syntax: transferSyntaxUid, explicitVr: false, littleEndian: true, deflated: false };
    case TransferSyntax.ExplicitVRLittleEndian:
      return { syntax: transferSyntaxUid, ...explicitLe };
    case TransferSyntax.ExplicitVRBigEndian:
      return { syntax: transferSyntaxUid, explicitVr: true, littleEndian: false, deflated: false };
    case TransferSyntax.DeflatedExplicitVRLittleEndian:
      return { syntax: TransferSyntax.ExplicitVRLittleEndian, ...explicitLe, deflated: true };
    default:
      if (TRANSFER_SYNTAXES.get(transferSyntaxUid)?.encapsulated) return { syntax: transferSyntaxUid, ...explicitLe };
      throw new DimseMessageError(`Transfer syntax "${transferSyntaxUid.slice(0, 64)}" is not one the archive can decode or encode`);
  }
}

/**
 * Decodes a data set as it travels in P-DATA (no preamble, no file meta; PS3.7
 * 6.3.1) into the DICOM JSON dict form dcmjs produces: keys are 8 uppercase hex
 * digits, PN values `{ Alphabetic, Ideographic?, Phonetic? }`, IS/DS/US/... numbers,
 * binary values ArrayBuffers. Three departures from dcmjs, all towards PS3.18 F.2:
 * an element of zero length reads as `{ vr }` without Value whatever its VR (dcmjs
 * reads an empty US as 0, an empty IS as null and an empty LO as ""; C-FIND
 * universal matching keys depend on the difference), DA/DT/TM lose their trailing
 * padding space (a range "20240101-" arrives padded), and AT values read as
 * "GGGGEEEE" strings rather than numbers. Text is decoded to Unicode per
 * SpecificCharacterSet, in sequence items too, and SpecificCharacterSet then reads
 * "ISO_IR 192". Several character sets at once (ISO 2022 code extensions) and
 * unknown ones are refused. Throws DimseMessageError only.
 */
export function decodeDataset(bytes: Buffer, transferSyntaxUid: string): DicomJsonDict {
  const encoding = encodingOf(transferSyntaxUid);
  const plain = encoding.deflated ? inflate(bytes) : bytes;
  const shape = scanDataset(plain, encoding);
  let dict: DcmjsDict;
  try {
    dict = dcmjsReadDataset(plain, readSyntax(encoding));
  } catch (error) {
    throw new DimseMessageError(`Malformed data set: ${describe(error)}`, { cause: error });
  }
  return toJson(dict, shape);
}

/** dcmjs reads only the three native syntaxes; any other UID it would read as big endian. */
function readSyntax(layout: DatasetLayout): string {
  if (!layout.explicitVr) return TransferSyntax.ImplicitVRLittleEndian;
  return layout.littleEndian ? TransferSyntax.ExplicitVRLittleEndian : TransferSyntax.ExplicitVRBigEndian;
}

function inflate(bytes: Buffer): Buffer {
  try {
    return inflateRawSync(bytes, { maxOutputLength: MAX_INFLATED_DATASET_BYTES });
  } catch (error) {
    throw new DimseMessageError(`Deflated data set does not inflate: ${describe(error)}`, { cause: error });
  }
}

/** dcmjs's dict as plain DICOM JSON, corrected by the shape the scanner saw. */
function toJson(dict: DcmjsDict, shape: DatasetShape | undefined): DicomJsonDict {
  const out: DicomJsonDict = {};
  for (const [tag, element] of Object.entries(dict)) {
    out[tag] = toJsonElement(tag, element, shape);
  }
  return out;
}

function toJsonElement(tag: string, element: DcmjsElement, shape: DatasetShape | undefined): DicomJsonElement {
  const vr = element.vr;
  if (shape?.emptyTags.has(tag)) return { vr };
  const values = element.Value ?? [];
  if (vr === 'SQ') {
    if (values.length === 0) return { vr };
    const itemShapes = shape?.sequences.get(tag);
    return { vr, Value: values.map((item, i) => toJson(item as DcmjsDict, itemShapes?.[i])) };
  }
  if (vr === 'PN') return { vr, Value: values.map(copyPersonName) };
  if (vr === 'AT') return { vr, Value: values.map((v) => (typeof v === 'number' ? v.toString(16).toUpperCase().padStart(8, '0') : v)) };
  if (UNTRIMMED_VRS.has(vr)) return { vr, Value: values.map((v) => (typeof v === 'string' ? v.replace(/ +$/, '') : v)) };
  return { vr, Value: [...values] };
}

function copyPersonName(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const group of ['Alphabetic', 'Ideographic', 'Phonetic']) {
    const text = (value as Record<string, unknown>)[group];
    if (text !== undefined) out[group] = text;
  }
  return out;
}

/**
 * Encodes a DICOM JSON dict (PS3.18 F.2; PN as `{ Alphabetic }` or a string, AT as
 * "GGGGEEEE", binary values as ArrayBuffer/Uint8Array or InlineBinary) as a bare
 * data set for P-DATA. An element without Value, or with `Value: []`, is written
 * with zero length; null among text values as an empty value.
 * Text is written as UTF-8: SpecificCharacterSet is set to "ISO_IR 192" wherever
 * the dict has one, and added at the top when any text is not ASCII. Elements of
 * groups 0000 and 0002 are left out: they never belong in a data set
 * (PS3.7 6.3.1, PS3.10 7.1). Throws DimseMessageError (e.g. for a BulkDataURI,
 * which this layer cannot resolve).
 */
export function encodeDataset(dict: DicomJsonDict, transferSyntaxUid: string): Buffer {
  const encoding = encodingOf(transferSyntaxUid);
  const prepared = prepare(dict);
  if (!(Tag.SpecificCharacterSet in prepared) && hasNonAscii(prepared)) {
    prepared[Tag.SpecificCharacterSet] = { vr: 'CS', Value: [UTF8] };
  }
  let bytes: Buffer;
  try {
    bytes = dcmjsWriteDataset(prepared, encoding.syntax, encoding.littleEndian);
  } catch (error) {
    throw new DimseMessageError(`Data set cannot be encoded: ${describe(error)}`, { cause: error });
  }
  return encoding.deflated ? deflate(bytes) : bytes;
}

/**
 * Raw DEFLATE (PS3.5 A.5), padded to even length with a NUL after the end of the
 * stream, which inflaters ignore: DCMTK refuses an odd-length data set fragment
 * ("DIMSE: Odd Fragment Length").
 */
function deflate(bytes: Buffer): Buffer {
  const deflated = deflateRawSync(bytes);
  return deflated.length % 2 === 0 ? deflated : Buffer.concat([deflated, Buffer.alloc(1)]);
}

/** A copy dcmjs writes as intended: uppercase keys, no meta groups, Value always an array, binaries as ArrayBuffers. */
function prepare(dict: DicomJsonDict): DcmjsDict {
  const out: DcmjsDict = {};
  for (const [key, element] of Object.entries(dict)) {
    const tag = key.toUpperCase();
    if (!/^[0-9A-F]{8}$/.test(tag)) throw new DimseMessageError(`"${key.slice(0, 20)}" is not a tag of 8 hex digits`);
    if (tag.startsWith('0000') || tag.startsWith('0002')) continue;
    out[tag] = prepareElement(tag, element);
  }
  return out;
}

function prepareElement(tag: string, element: DicomJsonElement): DcmjsElement {
  const vr = element?.vr;
  if (typeof vr !== 'string' || !/^[A-Z]{2}$/.test(vr)) throw new DimseMessageError(`Element ${tag} has no valid vr`);
  if (element.BulkDataURI !== undefined) throw new DimseMessageError(`Element ${tag} refers to bulk data (BulkDataURI), which a DIMSE data set cannot carry by reference`);
  if (element.InlineBinary !== undefined) return { vr, Value: [toArrayBuffer(Buffer.from(element.InlineBinary, 'base64'))] };
  const values = element.Value ?? [];
  if (tag === Tag.SpecificCharacterSet) return { vr, Value: [UTF8] };
  if (vr === 'SQ') return { vr, Value: values.map((item) => prepare(item as DicomJsonDict)) };
  if (vr === 'AT') return { vr, Value: values.map((v) => attributeTagNumber(tag, v)) };
  if (TEXT_VRS.has(vr)) return { vr, Value: values.map((v) => v ?? '') };
  return { vr, Value: values.map((v) => (v instanceof Uint8Array ? toArrayBuffer(v) : v)) };
}

/** An AT value as dcmjs writes it: a number (group << 16 | element), from PS3.18 F.2's "GGGGEEEE". */
function attributeTagNumber(tag: string, value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^[0-9A-Fa-f]{8}$/.test(value)) return Number.parseInt(value, 16);
  throw new DimseMessageError(`Element ${tag} (AT) holds a value that is not a tag of 8 hex digits`);
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function hasNonAscii(dict: DcmjsDict): boolean {
  return Object.values(dict).some((element) =>
    (element.Value ?? []).some((value) => {
      if (typeof value === 'string') return NON_ASCII.test(value);
      if (element.vr === 'SQ') return hasNonAscii(value as DcmjsDict);
      if (element.vr === 'PN' && typeof value === 'object' && value !== null) return NON_ASCII.test(Object.values(value).join(''));
      return false;
    }),
  );
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 200);
}
