import type { SliceCanvas } from './SliceCanvas.js';

/** A vertex of a tube's centre line, in patient mm, with the tube radius there. */
export interface TubeVertex {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly r: number;
}

const SAMPLE_STEP_MM = 0.5;

/**
 * Tubes of one material (vessels, airways, ribs) along 3D polylines. A tube is the
 * union of spheres centred on its axis, so its cut by the plane z = z0 is the union of
 * disks of radius sqrt(r² − (z − z0)²): exact for any orientation, which lets ribs that
 * run almost in-plane show as long arcs and vertical vessels as round dots. The axis
 * is sampled once, sorted by z; a slice paints only the samples within reach.
 */
export class TubeSet {
  private readonly x: Float64Array;
  private readonly y: Float64Array;
  private readonly z: Float64Array;
  private readonly r: Float64Array;
  private readonly maxRadius: number;

  constructor(
    tubes: readonly (readonly TubeVertex[])[],
    readonly hu: number,
  ) {
    const samples: TubeVertex[] = [];
    for (const tube of tubes) {
      for (let i = 0; i + 1 < tube.length; i++) sampleSegment(tube[i]!, tube[i + 1]!, samples);
      if (tube.length === 1) samples.push(tube[0]!);
    }
    samples.sort((a, b) => a.z - b.z);
    this.x = Float64Array.from(samples, (s) => s.x);
    this.y = Float64Array.from(samples, (s) => s.y);
    this.z = Float64Array.from(samples, (s) => s.z);
    this.r = Float64Array.from(samples, (s) => s.r);
    this.maxRadius = samples.reduce((m, s) => Math.max(m, s.r), 0);
  }

  paint(canvas: SliceCanvas, zMm: number): void {
    for (let i = this.firstAtOrAbove(zMm - this.maxRadius); i < this.z.length; i++) {
      const dz = this.z[i]! - zMm;
      if (dz > this.maxRadius) break;
      const r = this.r[i]!;
      const t = r * r - dz * dz;
      if (t > 0) canvas.fillDisk(this.x[i]!, this.y[i]!, Math.sqrt(t), this.hu);
    }
  }

  private firstAtOrAbove(z: number): number {
    let lo = 0;
    let hi = this.z.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.z[mid]! < z) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function sampleSegment(a: TubeVertex, b: TubeVertex, out: TubeVertex[]): void {
  const length = Math.hypot(b.x - a.x, b.y - a.y, b.z - a.z);
  const steps = Math.max(1, Math.ceil(length / SAMPLE_STEP_MM));
  for (let k = 0; k <= steps; k++) {
    const t = k / steps;
    out.push({
      x: a.x + (b.x - a.x) * t,
      y: a.y + (b.y - a.y) * t,
      z: a.z + (b.z - a.z) * t,
      r: a.r + (b.r - a.r) * t,
    });
  }
}
