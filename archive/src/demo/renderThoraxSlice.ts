import type { SliceCanvas } from './SliceCanvas.js';
import {
  CAVITY_INSET_MM,
  DIAPHRAGM_Z_MM,
  HEART,
  KIDNEYS,
  LIVER,
  LUNGS,
  SPLEEN,
  STERNUM,
  STOMACH,
  TABLE,
  WALL_MM,
  bodySemiAxes,
  dome,
  lungScale,
  thoraxTubes,
} from './thoraxAnatomy.js';
import { PHANTOM, TISSUE_HU, type SphereTruth } from './thoraxPhantom.js';

const H = TISSUE_HU;

/**
 * Paints the noise-free axial cross-section of the thorax phantom at `zMm` into
 * `canvas` (HU). Order matters: body, cavity contents, organs, then the body wall is
 * painted again to clip anything that reached into it, then bones, lesions and markers.
 */
export function renderThoraxSlice(canvas: SliceCanvas, zMm: number): void {
  const tubes = thoraxTubes();
  canvas.clear(H.air);
  paintTable(canvas);
  const { a, b } = bodySemiAxes(zMm);
  const fatInset = WALL_MM.skin;
  const muscleInset = WALL_MM.skin + WALL_MM.fat;
  canvas.fillEllipse(0, 0, a, b, H.skin);
  canvas.fillEllipse(0, 0, a - fatInset, b - fatInset, H.subcutaneousFat);
  canvas.fillEllipse(0, 0, a - muscleInset, b - muscleInset, H.muscle);
  const inThorax = zMm >= DIAPHRAGM_Z_MM;
  canvas.fillEllipse(0, 0, a - CAVITY_INSET_MM, b - CAVITY_INSET_MM, inThorax ? H.mediastinum : H.visceralFat);
  const mediastinalFat = dome(zMm, 70, 55);
  canvas.fillEllipse(0, -20, 32 * mediastinalFat, 45 * mediastinalFat, H.visceralFat);

  for (const lung of [LUNGS.right, LUNGS.left]) {
    const s = lungScale(zMm, lung.base);
    canvas.fillEllipse(lung.cx, lung.cy, lung.a * s, lung.b * s, H.lung);
  }
  tubes.pulmonaryVessels.paint(canvas, zMm);
  tubes.esophagusWall.paint(canvas, zMm);
  tubes.esophagusLumen.paint(canvas, zMm);
  tubes.airwayWall.paint(canvas, zMm);
  tubes.airwayLumen.paint(canvas, zMm);
  paintHeart(canvas, zMm);
  paintAbdomen(canvas, zMm);
  tubes.aorta.paint(canvas, zMm);
  tubes.ivc.paint(canvas, zMm);

  canvas.fillEllipseRing(0, 0, a - muscleInset, b - muscleInset, WALL_MM.muscle, H.muscle);
  canvas.fillEllipseRing(0, 0, a - fatInset, b - fatInset, WALL_MM.fat, H.subcutaneousFat);
  canvas.fillEllipseRing(0, 0, a, b, WALL_MM.skin, H.skin);

  tubes.ribCortex.paint(canvas, zMm);
  tubes.ribMarrow.paint(canvas, zMm);
  tubes.costalCartilage.paint(canvas, zMm);
  paintSternum(canvas, zMm, b - CAVITY_INSET_MM);
  paintSpine(canvas, zMm);
  for (const lesion of Object.values(PHANTOM.lesions)) paintSphere(canvas, zMm, lesion);
  paintMarkers(canvas, zMm);
}

function paintTable(canvas: SliceCanvas): void {
  const { halfWidthMm: w, yTop, yBottom, shellMm } = TABLE;
  canvas.fillRect(-w, yTop, w, yBottom, H.tableShell);
  canvas.fillRect(-w + shellMm, yTop + shellMm, w - shellMm, yBottom - shellMm, H.tableCore);
}

function paintHeart(canvas: SliceCanvas, zMm: number): void {
  const s = dome(zMm, HEART.zCentre, HEART.zHalf);
  if (s === 0) return;
  const { cx, cy, a, b, fatMm } = HEART;
  canvas.fillEllipse(cx, cy, (a + fatMm) * s, (b + fatMm) * s, H.visceralFat);
  canvas.fillEllipse(cx, cy, a * s, b * s, H.myocardium);
  canvas.fillEllipse(cx + 12, cy + 4, 22 * s, 18 * s, H.contrastBlood);
  canvas.fillEllipse(cx - 18, cy - 18, 20 * s, 12 * s, H.rightHeartBlood);
}

