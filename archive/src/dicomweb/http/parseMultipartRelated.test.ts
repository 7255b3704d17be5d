import { describe, expect, it } from 'vitest';
import { parseMultipartRelated, type MultipartRelated } from './parseMultipartRelated.js';

const CT = 'multipart/related; type="application/dicom"; boundary=b0undary';

function parse(body: string | Buffer, contentType: string | undefined = CT) {
  return parseMultipartRelated(typeof body === 'string' ? Buffer.from(body, 'latin1') : body, contentType);
}

function parsed(body: string | Buffer, contentType: string | undefined = CT): MultipartRelated {
  const result = parse(body, contentType);
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function failure(body: string | Buffer, contentType: string | undefined = CT) {
  const result = parse(body, contentType);
  if (result.ok) throw new Error(`expected an error, got ${result.value.parts.length} part(s)`);
  return result.error;
}

const text = (b: Buffer) => b.toString('latin1');

describe('parseMultipartRelated: Content-Type', () => {
  it('reads the boundary and lower-cases the type parameter', () => {
    const result = parsed('--b0undary\r\nContent-Type: application/dicom\r\n\r\nDATA\r\n--b0undary--', 'multipart/related; type="Application/DICOM"; boundary=b0undary');
    expect(result.type).toBe('application/dicom');
    expect(result.parts).toHaveLength(1);
  });

  it('accepts a quoted boundary with spaces and tspecials, and case-insensitive names', () => {
    const boundary = "a b'(c)+_,-./:=?z";
    const body = `--${boundary}\r\n\r\nX\r\n--${boundary}--\r\n`;
    const result = parsed(body, `Multipart/Related; BOUNDARY="${boundary}"`);
    expect(result.type).toBeUndefined();
    expect(result.parts.map((p) => text(p.body))).toEqual(['X']);
  });

  it('keeps the boundary case-sensitive', () => {
    const error = failure('--B0UNDARY\r\n\r\nX\r\n--B0UNDARY--');
    expect(error.code).toBe('InvalidDicom');
  });

  it.each([
    [undefined, /Missing Content-Type/],
    ['', /Missing Content-Type/],
    ['application/dicom', /Expected multipart\/related, got application\/dicom/],
    ['multipart/form-data; boundary=b0undary', /got multipart\/form-data/],
    ['multipart/related; type="application/dicom"', /no boundary/],
    ['multipart/related; boundary=""', /no boundary/],
    ['multipart/related; boundary="unterminated', /Unparseable/],
    ['multipart/related; boundary=a; boundary=b', /Unparseable/],
    [`multipart/related; boundary=${'x'.repeat(300)}`, /longer than/],
  ])('refuses Content-Type %j as UnsupportedMediaType', (contentType, message) => {
    const result = parseMultipartRelated(Buffer.from('--b0undary\r\n\r\nX\r\n--b0undary--'), contentType);
    if (result.ok) throw new Error('expected an error');
    const error = result.error;
    expect(error.code).toBe('UnsupportedMediaType');
    expect(error.httpStatus).toBe(415);
    expect(error.message).toMatch(message);
  });
});

describe('parseMultipartRelated: framing (RFC 2046 5.1.1)', () => {
  it('splits parts and reads their headers', () => {
    const body =
      '--b0undary\r\nContent-Type: application/dicom\r\nContent-Location: /a\r\n\r\nAAA\r\n' +
      '--b0undary\r\ncontent-type: application/dicom; transfer-syntax=1.2.840.10008.1.2.4.50\r\n\r\nBB\r\n' +
      '--b0undary--\r\n';
    const { parts } = parsed(body);
    expect(parts.map((p) => text(p.body))).toEqual(['AAA', 'BB']);
    expect(parts[0]?.headers).toEqual({ 'content-type': 'application/dicom', 'content-location': '/a' });
    expect(parts[1]?.contentType).toBe('application/dicom');
    expect(parts[1]?.headers['content-type']).toBe('application/dicom; transfer-syntax=1.2.840.10008.1.2.4.50');
  });

  it('ignores the preamble and the epilogue', () => {
    const body =
      'This is a preamble with --b0undary inside it\r\nand more\r\n--b0undary\r\n\r\nX\r\n--b0undary--\r\nepilogue --b0undary\r\n--b0undary\r\n\r\nY';
    expect(parsed(body).parts.map((p) => text(p.body))).toEqual(['X']);
  });

  it('accepts the leading CRLF that dicomweb-client puts before the first boundary', () => {
    const body = '\r\n--b0undary\r\nContent-Type: application/dicom\r\n\r\nX\r\n--b0undary--';
    expect(parsed(body).parts.map((p) => text(p.body))).toEqual(['X']);
  });

  it('skips transport padding after boundary lines', () => {
    const body = '--b0undary \t \r\n\r\nX\r\n--b0undary\t\r\n\r\nY\r\n--b0undary-- \r\n';
    expect(parsed(body).parts.map((p) => text(p.body))).toEqual(['X', 'Y']);
  });

  it('keeps a CRLF at the end of a payload exactly', () => {
    const body = '--b0undary\r\n\r\nline1\r\nline2\r\n\r\n\r\n--b0undary\r\n\r\n\r\n\r\n--b0undary--';
    expect(parsed(body).parts.map((p) => text(p.body))).toEqual(['line1\r\nline2\r\n\r\n', '\r\n']);
  });

  it('treats the boundary string inside binary data as payload unless it forms a delimiter line', () => {
    const payloads = [
      Buffer.from('\x00\xff--b0undary\r\n\x01', 'latin1'), // no CRLF before it
      Buffer.from('\r\n--b0undaryX\r\n', 'latin1'), // longer token: a different boundary
      Buffer.from('\r\n--b0undary-x', 'latin1'), // a single dash is not a close delimiter
      Buffer.from('\r\n--b0undary \tjunk', 'latin1'), // padding not followed by CRLF
      Buffer.from('\r\n--b0undary\rX', 'latin1'), // CR not followed by LF
      Buffer.from('\n--b0undary\r\n', 'latin1'), // bare LF before it
    ];
    const body = Buffer.concat([
      ...payloads.flatMap((p) => [Buffer.from('--b0undary\r\nContent-Type: application/octet-stream\r\n\r\n'), p, Buffer.from('\r\n')]),
      Buffer.from('--b0undary--'),
    ]);
    const { parts } = parsed(body);
    expect(parts.map((p) => p.body)).toEqual(payloads);
  });

  it('allows parts without headers, and empty parts', () => {
    const body = '--b0undary\r\n\r\nno headers\r\n--b0undary\r\n\r\n--b0undary\r\n\r\n\r\n--b0undary--';
    const { parts } = parsed(body);
    expect(parts.map((p) => [p.headers, p.contentType, text(p.body)])).toEqual([
      [{}, undefined, 'no headers'],
      [{}, undefined, ''],
      [{}, undefined, ''],
    ]);
  });

  it('reads a part with headers and no body', () => {
    const { parts } = parsed('--b0undary\r\nContent-Type: application/dicom\r\n\r\n--b0undary--');
    expect(parts).toHaveLength(1);
    expect(parts[0]?.contentType).toBe('application/dicom');
    expect(parts[0]?.body.length).toBe(0);
  });

  it('returns no parts for a body that is only the close delimiter', () => {
    expect(parsed('--b0undary--\r\n').parts).toEqual([]);
  });

  it('unfolds folded header lines and joins repeated ones', () => {
    const body = '--b0undary\r\nContent-Type: multipart/related;\r\n type="application/dicom"\r\nX-A: 1\r\nx-a: 2\r\n\r\nZ\r\n--b0undary--';
    const [part] = parsed(body).parts;
    expect(part?.headers).toEqual({ 'content-type': 'multipart/related; type="application/dicom"', 'x-a': '1, 2' });
    expect(part?.contentType).toBe('multipart/related');
  });

  it('keeps a header called __proto__ as data', () => {
    const [part] = parsed('--b0undary\r\n__proto__: x\r\n\r\nZ\r\n--b0undary--').parts;
    expect(Object.keys(part?.headers ?? {})).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(part?.headers)).toBe(Object.prototype);
  });

  it('returns views into the request buffer, not copies', () => {
    const body = Buffer.from('--b0undary\r\n\r\nABC\r\n--b0undary--');
    const [part] = parsed(body).parts;
    expect(part?.body.buffer).toBe(body.buffer);
    body[14] = 'Z'.charCodeAt(0);
    expect(text(part?.body ?? Buffer.alloc(0))).toBe('ZBC');
  });
});

