import { TransferSyntax } from '@consilium/shared';
import { describe, expect, it } from 'vitest';
import { acceptFromRequest, chooseRepresentation, parseAccept, type Offer } from './negotiateAccept.js';

const ELE = TransferSyntax.ExplicitVRLittleEndian;
const J2K = TransferSyntax.JPEG2000Lossless;
const JPEG = TransferSyntax.JPEGBaseline8Bit;
const JPEG_LOSSLESS = TransferSyntax.JPEGLosslessSV1;

const brief = (header: string | undefined) => parseAccept(header).map((r) => [`${r.type}/${r.subtype}`, r.params, r.q]);

describe('parseAccept', () => {
  it('returns nothing for an absent or empty header', () => {
    expect(parseAccept(undefined)).toEqual([]);
    expect(parseAccept('')).toEqual([]);
    expect(parseAccept(' , ,')).toEqual([]);
  });

  it('reads PS3.18 media-type parameters, quoted or not', () => {
    expect(parseAccept('multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.1')).toEqual([
      { type: 'multipart', subtype: 'related', params: { type: 'application/dicom', 'transfer-syntax': ELE }, q: 1 },
    ]);
    expect(brief('multipart/related; type=application/octet-stream; transfer-syntax=*')).toEqual([
      ['multipart/related', { type: 'application/octet-stream', 'transfer-syntax': '*' }, 1],
    ]);
  });

  it('sorts by q, then specificity, then header order', () => {
    expect(brief('*/*;q=0.1, image/*, image/png;q=0.5, image/jpeg, text/plain;format=flowed, application/json;q=0.5')).toEqual([
      ['text/plain', { format: 'flowed' }, 1],
      ['image/jpeg', {}, 1],
      ['image/*', {}, 1],
      ['image/png', {}, 0.5],
      ['application/json', {}, 0.5],
      ['*/*', {}, 0.1],
    ]);
  });

  it('ranks an explicit transfer syntax above the wildcard at equal q', () => {
    expect(brief(`multipart/related; type="application/dicom"; transfer-syntax=*, multipart/related; type="application/dicom"; transfer-syntax=${J2K}`)).toEqual([
      ['multipart/related', { type: 'application/dicom', 'transfer-syntax': J2K }, 1],
      ['multipart/related', { type: 'application/dicom', 'transfer-syntax': '*' }, 1],
    ]);
  });

  it('is case-insensitive for type, subtype, parameter names and q', () => {
    expect(brief('Multipart/Related; TYPE="application/dicom"; Q=0.5')).toEqual([['multipart/related', { type: 'application/dicom' }, 0.5]]);
  });

  it('drops accept-ext parameters after q', () => {
    expect(brief('text/html;level=1;q=0.5;ext=1;other="x"')).toEqual([['text/html', { level: '1' }, 0.5]]);
  });

  it('keeps commas and semicolons inside quoted strings', () => {
    expect(brief('a/b; x="1,2;3", c/d')).toEqual([
      ['a/b', { x: '1,2;3' }, 1],
      ['c/d', {}, 1],
    ]);
  });

  it('keeps q=0 ranges: they exclude', () => {
    expect(brief('application/dicom;q=0')).toEqual([['application/dicom', {}, 0]]);
  });

  it('tolerates whitespace, empty parameters and a bare * from old Java clients', () => {
    expect(brief('  text/html ;  charset = utf-8 ;; ,*; q=.2')).toEqual([
      ['text/html', { charset: 'utf-8' }, 1],
      ['*/*', {}, 0.2],
    ]);
  });

  it.each([
    'text',
    'text/',
    '/html',
    '*/html',
    'text/html; q=2',
    'text/html; q=0.5x',
    'text/html; q=1.5',
    'text/html; q=',
    'text/html; noequals',
    'text/html; a=1; a=2',
    'text/html extra',
    'te xt/html',
  ])('drops malformed range %j and keeps the rest', (bad) => {
    expect(brief(`${bad}, application/dicom+json`)).toEqual([['application/dicom+json', {}, 1]]);
    expect(brief(`application/dicom+json, ${bad}`)).toEqual([['application/dicom+json', {}, 1]]);
  });

  it('drops an unterminated quoted string with everything after it', () => {
    expect(brief('application/dicom+json, text/html; a="unterminated, image/png')).toEqual([['application/dicom+json', {}, 1]]);
  });
});

