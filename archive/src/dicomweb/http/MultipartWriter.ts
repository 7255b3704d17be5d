import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { formatParameterValue, isToken } from './parseMediaType.js';

/** One part of an outgoing multipart/related payload (WADO-RS, PS3.18 8.6.1). */
export interface OutgoingPart {
  /** Written as the part's Content-Type, e.g. `application/dicom; transfer-syntax=1.2.840.10008.1.2.1`. */
  contentType: string;
  /** Further part headers, e.g. Content-Location; must not repeat Content-Type. */
  headers?: Record<string, string>;
  body: Buffer | Uint8Array | NodeJS.ReadableStream;
}

/** RFC 2046 5.1.1: 1 to 70 bchars, not ending in a space. */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

const CRLF = Buffer.from('\r\n', 'latin1');

/** 128 random bits as hex: only token characters, so it never needs quoting. */
export function newBoundary(): string {
  return randomBytes(16).toString('hex');
}

/**
 * The Content-Type of a multipart/related response, e.g.
 * `multipart/related; type="application/dicom"; boundary=...` (RFC 2387 3.1;
 * PS3.18 8.6.1). Values are quoted only when they are not tokens
 * (RFC 2045 5.1), which `type` always is not because of its "/".
 */
export function multipartContentType(type: string, boundary: string, extra?: Record<string, string>): string {
  assertBoundary(boundary);
  const params: Array<[string, string]> = [['type', type], ...Object.entries(extra ?? {}), ['boundary', boundary]];
  return ['multipart/related', ...params.map(([name, value]) => formatParameter(name, value))].join('; ');
}

/**
 * Streams parts as a multipart/related body (RFC 2046 5.1.1): each part is
 * `--boundary CRLF headers CRLF body CRLF`, then `--boundary--` CRLF.
 *
 * Built on `Readable.from` over an async generator, so nothing is pulled from
 * `parts` or from a part's body stream until the consumer (the HTTP socket)
 * wants more: a slow client holds the archive to one chunk in flight instead of
 * a study in memory. If the returned stream is destroyed, the part being
 * written has its body stream destroyed and `parts` is returned; streams
 * already created for later parts are not touched, so yield lazily (an async
 * generator that opens each file when asked) rather than pass an array of
 * open streams. Bugs (a bad header name, a CR or LF in a value) error the
 * stream.
 *
 * The boundary must not occur in any body. With `newBoundary()` (128 random
 * bits) that is left to chance, as every multipart writer does.
 */
export function multipartStream(parts: AsyncIterable<OutgoingPart> | Iterable<OutgoingPart>, boundary: string): Readable {
  assertBoundary(boundary);
  const inFlight: InFlight = { body: undefined };
  const stream = Readable.from(generateMultipart(parts, boundary, inFlight), { objectMode: false });
  // Readable.from's _destroy returns the generator, which first waits for the
  // pending read of the body to settle; a stalled source never settles, and
  // 'close' would never come. Destroying the body first unblocks that read.
  const returnGenerator = stream._destroy.bind(stream);
  stream._destroy = (error, callback) => {
    const body = inFlight.body as Partial<Readable> | undefined;
    if (typeof body?.destroy === 'function') body.destroy();
    returnGenerator(error, callback);
  };
  return stream;
}

/**
 * A whole multipart/related body in one Buffer, for parts already in memory
 * (frames, bulk data). Cheaper than a stream for the frame hot path: one copy of
 * each part instead of a generator step and a socket write per chunk.
 */
export function multipartBuffer(parts: readonly { contentType: string; headers?: Record<string, string>; body: Uint8Array }[], boundary: string): Buffer {
  assertBoundary(boundary);
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n${partHeaders({ ...part })}\r\n`, 'latin1'), asBuffer(part.body), CRLF);
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  return Buffer.concat(chunks);
}

interface InFlight {
  body: NodeJS.ReadableStream | undefined;
}

async function* generateMultipart(
  parts: AsyncIterable<OutgoingPart> | Iterable<OutgoingPart>,
  boundary: string,
  inFlight: InFlight,
): AsyncGenerator<Buffer> {
  for await (const part of parts) {
    yield Buffer.from(`--${boundary}\r\n${partHeaders(part)}\r\n`, 'latin1');
    if (part.body instanceof Uint8Array) {
      if (part.body.byteLength > 0) yield asBuffer(part.body);
    } else {
      inFlight.body = part.body;
      for await (const chunk of part.body) {
        const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : asBuffer(chunk);
        if (buffer.byteLength > 0) yield buffer;
      }
      inFlight.body = undefined;
    }
    yield CRLF;
  }
  yield Buffer.from(`--${boundary}--\r\n`, 'latin1');
}

function partHeaders(part: OutgoingPart): string {
  let text = headerLine('Content-Type', part.contentType);
  for (const [name, value] of Object.entries(part.headers ?? {})) {
    if (name.toLowerCase() === 'content-type') throw new TypeError('Part headers repeat Content-Type; use OutgoingPart.contentType');
    text += headerLine(name, value);
  }
  return text;
}

function headerLine(name: string, value: string): string {
  if (!isToken(name)) throw new TypeError(`Invalid part header name: ${JSON.stringify(name)}`);
  if (/[\r\n\0]/.test(value)) throw new TypeError(`Part header ${name} contains a line break or NUL`);
  return `${name}: ${value}\r\n`;
}

function formatParameter(name: string, value: string): string {
  if (!isToken(name)) throw new TypeError(`Invalid media type parameter name: ${JSON.stringify(name)}`);
  return `${name}=${formatParameterValue(value)}`;
}

function assertBoundary(boundary: string): void {
  if (!BOUNDARY.test(boundary)) throw new TypeError(`Invalid multipart boundary: ${JSON.stringify(boundary)}`);
}

/** A Buffer over the same memory: no copy, and only the view's own bytes. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
