import { AppError, err, ok, type Result } from '@consilium/shared';
import { isToken, parseMediaType } from './parseMediaType.js';

/** One body part. `body` is a view into the request buffer, never a copy. */
export interface MultipartPart {
  /** Part header fields, names lower-cased; repeated fields joined with ", ". */
  headers: Record<string, string>;
  /**
   * Lower-cased `type/subtype` of the part's Content-Type, parameters dropped
   * (the full value, e.g. with `transfer-syntax=`, stays in `headers`).
   * Undefined when the part has none; RFC 2387 3.1 then points to the
   * `type` parameter of the whole message.
   */
  contentType: string | undefined;
  body: Buffer;
}

export interface MultipartRelated {
  /** The `type` parameter of the Content-Type, lower-cased (RFC 2387 3.1). */
  type: string | undefined;
  parts: MultipartPart[];
}

/** A part's header section larger than this is treated as malformed. */
const MAX_PART_HEADER_BYTES = 64 * 1024;

/** RFC 2046 5.1.1 allows 70; some clients send longer, so only absurd lengths are refused. */
const MAX_BOUNDARY_LENGTH = 256;

const CR = 0x0d;
const LF = 0x0a;
const DASH = 0x2d;
const SPACE = 0x20;
const TAB = 0x09;
const CRLF = Buffer.from('\r\n', 'latin1');
const CRLF_CRLF = Buffer.from('\r\n\r\n', 'latin1');

/**
 * Splits a `multipart/related` body (RFC 2387) into its parts, as STOW-RS
 * receives it (PS3.18 10.5, Store Transaction).
 *
 * Hand-written because the Node multipart libraries (busboy, and
 * @fastify/multipart on top of it) only parse `multipart/form-data`; they
 * refuse `multipart/related`, which is the only multipart type DICOMweb uses.
 *
 * Framing follows RFC 2046 5.1.1: the preamble and epilogue are ignored,
 * transport padding (spaces, tabs) after a boundary is skipped, a part may
 * have no headers, and the closing delimiter `--boundary--` is required, so a
 * truncated upload is an error rather than a silently shorter study.
 * Line endings must be CRLF. LF-only bodies are refused with a message that
 * says so, because binary payloads make a lenient reading ambiguous: whether
 * a `\r` just before `\n--boundary` belongs to the payload cannot be known.
 * A boundary string inside a payload that is not a whole delimiter line
 * (e.g. not preceded by CRLF, or followed by other bytes) is payload.
 *
 * Linear in the body size: delimiters are found with `Buffer.indexOf`, and
 * each header search is bounded by its part and MAX_PART_HEADER_BYTES.
 */
export function parseMultipartRelated(body: Buffer, contentType: string | undefined): Result<MultipartRelated, AppError> {
  const header = parseContentType(contentType);
  if (!header.ok) return header;
  const { boundary, type } = header.value;
  const parts = splitParts(body, boundary);
  if (!parts.ok) return parts;
  return ok({ type, parts: parts.value });
}

function parseContentType(
  contentType: string | undefined,
): Result<{ boundary: string; type: string | undefined }, AppError> {
  if (contentType === undefined || contentType.trim() === '') {
    return err(new AppError('UnsupportedMediaType', 'Missing Content-Type; expected multipart/related'));
  }
  const mediaType = parseMediaType(contentType);
  if (mediaType === undefined) {
    return err(new AppError('UnsupportedMediaType', `Unparseable Content-Type: ${contentType}`));
  }
  if (mediaType.type !== 'multipart' || mediaType.subtype !== 'related') {
    return err(
      new AppError('UnsupportedMediaType', `Expected multipart/related, got ${mediaType.type}/${mediaType.subtype}`),
    );
  }
  const boundary = mediaType.params.boundary;
  if (boundary === undefined || boundary === '') {
    return err(new AppError('UnsupportedMediaType', 'multipart/related Content-Type has no boundary parameter'));
  }
  if (boundary.length > MAX_BOUNDARY_LENGTH) {
    return err(new AppError('UnsupportedMediaType', `multipart boundary is longer than ${MAX_BOUNDARY_LENGTH} characters`));
  }
  return ok({ boundary, type: mediaType.params.type?.toLowerCase() });
}

function malformed(reason: string): Result<never, AppError> {
  return err(new AppError('InvalidDicom', `Malformed multipart body: ${reason}`));
}

type BoundaryLine = FoundLine | { kind: 'none' }; // the boundary string is followed by other bytes: payload

type FoundLine =
  | { kind: 'part'; next: number } // a delimiter line; the next part starts at `next`
  | { kind: 'close' } // the close delimiter
  | { kind: 'truncated' }; // the body ends inside the boundary line

/** Reads what follows `--boundary` at `at` (RFC 2046: transport-padding CRLF, or "--"). */
function classifyBoundaryLine(body: Buffer, at: number): BoundaryLine {
  let i = at;
  if (i >= body.length) return { kind: 'truncated' };
  if (body[i] === DASH) {
    if (i + 1 >= body.length) return { kind: 'truncated' };
    return body[i + 1] === DASH ? { kind: 'close' } : { kind: 'none' };
  }
  while (i < body.length && (body[i] === SPACE || body[i] === TAB)) i++;
  if (i >= body.length) return { kind: 'truncated' };
  if (body[i] !== CR) return { kind: 'none' };
  if (i + 1 >= body.length) return { kind: 'truncated' };
  return body[i + 1] === LF ? { kind: 'part', next: i + 2 } : { kind: 'none' };
}

