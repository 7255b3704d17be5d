import dicomParser, { type DataSet } from 'dicom-parser';
import { SopClass, TransferSyntax } from '@consilium/shared';
import { describe, expect, it } from 'vitest';
import {
  DEMO_CT_SERIES_UID,
  DEMO_CT_STUDY_UID,
  SYNTHETIC_CT_DEFAULTS,
  generateSyntheticCt,
  syntheticCtSliceZ,
  type SyntheticCtOptions,
} from './syntheticCt.js';
import { PHANTOM, type Point3Mm, type SphereTruth } from './thoraxPhantom.js';

/** A parsed slice that maps patient coordinates to HU through the file's own tags. */
class Slice {
  readonly ds: DataSet;
  readonly ipp: number[];
  readonly spacing: number[];
  readonly rows: number;
  readonly columns: number;
  private readonly stored: Int16Array;
  private readonly slope: number;
  private readonly intercept: number;

  constructor(file: Uint8Array) {
    this.ds = dicomParser.parseDicom(file);
    this.ipp = numbers(this.ds, 'x00200032');
    this.spacing = numbers(this.ds, 'x00280030');
    this.rows = this.ds.uint16('x00280010')!;
    this.columns = this.ds.uint16('x00280011')!;
    this.slope = Number(this.ds.string('x00281053'));
    this.intercept = Number(this.ds.string('x00281052'));
    const pixel = this.ds.elements.x7fe00010!;
    const copy = file.slice(pixel.dataOffset, pixel.dataOffset + pixel.length);
    expect(this.ds.uint16('x00280103')).toBe(1);
    this.stored = new Int16Array(copy.buffer);
  }

  get z(): number {
    return this.ipp[2]!;
  }

  /** HU of the pixel nearest to (x, y); rows run along +y, columns along +x (IOP 1\0\0\0\1\0). */
  hu(x: number, y: number): number {
    const c = Math.round((x - this.ipp[0]!) / this.spacing[1]!);
    const r = Math.round((y - this.ipp[1]!) / this.spacing[0]!);
    return this.huAtPixel(r, c);
  }

  huAtPixel(r: number, c: number): number {
    if (r < 0 || c < 0 || r >= this.rows || c >= this.columns) throw new RangeError(`pixel ${r},${c} outside`);
    return this.stored[r * this.columns + c]! * this.slope + this.intercept;
  }

  /** Pixels whose centres lie within radiusMm of (x, y), with their patient coordinates. */
  disk(x: number, y: number, radiusMm: number): { x: number; y: number; hu: number }[] {
    const out: { x: number; y: number; hu: number }[] = [];
    const s = this.spacing[0]!;
    for (let r = 0; r < this.rows; r++) {
      const py = this.ipp[1]! + r * s;
      if (Math.abs(py - y) > radiusMm) continue;
      for (let c = 0; c < this.columns; c++) {
        const px = this.ipp[0]! + c * s;
        if ((px - x) ** 2 + (py - y) ** 2 <= radiusMm ** 2) out.push({ x: px, y: py, hu: this.huAtPixel(r, c) });
      }
    }
    return out;
  }
}

function numbers(ds: DataSet, tag: string): number[] {
  return (ds.string(tag) ?? '').split('\\').map(Number);
}

function slices(options: Partial<SyntheticCtOptions>): Slice[] {
  return [...generateSyntheticCt(options)].map((f) => new Slice(f));
}

