import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { multipartContentType, multipartStream, newBoundary, type OutgoingPart } from './MultipartWriter.js';
import { parseMediaType } from './parseMediaType.js';
import { parseMultipartRelated } from './parseMultipartRelated.js';

async function collect(stream: Readable): Promise<string> {
  return Buffer.concat((await stream.toArray()) as Buffer[]).toString('latin1');
}

describe('multipartStream', () => {
  it('writes RFC 2046 framing byte for byte', async () => {
    const body = await collect(
      multipartStream(
        [
          { contentType: 'application/dicom', headers: { 'Content-Location': '/a' }, body: Buffer.from('AAA') },
          { contentType: 'application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1', body: Buffer.from('B\r\n') },
        ],
        'XyZ',
      ),
    );
    expect(body).toBe(
      '--XyZ\r\nContent-Type: application/dicom\r\nContent-Location: /a\r\n\r\nAAA\r\n' +
        '--XyZ\r\nContent-Type: application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1\r\n\r\nB\r\n\r\n' +
        '--XyZ--\r\n',
    );
  });

  it('writes only the close delimiter when there are no parts', async () => {
    expect(await collect(multipartStream([], 'XyZ'))).toBe('--XyZ--\r\n');
  });

  it('writes empty bodies', async () => {
    const body = await collect(multipartStream([{ contentType: 'text/plain', body: Buffer.alloc(0) }], 'XyZ'));
    expect(body).toBe('--XyZ\r\nContent-Type: text/plain\r\n\r\n\r\n--XyZ--\r\n');
  });

  it('writes only the bytes of a Uint8Array view, not its whole ArrayBuffer', async () => {
    const backing = new Uint8Array([0x61, 0x62, 0x63, 0x64, 0x65]);
    const body = await collect(multipartStream([{ contentType: 'x/y', body: backing.subarray(1, 4) }], 'XyZ'));
    expect(body).toContain('\r\n\r\nbcd\r\n--XyZ--');
  });

  it('streams body streams chunk by chunk, strings included, from an async iterable of parts', async () => {
    async function* parts(): AsyncGenerator<OutgoingPart> {
      yield { contentType: 'x/y', body: Readable.from([Buffer.from('one'), Buffer.from(''), Buffer.from('two')]) };
      yield { contentType: 'x/y', body: Readable.from(['thr', 'ée']) };
    }
    const body = await collect(multipartStream(parts(), 'XyZ'));
    expect(body).toBe(
      '--XyZ\r\nContent-Type: x/y\r\n\r\nonetwo\r\n' +
        `--XyZ\r\nContent-Type: x/y\r\n\r\n${Buffer.from('thrée', 'utf8').toString('latin1')}\r\n--XyZ--\r\n`,
    );
  });

  it('pulls parts only as fast as the consumer reads (backpressure)', async () => {
    let pulled = 0;
    let finished = false;
    function* parts(): Generator<OutgoingPart> {
      try {
        for (let i = 0; i < 1000; i++) {
          pulled++;
          yield { contentType: 'application/octet-stream', body: Buffer.alloc(64 * 1024, i) };
        }
      } finally {
        finished = true;
      }
    }
    const stream = multipartStream(parts(), newBoundary());
    const reader = stream[Symbol.asyncIterator]();
    for (let i = 0; i < 6; i++) await reader.next(); // header, body, CRLF of two parts
    expect(pulled).toBeLessThanOrEqual(4);
    await reader.return?.();
    expect(stream.destroyed).toBe(true);
    expect(finished).toBe(true);
    expect(pulled).toBeLessThan(10);
  });

  it('destroys the body stream being written when the response is destroyed', async () => {
    const source = new Readable({ read() {} });
    source.push(Buffer.from('first chunk'));
    const stream = multipartStream([{ contentType: 'x/y', body: source }], 'XyZ');
    const reader = stream[Symbol.asyncIterator]();
    const chunks: string[] = [];
    while (!chunks.join('').includes('first chunk')) {
      const next = await reader.next();
      chunks.push(String(next.value));
    }
    await reader.return?.();
    expect(source.destroyed).toBe(true);
    // The response itself must finish closing even though the source never ends.
    await new Promise<void>((resolve) => (stream.closed ? resolve() : stream.once('close', () => resolve())));
  });

  it('fails the stream when a body stream fails', async () => {
    const source = new Readable({
      read() {
        this.destroy(new Error('disk went away'));
      },
    });
    await expect(collect(multipartStream([{ contentType: 'x/y', body: source }], 'XyZ'))).rejects.toThrow('disk went away');
  });

  it('refuses header injection and a repeated Content-Type', async () => {
    await expect(collect(multipartStream([{ contentType: 'x/y\r\nX-Evil: 1', body: Buffer.alloc(0) }], 'XyZ'))).rejects.toThrow(
      /line break/,
    );
    await expect(
      collect(multipartStream([{ contentType: 'x/y', headers: { 'Bad Name': 'v' }, body: Buffer.alloc(0) }], 'XyZ')),
    ).rejects.toThrow(/Invalid part header name/);
    await expect(
      collect(multipartStream([{ contentType: 'x/y', headers: { 'content-type': 'a/b' }, body: Buffer.alloc(0) }], 'XyZ')),
    ).rejects.toThrow(/repeat Content-Type/);
  });

  it.each(['', 'x'.repeat(71), 'ends with space ', 'semi;colon', 'quote"', 'new\r\nline'])('refuses boundary %j at once', (boundary) => {
    expect(() => multipartStream([], boundary)).toThrow(/Invalid multipart boundary/);
    expect(() => multipartContentType('application/dicom', boundary)).toThrow(/Invalid multipart boundary/);
  });
});

