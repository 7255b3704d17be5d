import { type Page, expect, test } from '@playwright/test';
import { DEMO_CT_SERIES_UID, DEMO_CT_STUDY_UID, SYNTHETIC_CT_DEFAULTS } from '@consilium/archive/demo/syntheticCt';
import { PHANTOM } from '@consilium/archive/demo/thoraxPhantom';
import { boxHeight, boxWidth } from '../src/GrayImage.js';
import { type Point3, VolumePage } from '../pages/VolumePage.js';
import { STORAGE_STATE } from '../src/platform.js';

/**
 * MPR of the synthetic chest CT (220 axial slices of 512x512, 0.7 mm pixels,
 * 1.25 mm apart), judged by the pixels of each canvas against the phantom's
 * ground truth: the body's extent in mm in each plane, and the brightness of
 * known tissues where their patient coordinates project.
 *
 * One page for the whole describe: loading the volume is the slow part.
 */
test.describe.configure({ mode: 'serial', timeout: 300_000 });

const Z_EXTENT_MM = SYNTHETIC_CT_DEFAULTS.slices * SYNTHETIC_CT_DEFAULTS.sliceThicknessMm;
/** Body outline at z = 0 (thoraxAnatomy.bodySemiAxes): 320 mm wide, 220 mm deep; the table adds 10 mm behind. */
const BODY_WIDTH_MM = 320;
const BODY_AND_TABLE_DEPTH_MM = 230;
/** Luminance above which a pixel is body in the abdomen window (W400 L40): fat (−100 HU) shows at ~38. */
const BODY_LUMINANCE = 20;

let page: Page;
let volume: VolumePage;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ baseURL: process.env.E2E_WEB_URL, storageState: STORAGE_STATE, viewport: { width: 1280, height: 800 } });
  volume = new VolumePage(page);
});

test.afterAll(async () => {
  await page.close();
});

