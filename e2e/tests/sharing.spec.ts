import path from 'node:path';
import { type Browser, type BrowserContext, type Page, expect, test } from '@playwright/test';
import { makeInstance, newUid } from '@consilium/archive/testing/makeInstance';
import { postStow } from '@consilium/archive/testing/stowRequest';
import { E2E_ADMIN, authorisedBy } from '../src/platform.js';
import { StudyFinder } from '../pages/StudyFinder.js';
import { SessionPanel } from '../pages/SessionPanel.js';
import { startSessionOnDemoCt } from '../pages/startSession.js';
import { ViewerPage } from '../pages/ViewerPage.js';

const SCREENSHOTS = path.resolve(import.meta.dirname, '../screenshots');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `sharing-${name}.png`), fullPage: true });

const CT = { patientName: 'DEMO, CHEST', accession: 'DEMO-CT-0001' };
const PHYSICIAN = { name: 'Dr Anna Meyer', password: 'physician passphrase', dicomName: 'Meyer^Anna' };

test.use({ baseURL: process.env.E2E_WEB_URL, storageState: { cookies: [], origins: [] } });

async function signedInContext(browser: Browser, who: { email: string; password: string }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: process.env.E2E_WEB_URL });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('account-menu')).toBeVisible();
  return { context, page };
}

/** The Study Instance UIDs the web app's QIDO-RS shows the context's user (or guest). */
async function visibleStudies(page: Page): Promise<string[]> {
  const get = () => page.request.get('/dicomweb/studies?includefield=0020000D', { headers: { accept: 'application/dicom+json' } });
  // A kept-alive connection the server closed at that moment (Node's 5 s keep-alive) resets once; the request is a read, safe to repeat.
  const response = await get().catch((error: Error) => (/ECONNRESET/.test(error.message) ? get() : Promise.reject(error)));
  expect(response.status()).toBe(200);
  const body = (await response.json()) as Record<string, { Value?: string[] }>[];
  return body.map((s) => s['0020000D']?.Value?.[0] ?? '').sort();
}

/** Searches the admin audit page by event and returns the rows' texts, once they are this search's. */
async function auditRows(page: Page, event: string): Promise<string[]> {
  await page.getByLabel('Event').selectOption(event);
  await page.getByRole('button', { name: 'Search' }).click();
  const rows = page.getByTestId('audit-row');
  await expect.poll(async () => {
    const texts = await rows.allInnerTexts();
    return texts.length > 0 && texts.every((t) => t.toUpperCase().includes(event.toUpperCase()));
  }).toBe(true);
  return rows.allInnerTexts();
}

