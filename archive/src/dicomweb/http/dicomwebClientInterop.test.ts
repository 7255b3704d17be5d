import { TransferSyntax } from '@consilium/shared';
import dicomweb from 'dicomweb-client';
import { describe, expect, it } from 'vitest';
import { multipartContentType, multipartStream, newBoundary } from './MultipartWriter.js';
import { chooseRepresentation, parseAccept } from './negotiateAccept.js';
import { parseMultipartRelated } from './parseMultipartRelated.js';

/**
 * Interop with dicomweb-client (the library OHIF uses), run for real: its
 * requests go to a fake XMLHttpRequest, so the Accept and Content-Type headers
 * and the STOW body below are exactly what it sends, and our WADO responses
 * go through its own multipart decoder.
 */

interface Reply {
  contentType: string;
  body: unknown;
}

class FakeXhr {
  method = '';
  url = '';
  headers: Record<string, string> = {};
  sent: unknown;
  readyState = 0;
  status = 0;
  response: unknown;
  responseType = '';
  onreadystatechange: (() => void) | undefined;

  constructor(private readonly reply: Reply) {}

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }

  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }

  getResponseHeader(name: string): string | null {
    return name.toLowerCase() === 'content-type' ? this.reply.contentType : null;
  }

  getAllResponseHeaders(): string {
    return `content-type: ${this.reply.contentType}\r\n`;
  }

  send(body?: unknown): void {
    this.sent = body;
    queueMicrotask(() => {
      this.readyState = 4;
      this.status = 200;
      this.response = this.reply.body;
      this.onreadystatechange?.();
    });
  }
}

interface MediaTypeOption {
  mediaType: string;
  transferSyntaxUID?: string;
}

interface RequestOptions {
  instance: FakeXhr;
}

/** The slice of DICOMwebClient used here; its bundled typings disagree with its code. */
interface Client {
  searchForStudies(options: { request: RequestOptions }): Promise<unknown>;
  retrieveSeriesMetadata(options: { studyInstanceUID: string; seriesInstanceUID: string; request: RequestOptions }): Promise<unknown>;
  retrieveInstance(options: Uids & { mediaTypes?: MediaTypeOption[]; request: RequestOptions }): Promise<ArrayBuffer>;
  retrieveInstanceFrames(options: Uids & { frameNumbers: string; mediaTypes?: MediaTypeOption[]; request: RequestOptions }): Promise<ArrayBuffer[]>;
  storeInstances(options: { datasets: ArrayBuffer[]; request: RequestOptions }): Promise<unknown>;
}

interface Uids {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
}

const uids: Uids = { studyInstanceUID: '1.2.3', seriesInstanceUID: '1.2.3.4', sopInstanceUID: '1.2.3.4.5' };

function newClient(): Client {
  return new dicomweb.api.DICOMwebClient({ url: 'http://archive.test/dicomweb', singlepart: false, verbose: false }) as unknown as Client;
}

const JSON_REPLY: Reply = { contentType: 'application/dicom+json', body: [] };

async function acceptSentBy(call: (client: Client, request: RequestOptions) => Promise<unknown>, reply: Reply): Promise<string | undefined> {
  const xhr = new FakeXhr(reply);
  await call(newClient(), { instance: xhr });
  return xhr.headers.Accept;
}

async function multipartReply(type: string, payloads: Buffer[]): Promise<Reply> {
  const boundary = newBoundary();
  const parts = payloads.map((body) => ({ contentType: type, body }));
  const bytes = Buffer.concat((await multipartStream(parts, boundary).toArray()) as Buffer[]);
  const body = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return { contentType: multipartContentType(type, boundary), body };
}

const J2K = TransferSyntax.JPEG2000Lossless;
const ELE = TransferSyntax.ExplicitVRLittleEndian;

const instanceOffers = [
  { name: 'stored', mediaType: 'multipart/related', params: { type: 'application/dicom' }, transferSyntaxUID: J2K },
  { name: 'ele', mediaType: 'multipart/related', params: { type: 'application/dicom' }, transferSyntaxUID: ELE },
];
const frameOffers = [
  { name: 'stored-octet', mediaType: 'multipart/related', params: { type: 'application/octet-stream' }, transferSyntaxUID: J2K },
  { name: 'stored-jp2', mediaType: 'multipart/related', params: { type: 'image/jp2' }, transferSyntaxUID: J2K },
  { name: 'decoded', mediaType: 'multipart/related', params: { type: 'application/octet-stream' }, transferSyntaxUID: ELE },
];
const jsonOffers = [{ name: 'json', mediaType: 'application/dicom+json' }];

const choose = <T extends { name: string; mediaType: string }>(accept: string | undefined, offers: T[]) =>
  chooseRepresentation(parseAccept(accept), offers)?.name;

