import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page, expect, test } from '@playwright/test';
import { PHANTOM } from '@consilium/archive/demo/thoraxPhantom';
import { DEMO_CT_STUDY_UID } from '@consilium/archive/demo/syntheticCt';
import { type ArchiveProcess, startArchiveProcess } from '@consilium/archive/testing/archiveProcess';
import { freePort } from '@consilium/archive/testing/freePort';
import { type ChildProcess } from 'node:child_process';
import { authorisedBy, serviceTokenEnv, signIn, startWeb, stopChild } from '../src/platform.js';
import { createScratchDatabase } from '../src/scratchDatabase.js';
import { type DicomJson, numericMeasurements, referencedSops, templateOf } from '../src/srContent.js';
import { type RealtimeProcess, startRealtimeProcess } from '../src/realtimeProcess.js';
import { SessionPanel } from '../pages/SessionPanel.js';
import { startSessionOnDemoCt } from '../pages/startSession.js';
import { type Point3, ViewerPage } from '../pages/ViewerPage.js';
import { VolumePage } from '../pages/VolumePage.js';

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
  let archive: ArchiveProcess;
  let realtime: RealtimeProcess;
  let web: { url: string; child: ChildProcess };
  const readers: Reader[] = [];

  test.beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'consilium-e2e-session-'));
    // An archive of its own: the session saves an SR into the demo study, which the worklist tests count.
    const webPort = await freePort();
    archive = await startArchiveProcess({ CONSILIUM_DATA_DIR: path.join(dataDir, 'archive'), ARCHIVE_SEED_DEMO: 'true', ...serviceTokenEnv(`http://127.0.0.1:${webPort}`) });
    realtime = await startRealtimeProcess({
      port: await freePort(),
      dataDir: path.join(dataDir, 'realtime'),
      corsOrigins: [`http://127.0.0.1:${webPort}`],
      env: { ...serviceTokenEnv(`http://127.0.0.1:${webPort}`), ARCHIVE_URL: archive.dicomwebUrl.replace(/\/dicomweb$/, '') },
    });
    web = await startWeb(archive.dicomwebUrl.replace(/\/dicomweb$/, ''), { port: webPort, env: { REALTIME_URL: realtime.url } });
  });
  test.afterAll(async () => {
    for (const r of readers) await r.context.close();
    if (web) await stopChild(web.child);
    await realtime?.stop();
    await archive?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  const dicomJson = async (url: string) => {
    const response = await fetch(url, { headers: { accept: 'application/dicom+json', ...(await authorisedBy(web.url)) } });
    expect(response.status, url).toBe(200);
    return (await response.json()) as DicomJson[];
  };

  async function reader(browser: Browser, name: string): Promise<Reader> {
    const context = await browser.newContext({ baseURL: web.url, viewport: { width: 1280, height: 800 } });
    await signIn(context, web.url);
    const page = await context.newPage();
    const r = { name, context, page, viewer: new ViewerPage(page), session: new SessionPanel(page) };
    readers.push(r);
    return r;
  }
  const shot = (r: Reader, label: string) => r.page.screenshot({ path: path.join(SCREENSHOTS, `session-${label}-${r.name.replace(/\W+/g, '')}.png`) });
  const lengths = (r: Reader) => r.viewer.measurements.filter({ hasText: 'Length' }).getByTestId('measurement-text');

  test('three readers: presence, follow the presenter, shared measurements, undo, reload and a realtime restart', async ({ browser }) => {
    const a = await reader(browser, 'Dr A');
    const invite = await startSessionOnDemoCt(a.page, 'Dr A');
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
    const lungWindow = 'W: 1500 L: -600';
    await expect(a.viewer.windowOverlay()).toHaveText(lungWindow);
    for (const r of [b, c]) {
      await expect(r.viewer.sliceOverlay()).toHaveText(`Im: ${slice}/${CT.slices}`);
      await expect(r.viewer.windowOverlay()).toHaveText(lungWindow);
    }
    await Promise.all([a, b, c].map((r) => shot(r, 'follow')));

    // A inverts and mirrors the image: B and C do too, and show the bead where A does.
    const display = (r: Reader) =>
      r.page.evaluate(() => {
        const viewport = window.__consilium?.getViewport(0) as unknown as { getProperties(): { invert?: boolean }; getCamera(): { flipHorizontal?: boolean } };
        return { invert: !!viewport.getProperties().invert, flipHorizontal: !!viewport.getCamera().flipHorizontal };
      });
    const beadAt: Point3 = [PHANTOM.markers.a.x, PHANTOM.markers.a.y, PHANTOM.markers.a.z];
    const unflipped = await a.viewer.pagePointOf(beadAt);
    for (const action of ['Invert', 'Flip H']) await a.viewer.toolbar.getByRole('button', { name: action, exact: true }).click();
    const flipped = await a.viewer.pagePointOf(beadAt);
    expect(Math.abs(flipped.x - unflipped.x), 'the bead moved across the image').toBeGreaterThan(100);
    for (const r of [b, c]) {
      await expect.poll(() => display(r), `${r.name} inverts and mirrors`).toEqual({ invert: true, flipHorizontal: true });
      const there = await r.viewer.pagePointOf(beadAt);
      expect(Math.hypot(there.x - flipped.x, there.y - flipped.y), `${r.name} shows the bead where A does`).toBeLessThan(2);
    }
    for (const action of ['Invert', 'Flip H']) await a.viewer.toolbar.getByRole('button', { name: action, exact: true }).click();
    for (const r of [b, c]) await expect.poll(() => display(r)).toEqual({ invert: false, flipHorizontal: false });

    // A's laser pointer on the bead: B and C, on the same slice, draw it there with A's name.
    await a.session.setPointer(true);
    const beadPoint: Point3 = [bead.x, bead.y, bead.z];
    const onA = await a.viewer.pagePointOf(beadPoint);
    await a.page.mouse.move(onA.x - 30, onA.y - 30);
    await a.page.mouse.move(onA.x, onA.y, { steps: 4 });
    for (const r of [b, c]) {
      await expect(r.session.pointersOf('Dr A')).toHaveCount(1);
      const expected = await r.viewer.pagePointOf(beadPoint);
      await expect.poll(async () => {
        const at = await r.session.pointerCentre('Dr A');
        return Math.hypot(at.x - expected.x, at.y - expected.y);
      }, `${r.name} shows A's pointer on the bead`).toBeLessThan(2);
    }
    await expect(a.session.pointersOf('Dr A'), 'nobody sees their own pointer').toHaveCount(0);
    // C steps out to another slice: the place A points at is not on C's image, so C shows no pointer; B still does.
    await c.session.root.getByRole('button', { name: 'Step out' }).click();
    await c.viewer.scrollToImage(slice + 20, CT.slices);
    await expect(c.session.pointersOf('Dr A')).toHaveCount(0);
    await expect(b.session.pointersOf('Dr A')).toHaveCount(1);
    await shot(b, 'pointer');
    await c.session.root.getByRole('button', { name: 'Re-sync with presenter' }).click();
    await expect(c.viewer.sliceOverlay()).toHaveText(`Im: ${slice}/${CT.slices}`);
    await expect(c.session.pointersOf('Dr A')).toHaveCount(1);
    // Switched off: it disappears everywhere.
    await a.session.setPointer(false);
    for (const r of [b, c]) await expect(r.session.pointersOf('Dr A')).toHaveCount(0);

    // A draws a length; B draws one between the two skin beads: everyone sees both, with the same values.
    const y = bead.y;
    const settled = (r: Reader, count: number) => expect(lengths(r)).toHaveCount(count);
    await a.viewer.selectTool('Length');
    await a.viewer.dragBetween([bead.x, y - 20, bead.z], [bead.x + 30, y - 20, bead.z]);
    await settled(a, 1);
    await b.viewer.selectTool('Length');
    const from: Point3 = [bead.x, y, bead.z];
    const to: Point3 = [PHANTOM.markers.b.x, y, bead.z];
    await b.viewer.dragBetween(from, to);
    for (const r of [a, b, c]) await settled(r, 2);
    const textsOf = async (r: Reader) => (await lengths(r).allTextContents()).map((t) => t.trim()).sort();
    // Any panel (B's own too) may show the drag's last frame for a moment: wait until all three show the same
    // values and B's length spans the beads (the phantom's known distance).
    const mmOf = (t: string) => Number(/([\d.]+) mm/.exec(t)?.[1]);
    const spansBeads = (t: string) => Math.abs(mmOf(t) - PHANTOM.markers.distanceMm) < 1.5;
    let both: string[] = [];
    await expect
      .poll(async () => {
        const shown = await Promise.all([a, b, c].map(textsOf));
        both = shown[0] ?? [];
        return shown.every((texts) => JSON.stringify(texts) === JSON.stringify(both)) && both.some(spansBeads);
      }, 'all three settle on the same lengths, one bead to bead')
      .toBe(true);

    // At the same time C moves an end of B's length and A deletes its own: all converge on C's edit alone.
    await c.viewer.selectTool('Length');
    const moved: Point3 = [PHANTOM.markers.b.x - 20, y, bead.z];
    const aOwn = both.find((t) => !spansBeads(t)) ?? '';
    await Promise.all([c.viewer.dragBetween(to, moved), a.page.getByRole('button', { name: `Delete ${aOwn}` }).click()]);
    for (const r of [a, b, c]) await expect(lengths(r)).toHaveCount(1);
    // The panels follow the drag's last writes for a moment: judge the value all three settle on.
    const shownByAll = async () => [...new Set(await Promise.all([a, b, c].map(async (r) => ((await lengths(r).textContent()) ?? '').trim())))];
    // Settled: the three agree, and still agree on the same value a moment later (the drag's throttled writes are over).
    let converged = '';
    await expect
      .poll(async () => {
        const first = await shownByAll();
        await new Promise((resolve) => setTimeout(resolve, 400));
        const again = await shownByAll();
        converged = again[0] ?? '';
        return first.length === 1 && again.length === 1 && first[0] === again[0];
      })
      .toBe(true);
    expect(converged, 'C moved the end 20 mm inwards').toMatch(/Length (7\d|8\d)\.\d mm/);

    // B draws another and undoes: only B's change goes, C's edit stays everywhere.
    await b.viewer.dragBetween([bead.x, y - 40, bead.z], [bead.x + 20, y - 40, bead.z]);
    for (const r of [a, b, c]) await expect(lengths(r)).toHaveCount(2);
    await b.session.undoMine();
    for (const r of [a, b, c]) {
      await expect(lengths(r)).toHaveCount(1);
      await expect(lengths(r)).toHaveText(converged);
    }
    const aText = converged;

    // B reloads and keeps everything, as the same participant.
    await b.page.reload();
    await b.session.waitOnline();
    await b.viewer.waitForImage(0);
    await expect(lengths(b)).toHaveText(aText);
    await expect(b.viewer.sliceOverlay()).toHaveText(`Im: ${slice}/${CT.slices}`);
    await a.session.expectParticipants(['Dr A', 'Dr B', 'Dr C']);

    // The realtime service crashes and comes back: nothing is lost, and edits flow again.
    const colours = await a.session.colours();
    expect(new Set(Object.values(colours)).size, 'three distinct colours').toBe(3);
    await realtime.kill();
    for (const r of [a, b, c]) await expect(r.session.root.getByTestId('session-status')).toHaveText(/Reconnecting|Connecting/);
    await realtime.restart();
    for (const r of [a, b, c]) {
      await r.session.waitOnline();
      await expect(lengths(r)).toHaveText(aText);
      await r.session.expectParticipants(['Dr A', 'Dr B', 'Dr C']);
      expect(await r.session.colours(), `${r.name}: everyone keeps their colour`).toEqual(colours);
    }
    await c.viewer.selectTool('Length');
    await c.viewer.dragBetween([bead.x, bead.y - 40, bead.z], [bead.x + 20, bead.y - 40, bead.z]);
    for (const r of [a, b, c]) await expect(lengths(r)).toHaveCount(2);
    await Promise.all([a, b, c].map((r) => shot(r, 'after-restart')));

    // A saves the session's measurements as a DICOM SR: a new report series of the study, listed on every screen.
    const shownValues = async () => (await textsOf(a)).map((t) => Number(/([\d.]+) mm/.exec(t)?.[1])).sort((p, q) => p - q);
    await expect.poll(async () => JSON.stringify(await shownValues())).toBe(JSON.stringify(await shownValues()));
    const onScreen = await shownValues();
    await a.page.getByRole('button', { name: 'Save as DICOM SR' }).click();
    await expect(a.page.getByTestId('report-status')).toHaveText('Saved as SR series 2: 2 measurements');
    for (const r of [a, b, c]) await expect(r.page.getByTestId('report-item')).toHaveCount(1);
    await expect(b.page.getByTestId('report-item')).toContainText('Session measurements');
    await shot(b, 'report');
    // The archive holds it: a TID 1500 Measurement Report with the two lengths on screen, referring to the slice they were drawn on.
    const srSeries = await dicomJson(`${archive.dicomwebUrl}/studies/${DEMO_CT_STUDY_UID}/series?Modality=SR`);
    expect(srSeries).toHaveLength(1);
    const srUid = srSeries[0]?.['0020000E']?.Value?.[0] as string;
    const [report] = await dicomJson(`${archive.dicomwebUrl}/studies/${DEMO_CT_STUDY_UID}/series/${srUid}/metadata`);
    expect(report?.['00080016']?.Value?.[0], 'an SR storage class').toMatch(/^1\.2\.840\.10008\.5\.1\.4\.1\.1\.88\./);
    expect(templateOf(report!)).toBe('1500');
    const stored = numericMeasurements(report!).filter((m) => m.unit === 'mm');
    expect(stored.map((m) => Number(m.value.toFixed(1))).sort((p, q) => p - q)).toEqual(onScreen);
    const sliceSop = await a.page.evaluate(() => /\/instances\/([^/]+)\//.exec(window.__consilium?.getViewport(0)?.getCurrentImageId?.() ?? '')?.[1]);
    expect(referencedSops(report!)).toEqual([sliceSop]);
  });

  test('three readers: the 3D camera follows the presenter', async ({ browser }) => {
    // The real MR series (256x256x20) keeps three software-rendered 3D views quick; the CT would take minutes.
    const studies = await dicomJson(`${archive.dicomwebUrl}/studies?ModalitiesInStudy=MR`);
    const mrStudy = studies[0]?.['0020000D']?.Value?.[0] as string | undefined;
    expect(mrStudy, 'the demo MR study').toBeTruthy();
    const [a, b, c] = [await reader(browser, 'Dr D'), await reader(browser, 'Dr E'), await reader(browser, 'Dr F')] as [Reader, Reader, Reader];
    await a.viewer.goto(mrStudy!);
    await a.viewer.waitForImage(0);
    await a.page.getByRole('button', { name: 'Start session' }).click();
    await a.session.join(a.name);
    const invite = await a.session.inviteLink();
    for (const r of [b, c]) {
      await r.page.goto(invite);
      await r.session.join(r.name);
    }
    for (const r of [a, b, c]) await r.session.expectParticipants(['Dr D', 'Dr E', 'Dr F']);

    await a.viewer.toolbar.getByRole('button', { name: '3D', exact: true }).click();
    const volumes = [a, b, c].map((r) => new VolumePage(r.page));
    for (const v of volumes) {
      await expect(v.viewport('3d')).toBeVisible();
      await v.waitUntilReady();
    }
    const [onA, onB, onC] = volumes as [VolumePage, VolumePage, VolumePage];
    const before = await onA.orientation('3d');

    // A turns the volume: B and C look from the same direction with the same up.
    const box = await onA.viewport('3d').boundingBox();
    if (!box) throw new Error('no 3D viewport on A');
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await a.page.mouse.move(cx, cy);
    await a.page.mouse.down();
    await a.page.mouse.move(cx + box.width / 4, cy - box.height / 8, { steps: 4 });
    await a.page.mouse.up();
    const dot = (p: number[], q: number[]) => p.reduce((sum, v, i) => sum + v * (q[i] ?? 0), 0);
    const turned = await onA.orientation('3d');
    expect(dot(before.viewPlaneNormal, turned.viewPlaneNormal), 'A turned the camera by more than 10°').toBeLessThan(Math.cos((10 * Math.PI) / 180));
    for (const [r, v] of [
      [b, onB],
      [c, onC],
    ] as const) {
      await expect
        .poll(async () => {
          const seen = await v.orientation('3d');
          return Math.min(dot(seen.viewPlaneNormal, turned.viewPlaneNormal), dot(seen.viewUp, turned.viewUp));
        }, `${r.name} looks from A's direction`)
        .toBeGreaterThan(0.9999);
    }
    // A picks another rendering preset: the followers' 3D views and preset buttons change with it.
    await onA.selectPreset('Soft tissue');
    for (const r of [b, c]) {
      await expect(r.page.getByRole('toolbar', { name: '3D' }).getByRole('button', { name: 'Soft tissue', exact: true })).toHaveAttribute('aria-pressed', 'true');
    }
    await Promise.all([a, b, c].map((r) => shot(r, '3d-follow')));

    // MPR: A switches to a 10 mm MIP slab; the followers' planes and MPR toolbars show the same.
    await a.viewer.toolbar.getByRole('button', { name: 'MPR', exact: true }).click();
    for (const v of volumes) {
      await expect(v.viewport('axial')).toBeVisible();
      await v.waitUntilReady();
    }
    await onA.selectProjection('MIP');
    await onA.setSlabThickness(10);
    await expect.poll(async () => (await onA.display('axial')).slabThicknessMm).toBe(10);
    const presenterPlane = await onA.display('axial');
    for (const [r, v] of [
      [b, onB],
      [c, onC],
    ] as const) {
      await expect.poll(async () => v.display('axial'), `${r.name} shows A's slab`).toMatchObject({ blendMode: presenterPlane.blendMode, slabThicknessMm: 10 });
      await expect(r.page.getByTestId('mpr-projection')).toHaveValue('mip');
      await expect(r.page.getByTestId('mpr-slab')).toHaveValue('10');
    }
  });
});

/**
 * The distributed configuration: two realtime processes sharing PostgreSQL and
 * NATS, each behind its own web server; a participant on each sees the other.
 * Needs the services, named by E2E_DATABASE_URL and E2E_NATS_URL (.ci/run
 * sets them); without them there is nothing to distribute over.
 */
test.describe('one session across two realtime processes', () => {
  test.describe.configure({ timeout: 180_000 });
  const databaseUrl = process.env.E2E_DATABASE_URL;
  const natsUrl = process.env.E2E_NATS_URL;

  test('A and B on different realtime processes see each other, B follows A, notes and measurements cross', async ({ browser }) => {
    test.skip(!databaseUrl || !natsUrl, 'needs PostgreSQL and NATS: set E2E_DATABASE_URL and E2E_NATS_URL (.ci/run does)');
    const scratch = await createScratchDatabase(databaseUrl!, 'consilium_e2e_rt');
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'consilium-e2e-2rt-'));
    const stops: (() => Promise<void>)[] = [];
    // Two sites, one platform: both web servers keep accounts in the shared PostgreSQL with one secret and
    // issue service tokens under one issuer, which the archive (of this test's own) accepts.
    const issuer = 'https://two-sites.consilium.test';
    const sitePorts = [await freePort(), await freePort()] as const;
    const siteEnv = { DATABASE_URL: scratch.url, BETTER_AUTH_SECRET: 'e2e secret shared by the two web servers', AUTH_ISSUER: issuer };
    const tokens = serviceTokenEnv(`http://127.0.0.1:${sitePorts[0]}`, issuer);
    const archive = await startArchiveProcess({ CONSILIUM_DATA_DIR: path.join(dataDir, 'archive'), ARCHIVE_SEED_DEMO: 'true', ...tokens });
    stops.push(() => archive.stop());
    const archiveUrl = archive.dicomwebUrl.replace(/\/dicomweb$/, '');
    const processes: RealtimeProcess[] = [];
    const logs = () => processes.map((p, i) => `realtime ${i + 1}:\n${p.output().slice(-3000)}`).join('\n');
    try {
      const sites: { web: string }[] = [];
      for (const [i, site] of ['one', 'two'].entries()) {
        const webPort = sitePorts[i]!;
        const rt = await startRealtimeProcess({
          port: await freePort(),
          dataDir: path.join(dataDir, site),
          corsOrigins: [`http://127.0.0.1:${webPort}`],
          env: { ...tokens, ARCHIVE_URL: archiveUrl, DATABASE_URL: scratch.url, NATS_URL: natsUrl!, REALTIME_NODE_HEARTBEAT_MS: '2000', LOG_LEVEL: process.env.E2E_REALTIME_LOG_LEVEL ?? 'warn' },
        });
        stops.push(() => rt.stop());
        processes.push(rt);
        const w = await startWeb(archiveUrl, { port: webPort, env: { REALTIME_URL: rt.url, ...siteEnv } });
        stops.push(() => stopChild(w.child));
        sites.push({ web: w.url });
      }
      const contexts = await Promise.all(sites.map((s) => browser.newContext({ baseURL: s.web, viewport: { width: 1280, height: 800 } })));
      stops.push(async () => void (await Promise.all(contexts.map((c) => c.close()))));
      // A is the administrator at site one; B a radiologist of their own, whose account site one's administrator makes
      // (the session's creator is host on any device: B must be another person to follow A).
      await signIn(contexts[0]!, sites[0]!.web);
      const readerB = { email: 'reader-two@site-two.test', password: 'second site reader passphrase' };
      const created = await contexts[0]!.request.post(`${sites[0]!.web}/api/auth/admin/create-user`, {
        data: { ...readerB, name: 'Reader Two', role: 'radiologist' },
        headers: { origin: sites[0]!.web },
      });
      expect(created.status(), await created.text()).toBe(200);
      await signIn(contexts[1]!, sites[1]!.web, readerB);
      const [pageA, pageB] = await Promise.all(contexts.map((c) => c.newPage()));
      const a = { page: pageA!, viewer: new ViewerPage(pageA!), session: new SessionPanel(pageA!) };
      const b = { page: pageB!, viewer: new ViewerPage(pageB!), session: new SessionPanel(pageB!) };

      // B opens the invite of A's session on the other site (its own web server and realtime process).
      const invite = new URL(await startSessionOnDemoCt(a.page, 'Dr One'));
      const other = new URL(sites[1]!.web);
      invite.host = other.host;
      await b.page.goto(invite.toString());
      await b.session.join('Dr Two');
      await b.viewer.waitForImage(0);
      for (const r of [a, b]) await r.session.expectParticipants(['Dr One', 'Dr Two']);

      const slice = imageNumberAtZ(PHANTOM.markers.a.z);
      await a.viewer.scrollToImage(slice, CT.slices);
      await expect(b.viewer.sliceOverlay(), logs()).toHaveText(`Im: ${slice}/${CT.slices}`);
      for (const r of [a, b]) await expect(r.session.root).toHaveAttribute('data-synced', 'true');
      await b.page.getByLabel('Session notes').fill('T2 N0 from two');
      await expect(a.page.getByLabel('Session notes')).toHaveValue('T2 N0 from two');
      await b.viewer.selectTool('Length');
      const { a: p, b: q } = PHANTOM.markers;
      await b.viewer.dragBetween([p.x, p.y, p.z], [q.x, q.y, q.z]);
      const drawn = b.viewer.measurements.filter({ hasText: 'Length' }).getByTestId('measurement-text');
      await expect(drawn).toHaveCount(1);
      // Both panels settle on the bead-to-bead distance (B's own panel may show the drag's last frame for a moment).
      const seenOnA = a.viewer.measurements.filter({ hasText: 'Length' }).getByTestId('measurement-text');
      await expect(seenOnA, logs()).toHaveText(/Length (99|100|101)\.\d mm/);
      await expect(drawn).toHaveText(((await seenOnA.textContent()) ?? '').trim());
      await b.page.screenshot({ path: path.join(SCREENSHOTS, 'session-two-processes-DrTwo.png') });
    } finally {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
      await scratch.drop().catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
