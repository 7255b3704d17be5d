import { createHash } from 'node:crypto';
import { SopClass } from '@consilium/shared';
import { SliceCanvas } from './SliceCanvas.js';
import { RESCALE_INTERCEPT_HU, ctImageAttributes } from './ctImageAttributes.js';
import { demoUid } from './demoUid.js';
import { renderThoraxSlice } from './renderThoraxSlice.js';
import { writePart10 } from './writePart10.js';

/**
 * Geometry and noise of the synthetic CT series. Slices are axial (ImageOrientationPatient
 * 1\0\0\0\1\0), head-first supine, numbered from the head down: InstanceNumber 1 is the
 * most superior slice and z falls by `sliceThicknessMm` per instance, as in a cranio-caudal
 * chest scan. Slices are contiguous: SpacingBetweenSlices = SliceThickness.
 */
export interface SyntheticCtOptions {
  readonly slices: number;
  readonly rows: number;
  readonly columns: number;
  readonly pixelSpacingMm: number;
  readonly sliceThicknessMm: number;
  /** z of slice index floor(slices / 2); keep it on the 1.25 mm grid to reproduce default slices. */
  readonly centreZMm: number;
  /** Standard deviation of the added triangular noise (bounded by ±noiseHu·√6); 0 for none. */
  readonly noiseHu: number;
  /** Seeds the UIDs and the noise: same seed and options, byte-identical files. */
  readonly seed: string;
}

export const SYNTHETIC_CT_DEFAULTS: SyntheticCtOptions = {
  slices: 220,
  rows: 512,
  columns: 512,
  pixelSpacingMm: 0.7,
  sliceThicknessMm: 1.25,
  centreZMm: 0,
  noiseHu: 3,
  seed: 'consilium-demo-ct-v1',
};

/** UIDs of a synthetic series. The study and frame of reference depend on the seed only. */
export interface SyntheticCtUids {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly frameOfReferenceUid: string;
}

export function syntheticCtUids(options: Partial<SyntheticCtOptions> = {}): SyntheticCtUids {
  const o = resolveOptions(options);
  const geometry = [o.slices, o.rows, o.columns, o.pixelSpacingMm, o.sliceThicknessMm, o.centreZMm, o.noiseHu];
  return {
    studyInstanceUid: demoUid(o.seed, 'study'),
    seriesInstanceUid: demoUid(o.seed, 'series', JSON.stringify(geometry)),
    frameOfReferenceUid: demoUid(o.seed, 'frame-of-reference'),
  };
}

const DEFAULT_UIDS = syntheticCtUids();
/** StudyInstanceUID of the demo study the archive seeds on first start. */
export const DEMO_CT_STUDY_UID = DEFAULT_UIDS.studyInstanceUid;
/** SeriesInstanceUID of the default 220-slice series. */
export const DEMO_CT_SERIES_UID = DEFAULT_UIDS.seriesInstanceUid;

/** z (mm) of slice `index` (0-based, InstanceNumber − 1). */
export function syntheticCtSliceZ(index: number, options: Partial<SyntheticCtOptions> = {}): number {
  const o = resolveOptions(options);
  return o.centreZMm + (Math.floor(o.slices / 2) - index) * o.sliceThicknessMm;
}

/**
 * Yields the slices of a synthetic chest CT as DICOM Part 10 files (CT Image Storage,
 * Explicit VR Little Endian, signed 16-bit, RescaleIntercept −1024), in InstanceNumber
 * order. The anatomy and its ground truth are in thoraxPhantom.ts (`PHANTOM`). A slice
 * depends only on its z, the grid and the seed, so a short series centred on a lesion
 * reproduces the pixels of the full series there. Each yielded array is a new buffer.
 */
