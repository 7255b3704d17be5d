import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type ChildProcess } from 'node:child_process';
import { test, expect, type Page } from '@playwright/test';
import { daikonSample } from '@consilium/archive/testing/daikonSamples';
import { freePort } from '@consilium/archive/testing/freePort';
import { makeInstance, newUid } from '@consilium/archive/testing/makeInstance';
import { postStow } from '@consilium/archive/testing/stowRequest';
import { authorisedBy, signIn, startWeb, stopChild } from '../src/platform.js';
import { WorklistPage } from '../pages/WorklistPage.js';

const SCREENSHOTS = path.resolve(import.meta.dirname, '../screenshots');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `worklist-${name}.png`), fullPage: true });

/** The demo studies seeded by the archive (archive/src/demo). */
const DEMO_CT = { patientName: 'DEMO, CHEST', patientId: 'CONSILIUM-DEMO-CT', accession: 'DEMO-CT-0001', instances: '220' };
const DEMO_MR = { patientId: '123565', instances: '20' };

test.use({ baseURL: process.env.E2E_WEB_URL });

test.describe('worklist', () => {
  test('lists the demo studies with counts and thumbnails that load', async ({ page }) => {
    const worklist = new WorklistPage(page);
    // Sorted by ID, the two demo studies lead the list whatever other tests stored.
    await worklist.goto('sort=patientId&dir=asc');
    await worklist.settled();
    const ct = worklist.rowByPatient(DEMO_CT.patientName);
    await expect(ct).toHaveCount(1);
    expect(await worklist.cellText(ct, 'Modality')).toBe('CT');
    expect(await worklist.cellText(ct, 'Series')).toBe('1');
    expect(await worklist.cellText(ct, 'Instances')).toBe(DEMO_CT.instances);
    expect(await worklist.cellText(ct, 'Accession')).toBe(DEMO_CT.accession);
    const mr = worklist.rows.filter({ hasText: DEMO_MR.patientId });
    await expect(mr).toHaveCount(1);
    expect(await worklist.cellText(mr, 'Instances')).toBe(DEMO_MR.instances);
    for (const row of [ct, mr]) {
      const img = worklist.thumbnail(row);
      await expect(img).toHaveJSProperty('complete', true);
      expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0);
    }
    await shot(page, 'desktop');
  });

  test('finds the demo CT by patient name and by modality', async ({ page }) => {
    const worklist = new WorklistPage(page);
    await worklist.goto();
    await worklist.settled();
    await worklist.filterInput('Patient name').fill('demo');
    await expect(page).toHaveURL(/name=demo/);
    await worklist.settled();
    await expect(worklist.rows).toHaveCount(1);
    await expect(worklist.rows.first()).toContainText(DEMO_CT.patientId);
    await shot(page, 'filter-name');

    await worklist.clearFilters();
    await worklist.modality.selectOption('CT');
    await expect(page).toHaveURL(/modality=CT/);
    await worklist.settled();
    expect(await worklist.columnTexts('Modality')).toEqual(expect.arrayContaining(['CT']));
    expect(new Set(await worklist.columnTexts('Modality'))).toEqual(new Set(['CT']));
    await expect(worklist.rowByPatient(DEMO_CT.patientName)).toHaveCount(1);
    await worklist.modality.selectOption('MR');
    await worklist.settled();
    await expect(worklist.rows).toHaveCount(1);
    await expect(worklist.rows.first()).toContainText(DEMO_MR.patientId);

    await worklist.clearFilters();
    await worklist.filterInput('Accession').fill('DEMO-CT');
    await worklist.settled();
    await expect(worklist.rows).toHaveCount(1);
    await worklist.clearFilters();
    await worklist.filterInput('Description').fill('chest');
    await worklist.settled();
    await expect(worklist.rows).toHaveCount(1);
    await worklist.clearFilters();
    await worklist.dateFilter('From').fill('2001-01-01');
    await worklist.dateFilter('To').fill('2001-12-31');
    await worklist.settled();
    await expect(worklist.rows).toHaveCount(1);
    await expect(worklist.rows.first()).toContainText(DEMO_MR.patientId);
  });

  test('sorts by a column, both ways, and keeps the sort in the URL', async ({ page }) => {
    const worklist = new WorklistPage(page);
    await worklist.goto();
    await worklist.settled();
    await expect(worklist.columnHeader('Date')).toHaveAttribute('aria-sort', 'descending');
    await worklist.sortBy('Patient ID');
    await expect(worklist.columnHeader('Patient ID')).toHaveAttribute('aria-sort', 'ascending');
    const ascending = await worklist.columnTexts('Patient ID');
    expect(ascending.length).toBeGreaterThanOrEqual(2);
    expect(ascending).toEqual([...ascending].sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' })));
    await worklist.sortBy('Patient ID');
    await expect(worklist.columnHeader('Patient ID')).toHaveAttribute('aria-sort', 'descending');
    expect(await worklist.columnTexts('Patient ID')).toEqual([...ascending].reverse());
    await expect(page).toHaveURL(/sort=patientId&dir=desc/);
    await page.reload();
    await worklist.settled();
    expect(await worklist.columnTexts('Patient ID')).toEqual([...ascending].reverse());
  });

  test('arrow keys move the selection and Enter opens the study in the viewer', async ({ page }) => {
    const worklist = new WorklistPage(page);
    await worklist.goto('sort=patientId&dir=asc');
    await worklist.settled();
    const first = worklist.rows.nth(0);
    const second = worklist.rows.nth(1);
    await first.focus();
    await expect(first).toHaveAttribute('data-selected', 'true');
    await page.keyboard.press('ArrowDown');
    await expect(second).toBeFocused();
    await expect(second).toHaveAttribute('data-selected', 'true');
    await expect(first).not.toHaveAttribute('data-selected');
    await page.keyboard.press('ArrowUp');
    await expect(first).toBeFocused();
    await page.keyboard.press('ArrowDown');
    const uid = await second.getAttribute('data-study-uid');
    expect(uid).toMatch(/^[\d.]+$/);
    await shot(page, 'keyboard-selection');
    await page.keyboard.press('End');
    await expect(worklist.rows.last()).toBeFocused();
    await page.keyboard.press('Home');
    await expect(first).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(second).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/viewer/${uid!.replaceAll('.', '\\.')}$`));
  });

  test('a filter without matches says so and offers to clear', async ({ page }) => {
    const worklist = new WorklistPage(page);
    await worklist.goto('name=nobody-has-this-name');
    await worklist.settled();
    await expect(page.getByText('No studies match these filters')).toBeVisible();
    await shot(page, 'empty');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await worklist.settled();
    await expect(worklist.rowByPatient(DEMO_CT.patientName)).toHaveCount(1);
  });

  test('shows that it is loading while the archive answers', async ({ page }) => {
    const worklist = new WorklistPage(page);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/dicomweb/studies?*', async (route) => {
      await released;
      await route.continue();
    });
    await worklist.goto();
    await expect(page.getByRole('status').filter({ hasText: 'Loading studies' })).toBeVisible();
    await expect(worklist.table).toHaveAttribute('aria-busy', 'true');
    await shot(page, 'loading');
    release();
    await worklist.settled();
    await expect(worklist.rowByPatient(DEMO_CT.patientName)).toHaveCount(1);
  });

  test('pages through more studies than fit one page', async ({ page }) => {
    const tag = `PAGE${Date.now().toString(36).toUpperCase()}`;
    const files = Array.from({ length: 30 }, (_, i) => makeInstance({ patientName: `${tag}^P${String(i).padStart(2, '0')}`, patientID: `${tag}-${i}`, studyDate: '20250102' }));
    const stored = await postStow(process.env.E2E_DICOMWEB_URL!, files, '/studies', await authorisedBy(process.env.E2E_WEB_URL!));
    expect(stored.status).toBe(200);
    const worklist = new WorklistPage(page);
    await worklist.goto(`name=${tag}`);
    await worklist.settled();
    await expect(worklist.rows).toHaveCount(25);
    const pages = page.getByRole('navigation', { name: 'Pages' });
    await expect(pages).toContainText('Showing 1–25');
    await pages.getByRole('button', { name: 'Next' }).click();
    await worklist.settled();
    await expect(worklist.rows).toHaveCount(5);
    await expect(pages).toContainText('Showing 26–30 of 30');
    await expect(page).toHaveURL(/offset=25/);
    await expect(pages.getByRole('button', { name: 'Next' })).toBeDisabled();
    await shot(page, 'page-2');
    await pages.getByRole('button', { name: 'Previous' }).click();
    await worklist.settled();
    await expect(worklist.rows).toHaveCount(25);

    // A sort covers every match, not just the page on screen: P00 was stored first, so it is on the archive's last page.
    await worklist.sortBy('Patient name');
    await expect(worklist.columnHeader('Patient name')).toHaveAttribute('aria-sort', 'ascending');
    await worklist.settled();
    const firstPage = await worklist.columnTexts('Patient name');
    expect(firstPage.slice(0, 3)).toEqual([`${tag}, P00`, `${tag}, P01`, `${tag}, P02`]);
    await pages.getByRole('button', { name: 'Next' }).click();
    await expect(pages).toContainText('Showing 26–30 of 30');
    expect(await worklist.columnTexts('Patient name')).toEqual([25, 26, 27, 28, 29].map((n) => `${tag}, P${n}`));
  });

  test('fits a tablet width without sideways scrolling', async ({ page }) => {
    await page.setViewportSize({ width: 800, height: 1000 });
    const worklist = new WorklistPage(page);
    await worklist.goto('sort=patientName&dir=asc');
    await worklist.settled();
    await expect(worklist.rowByPatient(DEMO_CT.patientName)).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const tableOverflow = await worklist.table.evaluate((t) => t.scrollWidth - (t.parentElement?.clientWidth ?? 0));
    expect(tableOverflow).toBeLessThanOrEqual(0);
    // The counts stay; the patient ID moves under the name.
    const ct = worklist.rowByPatient(DEMO_CT.patientName);
    expect(await worklist.cellText(ct, 'Instances')).toBe(DEMO_CT.instances);
    await expect(ct).toContainText(DEMO_CT.patientId);
    await expect(worklist.columnHeader('Patient ID')).toBeHidden();
    await shot(page, 'tablet');
  });
});

test.describe('upload', () => {
  test('a drop of files uploads over STOW-RS with progress and a result per file', async ({ page }) => {
    const worklist = new WorklistPage(page);
    await worklist.goto();
    await worklist.settled();
    const study = newUid();
    const series = newUid();
    const name = `UPLOAD${Date.now().toString(36).toUpperCase()}^DROP`;
    // A diagonal ramp, so the thumbnail shows a picture rather than one flat grey.
    const ramp = (n: number) => Int16Array.from({ length: 64 * 64 }, (_, i) => ((i % 64) + Math.floor(i / 64)) * 8 * n);
    const slices = [1, 2, 3].map((n) =>
      makeInstance({
        studyInstanceUID: study,
        seriesInstanceUID: series,
        patientName: name,
        patientID: 'E2E-DROP',
        instanceNumber: n,
        rows: 64,
        columns: 64,
        studyDescription: 'Dropped in e2e',
        extra: { PixelData: [ramp(n).buffer] },
      }),
    );
    const brain = daikonSample('volume/brain_013.dcm');
    const bigEndian = daikonSample('explicit_big.dcm');
    // Every DICOM file is sent; the text file never leaves the browser.
    const dicomBytes = [...slices, brain, bigEndian].reduce((sum, b) => sum + b.length, 0);
    const dragged = await worklist.dragFiles([
      ...slices.map((bytes, i) => ({ name: `slice${i + 1}.dcm`, bytes })),
      { name: 'brain_013.dcm', bytes: brain },
      { name: 'explicit_big.dcm', bytes: bigEndian },
      { name: 'notes.txt', bytes: new TextEncoder().encode('This is a text file, not a DICOM instance.\n'.repeat(10)), type: 'text/plain' },
    ]);
    await expect(worklist.dropZone).toHaveAttribute('data-dragging', 'true');
    await expect(worklist.dropZone).toContainText('Release to upload');
    await shot(page, 'drag-over');
    // The STOW-RS request is held until the in-flight state has been seen.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(
      (url) => url.pathname === '/dicomweb/studies',
      async (route) => {
        if (route.request().method() === 'POST') await released;
        await route.continue();
      },
    );
    await dragged.drop();
    await expect(worklist.dropZone).not.toHaveAttribute('data-dragging');
    await expect(worklist.progressRow).toHaveAttribute('data-state', 'running');
    await expect(worklist.uploadResult('slice1.dcm')).toHaveAttribute('data-status', 'sending');
    await expect(worklist.uploadSummary).toContainText('Uploading 6 files');
    await shot(page, 'upload-running');
    release();
    await expect(worklist.uploadSummary).toContainText('Upload finished');
    await expect(worklist.progress).toHaveAttribute('aria-valuemax', String(dicomBytes));
    await expect(worklist.progress).toHaveAttribute('aria-valuenow', String(dicomBytes));
    await expect(worklist.progressRow).toHaveAttribute('data-state', 'done');
    await expect(worklist.progressRow).toContainText(/Done: [\d.]+ KB sent/);
    await expect(worklist.uploadResults).toHaveCount(6);
    for (const n of [1, 2, 3]) await expect(worklist.uploadResult(`slice${n}.dcm`)).toHaveAttribute('data-status', 'stored');
    // Seeded already, byte for byte: a duplicate, not a new copy.
    await expect(worklist.uploadResult('brain_013.dcm')).toHaveAttribute('data-status', 'duplicate');
    // Same SOP Instance UID as slice 13, other bytes (big endian): the archive keeps the first copy.
    await expect(worklist.uploadResult('explicit_big.dcm')).toHaveAttribute('data-status', 'duplicate');
    const text = worklist.uploadResult('notes.txt');
    await expect(text).toHaveAttribute('data-status', 'rejected');
    await expect(text).toContainText(/not a DICOM file/i);
    await expect(worklist.uploadSummary).toContainText('3 stored, 2 duplicate, 1 rejected');
    // The list refreshes by itself: the new study is there, with its counts.
    const row = worklist.rowByPatient(/^UPLOAD.*DROP$/);
    await expect(row).toHaveCount(1);
    expect(await worklist.cellText(row, 'Instances')).toBe('3');
    await expect(worklist.thumbnail(row)).toHaveJSProperty('complete', true);
    expect(await worklist.thumbnail(row).evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0);
    await shot(page, 'upload-results');
  });

  test('a folder picked with the folder button uploads every file in it', async ({ page }) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'consilium-upload-'));
    try {
      const study = newUid();
      const series = newUid();
      await writeFile(path.join(dir, 'a.dcm'), makeInstance({ studyInstanceUID: study, seriesInstanceUID: series, patientName: 'FOLDER^UPLOAD', patientID: 'E2E-FOLDER', instanceNumber: 1 }));
      await writeFile(path.join(dir, 'b.dcm'), makeInstance({ studyInstanceUID: study, seriesInstanceUID: series, patientName: 'FOLDER^UPLOAD', patientID: 'E2E-FOLDER', instanceNumber: 2 }));
      const worklist = new WorklistPage(page);
      await worklist.goto();
      await worklist.settled();
      await page.getByTestId('upload-folder-input').setInputFiles(dir);
      await expect(worklist.uploadSummary).toContainText('Upload finished: 2 stored');
      await expect(worklist.uploadResults).toHaveCount(2);
      await expect(worklist.rowByPatient('FOLDER, UPLOAD')).toHaveCount(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

test.describe('archive unreachable', () => {
  let web: { url: string; child: ChildProcess } | undefined;
  test.beforeAll(async () => {
    // A port nobody listens on: every proxied request fails to connect.
    web = await startWeb(`http://127.0.0.1:${await freePort()}`);
  });
  test.afterAll(async () => {
    if (web) await stopChild(web.child);
  });

  test('the worklist says the archive is unreachable, with a retry', async ({ page }) => {
    const worklist = new WorklistPage(page);
    await signIn(page.context(), web!.url);
    await page.goto(web!.url);
    const alert = page.getByRole('alert', { name: 'Archive unreachable' });
    await expect(alert).toContainText('did not answer');
    await expect(alert.getByRole('button', { name: 'Retry' })).toBeVisible();
    await expect(worklist.rows).toHaveCount(0);
    await shot(page, 'unreachable');
  });

  test('an upload says per file that the archive could not be reached', async ({ page }) => {
    const worklist = new WorklistPage(page);
    await signIn(page.context(), web!.url);
    await page.goto(web!.url);
    await worklist.dropFiles([{ name: 'one.dcm', bytes: makeInstance() }]);
    await expect(worklist.uploadSummary).toContainText('Upload finished: 1 failed');
    const result = worklist.uploadResult('one.dcm');
    await expect(result).toHaveAttribute('data-status', 'failed');
    await expect(result).toContainText('Archive unreachable');
    await shot(page, 'upload-unreachable');
  });
});
