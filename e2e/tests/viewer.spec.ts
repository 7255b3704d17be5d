import path from 'node:path';
import { type Page, expect, test } from '@playwright/test';
import { PHANTOM, TISSUE_HU } from '@consilium/archive/demo/thoraxPhantom';
import { freePort } from '@consilium/archive/testing/freePort';
import { newUid } from '@consilium/archive/testing/makeInstance';
import { postStow } from '@consilium/archive/testing/stowRequest';
import { corruptJpeg2000Instance } from '../src/corruptInstance.js';
import { authorisedBy, signIn, startWeb, stopChild } from '../src/platform.js';
import { StudyFinder } from '../pages/StudyFinder.js';
import { type Point3, ViewerPage } from '../pages/ViewerPage.js';

const SCREENSHOTS = path.resolve(import.meta.dirname, '../screenshots');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `viewer-${name}.png`) });

/** The seeded synthetic chest CT (archive/src/demo): 220 slices, z = 137.5 − 1.25·(n − 1). */
const CT = { patientName: 'DEMO, CHEST', accession: 'DEMO-CT-0001', slices: 220 };
const imageNumberAtZ = (zMm: number) => Math.round((137.5 - zMm) / 1.25) + 1;

test.use({ baseURL: process.env.E2E_WEB_URL });

async function openDemoCt(page: Page): Promise<ViewerPage> {
  const finder = new StudyFinder(page);
  await finder.goto();
  await finder.filter('Accession', CT.accession);
  await finder.open(CT.patientName);
  const viewer = new ViewerPage(page);
  await viewer.waitForImage(0);
  return viewer;
}

