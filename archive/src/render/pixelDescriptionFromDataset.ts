import { AppError, Tag, type TagKeyword } from '@consilium/shared';
import type { DataSet } from 'dicom-parser';
import type { PixelDescription } from './PixelDescription.js';
import { isVoiLutFunction, type RenderableImage } from './RenderableImage.js';

/** dicom-parser names elements "xggggeeee". */
const key = (keyword: TagKeyword): string => `x${Tag[keyword].toLowerCase()}`;

const SUPPORTED_BITS_ALLOCATED: ReadonlySet<number> = new Set([1, 8, 16, 32]);

/**
 * The Image Pixel Module (PS3.3 C.7.6.3) of a data set parsed by dicom-parser. Rows,
 * Columns and BitsAllocated are required; the others default as PS3.3 implies:
 * BitsStored = BitsAllocated, HighBit = BitsStored - 1, PixelRepresentation 0,
 * SamplesPerPixel 1, PhotometricInterpretation MONOCHROME2 (RGB for 3 samples),
 * PlanarConfiguration 0.
 *
 * @throws AppError InvalidDicom naming the attribute that is missing or impossible.
 */
export function pixelDescriptionFromDataset(dataSet: DataSet): PixelDescription {
  const rows = required(dataSet, 'Rows');
  const columns = required(dataSet, 'Columns');
  const bitsAllocated = required(dataSet, 'BitsAllocated');
  const bitsStored = dataSet.uint16(key('BitsStored')) ?? bitsAllocated;
  const highBit = dataSet.uint16(key('HighBit')) ?? bitsStored - 1;
  const pixelRepresentation = dataSet.uint16(key('PixelRepresentation')) ?? 0;
  const samplesPerPixel = dataSet.uint16(key('SamplesPerPixel')) ?? 1;
  const planarConfiguration = dataSet.uint16(key('PlanarConfiguration')) ?? 0;
  const photometricInterpretation =
    dataSet.string(key('PhotometricInterpretation'))?.trim() || (samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2');

  if (rows === 0 || columns === 0) invalid(`Rows (0028,0010) and Columns (0028,0011) must not be 0`);
  if (!SUPPORTED_BITS_ALLOCATED.has(bitsAllocated)) {
    invalid(`BitsAllocated (0028,0100) is ${bitsAllocated}; expected 1, 8, 16 or 32`);
  }
  if (bitsStored < 1 || bitsStored > bitsAllocated) {
    invalid(`BitsStored (0028,0101) is ${bitsStored} with BitsAllocated ${bitsAllocated}`);
  }
  if (highBit < bitsStored - 1 || highBit >= bitsAllocated) {
    invalid(`HighBit (0028,0102) is ${highBit} with BitsStored ${bitsStored} and BitsAllocated ${bitsAllocated}`);
  }
  if (pixelRepresentation !== 0 && pixelRepresentation !== 1) {
    invalid(`PixelRepresentation (0028,0103) is ${pixelRepresentation}; expected 0 or 1`);
  }
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) {
    invalid(`SamplesPerPixel (0028,0002) is ${samplesPerPixel}; expected 1 or 3`);
  }
  if (planarConfiguration !== 0 && planarConfiguration !== 1) {
    invalid(`PlanarConfiguration (0028,0006) is ${planarConfiguration}; expected 0 or 1`);
  }
  return {
    rows,
    columns,
    bitsAllocated,
    bitsStored,
    highBit,
    pixelRepresentation,
    samplesPerPixel,
    photometricInterpretation,
    planarConfiguration,
  };
}

/**
 * Pixel description plus what rendering needs: RescaleSlope/Intercept (1 and 0 when
 * absent) and the first WindowCenter/WindowWidth pair and VOILUTFunction (PS3.3
 * C.11.2.1.2: several values are alternative windows; the first is the default).
 * For enhanced multi-frame objects the frame's Per-Frame Functional Groups are read
 * first, then the Shared Functional Groups (Pixel Value Transformation and Frame VOI
 * LUT macros, PS3.3 C.7.6.16.2.9 and .10), then the top level. A window whose width is
 * not above 0 is ignored. The Modality LUT Sequence and VOI LUT Sequence are not used.
 */
export function renderableImageFromDataset(dataSet: DataSet, frameIndex = 0): RenderableImage {
  const pixel = pixelDescriptionFromDataset(dataSet);
  const transform = firstWith(dataSet, frameIndex, 'PixelValueTransformationSequence', 'RescaleSlope');
  const voi = firstWith(dataSet, frameIndex, 'FrameVOILUTSequence', 'WindowCenter');
  const rescaleSlope = transform.floatString(key('RescaleSlope')) ?? 1;
  const rescaleIntercept = transform.floatString(key('RescaleIntercept')) ?? 0;
  const windowCenter = voi.floatString(key('WindowCenter'), 0);
  const windowWidth = voi.floatString(key('WindowWidth'), 0);
  const voiLutFunction = voi.string(key('VOILUTFunction'))?.trim();
  const hasWindow = windowCenter !== undefined && windowWidth !== undefined && windowWidth > 0;
  return {
    ...pixel,
    rescaleSlope: Number.isFinite(rescaleSlope) && rescaleSlope !== 0 ? rescaleSlope : 1,
    rescaleIntercept: Number.isFinite(rescaleIntercept) ? rescaleIntercept : 0,
    windowCenter: hasWindow ? windowCenter : undefined,
    windowWidth: hasWindow ? windowWidth : undefined,
    voiLutFunction: voiLutFunction !== undefined && isVoiLutFunction(voiLutFunction) ? voiLutFunction : undefined,
  };
}

function required(dataSet: DataSet, keyword: 'Rows' | 'Columns' | 'BitsAllocated'): number {
  const value = dataSet.uint16(key(keyword));
  if (value === undefined) invalid(`${keyword} (0028,${Tag[keyword].slice(4)}) is missing`);
  return value;
}

/**
 * The data set holding `attribute` for this frame: the functional group item in the
 * per-frame, then the shared sequence, else the top level itself.
 */
function firstWith(dataSet: DataSet, frameIndex: number, macro: TagKeyword, attribute: TagKeyword): DataSet {
  const perFrame = dataSet.elements[key('PerFrameFunctionalGroupsSequence')]?.items?.[frameIndex]?.dataSet;
  const shared = dataSet.elements[key('SharedFunctionalGroupsSequence')]?.items?.[0]?.dataSet;
  for (const group of [perFrame, shared]) {
    const item = group?.elements[key(macro)]?.items?.[0]?.dataSet;
    if (item?.elements[key(attribute)] !== undefined) return item;
  }
  return dataSet;
}

function invalid(reason: string): never {
  throw new AppError('InvalidDicom', reason);
}