/** The one slice through z (z must lie on the 1.25 mm grid, as all PHANTOM points do). */
function sliceAt(z: number, options: Partial<SyntheticCtOptions> = {}): Slice {
  const [slice] = slices({ slices: 1, centreZMm: z, ...options });
  expect(slice!.z).toBeCloseTo(z, 6);
  return slice!;
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

describe('generateSyntheticCt geometry and header', () => {
  const series = slices({ slices: 8 });

  it('yields the requested number of CT Image Storage files in Explicit VR Little Endian', () => {
    expect(series).toHaveLength(8);
    for (const s of series) {
      expect(s.ds.string('x00020010')).toBe(TransferSyntax.ExplicitVRLittleEndian);
      expect(s.ds.string('x00080016')).toBe(SopClass.CTImageStorage);
      expect(s.ds.string('x00020002')).toBe(SopClass.CTImageStorage);
      expect(s.ds.string('x00020003')).toBe(s.ds.string('x00080018'));
      expect(s.ds.string('x00080060')).toBe('CT');
      expect(s.ds.string('x00180015')).toBe('CHEST');
      expect(s.ds.string('x00100010')).toBe('DEMO^CHEST');
      expect(s.ds.string('x00100020')).toBe('CONSILIUM-DEMO-CT');
      expect(s.ds.string('x00081030')).toBe('Synthetic chest CT (demo)');
      expect(s.ds.string('x00080070')).toBe('Consilium');
      expect(s.ds.elements.x7fe00010!.length).toBe(512 * 512 * 2);
    }
  });

  it('shares study, series and frame of reference UIDs and gives each instance its own', () => {
    const one = (tag: string): Set<string | undefined> => new Set(series.map((s) => s.ds.string(tag)));
    expect(one('x0020000d')).toEqual(new Set([DEMO_CT_STUDY_UID]));
    expect(one('x0020000e').size).toBe(1);
    expect(one('x00200052').size).toBe(1);
    expect(one('x00080018').size).toBe(8);
    for (const tag of ['x0020000d', 'x0020000e', 'x00200052', 'x00080018']) {
      for (const uid of one(tag)) expect(uid).toMatch(/^2\.25\.[1-9]\d{0,38}$/);
    }
  });

  it('describes contiguous axial slices stepping down z as InstanceNumber rises', () => {
    series.forEach((s, i) => {
      expect(s.ds.string('x00200013')).toBe(String(i + 1));
      expect(numbers(s.ds, 'x00200037')).toEqual([1, 0, 0, 0, 1, 0]);
      expect(s.spacing).toEqual([0.7, 0.7]);
      expect([s.rows, s.columns]).toEqual([512, 512]);
      expect(s.ipp.slice(0, 2)).toEqual([-179.2, -179.2]);
      expect(Number(s.ds.string('x00201041'))).toBe(s.z);
      expect(Number(s.ds.string('x00180050'))).toBe(1.25);
      expect(Number(s.ds.string('x00180088'))).toBe(1.25);
    });
    for (let i = 1; i < series.length; i++) {
      expect(series[i - 1]!.z - series[i]!.z).toBeCloseTo(1.25, 9);
    }
    expect(series[4]!.z).toBe(0);
  });

  it('stores signed 16-bit values with slope 1 and intercept −1024 and an abdomen window', () => {
    const s = series[0]!;
    expect([s.ds.uint16('x00280100'), s.ds.uint16('x00280101'), s.ds.uint16('x00280102')]).toEqual([16, 16, 15]);
    expect(s.ds.string('x00281052')).toBe('-1024');
    expect(s.ds.string('x00281053')).toBe('1');
    expect(s.ds.string('x00281050')).toBe('40');
    expect(s.ds.string('x00281051')).toBe('400');
  });

  it('is deterministic for a seed and differs for another', () => {
    const run = (seed?: string): Buffer[] =>
      [...generateSyntheticCt({ slices: 2, ...(seed === undefined ? {} : { seed }) })].map((f) => Buffer.from(f));
    const [first, second] = [run(), run()];
    expect(first.every((f, i) => f.equals(second[i]!))).toBe(true);
    const other = run('another');
    expect(new Slice(other[0]!).ds.string('x0020000d')).not.toBe(DEMO_CT_STUDY_UID);
    const pixels = (f: Buffer): Buffer => f.subarray(f.length - 512 * 512 * 2);
    expect(pixels(other[0]!).equals(pixels(first[0]!))).toBe(false);
  });

  it('refuses impossible options', () => {
    expect(() => generateSyntheticCt({ slices: 0 }).next()).toThrow(RangeError);
    expect(() => generateSyntheticCt({ pixelSpacingMm: -1 }).next()).toThrow(RangeError);
    expect(() => generateSyntheticCt({ rows: 1.5 }).next()).toThrow(RangeError);
  });
});

describe('the default demo series', () => {
  it('has 220 slices from z = 137.5 to −136.25 in the demo study and series', () => {
    const headers = [...generateSyntheticCt()].map((f) => dicomParser.parseDicom(f, { untilTag: 'x7fe00010' }));
    expect(headers).toHaveLength(SYNTHETIC_CT_DEFAULTS.slices);
    expect(headers).toHaveLength(220);
    expect(new Set(headers.map((h) => h.string('x0020000e')))).toEqual(new Set([DEMO_CT_SERIES_UID]));
    expect(new Set(headers.map((h) => h.string('x00080018'))).size).toBe(220);
    expect(numbers(headers[0]!, 'x00200032')[2]).toBe(137.5);
    expect(numbers(headers[219]!, 'x00200032')[2]).toBe(-136.25);
    expect(syntheticCtSliceZ(110)).toBe(0);
  });

  it('renders a slice the same whether generated alone or within the full series', () => {
    const z = PHANTOM.lesions.lungNodule.centre.z;
    const index = 110 - z / 1.25;
    let n = 0;
    let fromSeries: Uint8Array | undefined;
    for (const file of generateSyntheticCt()) if (n++ === index) fromSeries = file;
    const alone = [...generateSyntheticCt({ slices: 1, centreZMm: z })][0]!;
    const pixels = (f: Uint8Array): Buffer => Buffer.from(f.subarray(f.length - 512 * 512 * 2));
    expect(pixels(alone).equals(pixels(fromSeries!))).toBe(true);
  });
});

describe('PHANTOM ground truth in the pixels', () => {
  it.each(PHANTOM.probes.map((p) => [p.label, p] as const))('%s', (_label, probe) => {
    const slice = sliceAt(probe.point.z);
    expect(slice.hu(probe.point.x, probe.point.y)).toBeGreaterThanOrEqual(probe.hu - 10);
    expect(slice.hu(probe.point.x, probe.point.y)).toBeLessThanOrEqual(probe.hu + 10);
    for (const p of slice.disk(probe.point.x, probe.point.y, probe.flatRadiusMm)) {
      expect(Math.abs(p.hu - probe.hu)).toBeLessThanOrEqual(10);
    }
  });

  it('keeps the homogeneous region flat, with light noise around its HU', () => {
    const { centre, radiusMm, hu } = PHANTOM.homogeneousRegion;
    const roi = sliceAt(centre.z).disk(centre.x, centre.y, radiusMm).map((p) => p.hu);
    expect(roi.length).toBeGreaterThan(2500);
    expect(Math.abs(mean(roi) - hu)).toBeLessThan(1);
    const sd = Math.sqrt(mean(roi.map((v) => (v - hu) ** 2)));
    expect(sd).toBeGreaterThan(2);
    expect(sd).toBeLessThan(4);
    expect(Math.max(...roi.map((v) => Math.abs(v - hu)))).toBeLessThanOrEqual(10);
  });

  it('has aerated lungs around −850 HU and vertebral cortex above 500 HU', () => {
    const lung = PHANTOM.probes.find((p) => p.label === 'Right lung')!.point;
    expect(mean(sliceAt(lung.z).disk(lung.x, lung.y, 5).map((p) => p.hu))).toBeCloseTo(-850, 0);
    const { bodyCentre, bodyRadiusMm } = PHANTOM.spine;
    const slice = sliceAt(12.5);
    expect(slice.hu(bodyCentre.x, bodyCentre.y + bodyRadiusMm - 1)).toBeGreaterThan(500);
    expect(slice.hu(bodyCentre.x, bodyCentre.y - bodyRadiusMm + 1)).toBeGreaterThan(500);
  });

  it.each(Object.values(PHANTOM.lesions).map((l) => [l.label, l] as const))('%s: HU and diameter', (_l, lesion) => {
    const slice = sliceAt(lesion.centre.z, { noiseHu: 0 });
    expect(slice.hu(lesion.centre.x, lesion.centre.y)).toBe(lesion.hu);
    expect(Math.abs(lesionWidthMm(slice, lesion) - lesion.diameterMm)).toBeLessThanOrEqual(0.7);
    const noisy = sliceAt(lesion.centre.z);
    expect(Math.abs(noisy.hu(lesion.centre.x, lesion.centre.y) - lesion.hu)).toBeLessThanOrEqual(10);
  });

  it('places the two beads in one slice at their documented distance', () => {
    const { a, b, distanceMm, hu } = PHANTOM.markers;
    const slice = sliceAt(a.z);
    const ca = centroid(slice, a);
    const cb = centroid(slice, b);
    expect(Math.hypot(ca.x - a.x, ca.y - a.y)).toBeLessThan(0.1);
    expect(Math.hypot(cb.x - b.x, cb.y - b.y)).toBeLessThan(0.1);
    expect(Math.hypot(cb.x - ca.x, cb.y - ca.y)).toBeCloseTo(distanceMm, 1);
    expect(slice.hu(a.x, a.y)).toBeGreaterThan(hu - 100);
    expect(slice.hu(b.x, b.y)).toBeGreaterThan(hu - 100);
    for (const dz of [-1.25, 1.25]) {
      const neighbour = sliceAt(a.z + dz);
      expect(Math.max(...neighbour.disk(a.x, a.y, 3).map((p) => p.hu))).toBeLessThan(-900);
    }
  });
});

/** Width along x through the centre of the run of pixels within 15 HU of the lesion. */
function lesionWidthMm(slice: Slice, lesion: SphereTruth): number {
  const s = slice.spacing[1]!;
  const inside = (k: number): boolean => Math.abs(slice.hu(lesion.centre.x + k * s, lesion.centre.y) - lesion.hu) <= 15;
  let left = 0;
  while (inside(left - 1)) left--;
  let right = 0;
  while (inside(right + 1)) right++;
  return (right - left + 1) * s;
}

/** Centroid of (HU − air) within 3 mm of the documented point. */
function centroid(slice: Slice, p: Point3Mm): { x: number; y: number } {
  let w = 0;
  let x = 0;
  let y = 0;
  for (const q of slice.disk(p.x, p.y, 3)) {
    const weight = q.hu + 1000;
    w += weight;
    x += weight * q.x;
    y += weight * q.y;
  }
  return { x: x / w, y: y / w };
}
