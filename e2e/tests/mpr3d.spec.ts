import { type Page, expect, test } from '@playwright/test';
import { DEMO_CT_SERIES_UID, DEMO_CT_STUDY_UID } from '@consilium/archive/demo/syntheticCt';
import { boxHeight, boxWidth } from '../src/GrayImage.js';
import { VolumePage } from '../pages/VolumePage.js';
import { STORAGE_STATE } from '../src/platform.js';

/**
 * 3D volume rendering of the synthetic chest CT, and the error of a series that
 * cannot form a volume. SwiftShader ray casts a frame in seconds to tens of
 * seconds on the shared test machine, hence the long timeouts; nothing sleeps.
 */
test.describe.configure({ mode: 'serial', timeout: 420_000 });

let page: Page;
let volume: VolumePage;

test.beforeAll(async ({ browser }) => {
  // A smaller window: every frame is a software ray cast of the whole viewport.
  page = await browser.newPage({ baseURL: process.env.E2E_WEB_URL, storageState: STORAGE_STATE, viewport: { width: 900, height: 640 } });
  volume = new VolumePage(page);
});

test.afterAll(async () => {
  await page.close();
});

test('3D renders the thorax from the front with the bone preset', async () => {
  await volume.open(DEMO_CT_STUDY_UID, DEMO_CT_SERIES_UID, '3d');
  await volume.waitUntilReady();
  const { image, mmPerPixel, camera } = await volume.snapshot('3d');
  await volume.screenshot('volume-3d-bone');
  expect(image.fractionAbove(30), 'not blank').toBeGreaterThan(0.05);
  // Looking from the front (anterior, −y) with the head up.
  expect(camera.viewPlaneNormal[1]).toBeLessThan(-0.9);
  expect(camera.viewUp[2]).toBeGreaterThan(0.9);
  const bones = image.boundsAbove(30, 5);
  expect(bones).toBeDefined();
  if (!bones) return;
  // Ribs span the chest (~290 mm), the spine and ribs the whole 275 mm scan.
  expect(boxWidth(bones) * mmPerPixel).toBeGreaterThan(220);
  expect(boxHeight(bones) * mmPerPixel).toBeGreaterThan(220);
});

test('soft tissue and lung presets render differently from bone', async () => {
  const bone = (await volume.snapshot('3d')).image;
  const images = { bone };
  for (const [label, key] of [
    ['Soft tissue', 'soft'],
    ['Lung', 'lung'],
  ] as const) {
    const rendered = await volume.nextRender('3d');
    await volume.selectPreset(label);
    await rendered();
    const image = (await volume.snapshot('3d')).image;
    expect(image.fractionAbove(30), `${label} not blank`).toBeGreaterThan(0.05);
    expect(image.difference(bone), `${label} differs from bone`).toBeGreaterThan(3);
    Object.assign(images, { [key]: image });
    await volume.screenshot(`volume-3d-${key}`);
  }
});

test('dragging rotates the volume, the wheel zooms', async () => {
  const before = await volume.snapshot('3d');
  const box = await volume.viewport('3d').boundingBox();
  if (!box) throw new Error('no 3D viewport');
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const rendered = await volume.nextRender('3d');
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx + box.width / 4, cy, { steps: 2 });
  await page.mouse.up();
  await rendered();
  const after = await volume.snapshot('3d');
  const cos = before.camera.viewPlaneNormal.reduce((sum, v, i) => sum + v * (after.camera.viewPlaneNormal[i] ?? 0), 0);
  expect(cos, 'the camera turned by more than 10°').toBeLessThan(Math.cos((10 * Math.PI) / 180));
  await volume.screenshot('volume-3d-rotated');
  const zoomBefore = await volume.zoomOf('3d');
  const zoomed = await volume.nextRender('3d');
  await page.mouse.wheel(0, -300);
  await zoomed();
  const zoomAfter = await volume.zoomOf('3d');
  const change = Math.max(Math.abs(zoomAfter.parallelScale / zoomBefore.parallelScale - 1), Math.abs(zoomAfter.distanceMm / zoomBefore.distanceMm - 1));
  expect(change, 'one wheel notch zooms by more than 2%').toBeGreaterThan(0.02);
});

test('a single image cannot form a volume: the view says why', async () => {
  await volume.open(DEMO_CT_STUDY_UID, DEMO_CT_SERIES_UID, 'mpr', 1);
  await expect(volume.error).toContainText('1 image');
  await expect(volume.error).toContainText('at least 3 parallel slices');
  await volume.screenshot('mpr-single-image-error');
});
