import { TransferSyntax } from '@consilium/shared';
import { paramsRecord, parseMediaTypeParts, splitHeaderList } from './parseMediaType.js';

/** One element of an Accept list. `params` excludes `q` and anything after it. */
export interface MediaRange {
  /** Lower-cased; `*` for a wildcard. */
  type: string;
  /** Lower-cased; `*` for a wildcard. */
  subtype: string;
  /** Names lower-cased, values as sent (quotes removed). */
  params: Record<string, string>;
  /** 0..1; 0 means "not acceptable" (RFC 9110 12.4.2). */
  q: number;
}

/** What a route can produce. For multipart responses the part media type goes in `params.type`. */
export interface Offer {
  /** `type/subtype`, e.g. `multipart/related` or `application/dicom+json`. */
  mediaType: string;
  transferSyntaxUID?: string;
  params?: Record<string, string>;
}

/** RFC 9110 12.4.2 qvalue; a leading "." (`q=.5`, sent by Java's URLConnection) is tolerated. */
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?|\.\d{1,3})$/;

/** Not in shared's TransferSyntax table yet; needed only as the image/jpx default. */
const JPEG2000Part2MultiComponentLossless = '1.2.840.10008.1.2.4.92';

/**
 * The transfer syntax a request gets when it names a media type without a
 * `transfer-syntax` parameter (PS3.18 8.7.8.2 and the "D" rows of Tables
 * 8.7.3-2, 8.7.3-4 and 8.7.3-5). Media types without a verified default
 * (video, image/jphc) are absent: any transfer syntax matches them.
 */
const DEFAULT_TRANSFER_SYNTAX: ReadonlyMap<string, string> = new Map([
  ['application/dicom', TransferSyntax.ExplicitVRLittleEndian],
  ['application/octet-stream', TransferSyntax.ExplicitVRLittleEndian],
  ['image/jpeg', TransferSyntax.JPEGLosslessSV1],
  ['image/dicom-rle', TransferSyntax.RLELossless],
  ['image/x-dicom-rle', TransferSyntax.RLELossless],
  ['image/jls', TransferSyntax.JPEGLSLossless],
  ['image/x-jls', TransferSyntax.JPEGLSLossless],
  ['image/jp2', TransferSyntax.JPEG2000Lossless],
  ['image/jpx', JPEG2000Part2MultiComponentLossless],
]);

/** Parameters that say nothing about the representation (PS3.18's own Accept example carries `boundary=**`). */
const IGNORED_PARAMS = new Set(['boundary']);

/**
 * Parses an Accept header (RFC 9110 12.5.1) into media ranges, best first:
 * by q, then by specificity (`image/jpeg;x=y` > `image/jpeg` > `image/*` >
 * the full wildcard), then in header order. Malformed ranges are dropped, as
 * RFC 9110 lets a recipient do, so the result may be empty; a bare `*` (old
 * Java clients) counts as the full wildcard.
 */
export function parseAccept(header: string | undefined): MediaRange[] {
  if (header === undefined) return [];
  const ranges: Array<{ range: MediaRange; index: number; specificity: number }> = [];
  splitHeaderList(header).forEach((item, index) => {
    const range = parseRange(item);
    if (range !== undefined) ranges.push({ range, index, specificity: specificity(range) });
  });
  ranges.sort((a, b) => b.range.q - a.range.q || b.specificity - a.specificity || a.index - b.index);
  return ranges.map(({ range }) => range);
}

/**
 * The media ranges a DICOMweb request accepts: the `accept` query parameter
 * when present and non-empty, else the Accept header (PS3.18 8.3.3.1: the
 * query parameter takes the place of the header field). A repeated query
 * parameter is read as one comma-separated list. Values arrive URL-decoded.
 */
export function acceptFromRequest(
  acceptHeader: string | undefined,
  acceptQuery: string | string[] | undefined,
): MediaRange[] {
  const query = Array.isArray(acceptQuery) ? acceptQuery.join(',') : acceptQuery;
  if (query !== undefined && query.trim() !== '') return parseAccept(query);
  return parseAccept(acceptHeader);
}

/**
 * Picks the representation to send: each offer is rated by the most specific
 * range that matches it (RFC 9110 12.5.1), offers rated q=0 or unmatched are
 * out, the highest q wins, and ties go to the earlier offer. List offers in
 * the server's order of preference, cheapest first (the stored transfer
 * syntax before a transcode). An empty `accept` means anything is acceptable,
 * so the first offer wins; undefined means 406.
 *
 * Matching: type/subtype with wildcards; a range's `type` parameter (the
 * multipart/related root type, RFC 2387) must match `offer.params.type`,
 * wildcards allowed (`type="image/*"`); `transfer-syntax` must equal
 * `offer.transferSyntaxUID` or be `*` (PS3.18 8.7.3.5.2). A range naming a
 * concrete DICOM media type without `transfer-syntax` asks for that type's
 * default transfer syntax (PS3.18 8.7.8.2); an offer in that syntax beats,
 * at equal q, one in another syntax, which still matches so that a server
 * that cannot transcode answers rather than refuses. So Cornerstone3D's
 * `multipart/related; type=application/octet-stream; transfer-syntax=*`
 * takes frames as stored when the caller offers the stored syntax under
 * `type: 'application/octet-stream'`, while dicomweb-client's default
 * `multipart/related; type="application/octet-stream"` prefers Explicit VR
 * Little Endian. Other range parameters must be present on the offer with
 * the same value (case-insensitively), except `charset`, checked only when
 * the offer declares one, and `boundary`, ignored.
 */
