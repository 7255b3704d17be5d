import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { framesOfSeriesResponse } from './seriesFrames';

const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';

/** A Part 10 CT instance written by dcmjs (an independent writer), every pixel `value`. */
function part10(sopInstanceUID: string, value: number, transferSyntaxUID = '1.2.840.10008.1.2.1', frames = 1): Uint8Array {
  const pixels = new Int16Array(4 * 4 * frames).map((_, i) => value + Math.floor(i / 16));
  const dataset = {
    _meta: { TransferSyntaxUID: { Value: [transferSyntaxUID] } },
    SOPClassUID: CT_IMAGE_STORAGE,
    SOPInstanceUID: sopInstanceUID,
    Rows: 4,
    Columns: 4,
    NumberOfFrames: frames,
    BitsAllocated: 16,
    PixelRepresentation: 1,
    PixelData: [pixels.buffer],
    _vrMap: { PixelData: 'OW' },
  };
  const dict = dcmjs.data.datasetToDict(dataset);
  return new Uint8Array(dict.write());
}

/** A WADO-RS series answer: multipart/related, one application/dicom part an instance. */
function multipart(boundary: string, parts: Uint8Array[]): Uint8Array {
  const text = (s: string) => new TextEncoder().encode(s);
  const chunks = parts.flatMap((part) => [text(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), part, text('\r\n')]);
  chunks.push(text(`--${boundary}--\r\n`));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

const pixelsOf = (bytes: Uint8Array) => Array.from(new Int16Array(bytes.slice().buffer));

describe('framesOfSeriesResponse', () => {
  it('finds every instance of a series answer and its frames, as views into the answer', () => {
    const body = multipart('b1-x', [part10('1.2.3.1', 100), part10('1.2.3.2', 200, '1.2.840.10008.1.2', 2)]);
    const frames = framesOfSeriesResponse(body, 'multipart/related; type="application/dicom"; boundary=b1-x');
    expect([...frames.keys()]).toEqual(['1.2.3.1', '1.2.3.2']);
    expect(frames.get('1.2.3.1')!.map((f) => [f.transferSyntaxUid, pixelsOf(f.pixelData)[0]])).toEqual([['1.2.840.10008.1.2.1', 100]]);
    expect(frames.get('1.2.3.2')!.map((f) => [f.transferSyntaxUid, pixelsOf(f.pixelData)[0]])).toEqual([
      ['1.2.840.10008.1.2', 200],
      ['1.2.840.10008.1.2', 201],
    ]);
    expect(frames.get('1.2.3.1')![0]!.pixelData.buffer).toBe(body.buffer);
  });

  it('leaves out what it cannot take and keeps what it read before', () => {
    const body = multipart('q', [part10('1.2.3.1', 7), part10('1.2.3.2', 8, '1.2.840.10008.1.2.2'), part10('1.2.3.3', 9)]);
    expect([...framesOfSeriesResponse(body, 'multipart/related; boundary="q"').keys()]).toEqual(['1.2.3.1']);
    expect(framesOfSeriesResponse(body, 'application/dicom').size).toBe(0);
    expect(framesOfSeriesResponse(body.subarray(0, 200), 'multipart/related; boundary=q').size).toBe(0);
  });
});