describe('parseMultipartRelated: malformed bodies', () => {
  const full = '--b0undary\r\nContent-Type: application/dicom\r\n\r\nDATA\r\n--b0undary\r\n\r\nMORE\r\n--b0undary--\r\n';

  it('refuses every truncation that loses the close delimiter', () => {
    const closeAt = full.lastIndexOf('--b0undary--') + '--b0undary--'.length;
    for (let cut = 0; cut < closeAt; cut++) {
      const error = failure(full.slice(0, cut));
      expect(error.code, `cut at ${cut}`).toBe('InvalidDicom');
      expect(error.message).toMatch(/^Malformed multipart body: /);
    }
    for (let cut = closeAt; cut <= full.length; cut++) expect(parsed(full.slice(0, cut)).parts).toHaveLength(2);
  });

  it('says how many parts arrived when the close delimiter is missing', () => {
    const error = failure(full.slice(0, full.indexOf('MORE') + 2));
    expect(error.message).toMatch(/no closing delimiter "--b0undary--" after 1 complete part\(s\) \(truncated upload\?\)/);
  });

  it('says when the body ends inside a boundary line', () => {
    expect(failure('--b0undary\r\n\r\nX\r\n--b0undary-').message).toMatch(/ends inside a boundary line/);
    expect(failure('--b0undary').message).toMatch(/ends inside the opening boundary line/);
  });

  it('reports a body without any boundary', () => {
    expect(failure('just some bytes').message).toMatch(/no opening boundary "--b0undary"$/);
    expect(failure('').message).toMatch(/no opening boundary/);
  });

  it('refuses LF-only line endings and says so', () => {
    const lf = '--b0undary\nContent-Type: application/dicom\n\nX\n--b0undary--\n';
    expect(failure(lf).message).toMatch(/line endings must be CRLF/);
    const mixed = '--b0undary\r\nContent-Type: application/dicom\r\n\r\nX\n--b0undary--\n';
    expect(failure(mixed).message).toMatch(/no closing delimiter.*line endings must be CRLF/);
  });

  it('refuses a part whose headers are not followed by a blank line', () => {
    expect(failure('--b0undary\r\nDATA WITHOUT HEADERS\r\n--b0undary--').message).toMatch(/part 1 has no blank line/);
  });

  it('refuses bad header lines, naming the part', () => {
    expect(failure('--b0undary\r\n\r\nok\r\n--b0undary\r\nno colon here\r\n\r\nX\r\n--b0undary--').message).toMatch(
      /part 2 has an invalid header line: "no colon here"/,
    );
    expect(failure('--b0undary\r\n: empty name\r\n\r\nX\r\n--b0undary--').message).toMatch(/invalid header line/);
    expect(failure('--b0undary\r\nbad name: x\r\n\r\nX\r\n--b0undary--').message).toMatch(/invalid header line/);
    expect(failure('--b0undary\r\n folded: first\r\n\r\nX\r\n--b0undary--').message).toMatch(/continuation line/);
    expect(failure('--b0undary\r\nContent-Type: not a type\r\n\r\nX\r\n--b0undary--').message).toMatch(
      /part 1 has an invalid Content-Type: not a type/,
    );
  });

  it('refuses a header section larger than 64 KiB', () => {
    const body = `--b0undary\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\nX\r\n--b0undary--`;
    expect(failure(body).message).toMatch(/no blank line within its first 65536 bytes/);
  });
});
