import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { TransferSyntax } from '@consilium/shared';
import { parseStoredFile } from '../retrieve/parseStoredFile.js';
import { framesFromDataSet } from '../retrieve/readFrames.js';
import { daikonSample, framesInFile } from '../testing/daikonSamples.js';
import { locateDataset, part10Header } from './message/part10.js';
import { transcodeDataset } from './transcodeDataset.js';

/** The transcoded data set as a Part 10 file in `target`, parsed by dicom-parser (not the codec under test). */
async function transcodeAndParse(name: string, target: string): Promise<{ parsed: dicomParser.DataSet; bytes: Buffer }> {
  const file = daikonSample(name);
  const location = locateDataset(file);
  const result = await transcodeDataset(file, location, target);
  if (!result.ok) throw result.error;
  const header = part10Header({ ...location, transferSyntaxUid: target, implementationClassUid: '2.25.1' });
  const bytes = Buffer.concat([header, result.value]);
  return { parsed: dicomParser.parseDicom(bytes), bytes };
}

function pixelBytes(dataSet: dicomParser.DataSet): Buffer {
  const element = dataSet.elements.x7fe00010;
  if (!element) throw new Error('no Pixel Data');
  return Buffer.from(dataSet.byteArray.buffer, dataSet.byteArray.byteOffset + element.dataOffset, element.length);
}

/** Native pixel data of a stored file in little-endian byte order (dicom-parser locates it, big endian is swapped). */
function nativeLittleEndianPixels(name: string): Buffer {
  const file = daikonSample(name);
  const dataSet = dicomParser.parseDicom(file);
  return framesFromDataSet(dataSet, locateDataset(file).transferSyntaxUid, [1], 1).frames[0] as Buffer;
}

describe('transcodeDataset', () => {
  it('returns the stored data set bytes themselves when the syntaxes match', async () => {
    const file = daikonSample('jpeg_ls.dcm');
    const location = locateDataset(file);
    const result = await transcodeDataset(file, location, location.transferSyntaxUid);
    expect(result.ok && result.value.equals(file.subarray(location.offset))).toBe(true);
  });

  it.each([
    ['explicit_little.dcm', TransferSyntax.ImplicitVRLittleEndian],
    ['implicit_little.dcm', TransferSyntax.ExplicitVRLittleEndian],
    ['explicit_big.dcm', TransferSyntax.ExplicitVRLittleEndian],
    ['deflated.dcm', TransferSyntax.ExplicitVRLittleEndian],
  ])('re-encodes native %s into %s with the same pixel samples and attributes', async (name, target) => {
    const { parsed } = await transcodeAndParse(name, target);
    const original = parseStoredFile(daikonSample(name));
    expect(parsed.string('x00020010')).toBe(target);
    expect(parsed.uint16('x00280010')).toBe(original.uint16('x00280010'));
    expect(parsed.string('x00080018')).toBe(original.string('x00080018'));
    if (name !== 'deflated.dcm') expect(pixelBytes(parsed).equals(nativeLittleEndianPixels(name))).toBe(true);
  });

  it.each([
    ['jpeg_ls.dcm', 'MONOCHROME2'],
    ['rle.dcm', 'MONOCHROME2'],
  ])('decodes the frames of %s into native Pixel Data', async (name, photometric) => {
    const source = dicomParser.parseDicom(daikonSample(name));
    const { parsed } = await transcodeAndParse(name, TransferSyntax.ExplicitVRLittleEndian);
    const rows = parsed.uint16('x00280010') ?? 0;
    const columns = parsed.uint16('x00280011') ?? 0;
    expect(rows).toBe(source.uint16('x00280010'));
    expect(parsed.elements.x7fe00010?.vr).toBe('OW');
    expect(parsed.elements.x7fe00010?.encapsulatedPixelData).toBeFalsy();
    expect(pixelBytes(parsed).length).toBe(rows * columns * 2);
    expect(parsed.string('x00280004')).toBe(photometric);
    // Not all zero: the frames were really decoded into the element.
    expect(pixelBytes(parsed).some((b) => b !== 0)).toBe(true);
    expect(framesInFile(daikonSample(name)).length).toBe(1);
  });

  it('marks a lossy source as lossy-compressed', async () => {
    const { parsed } = await transcodeAndParse('jpeg_ls.dcm', TransferSyntax.ImplicitVRLittleEndian);
    expect(parsed.string('x00282110')).toBe('01');
  });

  it('refuses, as a value, a target it has no encoder for', async () => {
    const file = daikonSample('explicit_little.dcm');
    const result = await transcodeDataset(file, locateDataset(file), TransferSyntax.JPEGLSLossless);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('UnsupportedTransferSyntax');
  });

  it('refuses, as a value, pixel data that does not decode', async () => {
    const file = Buffer.from(daikonSample('rle.dcm'));
    const dataSet = dicomParser.parseDicom(file);
    const fragment = dataSet.elements.x7fe00010?.fragments?.[0];
    if (!fragment) throw new Error('rle.dcm has no fragment');
    file.fill(0xff, fragment.position, fragment.position + 64); // the RLE header: 255 segments
    const result = await transcodeDataset(file, locateDataset(file), TransferSyntax.ExplicitVRLittleEndian);
    expect(result.ok).toBe(false);
  });
});