test('a physician sees only granted and referred studies; a guest opens a share link and views its study only; the admin sees it all in the audit trail', async ({ browser }) => {
  test.setTimeout(180_000);
  const webUrl = process.env.E2E_WEB_URL!;
  const dicomweb = process.env.E2E_DICOMWEB_URL!;
  // A study referred by Dr Meyer (Referring Physician's Name), stored as a modality would.
  const referred = { studyInstanceUID: newUid(), seriesInstanceUID: newUid(), sopInstanceUID: newUid() };
  const file = makeInstance({ ...referred, patientName: 'REFERRED^CASE', patientID: 'REF-0001', studyDescription: 'Referred by Dr Meyer', extra: { ReferringPhysicianName: 'MEYER^ANNA' } });
  expect((await postStow(dicomweb, [file], '/studies', await authorisedBy(webUrl))).status).toBe(200);

  const admin = await signedInContext(browser, E2E_ADMIN);
  const allStudies = await visibleStudies(admin.page);
  expect(allStudies.length, 'the demo CT, the demo MR and the referred study').toBeGreaterThanOrEqual(3);

  // 1. The administrator creates the physician, with the name referrals are made under.
  const email = `meyer-${Date.now()}@clinic.test`;
  await admin.page.goto('/admin/users');
  await admin.page.getByLabel('Name', { exact: true }).fill(PHYSICIAN.name);
  await admin.page.getByLabel('Email').fill(email);
  await admin.page.getByLabel('Initial password (12 characters or more)').fill(PHYSICIAN.password);
  await admin.page.getByLabel('Role').selectOption('physician');
  await admin.page.getByLabel('Name in DICOM (Family^Given), for referrals').fill(PHYSICIAN.dicomName);
  await admin.page.getByRole('button', { name: 'Create account' }).click();
  await expect(admin.page.getByTestId('account-row').filter({ hasText: email })).toContainText(PHYSICIAN.dicomName);

  // 2. The physician sees the study referred by her, nothing else.
  const gp = await signedInContext(browser, { email, password: PHYSICIAN.password });
  await expect(gp.page.getByRole('row').filter({ hasText: 'REFERRED, CASE' })).toHaveCount(1);
  await expect(gp.page.getByRole('row').filter({ hasText: CT.patientName })).toHaveCount(0);
  expect(await visibleStudies(gp.page)).toEqual([referred.studyInstanceUID]);
  await shot(gp.page, 'physician-before-grant');

  // 3. The administrator gives her the demo CT from the viewer's Share dialog.
  const finder = new StudyFinder(admin.page);
  await finder.goto();
  await finder.filter('Accession', CT.accession);
  await finder.open(CT.patientName);
  const ctUid = decodeURIComponent(/\/viewer\/([^?]+)/.exec(admin.page.url())?.[1] ?? '');
  await admin.page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = admin.page.getByRole('dialog', { name: 'Share this study' });
  await dialog.getByLabel('Account email').fill(email);
  await dialog.getByRole('button', { name: 'Give access' }).click();
  await expect(dialog.getByRole('status')).toHaveText(`${email} can now see this study.`);
  await expect(dialog.getByTestId('grant-row')).toContainText(PHYSICIAN.name);

  // 4. Now she sees both, and the CT's images; any other study stays closed to her.
  await gp.page.reload();
  await expect(gp.page.getByRole('row').filter({ hasText: CT.patientName })).toHaveCount(1);
  expect(await visibleStudies(gp.page)).toEqual([ctUid, referred.studyInstanceUID].sort());
  const other = allStudies.find((uid) => uid !== ctUid && uid !== referred.studyInstanceUID) as string;
  expect((await gp.page.request.get(`/dicomweb/studies/${other}/metadata`)).status()).toBe(403);
  const gpViewer = new ViewerPage(gp.page);
  await gpViewer.goto(ctUid);
  await gpViewer.waitForImage(0);
  await shot(gp.page, 'physician-viewer');

  // 5. A share link with a passcode, opened by a guest without an account.
  await dialog.getByLabel('Passcode (optional, 6+ characters)').fill('739164');
  await dialog.getByLabel('Note for the recipient').fill('For Dr Remote, second opinion');
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const shareUrl = await dialog.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(shareUrl).toMatch(new RegExp(`^${webUrl}/s/[A-Za-z0-9_-]{32}$`));
  await shot(admin.page, 'share-dialog');

  const guestContext = await browser.newContext({ baseURL: webUrl });
  const guest = await guestContext.newPage();
  expect((await guest.request.get('/dicomweb/studies')).status(), 'nothing before the link is opened').toBe(401);
  await guest.goto(shareUrl);
  await expect(guest.getByRole('heading', { name: 'A study was shared with you' })).toBeVisible();
  await expect(guest.getByText('For Dr Remote, second opinion')).toBeVisible();
  await guest.getByLabel('Passcode').fill('000000');
  await guest.getByRole('button', { name: 'View the study' }).click();
  await expect(guest.getByRole('alert').filter({ hasText: 'passcode' })).toHaveText('That passcode is not right.');
  await guest.getByLabel('Passcode').fill('739164');
  await guest.getByRole('button', { name: 'View the study' }).click();
  await guest.waitForURL(new RegExp(`/viewer/${ctUid.replace(/\./g, '\\.')}$`));
  const guestViewer = new ViewerPage(guest);
  await guestViewer.waitForImage(0);
  await expect(guest.getByText('Shared with you · view only')).toBeVisible();
  await expect(guest.getByRole('button', { name: 'Share', exact: true })).toHaveCount(0);
  expect((await guestViewer.canvasStats()).nonBlack, 'the guest sees the CT').toBeGreaterThan(0.2);
  await shot(guest, 'guest-viewer');
  expect(await visibleStudies(guest), 'QIDO-RS shows the guest the shared study only').toEqual([ctUid]);
  expect((await guest.request.get(`/dicomweb/studies/${referred.studyInstanceUID}/metadata`)).status()).toBe(403);
  expect((await guest.request.get(`/dicomweb/studies/${referred.studyInstanceUID}/series`)).status(), 'QIDO-RS inside another study').toBe(403);
  expect((await guest.request.get('/api/shares')).status()).toBe(403);
  await guest.goto('/');
  await expect(guest, 'the worklist leads a guest back to the shared study').toHaveURL(new RegExp(`/viewer/${ctUid.replace(/\./g, '\\.')}$`));

  // 6. Revoked, the link lets the guest in no more.
  await expect(dialog.getByTestId('share-link-row').first()).toContainText('open');
  await dialog.getByTestId('share-link-row').first().getByRole('button', { name: 'Revoke' }).click();
  await expect(dialog.getByTestId('share-link-row').first()).toContainText('revoked');
  await expect.poll(async () => (await guest.request.get('/dicomweb/studies')).status()).toBe(401);
  await guest.goto(shareUrl);
  await expect(guest.getByRole('alert').filter({ hasText: 'revoked' })).toContainText('This share link was revoked by its sender.');

  // 7. Every step is in the audit trail, for the administrator to see.
  await admin.page.goto('/admin/audit');
  await expect(admin.page.getByRole('heading', { name: 'Records, newest first' })).toBeVisible();
  await expect
    .poll(async () => {
      const rows = await auditRows(admin.page, 'UserAuthentication');
      return [
        rows.some((r) => r.includes('sign-in') && r.includes(PHYSICIAN.name) && r.includes('success')),
        rows.some((r) => r.includes('share-link-open') && r.includes('refused (wrong-passcode)')),
        rows.some((r) => r.includes('share-link-open') && r.includes('Guest (share link)') && r.includes('success')),
      ];
    })
    .toEqual([true, true, true]);
  await expect
    .poll(async () => {
      const rows = await auditRows(admin.page, 'SecurityAlert');
      return ['grant', 'share-link-create', 'share-link-revoke'].map((op) => rows.some((r) => r.includes(op) && r.includes('Administrator') && r.includes(ctUid)));
    })
    .toEqual([true, true, true]);
  // The guest's and the physician's searches, among everyone's (the study filter narrows it to the CT's).
  await admin.page.getByLabel('Study Instance UID').fill(ctUid);
  const queries = await auditRows(admin.page, 'Query');
  expect(queries.some((r) => r.includes('QIDO-RS') && r.includes(PHYSICIAN.name))).toBe(true);
  expect(queries.some((r) => r.includes('QIDO-RS') && r.includes('Guest (share link)'))).toBe(true);
  await shot(admin.page, 'audit');

  await guestContext.close();
  await gp.context.close();
  await admin.context.close();
});