test('MPR shows progress while the 220-slice volume streams, then all three planes', async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/frames/**', async (route) => {
    await held;
    await route.continue();
  });
  await volume.open(DEMO_CT_STUDY_UID, DEMO_CT_SERIES_UID, 'mpr');
  await expect(volume.progress).toContainText(`0 / ${SYNTHETIC_CT_DEFAULTS.slices} slices`);
  release();
  await volume.waitUntilReady();
  await page.unroute('**/frames/**');
  expect(await volume.status()).toMatchObject({ status: 'ready', framesLoaded: 220, framesTotal: 220 });
  for (const name of ['axial', 'sagittal', 'coronal'] as const) await expect(volume.viewport(name)).toBeVisible();
  await volume.screenshot('mpr-default');
});

test('each plane shows the body with the extent of its plane', async () => {
  await volume.selectWindow('Abdomen');
  // W400 L40 (PS3.3 C.11.2.1.2.1): −160 to 239.5 HU; Cornerstone keeps the range to within 1 HU.
  await expect.poll(async () => (await volume.display('axial')).voiRange?.upper).toBeCloseTo(239.5, -0.5);
  await volume.screenshot('mpr-abdomen-window');
  const extents: Record<string, { widthMm: number; heightMm: number }> = {};
  for (const name of ['axial', 'sagittal', 'coronal'] as const) {
    const { image, mmPerPixel } = await volume.snapshot(name);
    expect(image.fractionAbove(BODY_LUMINANCE), `${name} is not blank`).toBeGreaterThan(0.1);
    const body = image.boundsAbove(BODY_LUMINANCE, 5);
    expect(body, `${name} shows a body`).toBeDefined();
    if (body) extents[name] = { widthMm: boxWidth(body) * mmPerPixel, heightMm: boxHeight(body) * mmPerPixel };
  }
  // Axial: the elliptical cross-section, wider than deep.
  expectWithin(extents.axial?.widthMm, BODY_WIDTH_MM, 'axial width');
  expectWithin(extents.axial?.heightMm, BODY_AND_TABLE_DEPTH_MM, 'axial height');
  // Sagittal: front to back across, the 275 mm scan length (220 × 1.25 mm) top to bottom.
  expectWithin(extents.sagittal?.widthMm, BODY_AND_TABLE_DEPTH_MM, 'sagittal width');
  expectWithin(extents.sagittal?.heightMm, Z_EXTENT_MM, 'sagittal height');
  // Coronal: side to side across, the scan length top to bottom.
  expectWithin(extents.coronal?.widthMm, BODY_WIDTH_MM, 'coronal width');
  expectWithin(extents.coronal?.heightMm, Z_EXTENT_MM, 'coronal height');
});

test('known tissues show where the phantom puts them in each plane', async () => {
  // Abdomen window: air and lung black, fat ~38, soft tissue ~140, contrast blood ~229, bone white.
  const [axialCamera, sagittalCamera, coronalCamera] = await Promise.all([volume.snapshot('axial'), volume.snapshot('sagittal'), volume.snapshot('coronal')]).then(
    (s) => s.map((x) => x.camera.focalPoint),
  );
  const z = axialCamera?.[2] ?? 0;
  const x = sagittalCamera?.[0] ?? 0;
  const y = coronalCamera?.[1] ?? 0;
  const [rightLung, leftLung, aorta, fat, air] = await volume.probe('axial', [
    [-105, 35, z],
    [95, 35, z],
    [22, 32, z],
    [0, -102, z],
    [0, -150, z],
  ]);
  expect(rightLung, 'right lung dark, on the viewer’s left').toBeLessThan(15);
  expect(leftLung, 'left lung dark, on the viewer’s right').toBeLessThan(15);
  expect(aorta, 'descending aorta with contrast bright').toBeGreaterThan(190);
  expect(fat, 'anterior subcutaneous fat grey').toBeGreaterThan(20);
  expect(fat).toBeLessThan(70);
  expect(air, 'air in front of the patient black').toBeLessThan(10);

  // Sagittal through the midline: vertebral bodies bright at the back all the way down, air in front.
  const { bodyCentre } = PHANTOM.spine;
  const vertebralBodies: Point3[] = [-97.5, -70, -42.5, -15, 12.5, 40, 67.5, 95].map((zMm) => [x, bodyCentre.y, zMm]);
  const spine = await volume.probe('sagittal', vertebralBodies);
  for (const [i, value] of spine.entries()) expect(value, `vertebral body at z=${vertebralBodies[i]?.[2]}`).toBeGreaterThan(200);
  const [anteriorAir] = await volume.probe('sagittal', [[x, -150, 0]]);
  expect(anteriorAir).toBeLessThan(10);
  const posterior = await volume.pagePointOf('sagittal', [x, bodyCentre.y, 0]);
  const anterior = await volume.pagePointOf('sagittal', [x, -100, 0]);
  expect(posterior.x, 'posterior is on the right of the sagittal view').toBeGreaterThan(anterior.x);

  // Coronal: lungs dark either side of the mediastinum, liver below the right lung.
  const [coronalRightLung, coronalLeftLung, liver] = await volume.probe('coronal', [
    [-105, y, 35],
    [95, y, 35],
    [PHANTOM.homogeneousRegion.centre.x, y, PHANTOM.homogeneousRegion.centre.z],
  ]);
  expect(coronalRightLung).toBeLessThan(15);
  expect(coronalLeftLung).toBeLessThan(15);
  expect(liver, 'liver parenchyma (60 HU) mid-grey').toBeGreaterThan(115);
  expect(liver).toBeLessThan(170);
  const head = await volume.pagePointOf('coronal', [0, y, 100]);
  const feet = await volume.pagePointOf('coronal', [0, y, -100]);
  expect(head.y, 'head at the top of the coronal view').toBeLessThan(feet.y);
});

test('the stack’s window presets apply to all three planes', async () => {
  await volume.selectWindow('Lung');
  for (const name of ['axial', 'sagittal', 'coronal'] as const) {
    await expect.poll(async () => (await volume.display(name)).voiRange?.lower ?? NaN).toBeCloseTo(-1350, -0.5);
    await expect.poll(async () => (await volume.display(name)).voiRange?.upper ?? NaN).toBeCloseTo(149, -0.5);
  }
  const [lung] = await volume.probe('axial', [[-105, 35, (await volume.snapshot('axial')).camera.focalPoint[2] ?? 0]]);
  expect(lung, 'lung parenchyma (−850 HU) visible in the lung window').toBeGreaterThan(60);
  expect(lung).toBeLessThan(110);
});

test('a MIP slab shows more of the pulmonary vessels than a thin slice', async () => {
  await volume.selectWindow('Abdomen');
  const box = await rightLungBox();
  const thin = (await volume.snapshot('axial')).image.fractionAbove(60, box);
  await volume.selectProjection('MIP');
  await volume.setSlabThickness(40);
  for (const name of ['axial', 'sagittal', 'coronal'] as const) {
    await expect.poll(() => volume.display(name)).toMatchObject({ blendMode: 1, slabThicknessMm: 40 });
  }
  await expect.poll(async () => (await volume.snapshot('axial')).image.fractionAbove(60, box)).toBeGreaterThan(thin + 0.02);
  await volume.screenshot('mpr-mip-40mm');
  await volume.selectProjection('Thin slice');
  await expect.poll(async () => (await volume.display('axial')).blendMode).toBe(0);
});

test('crosshairs: clicking a point in the axial plane moves the sagittal and coronal planes through it', async () => {
  const lines = volume.viewport('axial').locator('svg line');
  await expect.poll(() => lines.count(), 'reference lines of the other two planes').toBeGreaterThanOrEqual(2);
  const z = (await volume.snapshot('axial')).camera.focalPoint[2] ?? 0;
  const target: Point3 = [95, 35, z];
  const point = await volume.pagePointOf('axial', target);
  await page.mouse.click(point.x, point.y);
  await expect.poll(async () => (await volume.snapshot('sagittal')).camera.focalPoint[0]).toBeCloseTo(target[0], -0.5);
  await expect.poll(async () => (await volume.snapshot('coronal')).camera.focalPoint[1]).toBeCloseTo(target[1], -0.5);
  await volume.screenshot('mpr-crosshairs-left-lung');
});

/** Extents in mm match the phantom to within 8% (a pixel or two of blur at the outline, the table's gap). */
function expectWithin(actualMm: number | undefined, expectedMm: number, what: string): void {
  expect(actualMm, what).toBeGreaterThan(expectedMm * 0.92);
  expect(actualMm, what).toBeLessThan(expectedMm * 1.08);
}

/** The canvas box of a 60 mm square in the right lung of the axial plane. */
async function rightLungBox(): Promise<{ x0: number; y0: number; x1: number; y1: number }> {
  const z = (await volume.snapshot('axial')).camera.focalPoint[2] ?? 0;
  const box = await volume.viewport('axial').boundingBox();
  const a = await volume.pagePointOf('axial', [-125, 5, z]);
  const b = await volume.pagePointOf('axial', [-85, 55, z]);
  const ox = box?.x ?? 0;
  const oy = box?.y ?? 0;
  return { x0: Math.min(a.x, b.x) - ox, y0: Math.min(a.y, b.y) - oy, x1: Math.max(a.x, b.x) - ox, y1: Math.max(a.y, b.y) - oy };
}
