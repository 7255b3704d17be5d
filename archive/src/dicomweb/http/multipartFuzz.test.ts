import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { multipartContentType, multipartStream, type OutgoingPart } from './MultipartWriter.js';
import { parseMultipartRelated } from './parseMultipartRelated.js';

/**
 * Seeded fuzz of the STOW-RS input path (STYLE.md: "a seeded fuzz test for
 * the DICOM parser/DIMSE input path"). A failure names its seed; rerun one
 * seed by narrowing SEEDS.
 */
const SEEDS = Array.from({ length: 250 }, (_, i) => 0x5eed + i);

/** mulberry32: small, fast, good enough to drive a fuzzer. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  return { next, int, pick };
}
type Rng = ReturnType<typeof rng>;

const BCHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ";

function randomBoundary(r: Rng): string {
  const length = r.pick([1, 2, 3, r.int(4, 20), r.int(20, 70), 70]);
  let boundary = '';
  for (let i = 0; i < length; i++) boundary += r.pick([...BCHARS]);
  return boundary.endsWith(' ') ? `${boundary.slice(0, -1)}z` : boundary;
}

/** Random bytes salted with the things a multipart parser trips over. */
function randomPayload(r: Rng, boundary: string): Buffer {
  const pieces: Buffer[] = [];
  const count = r.pick([0, 1, r.int(2, 12), r.int(12, 60)]);
  for (let i = 0; i < count; i++) {
    const kind = r.int(0, 9);
    if (kind <= 3) pieces.push(Buffer.from(Array.from({ length: r.int(0, 400) }, () => r.int(0, 255))));
    else if (kind === 4) pieces.push(Buffer.from(r.pick(['\r\n', '\r', '\n', '--', '\r\n\r\n', ' ', '\t'])));
    else if (kind === 5) pieces.push(Buffer.from(`X--${boundary}\r\n`, 'latin1')); // boundary without CRLF before it
    else if (kind === 6) pieces.push(Buffer.from(`\r\n--${boundary}Z`, 'latin1')); // longer token
    else if (kind === 7) pieces.push(Buffer.from(`\r\n--${boundary.slice(0, r.int(0, boundary.length - 1))}`, 'latin1'));
    else if (kind === 8) pieces.push(Buffer.from(`\r\n--${boundary}-x`, 'latin1'));
    else pieces.push(Buffer.from(`\r\n--${boundary} \tq`, 'latin1'));
  }
  return Buffer.concat(pieces);
}

/**
 * RFC 2046 forbids a delimiter line inside a body part; no writer can send
 * one. Checked on the payload as the writer frames it (CRLF before, from the
 * header block; CRLF after, from the next delimiter).
 */
function formsDelimiter(payload: Buffer, boundary: string): boolean {
  const framed = Buffer.concat([Buffer.from('\r\n'), payload, Buffer.from('\r\n')]);
  const delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  for (let at = framed.indexOf(delimiter); at !== -1; at = framed.indexOf(delimiter, at + 1)) {
    let j = at + delimiter.length;
    if (framed[j] === 0x2d && framed[j + 1] === 0x2d) return true;
    while (framed[j] === 0x20 || framed[j] === 0x09) j++;
    if (j >= framed.length || (framed[j] === 0x0d && framed[j + 1] === 0x0a)) return true;
  }
  return false;
}

const CONTENT_TYPES = [
  'application/dicom',
  'application/dicom; transfer-syntax=1.2.840.10008.1.2.4.50',
  'application/octet-stream',
  'image/jp2; transfer-syntax=1.2.840.10008.1.2.4.90',
  'application/dicom+json; charset=utf-8',
];

interface Generated {
  boundary: string;
  contentType: string;
  parts: Array<{ contentType: string; headers: Record<string, string>; payload: Buffer }>;
}

function generate(r: Rng): Generated {
  const boundary = randomBoundary(r);
  const parts = Array.from({ length: r.pick([0, 1, 1, 2, r.int(3, 8)]) }, (_, i) => {
    let payload = randomPayload(r, boundary);
    while (formsDelimiter(payload, boundary)) payload = randomPayload(r, boundary);
    const headers: Record<string, string> = {};
    if (r.next() < 0.5) headers['Content-Location'] = `/studies/1.2.3/series/4.5/instances/6.${i}`;
    if (r.next() < 0.3) headers['X-Fuzz'] = `v${r.int(0, 1000)}`;
    return { contentType: r.pick(CONTENT_TYPES), headers, payload };
  });
  return { boundary, contentType: multipartContentType('application/dicom', boundary), parts };
}

/** The same payload as a Buffer, a Uint8Array view at an offset, or a chunked stream. */
function asBody(r: Rng, payload: Buffer): OutgoingPart['body'] {
  const kind = r.int(0, 2);
  if (kind === 0) return payload;
  if (kind === 1) {
    const backing = new Uint8Array(payload.length + 16);
    backing.set(payload, 7);
    return backing.subarray(7, 7 + payload.length);
  }
  const chunks: Buffer[] = [];
  for (let at = 0; at < payload.length; ) {
    const size = r.int(1, 500);
    chunks.push(payload.subarray(at, at + size));
    at += size;
  }
  return Readable.from(chunks);
}

