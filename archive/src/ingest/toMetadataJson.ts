import type { DicomJsonDict, DicomJsonElement } from 'dcmjs';
import { TRANSFER_SYNTAXES, Tag } from '@consilium/shared';

/** Binary VRs whose values become InlineBinary or BulkDataURI (PS3.18 F.2.7). */
const BINARY_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
/** Values larger than this are served as bulk data rather than inline. */
export const INLINE_BINARY_MAX_BYTES = 1024;
/** Prefix the HTTP layer turns into an absolute URI (see absolutizeBulkDataUris). */
export const RELATIVE_BULK_PREFIX = '"BulkDataURI":"';

/**
 * Builds the instance's DICOM JSON (PS3.18 F.2) once, at ingest, so /metadata is
 * served from the index. BulkDataURIs are relative to the DICOMweb root
 * (`studies/{s}/series/{se}/instances/{i}/bulkdata/{tag}`); the HTTP layer
 * prefixes the public base URL when it serves them.
 */
export function toMetadataJson(
  dict: DicomJsonDict,
  hasPixelData: boolean,
  uids: { studyInstanceUID: string; seriesInstanceUID: string; sopInstanceUID: string },
  transferSyntaxUID?: string,
): string {
  const base = `studies/${uids.studyInstanceUID}/series/${uids.seriesInstanceUID}/instances/${uids.sopInstanceUID}/bulkdata/`;
  const out = convertDataset(dict, (tag) => `${base}${tag}`);
  if (transferSyntaxUID) out[Tag.AvailableTransferSyntaxUID] = { vr: 'UI', Value: [transferSyntaxUID] };
  if (hasPixelData) out[Tag.PixelData] = { vr: pixelDataVr(dict, transferSyntaxUID), BulkDataURI: `${base}${Tag.PixelData}` };
  return JSON.stringify(sortByTag(out));
}

/** PS3.5 A.4 / 8.2: encapsulated or at most 8-bit pixel data is OB, wider native data OW. */
function pixelDataVr(dict: DicomJsonDict, transferSyntaxUID: string | undefined): 'OB' | 'OW' {
  const bitsAllocated = Number(dict[Tag.BitsAllocated]?.Value?.[0] ?? 16);
  const encapsulated = transferSyntaxUID !== undefined && (TRANSFER_SYNTAXES.get(transferSyntaxUID)?.encapsulated ?? false);
  return encapsulated || bitsAllocated <= 8 ? 'OB' : 'OW';
}

function convertDataset(dict: DicomJsonDict, bulkUri: ((tag: string) => string) | null): DicomJsonDict {
  const out: DicomJsonDict = {};
  for (const [tag, element] of Object.entries(dict)) {
    if (!/^[0-9A-F]{8}$/i.test(tag) || tag.startsWith('0002')) continue;
    out[tag.toUpperCase()] = convertElement(tag.toUpperCase(), element, bulkUri);
  }
  return out;
}

function convertElement(
  tag: string,
  element: DicomJsonElement,
  bulkUri: ((tag: string) => string) | null,
): DicomJsonElement {
  const vr = typeof element.vr === 'string' ? element.vr : 'UN';
  const values = Array.isArray(element.Value) ? element.Value : [];
  if (values.length === 0) return { vr };
  if (vr === 'SQ') {
    const items = values.map((item) =>
      typeof item === 'object' && item !== null ? convertDataset(item as DicomJsonDict, null) : {},
    );
    return { vr, Value: items };
  }
  if (BINARY_VRS.has(vr)) {
    const bytes = concatBinary(values);
    if (bytes.byteLength > INLINE_BINARY_MAX_BYTES && bulkUri) return { vr, BulkDataURI: bulkUri(tag) };
    return { vr, InlineBinary: Buffer.from(bytes).toString('base64') };
  }
  if (vr === 'DS' || vr === 'IS') {
    return { vr, Value: values.map((v) => (v === '' || v === null ? null : Number(v))).map(finiteOrNull) };
  }
  return { vr, Value: values.map((v) => (v === undefined ? null : v)) };
}

function finiteOrNull(n: number | null): number | null {
  return n !== null && Number.isFinite(n) ? n : null;
}

function concatBinary(values: unknown[]): Uint8Array {
  const parts = values.map((v) =>
    v instanceof ArrayBuffer ? new Uint8Array(v) : ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : new Uint8Array(0),
  );
  if (parts.length === 1 && parts[0]) return parts[0];
  return Buffer.concat(parts);
}

function sortByTag(dict: DicomJsonDict): DicomJsonDict {
  return Object.fromEntries(Object.entries(dict).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Makes the stored relative BulkDataURIs absolute under the DICOMweb root. */
export function absolutizeBulkDataUris(json: string, dicomwebRoot: string): string {
  return json.replaceAll(RELATIVE_BULK_PREFIX, `${RELATIVE_BULK_PREFIX}${dicomwebRoot.replace(/\/$/, '')}/`);
}