function paintAbdomen(canvas: SliceCanvas, zMm: number): void {
  const liver = dome(zMm, LIVER.zCentre, LIVER.zHalf);
  canvas.fillEllipse(LIVER.cx, LIVER.cy, LIVER.a * liver, LIVER.b * liver, H.liver);

  const st = dome(zMm, STOMACH.zCentre, STOMACH.zHalf);
  if (st > 0) {
    const { cx, cy, a, b, wallMm } = STOMACH;
    canvas.fillEllipse(cx, cy, a * st + wallMm, b * st + wallMm, H.muscle);
    canvas.fillEllipse(cx, cy, a * st, b * st, H.stomachFluid);
    // Supine: gas rises anteriorly (−y) above an air–fluid level.
    canvas.fillEllipse(cx, cy, a * st, b * st, H.air, cy - 0.25 * b * st);
  }
  const sp = dome(zMm, SPLEEN.zCentre, SPLEEN.zHalf);
  canvas.fillEllipse(SPLEEN.cx, SPLEEN.cy, SPLEEN.a * sp, SPLEEN.b * sp, H.spleen);

  const k = dome(zMm, KIDNEYS.zCentre, KIDNEYS.zHalf);
  for (const side of [1, -1]) {
    canvas.fillEllipse(side * KIDNEYS.cx, KIDNEYS.cy, KIDNEYS.a * k, KIDNEYS.b * k, H.kidneyCortex);
    canvas.fillEllipse(side * KIDNEYS.cx, KIDNEYS.cy, 0.55 * KIDNEYS.a * k, 0.55 * KIDNEYS.b * k, H.kidneyMedulla);
  }
}

function paintSternum(canvas: SliceCanvas, zMm: number, cavityB: number): void {
  if (zMm > STERNUM.zTop || zMm < STERNUM.zBottom) return;
  const w = STERNUM.halfWidthMm;
  const y0 = -cavityB - 1 - STERNUM.depthMm;
  const y1 = -cavityB - 1;
  canvas.fillRect(-w, y0, w, y1, H.corticalBone);
  canvas.fillRect(-w + 2, y0 + 2, w - 2, y1 - 2, H.cancellousBone);
}

/** Vertebral bodies with discs and endplates, neural arch and processes (thoraxPhantom.ts). */
function paintSpine(canvas: SliceCanvas, zMm: number): void {
  const { bodyCentre: c, bodyRadiusMm: r, corticalThicknessMm, levelHeightMm, discHeightMm, endplateMm } =
    PHANTOM.spine;
  const pos = ((zMm % levelHeightMm) + levelHeightMm) % levelHeightMm;
  const canalY = c.y + 27;
  if (pos < discHeightMm) {
    canvas.fillDisk(c.x, c.y, r, H.disc);
  } else {
    canvas.fillDisk(c.x, c.y, r, H.corticalBone);
    const endplate = pos < discHeightMm + endplateMm || pos >= levelHeightMm - endplateMm;
    if (!endplate) canvas.fillDisk(c.x, c.y, r - corticalThicknessMm, H.cancellousBone);
  }
  if (pos >= discHeightMm + 5 && pos < levelHeightMm - 9) {
    canvas.fillRect(-34, canalY - 6, 34, canalY + 2, H.corticalBone);
  }
  if (pos >= discHeightMm + 2 && pos < levelHeightMm - 3) {
    canvas.fillDisk(c.x, canalY, 13, H.corticalBone);
    canvas.fillRect(-3, canalY + 8, 3, canalY + 19, H.corticalBone);
  }
  canvas.fillDisk(c.x, canalY, 8, H.csf);
}

function paintSphere(canvas: SliceCanvas, zMm: number, sphere: SphereTruth): void {
  const r = sphere.diameterMm / 2;
  const dz = zMm - sphere.centre.z;
  if (Math.abs(dz) > r) return;
  canvas.fillDisk(sphere.centre.x, sphere.centre.y, Math.sqrt(r * r - dz * dz), sphere.hu);
}

function paintMarkers(canvas: SliceCanvas, zMm: number): void {
  const { a, b, diameterMm, hu } = PHANTOM.markers;
  const r = diameterMm / 2;
  for (const m of [a, b]) {
    const dz = zMm - m.z;
    if (Math.abs(dz) < r) canvas.blendDisk(m.x, m.y, Math.sqrt(r * r - dz * dz), hu);
  }
}