async function write(r: Rng, g: Generated): Promise<Buffer> {
  const outgoing = g.parts.map((p) => ({ contentType: p.contentType, headers: p.headers, body: asBody(r, p.payload) }));
  const stream = multipartStream(outgoing, g.boundary);
  return Buffer.concat((await stream.toArray()) as Buffer[]);
}

function mutate(r: Rng, body: Buffer, boundary: string): Buffer {
  const bytes = [...body];
  for (let n = r.int(1, 4); n > 0; n--) {
    const at = r.int(0, bytes.length);
    switch (r.int(0, 4)) {
      case 0:
        if (bytes.length > 0) bytes[Math.min(at, bytes.length - 1)] = r.int(0, 255);
        break;
      case 1:
        bytes.splice(at, r.int(1, 40));
        break;
      case 2:
        bytes.splice(at, 0, ...Array.from({ length: r.int(1, 20) }, () => r.int(0, 255)));
        break;
      case 3:
        bytes.splice(at, 0, ...Buffer.from(r.pick([`\r\n--${boundary}`, `\r\n--${boundary}--`, '\r\n\r\n', '\n', ':']), 'latin1'));
        break;
      default:
        bytes.splice(at, 0, ...bytes.slice(r.int(0, bytes.length), r.int(0, bytes.length)));
    }
  }
  return Buffer.from(bytes);
}

describe('multipart fuzz', () => {
  it.each(SEEDS)('round-trips what multipartStream writes (seed %i)', async (seed) => {
    const r = rng(seed);
    const g = generate(r);
    const body = await write(r, g);
    const result = parseMultipartRelated(body, g.contentType);
    if (!result.ok) throw new Error(`seed ${seed}: ${result.error.message}`);
    expect(result.value.type).toBe('application/dicom');
    expect(result.value.parts).toHaveLength(g.parts.length);
    result.value.parts.forEach((part, i) => {
      const sent = g.parts[i];
      expect(part.body.equals(sent?.payload ?? Buffer.alloc(0)), `seed ${seed} part ${i} body`).toBe(true);
      expect(part.contentType).toBe(sent?.contentType.split(';')[0]);
      const expectedHeaders = Object.fromEntries(
        Object.entries({ 'Content-Type': sent?.contentType ?? '', ...sent?.headers }).map(([k, v]) => [k.toLowerCase(), v]),
      );
      expect(part.headers).toEqual(expectedHeaders);
    });
  });

  it.each(SEEDS)('refuses truncated bodies (seed %i)', async (seed) => {
    const r = rng(seed);
    const g = generate(r);
    const body = await write(r, g);
    const closeEnd = body.length - 2; // the writer ends with "--boundary--" CRLF
    const cuts = [0, closeEnd - 1, closeEnd - 2, closeEnd - 3, ...Array.from({ length: 25 }, () => r.int(0, closeEnd - 1))];
    for (const cut of cuts.filter((c) => c >= 0)) {
      const result = parseMultipartRelated(body.subarray(0, cut), g.contentType);
      expect(result.ok, `seed ${seed}: cut at ${cut} of ${body.length} parsed`).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('InvalidDicom');
    }
    for (const cut of [closeEnd, closeEnd + 1, body.length]) {
      expect(parseMultipartRelated(body.subarray(0, cut), g.contentType).ok, `seed ${seed}: cut at ${cut}`).toBe(true);
    }
  });

  it.each(SEEDS)('never throws on mutated bodies and returns ordered views (seed %i)', async (seed) => {
    const r = rng(seed);
    const g = generate(r);
    const valid = await write(r, g);
    for (let round = 0; round < 20; round++) {
      const body = round === 0 ? Buffer.from(Array.from({ length: r.int(0, 300) }, () => r.int(0, 255))) : mutate(r, valid, g.boundary);
      const contentType = r.next() < 0.9 ? g.contentType : r.pick([undefined, '', 'multipart/related', `multipart/related; boundary="${g.boundary}`, 'text/plain']);
      let result: ReturnType<typeof parseMultipartRelated> | undefined;
      expect(() => (result = parseMultipartRelated(body, contentType)), `seed ${seed} round ${round}`).not.toThrow();
      if (result === undefined) continue;
      if (!result.ok) {
        expect(['InvalidDicom', 'UnsupportedMediaType']).toContain(result.error.code);
        continue;
      }
      let previousEnd = 0;
      for (const part of result.value.parts) {
        expect(part.body.buffer).toBe(body.buffer);
        const start = part.body.byteOffset - body.byteOffset;
        expect(start).toBeGreaterThanOrEqual(previousEnd);
        previousEnd = start + part.body.length;
        expect(previousEnd).toBeLessThanOrEqual(body.length);
      }
    }
  });
});
