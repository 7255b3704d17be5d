import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page, expect, test } from '@playwright/test';
import { PHANTOM } from '@consilium/archive/demo/thoraxPhantom';
import { freePort } from '@consilium/archive/testing/freePort';
import { type ChildProcess } from 'node:child_process';
import { startWeb, stopChild } from '../src/platform.js';
import { type RealtimeProcess, startRealtimeProcess } from '../src/realtimeProcess.js';
import { SessionPanel } from '../pages/SessionPanel.js';
import { StudyFinder } from '../pages/StudyFinder.js';
import { type Point3, ViewerPage } from '../pages/ViewerPage.js';

const SCREENSHOTS = path.resolve(import.meta.dirname, '../screenshots');
const CT = { patientName: 'DEMO, CHEST', accession: 'DEMO-CT-0001', slices: 220 };
const imageNumberAtZ = (zMm: number) => Math.round((137.5 - zMm) / 1.25) + 1;

interface Reader {
  name: string;
  context: BrowserContext;
  page: Page;
  viewer: ViewerPage;
  session: SessionPanel;
}

/**
 * Three readers in one session, each in a browser context of its own, against
 * a realtime process this suite owns (so it can kill and restart it) and a web
 * server pointed at it; the archive is the shared one of the global setup.
 */
test.describe('collaborative reading session', () => {
  test.describe.configure({ mode: 'serial', timeout: 240_000 });
  let dataDir: string;
  let realtime: RealtimeProcess;
  let web: { url: string; child: ChildProcess };
  const readers: Reader[] = [];

  test.beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'consilium-e2e-session-'));
    const webPort = await freePort();
    realtime = await startRealtimeProcess({ port: await freePort(), dataDir, corsOrigins: [`http://127.0.0.1:${webPort}`] });
    const archiveUrl = (process.env.E2E_DICOMWEB_URL ?? '').replace(/\/dicomweb$/, '');
    web = await startWeb(archiveUrl, { port: webPort, env: { REALTIME_URL: realtime.url } });
  });
  test.afterAll(async () => {
    for (const r of readers) await r.context.close();
    if (web) await stopChild(web.child);
    await realtime?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function reader(browser: Browser, name: string): Promise<Reader> {
    const context = await browser.newContext({ baseURL: web.url, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const r = { name, context, page, viewer: new ViewerPage(page), session: new SessionPanel(page) };
    readers.push(r);
    return r;
  }
  const shot = (r: Reader, label: string) => r.page.screenshot({ path: path.join(SCREENSHOTS, `session-${label}-${r.name.replace(/\W+/g, '')}.png`) });
  const lengths = (r: Reader) => r.viewer.measurements.filter({ hasText: 'Length' });

  test('three readers: presence, follow the presenter, shared measurements, undo, reload and a realtime restart', async ({ browser }) => {
    const a = await reader(browser, 'Dr A');
    const finder = new StudyFinder(a.page);
    await finder.goto();
    await finder.filter('Accession', CT.accession);
    await finder.open(CT.patientName);
    await a.viewer.waitForImage(0);
    await a.page.getByRole('button', { name: 'Start session' }).click();
    await a.session.join('Dr A');
    const invite = await a.session.inviteLink();
    expect(invite).toMatch(/\?session=[0-9a-f-]{36}&join=/);
    await expect(a.session.root).toContainText('You are presenting');

    const b = await reader(browser, 'Dr B');
    const c = await reader(browser, 'Dr C');
    for (const r of [b, c]) {
      await r.page.goto(invite);
      await r.session.join(r.name);
      await r.viewer.waitForImage(0);
    }
    for (const r of [a, b, c]) await r.session.expectParticipants(['Dr A', 'Dr B', 'Dr C']);
    await expect(b.session.root).toContainText('Dr A presents');

    // A presents: slice and window reach B and C.
    const bead = PHANTOM.markers.a;
    const slice = imageNumberAtZ(bead.z);
    await a.viewer.scrollToImage(slice, CT.slices);
    await a.viewer.selectPreset('Lung');
    const window = 'W: 1500 L: -600';
    await expect(a.viewer.windowOverlay()).toHaveText(window);
    for (const r of [b, c]) {
      await expect(r.viewer.sliceOverlay()).toHaveText(`Im: ${slice}/${CT.slices}`);
      await expect(r.viewer.windowOverlay()).toHaveText(window);
    }
    await Promise.all([a, b, c].map((r) => shot(r, 'follow')));

    // B draws a length: A and C see it with the same value.
    await b.viewer.selectTool('Length');
    const from: Point3 = [bead.x, bead.y, bead.z];
    const to: Point3 = [PHANTOM.markers.b.x, PHANTOM.markers.b.y, PHANTOM.markers.b.z];
    await b.viewer.dragBetween(from, to);
    await expect(lengths(b)).toHaveCount(1);
    await expect(lengths(b)).toContainText(/\d+\.\d mm/);
    const drawn = ((await lengths(b).textContent()) ?? '').trim();
    for (const r of [a, c]) await expect(lengths(r)).toHaveText(drawn);

    // A draws a second one; B undoes only its own: A's stays everywhere.
    await a.viewer.selectTool('Length');
    await a.viewer.dragBetween([bead.x, bead.y - 20, bead.z], [bead.x + 30, bead.y - 20, bead.z]);
    for (const r of [a, b, c]) await expect(lengths(r)).toHaveCount(2);
    const aText = ((await lengths(a).filter({ hasNotText: drawn }).textContent()) ?? '').trim();
    await b.session.undoMine();
    for (const r of [a, b, c]) {
      await expect(lengths(r)).toHaveCount(1);
      await expect(lengths(r)).toHaveText(aText);
    }

    // B reloads and keeps everything, as the same participant.
    await b.page.reload();
    await b.session.waitOnline();
    await b.viewer.waitForImage(0);
    await expect(lengths(b)).toHaveText(aText);
    await expect(b.viewer.sliceOverlay()).toHaveText(`Im: ${slice}/${CT.slices}`);
    await a.session.expectParticipants(['Dr A', 'Dr B', 'Dr C']);

    // The realtime service crashes and comes back: nothing is lost, and edits flow again.
    await realtime.kill();
    for (const r of [a, b, c]) await expect(r.session.root.getByTestId('session-status')).toHaveText(/Reconnecting|Connecting/);
    await realtime.restart();
    for (const r of [a, b, c]) {
      await r.session.waitOnline();
      await expect(lengths(r)).toHaveText(aText);
    }
    await c.viewer.selectTool('Length');
    await c.viewer.dragBetween([bead.x, bead.y - 40, bead.z], [bead.x + 20, bead.y - 40, bead.z]);
    for (const r of [a, b, c]) await expect(lengths(r)).toHaveCount(2);
    await Promise.all([a, b, c].map((r) => shot(r, 'after-restart')));
  });
});