export function chooseRepresentation<T extends Offer>(accept: MediaRange[], offers: T[]): T | undefined {
  if (accept.length === 0) return offers[0];
  let best: { offer: T; q: number; exact: boolean } | undefined;
  for (const offer of offers) {
    const rating = rate(accept, offer);
    if (rating === undefined || rating.q <= 0) continue;
    if (best === undefined || rating.q > best.q || (rating.q === best.q && rating.exact && !best.exact)) {
      best = { offer, ...rating };
    }
  }
  return best?.offer;
}

/** The q of the most specific range matching the offer; `exact` is false for a default-syntax mismatch. */
function rate(accept: MediaRange[], offer: Offer): { q: number; exact: boolean } | undefined {
  let chosen: { specificity: number; q: number; exact: boolean } | undefined;
  for (const range of accept) {
    const exact = matches(range, offer);
    if (exact === undefined) continue;
    const s = specificity(range);
    const better =
      chosen === undefined ||
      s > chosen.specificity ||
      (s === chosen.specificity && (range.q > chosen.q || (range.q === chosen.q && exact && !chosen.exact)));
    if (better) chosen = { specificity: s, q: range.q, exact };
  }
  return chosen;
}

/** Undefined when the range does not match; otherwise whether it matches without relying on leniency. */
function matches(range: MediaRange, offer: Offer): boolean | undefined {
  const [type = '', subtype = ''] = offer.mediaType.toLowerCase().split('/');
  if (!wildcardEquals(range.type, type) || !wildcardEquals(range.subtype, subtype)) return undefined;
  const offerParams = offer.params ?? {};
  for (const [name, value] of Object.entries(range.params)) {
    if (name === 'transfer-syntax' || IGNORED_PARAMS.has(name)) continue;
    const offered = offerParams[name];
    if (name === 'type') {
      if (offered === undefined || !mediaTypeMatches(value, offered)) return undefined;
    } else if (offered === undefined) {
      if (name !== 'charset') return undefined;
    } else if (offered.toLowerCase() !== value.toLowerCase()) {
      return undefined;
    }
  }
  const requested = range.params['transfer-syntax'];
  if (requested === '*') return true;
  if (requested !== undefined) return requested === offer.transferSyntaxUID ? true : undefined;
  if (offer.transferSyntaxUID === undefined) return true;
  const named = namedMediaType(range);
  const defaultSyntax = named === undefined ? undefined : DEFAULT_TRANSFER_SYNTAX.get(named);
  return defaultSyntax === undefined || defaultSyntax === offer.transferSyntaxUID;
}

/** The concrete DICOM media type a range names (the `type` parameter for multipart/related), if any. */
function namedMediaType(range: MediaRange): string | undefined {
  if (range.type === '*' || range.subtype === '*') return undefined;
  const inner = range.type === 'multipart' && range.subtype === 'related' ? range.params.type?.toLowerCase() : `${range.type}/${range.subtype}`;
  return inner === undefined || inner.includes('*') ? undefined : inner;
}

function wildcardEquals(pattern: string, value: string): boolean {
  return pattern === '*' || pattern === value;
}

/** `image/*` matches `image/jp2`; parameters on either side are ignored. */
function mediaTypeMatches(pattern: string, value: string): boolean {
  const [pType = '', pSubtype = ''] = essence(pattern).split('/');
  const [vType = '', vSubtype = ''] = essence(value).split('/');
  if (pType === '*' && pSubtype === '*') return true;
  return pType === vType && wildcardEquals(pSubtype, vSubtype);
}

function essence(mediaType: string): string {
  return (mediaType.split(';')[0] ?? '').trim().toLowerCase();
}

function parseRange(item: string): MediaRange | undefined {
  const text = item.replace(/^\s*\*\s*(?=;|$)/, '*/*');
  const parts = parseMediaTypeParts(text);
  if (parts === undefined) return undefined;
  if (parts.type === '*' && parts.subtype !== '*') return undefined;
  const qIndex = parts.parameters.findIndex(([name]) => name === 'q');
  const rangeParams = qIndex === -1 ? parts.parameters : parts.parameters.slice(0, qIndex);
  const params = paramsRecord(rangeParams);
  if (params === undefined) return undefined;
  let q = 1;
  if (qIndex !== -1) {
    const value = parts.parameters[qIndex]?.[1] ?? '';
    if (!QVALUE.test(value)) return undefined;
    q = Number(value);
  }
  return { type: parts.type, subtype: parts.subtype, params, q };
}

/** Concrete type, concrete subtype, then each parameter (a wildcard value counts half). */
function specificity(range: MediaRange): number {
  let score = (range.type === '*' ? 0 : 10_000) + (range.subtype === '*' ? 0 : 100);
  for (const [name, value] of Object.entries(range.params)) {
    if (IGNORED_PARAMS.has(name)) continue;
    score += value === '*' || value.endsWith('/*') ? 1 : 2;
  }
  return score;
}
