import { TubeSet, type TubeVertex } from './TubeSet.js';
import { TISSUE_HU } from './thoraxPhantom.js';

/**
 * Shapes of the synthetic thorax (mm, patient coordinates; see thoraxPhantom.ts).
 * Cross-sections are ellipses whose size follows a profile along z; tubular organs
 * are `TubeSet`s. The numbers were chosen so that organs do not collide except where
 * real ones abut (heart on the left lung, liver dome under the right lung).
 */

/** Thickness of skin, subcutaneous fat and chest-wall muscle; their sum insets the cavity. */
export const WALL_MM = { skin: 2, fat: 12, muscle: 12 } as const;
export const CAVITY_INSET_MM = WALL_MM.skin + WALL_MM.fat + WALL_MM.muscle;

/** z below which the body cavity is abdomen (visceral fat) rather than mediastinum. */
export const DIAPHRAGM_Z_MM = -40;

/** Semi-axes of the body outline: a little narrower towards the neck and the abdomen. */
export function bodySemiAxes(zMm: number): { a: number; b: number } {
  return { a: 160 - 0.0004 * zMm * zMm, b: 110 - 0.0003 * zMm * zMm };
}

/** 1 at z = centre, falling to 0 at centre ± half like a sphere's cross-section. */
export function dome(zMm: number, centre: number, half: number): number {
  const u = (zMm - centre) / half;
  return u * u >= 1 ? 0 : Math.sqrt(1 - u * u);
}

const LUNG_WIDEST_Z_MM = 35;
const LUNG_APEX_Z_MM = 132;
export const LUNG_BASE_Z_MM = { right: -48, left: -55 } as const;

/** Lung cross-section scale: a dome to the apex, a blunter fall to the base. */
export function lungScale(zMm: number, baseZMm: number): number {
  if (zMm >= LUNG_WIDEST_Z_MM) return dome(zMm, LUNG_WIDEST_Z_MM, LUNG_APEX_Z_MM - LUNG_WIDEST_Z_MM);
  const u = (LUNG_WIDEST_Z_MM - zMm) / (LUNG_WIDEST_Z_MM - baseZMm);
  return u >= 1 ? 0 : Math.sqrt(1 - u ** 4);
}

export const LUNGS = {
  right: { cx: -70, cy: 4, a: 62, b: 72, base: LUNG_BASE_Z_MM.right },
  left: { cx: 70, cy: 4, a: 58, b: 72, base: LUNG_BASE_Z_MM.left },
} as const;

export const HEART = { cx: 18, cy: -22, a: 52, b: 44, zCentre: -15, zHalf: 40, fatMm: 4 } as const;

/** Abdominal organs: ellipses scaled by dome(z, zCentre, zHalf). */
export const LIVER = { cx: -45, cy: -5, a: 80, b: 65, zCentre: -105, zHalf: 80 } as const;
export const STOMACH = { cx: 62, cy: -15, a: 40, b: 32, zCentre: -90, zHalf: 45, wallMm: 3 } as const;
export const SPLEEN = { cx: 85, cy: 52, a: 24, b: 34, zCentre: -95, zHalf: 45 } as const;
export const KIDNEYS = { cx: 60, cy: 58, a: 24, b: 30, zCentre: -175, zHalf: 55 } as const;
export const STERNUM = { halfWidthMm: 14, depthMm: 10, zTop: 112, zBottom: -35 } as const;
export const TABLE = { halfWidthMm: 150, yTop: 112, yBottom: 120, shellMm: 1.5 } as const;

const v = (x: number, y: number, z: number, r: number): TubeVertex => ({ x, y, z, r });

/** Pulmonary vessels: from each hilum a trunk towards each lobe, then a small binary tree. */
function pulmonaryVessels(): TubeVertex[][] {
  const out: TubeVertex[][] = [];
  const trunks = [
    {
      lung: LUNGS.right,
      hilum: v(-32, 5, 42, 4),
      ends: [[-75, -40, 95], [-85, 40, 100], [-120, 0, 50], [-80, -40, -20], [-85, 50, -25], [-110, -30, 20]],
    },
    {
      lung: LUNGS.left,
      hilum: v(34, 5, 44, 4),
      ends: [[75, -35, 95], [80, 45, 100], [115, 0, 50], [90, -30, -25], [85, 50, -30], [110, -10, 15]],
    },
  ] as const;
  for (const { lung, hilum, ends } of trunks) {
    for (const [x, y, z] of ends) {
      const d = [x - hilum.x, y - hilum.y, z - hilum.z] as const;
      const length = Math.hypot(...d);
      const dir: Vec3 = [d[0] / length, d[1] / length, d[2] / length];
      const mid = v(hilum.x + d[0] * 0.45, hilum.y + d[1] * 0.45, hilum.z + d[2] * 0.45, 3);
      out.push([hilum, mid]);
      branch(mid, dir, length * 0.3, 3, 3, lung, out);
    }
  }
  return out;
}

type Vec3 = readonly [number, number, number];
interface LungShape {
  readonly cx: number;
  readonly cy: number;
  readonly a: number;
  readonly b: number;
  readonly base: number;
}

/** Splits in two at ±0.45 rad, alternating the plane of the split, while inside the lung. */
function branch(
  from: TubeVertex,
  dir: Vec3,
  length: number,
  r: number,
  depth: number,
  lung: LungShape,
  out: TubeVertex[][],
): void {
  const [dx, dy, dz] = dir;
  const end = v(from.x + dx * length, from.y + dy * length, from.z + dz * length, Math.max(1, r * 0.75));
  if (!insideLung(end, lung, 0.9)) return;
  out.push([{ ...from, r }, end]);
  if (depth === 0) return;
  const axis = normalize(cross(dir, depth % 2 === 0 ? [0, 0, 1] : [1, 0, 0]));
  for (const angle of [0.45, -0.45]) branch(end, rotate(dir, axis, angle), length * 0.75, end.r, depth - 1, lung, out);
}