export function* generateSyntheticCt(options: Partial<SyntheticCtOptions> = {}): Generator<Uint8Array> {
  const o = resolveOptions(options);
  const uids = syntheticCtUids(o);
  const x0 = -Math.floor(o.columns / 2) * o.pixelSpacingMm;
  const y0 = -Math.floor(o.rows / 2) * o.pixelSpacingMm;
  const canvas = new SliceCanvas(o.rows, o.columns, o.pixelSpacingMm, x0, y0);
  const stored = new Int16Array(o.rows * o.columns);
  const noise = triangularNoiseTable(o.noiseHu);
  for (let index = 0; index < o.slices; index++) {
    const z = syntheticCtSliceZ(index, o);
    renderThoraxSlice(canvas, z);
    toStoredValues(canvas.hu, stored, noise, noiseSeed(o.seed, z));
    const instanceNumber = index + 1;
    const sopInstanceUid = demoUid(uids.seriesInstanceUid, 'instance', String(instanceNumber));
    const attributes = ctImageAttributes({
      sopClassUid: SopClass.CTImageStorage,
      ...uids,
      sopInstanceUid,
      instanceNumber,
      imagePositionPatient: [x0, y0, z],
      rows: o.rows,
      columns: o.columns,
      pixelSpacingMm: o.pixelSpacingMm,
      sliceThicknessMm: o.sliceThicknessMm,
      pixelData: new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength),
    });
    yield writePart10(attributes, { sopClassUid: SopClass.CTImageStorage, sopInstanceUid });
  }
}

function resolveOptions(options: Partial<SyntheticCtOptions>): SyntheticCtOptions {
  const o = { ...SYNTHETIC_CT_DEFAULTS, ...options };
  const isInt = (n: number, min: number, max: number): boolean => Number.isInteger(n) && n >= min && n <= max;
  if (!isInt(o.slices, 1, 4096)) throw new RangeError(`slices must be an integer in 1..4096, got ${o.slices}`);
  if (!isInt(o.rows, 1, 4096) || !isInt(o.columns, 1, 4096)) throw new RangeError('rows/columns must be in 1..4096');
  if (!(o.pixelSpacingMm > 0) || !(o.sliceThicknessMm > 0)) throw new RangeError('spacings must be positive');
  if (!(o.noiseHu >= 0 && o.noiseHu <= 100)) throw new RangeError(`noiseHu must be in 0..100, got ${o.noiseHu}`);
  if (!Number.isFinite(o.centreZMm)) throw new RangeError('centreZMm must be finite');
  return o;
}

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
const NOISE_TABLE_BITS = 13;

/**
 * Noise as a table indexed by the sum of two 16-bit uniforms >> 4: the sum of two
 * uniforms is triangular, so the noise is bounded (±SD·√6) and a single voxel never
 * strays far from the truth. SD 3 HU keeps voxels within ±7.4 HU.
 */
function triangularNoiseTable(sdHu: number): Int16Array {
  const size = (2 << NOISE_TABLE_BITS) - 1;
  const halfWidth = sdHu * Math.sqrt(6);
  return Int16Array.from({ length: size }, (_, i) => Math.round(((i - (size - 1) / 2) / ((size - 1) / 2)) * halfWidth));
}

function noiseSeed(seed: string, zMm: number): number {
  const digest = createHash('sha256').update(`${seed}\u0000noise\u0000${zMm.toFixed(3)}`).digest();
  return digest.readUInt32LE(0) | 1;
}

/** stored = HU − intercept + noise, with an xorshift32 stream per slice. */
function toStoredValues(hu: Int16Array, stored: Int16Array, noise: Int16Array, seed: number): void {
  if (!HOST_IS_LITTLE_ENDIAN) throw new Error('synthetic CT generation assumes a little-endian host');
  const shift = 16 - NOISE_TABLE_BITS;
  let x = seed;
  for (let i = 0; i < hu.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const u = ((x & 0xffff) >>> shift) + ((x >>> 16) >>> shift);
    stored[i] = hu[i]! - RESCALE_INTERCEPT_HU + noise[u]!;
  }
}