test('share-link and grant requests with bad input get a precise problem and change nothing', async ({ browser, playwright }) => {
  const admin = await signedInContext(browser, E2E_ADMIN);
  const api = admin.page.request;
  const problemOf = async (response: Awaited<ReturnType<typeof api.post>>) => ({ status: response.status(), type: response.headers()['content-type'], detail: ((await response.json()) as { detail: string }).detail });
  const before = ((await (await api.get('/api/shares')).json()) as { links: unknown[] }).links.length;
  for (const data of [{}, { studyInstanceUID: 'not a uid' }, { studyInstanceUID: '1.2.3', hours: 100_000 }, { studyInstanceUID: '1.2.3', passcode: '123' }, { studyInstanceUID: '1.2.3', extra: true }]) {
    const refused = await problemOf(await api.post('/api/shares', { data }));
    expect(refused.status, JSON.stringify(data)).toBe(400);
    expect(refused.type).toMatch(/application\/problem\+json/);
  }
  expect((await problemOf(await api.post('/api/shares', { data: 'not json', headers: { 'content-type': 'application/json' } }))).status).toBe(400);
  expect(((await (await api.get('/api/shares')).json()) as { links: unknown[] }).links).toHaveLength(before);
  expect((await problemOf(await api.post('/api/study-grants', { data: { studyInstanceUID: '1.2.3', email: 'nobody@nowhere.test' } }))).status).toBe(404);
  expect((await problemOf(await api.post('/api/study-grants', { data: { studyInstanceUID: '1.2;drop', email: 'x' } }))).status).toBe(400);
  expect((await api.delete('/api/shares/no-such-link')).status()).toBe(404);

  const anonymous = await playwright.request.newContext({ baseURL: process.env.E2E_WEB_URL });
  expect((await problemOf(await anonymous.post('/api/shares/open', { data: { token: 'short' } }))).status).toBe(400);
  const unknown = await problemOf(await anonymous.post('/api/shares/open', { data: { token: 'A'.repeat(32) } }));
  expect(unknown).toMatchObject({ status: 404, detail: 'This share link does not exist. Check that it was copied whole.' });
  const page = await (await browser.newContext({ baseURL: process.env.E2E_WEB_URL })).newPage();
  await page.goto('/s/%3Cscript%3E');
  await expect(page.getByRole('heading', { name: 'This link cannot be opened' })).toBeVisible();
  await anonymous.dispose();
  await admin.context.close();
});