describe('newBoundary', () => {
  it('is random and needs no quoting', () => {
    const boundaries = new Set(Array.from({ length: 200 }, () => newBoundary()));
    expect(boundaries.size).toBe(200);
    for (const boundary of boundaries) expect(boundary).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('multipartContentType', () => {
  it('quotes the type and leaves a token boundary bare', () => {
    expect(multipartContentType('application/dicom', 'abc123')).toBe('multipart/related; type="application/dicom"; boundary=abc123');
  });

  it('adds extra parameters between type and boundary, quoting only when needed', () => {
    expect(
      multipartContentType('application/octet-stream', 'a b', { 'transfer-syntax': '1.2.840.10008.1.2.1', start: '<root@x>' }),
    ).toBe('multipart/related; type="application/octet-stream"; transfer-syntax=1.2.840.10008.1.2.1; start="<root@x>"; boundary="a b"');
  });

  it('escapes quotes and backslashes, and round-trips through the parser', () => {
    const value = multipartContentType('application/dicom', "'()+_,-./:=? z", { note: 'say "hi" \\ bye' });
    expect(value).toContain('note="say \\"hi\\" \\\\ bye"');
    expect(parseMediaType(value)?.params).toEqual({ type: 'application/dicom', note: 'say "hi" \\ bye', boundary: "'()+_,-./:=? z" });
  });

  it('refuses bad parameter names and values', () => {
    expect(() => multipartContentType('application/dicom', 'abc', { 'bad name': 'x' })).toThrow(/parameter name/);
    expect(() => multipartContentType('application/dicom', 'abc', { ok: 'a\nb' })).toThrow(/line break/);
  });

  it('produces what parseMultipartRelated reads', async () => {
    const boundary = newBoundary();
    const payload = Buffer.from([0, 13, 10, 45, 45, 255, 13, 10]);
    const bytes = Buffer.concat(
      (await multipartStream([{ contentType: 'application/dicom', body: payload }], boundary).toArray()) as Buffer[],
    );
    const result = parseMultipartRelated(bytes, multipartContentType('application/dicom', boundary));
    expect(result.ok && result.value.parts[0]?.body.equals(payload)).toBe(true);
  });
});