describe('acceptFromRequest', () => {
  it('prefers the accept query parameter over the header (PS3.18 8.3.3.1)', () => {
    expect(acceptFromRequest('application/dicom+json', 'application/json').map((r) => r.subtype)).toEqual(['json']);
  });

  it('reads a repeated query parameter as one list', () => {
    expect(acceptFromRequest(undefined, ['image/png;q=0.5', 'image/jpeg']).map((r) => r.subtype)).toEqual(['jpeg', 'png']);
  });

  it('falls back to the header when the query parameter is absent or empty', () => {
    expect(acceptFromRequest('application/dicom+json', undefined).map((r) => r.subtype)).toEqual(['dicom+json']);
    expect(acceptFromRequest('application/dicom+json', ' ').map((r) => r.subtype)).toEqual(['dicom+json']);
  });
});

/** What a WADO-RS instance route might offer: stored syntax first, then a transcode. */
const instanceOffers = [
  { name: 'stored', mediaType: 'multipart/related', params: { type: 'application/dicom' }, transferSyntaxUID: J2K },
  { name: 'ele', mediaType: 'multipart/related', params: { type: 'application/dicom' }, transferSyntaxUID: ELE },
];

/** What a frames route might offer for a JPEG 2000 Lossless instance. */
const frameOffers = [
  { name: 'stored-octet', mediaType: 'multipart/related', params: { type: 'application/octet-stream' }, transferSyntaxUID: J2K },
  { name: 'stored-jp2', mediaType: 'multipart/related', params: { type: 'image/jp2' }, transferSyntaxUID: J2K },
  { name: 'decoded', mediaType: 'multipart/related', params: { type: 'application/octet-stream' }, transferSyntaxUID: ELE },
];

const choose = <T extends Offer & { name: string }>(header: string | undefined, offers: T[]) =>
  chooseRepresentation(parseAccept(header), offers)?.name;