test.describe('viewer on the synthetic CT', () => {
  test('opens from the worklist filter and shows the first image with overlays', async ({ page }) => {
    const viewer = await openDemoCt(page);
    await expect(viewer.sliceOverlay()).toHaveText(`Im: 1/${CT.slices}`);
    await expect(viewer.viewport().getByTestId('overlay-patient')).toContainText(CT.patientName);
    await expect(viewer.viewport().getByTestId('orientation-left')).toHaveText('R');
    await expect(viewer.viewport().getByTestId('orientation-top')).toHaveText('A');
    await expect(viewer.viewport().getByTestId('scale-bar')).toContainText(/\d+ (cm|mm)/);
    const stats = await viewer.canvasStats();
    expect(stats.nonBlack, 'the body fills a good part of the image').toBeGreaterThan(0.2);
    await shot(page, 'first-image');
  });

  test('scrolls with keys, wheel and scrollbar to a given slice', async ({ page }) => {
    const viewer = await openDemoCt(page);
    const beadSlice = imageNumberAtZ(PHANTOM.markers.a.z);
    await viewer.scrollToImage(beadSlice, CT.slices);
    await expect(viewer.viewport().getByTestId('overlay-location')).toHaveText('Loc: 0.00 mm');
    const box = await viewer.viewport().boundingBox();
    if (!box) throw new Error('viewport has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 120);
    await expect(viewer.sliceOverlay()).toHaveText(`Im: ${beadSlice + 1}/${CT.slices}`);
    const scrollbar = viewer.viewport().getByRole('slider');
    await scrollbar.focus();
    await scrollbar.press('End');
    await expect(viewer.sliceOverlay()).toHaveText(`Im: ${CT.slices}/${CT.slices}`);
    await shot(page, 'last-slice');
  });

  test('changes window/level by preset and by dragging', async ({ page }) => {
    const viewer = await openDemoCt(page);
    await viewer.selectPreset('Lung');
    await expect(viewer.windowOverlay()).toHaveText('W: 1500 L: -600');
    await shot(page, 'lung-window');
    await viewer.selectPreset('Bone');
    await expect(viewer.windowOverlay()).toHaveText('W: 1800 L: 400');
    await viewer.selectTool('W/L');
    const box = await viewer.viewport().boundingBox();
    if (!box) throw new Error('viewport has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2 + 40, { steps: 8 });
    await page.mouse.up();
    await expect(viewer.windowOverlay()).not.toHaveText('W: 1800 L: 400');
  });

  test('measures the 100.0 mm between the two skin beads', async ({ page }) => {
    const viewer = await openDemoCt(page);
    const { a, b, distanceMm } = PHANTOM.markers;
    await viewer.scrollToImage(imageNumberAtZ(a.z), CT.slices);
    await viewer.selectTool('Length');
    const from: Point3 = [a.x, a.y, a.z];
    const to: Point3 = [b.x, b.y, b.z];
    await viewer.dragBetween(from, to);
    const item = viewer.measurements.filter({ hasText: 'Length' });
    await expect(item).toHaveCount(1);
    await expect(item).toContainText(/\d+\.\d mm/);
    // The panel follows the annotation live while Cornerstone finishes the drag: judge the value it settles on.
    await expect.poll(async () => Math.abs(valueIn(await item.textContent(), /([\d.]+) mm/) - distanceMm)).toBeLessThanOrEqual(1);
    await shot(page, 'length-beads');
  });

  test('probes the contrast-filled aorta and labels an arrow', async ({ page }) => {
    const viewer = await openDemoCt(page);
    const aorta = PHANTOM.probes.find((p) => p.label.startsWith('Descending aorta'));
    if (!aorta) throw new Error('no aorta probe in the phantom');
    const { x, y, z } = aorta.point;
    await viewer.scrollToImage(imageNumberAtZ(z), CT.slices);
    await viewer.selectTool('Probe');
    const at = await viewer.pagePointOf([x, y, z]);
    await page.mouse.click(at.x, at.y);
    const probe = viewer.measurements.filter({ hasText: 'Probe' });
    await expect(probe).toContainText(/Probe -?\d+(\.\d)? HU/);
    await expect.poll(async () => Math.abs(valueIn(await probe.textContent(), /Probe (-?[\d.]+) HU/) - aorta.hu)).toBeLessThanOrEqual(10);
    await viewer.selectTool('Arrow');
    // Cornerstone draws the head where the drag starts: at the finding.
    await viewer.dragBetween([x + 3, y - 3, z], [x + 30, y - 30, z]);
    const dialog = page.getByRole('dialog', { name: 'Arrow label' });
    await dialog.getByLabel('Arrow label').fill('Aorta');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(viewer.measurements.filter({ hasText: 'Arrow' })).toHaveText(/Arrow Aorta/);
    await shot(page, 'probe-arrow');
  });

  test('an ellipse ROI in the liver reads its HU', async ({ page }) => {
    const viewer = await openDemoCt(page);
    const { centre, radiusMm, hu } = PHANTOM.homogeneousRegion;
    expect(hu).toBe(TISSUE_HU.liver);
    await viewer.scrollToImage(imageNumberAtZ(centre.z), CT.slices);
    await viewer.selectPreset('Abdomen');
    await viewer.selectTool('Ellipse');
    const r = radiusMm / 3;
    await viewer.dragBetween([centre.x, centre.y, centre.z], [centre.x + r, centre.y + r, centre.z]);
    const item = viewer.measurements.filter({ hasText: 'Ellipse' });
    await expect(item).toContainText(/Mean: -?[\d.]+ HU/);
    await expect.poll(async () => Math.abs(valueIn(await item.textContent(), /Mean: (-?[\d.]+) HU/) - hu)).toBeLessThanOrEqual(10);
    await expect(item).toContainText(/Area: [\d.]+ mm²/);
    await shot(page, 'ellipse-liver');
    // Jump-to: away from the slice and back via the measurement panel.
    await viewer.scrollToImage(1, CT.slices);
    await item.getByRole('button', { name: /^Go to/ }).click();
    await expect(viewer.sliceOverlay()).toHaveText(`Im: ${imageNumberAtZ(centre.z)}/${CT.slices}`);
  });

  test('2x2 layout, invert and reset; usable at tablet width', async ({ page }) => {
    const viewer = await openDemoCt(page);
    await viewer.toolbar.getByRole('button', { name: '2x2' }).click();
    for (const i of [0, 1, 2, 3]) await viewer.waitForImage(i);
    await viewer.viewport(3).click();
    const before = await viewer.canvasStats(3);
    await viewer.toolbar.getByRole('button', { name: 'Invert' }).click();
    await expect.poll(async () => (await viewer.canvasStats(3)).mean).toBeGreaterThan(before.mean + 40);
    await viewer.toolbar.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(async () => Math.abs((await viewer.canvasStats(3)).mean - before.mean)).toBeLessThan(5);
    await shot(page, 'layout-2x2');
    await page.setViewportSize({ width: 820, height: 1000 });
    await expect(viewer.viewport(0)).toBeInViewport();
    await expect(page.getByTestId('measurement-list')).toBeAttached();
    await viewer.toolbar.getByRole('button', { name: '1x1' }).click();
    await viewer.waitForImage(0);
    await shot(page, 'tablet');
  });
});

test.describe('viewer error states', () => {
  test('a study that does not exist says so', async ({ page }) => {
    const viewer = new ViewerPage(page);
    await viewer.goto('1.2.826.0.1.3680043.8.498.404');
    await expect(page.getByTestId('viewer-error')).toContainText('Study not found');
    await expect(page.getByRole('link', { name: 'Back to the worklist' })).toBeVisible();
    await shot(page, 'not-found');
  });

  test('an unreachable archive says so', async ({ page }) => {
    const deadArchive = `http://127.0.0.1:${await freePort()}`;
    const web = await startWeb(deadArchive);
    try {
      await signIn(page.context(), web.url);
      await page.goto(`${web.url}/viewer/1.2.826.0.1.3680043.8.498.1`);
      await expect(page.getByTestId('viewer-error')).toContainText('Archive unreachable');
      await shot(page, 'archive-unreachable');
    } finally {
      await stopChild(web.child);
    }
  });

  test('a corrupt instance shows a message in its viewport', async ({ page }) => {
    const dicomweb = process.env.E2E_DICOMWEB_URL;
    if (!dicomweb) throw new Error('E2E_DICOMWEB_URL is not set (globalSetup)');
    const studyInstanceUID = newUid();
    const file = corruptJpeg2000Instance({
      studyInstanceUID,
      seriesInstanceUID: newUid(),
      sopInstanceUID: newUid(),
      patientName: 'CORRUPT^CASE',
      patientID: 'E2E-CORRUPT',
    });
    const stored = await postStow(dicomweb, [file], '/studies', await authorisedBy(process.env.E2E_WEB_URL!));
    expect(stored.status).toBe(200);
    const viewer = new ViewerPage(page);
    await viewer.goto(studyInstanceUID);
    await expect(page.getByTestId('viewport-error-0')).toContainText('could not be displayed');
    await shot(page, 'corrupt-instance');
  });
});

/** The number a measurement's text shows in `pattern`'s first group; NaN (never within a tolerance) when absent. */
function valueIn(text: string | null, pattern: RegExp): number {
  return Number(pattern.exec(text ?? '')?.[1]);
}