describe('Accept headers sent by dicomweb-client 0.11', () => {
  it('searchForStudies and retrieveSeriesMetadata ask for application/dicom+json', async () => {
    const search = await acceptSentBy((c, request) => c.searchForStudies({ request }), JSON_REPLY);
    const metadata = await acceptSentBy((c, request) => c.retrieveSeriesMetadata({ ...uids, request }), JSON_REPLY);
    expect(search).toBe('application/dicom+json');
    expect(metadata).toBe('application/dicom+json');
    expect(choose(search, jsonOffers)).toBe('json');
    expect(choose(metadata, [{ name: 'xml', mediaType: 'multipart/related', params: { type: 'application/dicom+xml' } }, ...jsonOffers])).toBe('json');
  });

  it('retrieveInstance asks for application/dicom in the default transfer syntax', async () => {
    const reply = await multipartReply('application/dicom', [Buffer.from('DICM')]);
    const accept = await acceptSentBy((c, request) => c.retrieveInstance({ ...uids, request }), reply);
    expect(accept).toBe('multipart/related; type="application/dicom"');
    expect(choose(accept, instanceOffers)).toBe('ele');
    expect(choose(accept, instanceOffers.slice(0, 1))).toBe('stored');
  });

  it('retrieveInstance cannot name a transfer syntax: 0.11.3 throws on any mediaTypes', async () => {
    // _getCommonMediaType returns "application/", which never equals "application/dicom",
    // so the default header above is the only one OHIF can send for instances.
    const reply = await multipartReply('application/dicom', [Buffer.from('DICM')]);
    const call = acceptSentBy(
      (c, request) => c.retrieveInstance({ ...uids, mediaTypes: [{ mediaType: 'application/dicom', transferSyntaxUID: J2K }], request }),
      reply,
    );
    await expect(call).rejects.toThrow('Media type application/ is not supported for retrieval of instance');
  });

  it('retrieveInstanceFrames asks for octet-stream: decoded by default, as stored with transfer-syntax=*', async () => {
    const reply = await multipartReply('application/octet-stream', [Buffer.from([1, 2, 3])]);
    const byDefault = await acceptSentBy((c, request) => c.retrieveInstanceFrames({ ...uids, frameNumbers: '1', request }), reply);
    expect(byDefault).toBe('multipart/related; type="application/octet-stream"');
    expect(choose(byDefault, frameOffers)).toBe('decoded');

    const anySyntax = await acceptSentBy(
      (c, request) =>
        c.retrieveInstanceFrames({ ...uids, frameNumbers: '1', mediaTypes: [{ mediaType: 'application/octet-stream', transferSyntaxUID: '*' }], request }),
      reply,
    );
    expect(anySyntax).toBe('multipart/related; type="application/octet-stream"; transfer-syntax=*');
    expect(choose(anySyntax, frameOffers)).toBe('stored-octet');
  });

  it('retrieveInstanceFrames with mixed media types lists each with its syntax', async () => {
    const reply = await multipartReply('image/jp2', [Buffer.from([0xff, 0x4f])]);
    const accept = await acceptSentBy(
      (c, request) =>
        c.retrieveInstanceFrames({
          ...uids,
          frameNumbers: '1',
          mediaTypes: [
            { mediaType: 'image/jp2', transferSyntaxUID: J2K },
            { mediaType: 'application/octet-stream', transferSyntaxUID: ELE },
          ],
          request,
        }),
      reply,
    );
    expect(accept).toBe(`multipart/related; type="image/jp2"; transfer-syntax=${J2K}, multipart/related; type="application/octet-stream"; transfer-syntax=${ELE}`);
    expect(choose(accept, frameOffers)).toBe('stored-jp2');
    expect(choose(accept, frameOffers.filter((o) => o.name !== 'stored-jp2'))).toBe('decoded');
  });
});

describe("Cornerstone3D's WADO-RS image loader", () => {
  // The constant in @cornerstonejs/dicom-image-loader src/imageLoader/wadors/loadImage.ts (not installed here).
  const CORNERSTONE_ACCEPT = 'multipart/related; type=application/octet-stream; transfer-syntax=*';

  it('gets frames in their stored syntax, labelled application/octet-stream', () => {
    expect(parseAccept(CORNERSTONE_ACCEPT)).toEqual([
      { type: 'multipart', subtype: 'related', params: { type: 'application/octet-stream', 'transfer-syntax': '*' }, q: 1 },
    ]);
    expect(choose(CORNERSTONE_ACCEPT, frameOffers)).toBe('stored-octet');
    expect(choose(CORNERSTONE_ACCEPT, frameOffers.slice(1))).toBe('decoded');
    expect(choose(CORNERSTONE_ACCEPT, instanceOffers)).toBeUndefined();
  });
});

describe('bodies exchanged with dicomweb-client', () => {
  it('parses what storeInstances sends (leading CRLF, no CRLF after the close delimiter)', async () => {
    const datasets = [Buffer.from('first\r\n--not-a-boundary\r\n'), Buffer.from([0, 1, 2, 13, 10])];
    const xhr = new FakeXhr({ contentType: 'application/dicom+json', body: {} });
    await newClient().storeInstances({
      datasets: datasets.map((d) => d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength)),
      request: { instance: xhr },
    });
    const contentType = xhr.headers['Content-Type'];
    expect(contentType).toMatch(/^multipart\/related; type="application\/dicom"; boundary="[0-9a-f-]{36}"$/);
    expect(xhr.sent).toBeInstanceOf(ArrayBuffer);
    const result = parseMultipartRelated(Buffer.from(xhr.sent as ArrayBuffer), contentType);
    if (!result.ok) throw result.error;
    expect(result.value.type).toBe('application/dicom');
    expect(result.value.parts.map((p) => p.contentType)).toEqual(['application/dicom', 'application/dicom']);
    expect(result.value.parts.map((p) => Buffer.from(p.body))).toEqual(datasets);
  });

  it('dicomweb-client decodes the frames multipartStream writes', async () => {
    const frames = [Buffer.from([0, 13, 10, 45, 45, 1]), Buffer.alloc(0), Buffer.alloc(70_000, 7)];
    const reply = await multipartReply('application/octet-stream', frames);
    const xhr = new FakeXhr(reply);
    const decoded = await newClient().retrieveInstanceFrames({ ...uids, frameNumbers: '1,2,3', request: { instance: xhr } });
    expect(decoded.map((part) => Buffer.from(part))).toEqual(frames);
  });
});