describe('chooseRepresentation', () => {
  const json = [{ name: 'json', mediaType: 'application/dicom+json' }];

  it('gives the first offer when Accept is empty or absent, and nothing when there are no offers', () => {
    expect(choose(undefined, instanceOffers)).toBe('stored');
    expect(choose('', instanceOffers)).toBe('stored');
    expect(choose('garbage', instanceOffers)).toBe('stored');
    expect(choose('*/*', [])).toBeUndefined();
  });

  it('matches wildcards', () => {
    expect(choose('*/*', json)).toBe('json');
    expect(choose('application/*', json)).toBe('json');
    expect(choose('image/*', json)).toBeUndefined();
    expect(choose('application/json', json)).toBeUndefined();
  });

  it('lets a more specific q=0 range exclude what a wildcard accepts', () => {
    const offers = [
      { name: 'jpeg', mediaType: 'image/jpeg' },
      { name: 'png', mediaType: 'image/png' },
    ];
    expect(choose('image/*, image/jpeg;q=0', offers)).toBe('png');
    expect(choose('image/jpeg;q=0, */*;q=0.1', [offers[0]!])).toBeUndefined();
  });

  it('rates an offer by its most specific matching range (RFC 9110 12.5.1 example)', () => {
    const accept = parseAccept('text/*;q=0.3, text/plain;q=0.7, text/plain;format=flowed, text/plain;format=fixed;q=0.4, */*;q=0.5');
    const rated = (offer: Offer) => chooseRepresentation(accept, [offer, { mediaType: 'z/z', params: { never: 'matches' } }]);
    // Each offer alone is acceptable; pairwise, the better-rated one wins.
    const order = (a: Offer, b: Offer) => chooseRepresentation(accept, [a, b]);
    const flowed = { mediaType: 'text/plain', params: { format: 'flowed' } };
    const plain = { mediaType: 'text/plain' };
    const html = { mediaType: 'text/html' };
    const jpeg = { mediaType: 'image/jpeg' };
    const fixed = { mediaType: 'text/plain', params: { format: 'fixed' } };
    expect(rated(flowed)).toBe(flowed);
    // Expected qualities: flowed 1, plain 0.7, jpeg 0.5, fixed 0.4, html 0.3.
    expect(order(plain, flowed)).toBe(flowed);
    expect(order(jpeg, plain)).toBe(plain);
    expect(order(fixed, jpeg)).toBe(jpeg);
    expect(order(html, fixed)).toBe(fixed);
    // An unlisted format falls back to the plain text/plain range (0.7), not to text/* (0.3).
    const other = { mediaType: 'text/plain', params: { format: 'other' } };
    expect(order(html, other)).toBe(other);
  });

  it('ignores PS3.18 boundary=** and a charset the offer does not declare', () => {
    expect(choose('application/dicom+json; charset=utf-8', json)).toBe('json');
    expect(choose('application/dicom+json; charset=latin1', [{ name: 'utf8', mediaType: 'application/dicom+json', params: { charset: 'UTF-8' } }])).toBeUndefined();
    expect(choose('application/dicom+json; charset=utf-8', [{ name: 'utf8', mediaType: 'application/dicom+json', params: { charset: 'UTF-8' } }])).toBe('utf8');
  });

  it('applies q across transfer syntaxes (the PS3.18 8.7.3.5.2 example)', () => {
    const offers = [
      { name: 'ele', mediaType: 'multipart/related', params: { type: 'application/dicom' }, transferSyntaxUID: ELE },
      { name: 'lossless', mediaType: 'multipart/related', params: { type: 'application/dicom' }, transferSyntaxUID: TransferSyntax.JPEGLossless },
      { name: 'jpeg', mediaType: 'multipart/related', params: { type: 'application/dicom' }, transferSyntaxUID: JPEG },
    ];
    const header = `multipart/related; type="application/dicom";transfer-syntax=${JPEG};boundary=**, multipart/related; type="application/dicom";transfer-syntax=${TransferSyntax.JPEGLossless};q=0.5;boundary=**`;
    expect(choose(header, offers)).toBe('jpeg');
    expect(choose(header, offers.slice(0, 2))).toBe('lossless');
    expect(choose(header, offers.slice(0, 1))).toBeUndefined();
  });

  it('requires the multipart type parameter to match, with wildcards', () => {
    expect(choose('multipart/related; type="application/dicom+xml"', instanceOffers)).toBeUndefined();
    expect(choose('multipart/related; type="image/*"; transfer-syntax=*', frameOffers)).toBe('stored-jp2');
    expect(choose('multipart/related; type="*/*"; transfer-syntax=*', frameOffers)).toBe('stored-octet');
    expect(choose('multipart/related', frameOffers)).toBe('stored-octet');
    expect(choose('multipart/related; type="application/dicom"', json)).toBeUndefined();
  });

  it('matches an explicit transfer syntax exactly, and * to any', () => {
    expect(choose(`multipart/related; type="application/dicom"; transfer-syntax=${ELE}`, instanceOffers)).toBe('ele');
    expect(choose(`multipart/related; type="application/dicom"; transfer-syntax=${JPEG}`, instanceOffers)).toBeUndefined();
    expect(choose('multipart/related; type="application/dicom"; transfer-syntax=*', instanceOffers)).toBe('stored');
    expect(choose(`application/dicom+json; transfer-syntax=${ELE}`, json)).toBeUndefined();
    expect(choose('application/dicom+json; transfer-syntax=*', json)).toBe('json');
  });

  it('prefers the default transfer syntax when the range names none (PS3.18 8.7.8.2), else still answers', () => {
    expect(choose('multipart/related; type="application/dicom"', instanceOffers)).toBe('ele');
    expect(choose('multipart/related; type="application/dicom"', instanceOffers.slice(0, 1))).toBe('stored');
    const jpegFrames = [
      { name: 'baseline', mediaType: 'multipart/related', params: { type: 'image/jpeg' }, transferSyntaxUID: JPEG },
      { name: 'lossless', mediaType: 'multipart/related', params: { type: 'image/jpeg' }, transferSyntaxUID: JPEG_LOSSLESS },
    ];
    expect(choose('multipart/related; type="image/jpeg"', jpegFrames)).toBe('lossless');
    // A wildcard range names no media type, so it has no default: server order decides.
    expect(choose('*/*', instanceOffers)).toBe('stored');
  });

  it('lets q beat the default-syntax preference', () => {
    const header = `multipart/related; type="application/dicom"; q=0.5, multipart/related; type="application/dicom"; transfer-syntax=${J2K}`;
    expect(choose(header, [...instanceOffers].reverse())).toBe('stored');
  });
});