function insideLung(p: TubeVertex, lung: LungShape, margin: number): boolean {
  const s = lungScale(p.z, lung.base) * margin;
  if (s === 0) return false;
  return ((p.x - lung.cx) / (lung.a * s)) ** 2 + ((p.y - lung.cy) / (lung.b * s)) ** 2 <= 1;
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function normalize(a: Vec3): Vec3 {
  const n = Math.hypot(...a) || 1;
  return [a[0] / n, a[1] / n, a[2] / n];
}

/** Rodrigues' rotation of unit vector d about unit axis k (k ⊥ d here). */
function rotate(d: Vec3, k: Vec3, angle: number): Vec3 {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const kxd = cross(k, d);
  return [d[0] * c + kxd[0] * s, d[1] * c + kxd[1] * s, d[2] * c + kxd[2] * s];
}

/** Aortic root, ascending aorta, arch (sweeping left and back) and descending aorta. */
const AORTA: TubeVertex[] = [
  v(14, -22, 5, 14), v(8, -18, 30, 15), v(8, -18, 78, 15), v(12, -8, 88, 13), v(18, 12, 92, 12),
  v(22, 28, 88, 12), v(22, 32, 76, 12), v(22, 32, -60, 12), v(18, 30, -140, 11),
];
const TRACHEA_AXIS = [v(-10, 12, 140, 0), v(-10, 12, 58, 0)];
const BRONCHUS_AXES = [
  [v(-10, 12, 60, 0), v(-32, 10, 45, 0), v(-50, 8, 35, 0)],
  [v(-10, 12, 60, 0), v(20, 8, 48, 0), v(40, 5, 38, 0)],
];
const ESOPHAGUS_AXIS = [v(2, 30, 140, 0), v(2, 30, -50, 0)];
const IVC = [v(-20, 28, -140, 11), v(-20, 28, -20, 11)];

const withRadius = (axis: readonly TubeVertex[], r: number): TubeVertex[] => axis.map((p) => ({ ...p, r }));

/** Ribs: arcs around the chest wall falling ~37 mm from the spine to the front. */
const RIB_COUNT = 11;
const RIB_SPACING_MM = 25;
const RIB_TOP_Z_MM = 128;
const RIB_DROP_MM = 42;

function ribAxis(k: number, side: 1 | -1, fromTheta: number, toTheta: number, r: number): TubeVertex[] {
  const points: TubeVertex[] = [];
  for (let i = 0; i <= 24; i++) {
    const theta = fromTheta + ((toTheta - fromTheta) * i) / 24;
    const z = RIB_TOP_Z_MM - RIB_SPACING_MM * k - (RIB_DROP_MM * (1 - Math.cos(theta))) / 2;
    const { a, b } = bodySemiAxes(z);
    const inset = CAVITY_INSET_MM - 2;
    points.push(v(side * (a - inset) * Math.sin(theta), (b - inset) * Math.cos(theta), z, r));
  }
  return points;
}

function ribs(r: number, fromTheta: number, toTheta: number, count: number): TubeVertex[][] {
  const out: TubeVertex[][] = [];
  for (let k = 0; k < count; k++) {
    for (const side of [1, -1] as const) out.push(ribAxis(k, side, fromTheta, toTheta, r));
  }
  return out;
}

export interface ThoraxTubes {
  readonly pulmonaryVessels: TubeSet;
  readonly esophagusWall: TubeSet;
  readonly esophagusLumen: TubeSet;
  readonly airwayWall: TubeSet;
  readonly airwayLumen: TubeSet;
  readonly aorta: TubeSet;
  readonly ivc: TubeSet;
  readonly ribCortex: TubeSet;
  readonly ribMarrow: TubeSet;
  readonly costalCartilage: TubeSet;
}

let tubes: ThoraxTubes | undefined;

/** Built once per process (~20k axis samples, a few ms). */
export function thoraxTubes(): ThoraxTubes {
  tubes ??= {
    pulmonaryVessels: new TubeSet(pulmonaryVessels(), TISSUE_HU.pulmonaryVessel),
    esophagusWall: new TubeSet([withRadius(ESOPHAGUS_AXIS, 8)], TISSUE_HU.mediastinum),
    esophagusLumen: new TubeSet([withRadius(ESOPHAGUS_AXIS, 2)], TISSUE_HU.air),
    airwayWall: new TubeSet(
      [withRadius(TRACHEA_AXIS, 10), ...BRONCHUS_AXES.map((a) => withRadius(a, 6.5))],
      TISSUE_HU.mediastinum,
    ),
    airwayLumen: new TubeSet(
      [withRadius(TRACHEA_AXIS, 8), ...BRONCHUS_AXES.map((a) => withRadius(a, 4.5))],
      TISSUE_HU.air,
    ),
    aorta: new TubeSet([AORTA], TISSUE_HU.contrastBlood),
    ivc: new TubeSet([IVC], TISSUE_HU.venousBlood),
    ribCortex: new TubeSet(ribs(4.5, 0.22, 2.45, RIB_COUNT), TISSUE_HU.corticalBone),
    ribMarrow: new TubeSet(ribs(2.5, 0.22, 2.45, RIB_COUNT), TISSUE_HU.cancellousBone),
    costalCartilage: new TubeSet(ribs(4, 2.45, 2.95, 7), TISSUE_HU.costalCartilage),
  };
  return tubes;
}