/** Finds the next delimiter (CRLF--boundary line) at or after `from`. */
function findDelimiter(
  body: Buffer,
  delimiter: Buffer,
  from: number,
): { index: number; line: FoundLine } | undefined {
  let searchFrom = from;
  for (;;) {
    const index = body.indexOf(delimiter, searchFrom);
    if (index === -1) return undefined;
    const line = classifyBoundaryLine(body, index + delimiter.length);
    if (line.kind !== 'none') return { index, line };
    searchFrom = index + 1;
  }
}

/** The first boundary line: `--boundary` at the very start, or after the preamble's CRLF. */
function findOpening(body: Buffer, dashBoundary: Buffer, delimiter: Buffer): FoundLine | undefined {
  if (body.subarray(0, dashBoundary.length).equals(dashBoundary)) {
    const line = classifyBoundaryLine(body, dashBoundary.length);
    if (line.kind !== 'none') return line;
  }
  return findDelimiter(body, delimiter, 0)?.line;
}

function splitParts(body: Buffer, boundary: string): Result<MultipartPart[], AppError> {
  const dashBoundary = Buffer.from(`--${boundary}`, 'latin1');
  const delimiter = Buffer.concat([CRLF, dashBoundary]);
  const opening = findOpening(body, dashBoundary, delimiter);
  if (opening === undefined) {
    return malformed(`no opening boundary "--${boundary}"${lfHint(body, dashBoundary)}`);
  }
  if (opening.kind === 'truncated') return malformed('body ends inside the opening boundary line (truncated upload?)');
  if (opening.kind === 'close') return ok([]);

  const parts: MultipartPart[] = [];
  let start = opening.next;
  for (;;) {
    const found = findDelimiter(body, delimiter, start);
    if (found === undefined || found.line.kind === 'truncated') {
      const where = found === undefined ? 'no closing delimiter' : 'body ends inside a boundary line';
      return malformed(
        `${where} "--${boundary}--" after ${parts.length} complete part(s) (truncated upload?)${lfHint(body, dashBoundary)}`,
      );
    }
    const part = readPart(body, start, found.index, parts.length + 1);
    if (!part.ok) return part;
    parts.push(part.value);
    if (found.line.kind === 'close') return ok(parts);
    start = found.line.next;
  }
}

/** Reads the part in [start, end); `end` is where its delimiter's CRLF begins. */
function readPart(body: Buffer, start: number, end: number, partNumber: number): Result<MultipartPart, AppError> {
  if (start === end) return ok({ headers: {}, contentType: undefined, body: body.subarray(start, end) });
  if (body[start] === CR && body[start + 1] === LF) {
    return ok({ headers: {}, contentType: undefined, body: body.subarray(start + 2, end) });
  }
  // The blank line may end at the delimiter's own CRLF when a part has headers but no body.
  const windowEnd = Math.min(end + CRLF.length, start + MAX_PART_HEADER_BYTES + CRLF_CRLF.length);
  const headerEnd = body.subarray(start, windowEnd).indexOf(CRLF_CRLF);
  if (headerEnd === -1) {
    const tooBig = windowEnd - start > MAX_PART_HEADER_BYTES;
    return malformed(
      tooBig
        ? `part ${partNumber} has no blank line within its first ${MAX_PART_HEADER_BYTES} bytes`
        : `part ${partNumber} has no blank line (CRLF CRLF) after its headers`,
    );
  }
  const headers = parseHeaderLines(body.toString('latin1', start, start + headerEnd), partNumber);
  if (!headers.ok) return headers;
  const rawType = headers.value['content-type'];
  let contentType: string | undefined;
  if (rawType !== undefined) {
    const mediaType = parseMediaType(rawType);
    if (mediaType === undefined) return malformed(`part ${partNumber} has an invalid Content-Type: ${rawType}`);
    contentType = `${mediaType.type}/${mediaType.subtype}`;
  }
  const bodyStart = Math.min(start + headerEnd + CRLF_CRLF.length, end);
  return ok({ headers: headers.value, contentType, body: body.subarray(bodyStart, end) });
}

/** RFC 5322 2.2 header fields, with obsolete line folding unfolded. */
function parseHeaderLines(text: string, partNumber: number): Result<Record<string, string>, AppError> {
  const headers = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.split('\r\n')) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (last === undefined) return malformed(`part ${partNumber} starts its headers with a continuation line`);
      headers.set(last, `${headers.get(last) ?? ''} ${line.trim()}`.trim());
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : '';
    if (!isToken(name)) {
      return malformed(`part ${partNumber} has an invalid header line: ${JSON.stringify(line.slice(0, 80))}`);
    }
    const value = line.slice(colon + 1).trim();
    const previous = headers.get(name);
    headers.set(name, previous === undefined ? value : `${previous}, ${value}`);
    last = name;
  }
  return ok(Object.fromEntries(headers));
}

/** On the error path only: say so when the body looks like it uses bare LF line endings. */
function lfHint(body: Buffer, dashBoundary: Buffer): string {
  let from = 0;
  for (;;) {
    const index = body.indexOf(dashBoundary, from);
    if (index === -1) return '';
    const after = body[index + dashBoundary.length];
    const before = index === 0 ? undefined : body[index - 1];
    const beforeThat = index < 2 ? undefined : body[index - 2];
    if (after === LF || (before === LF && beforeThat !== CR)) {
      return '; line endings must be CRLF (RFC 2046 5.1.1), this body uses bare LF';
    }
    from = index + 1;
  }
}