test('a share link to a reading session seats the guest in it as a viewer, beside the host', async ({ browser }) => {
  test.setTimeout(120_000);
  const host = await signedInContext(browser, E2E_ADMIN);
  await startSessionOnDemoCt(host.page, 'Dr Host');
  const hostPanel = new SessionPanel(host.page);
  await host.page.getByRole('button', { name: 'Share', exact: true }).click();
  const dialog = host.page.getByRole('dialog', { name: 'Share this study' });
  await expect(dialog.getByLabel('Join this reading session (view only)')).toBeChecked();
  await dialog.getByLabel('Note for the recipient').fill('Tumour board, live');
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const shareUrl = await dialog.getByRole('textbox', { name: 'Share link' }).inputValue();
  await expect(dialog.getByTestId('share-link-row').filter({ hasText: 'Tumour board, live' })).toContainText('(session)');
  await dialog.getByRole('button', { name: 'Close' }).click();

  const guestContext = await browser.newContext({ baseURL: process.env.E2E_WEB_URL });
  const guest = await guestContext.newPage();
  await guest.goto(shareUrl);
  await guest.getByRole('button', { name: 'View the study' }).click();
  await guest.waitForURL(/\/viewer\/[0-9.]+\?session=[0-9a-f-]+&join=/);
  const guestPanel = new SessionPanel(guest);
  await guestPanel.join('Dr Remote');
  await hostPanel.expectParticipants(['Dr Host', 'Dr Remote']);
  await expect(hostPanel.participant('Dr Remote')).toContainText('viewer');
  await expect(hostPanel.participant('Dr Host')).toContainText('host');
  // A viewer watches: no invite link to pass on, no laser pointer.
  await expect(guestPanel.root.getByLabel('Invite link')).toHaveCount(0);
  await expect(guestPanel.root.getByRole('button', { name: 'Laser pointer' })).toHaveCount(0);
  await expect(hostPanel.root.getByLabel('Invite link')).toBeVisible();
  await shot(guest, 'guest-in-session');
  await guestContext.close();
  await host.context.close();
});
