import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { E2E_ADMIN, STORAGE_STATE } from '../src/platform.js';

const SCREENSHOTS = path.resolve(import.meta.dirname, '../screenshots');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `access-${name}.png`), fullPage: true });

test.use({ baseURL: process.env.E2E_WEB_URL, storageState: { cookies: [], origins: [] } });

test.describe('signing in', () => {
  test('a visitor without a session is sent to sign in, and back to where they were going', async ({ page }) => {
    await page.goto('/?patientName=DEMO');
    await expect(page).toHaveURL(/\/sign-in\?next=%2F%3FpatientName%3DDEMO$/);
    await expect(page.getByRole('heading', { name: 'Sign in to Consilium' })).toBeVisible();

    await page.getByLabel('Email').fill(E2E_ADMIN.email);
    await page.getByLabel('Password').fill('not the right passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Wrong' })).toHaveText('Wrong email or password.');
    await shot(page, 'wrong-password');

    await page.getByLabel('Password').fill(E2E_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/\?patientName=DEMO$/);
    await expect(page.getByTestId('account-menu')).toContainText('Administrator');
    await expect(page.getByTestId('account-menu')).toContainText('admin');
    await expect(page.getByRole('row').filter({ hasText: 'DEMO, CHEST' })).toHaveCount(1);
    await shot(page, 'signed-in');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto('/viewer/1.2.3');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fviewer%2F1\.2\.3$/);
  });

  test('images and the API answer 401 without a session, with a problem document', async ({ request }) => {
    for (const url of ['/dicomweb/studies', '/dicomweb/studies/1.2.3/metadata', '/api/sessions']) {
      const response = url === '/api/sessions' ? await request.post(url, { data: {} }) : await request.get(url);
      expect(response.status(), url).toBe(401);
      expect(response.headers()['content-type'], url).toMatch(/application\/problem\+json/);
    }
  });

  test('every route of the web app refuses a visitor without a session: no cookie, forged cookies, bearer tokens of any kind', async ({ playwright }) => {
    const webUrl = process.env.E2E_WEB_URL!;
    const manifest = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../web/.next/app-path-routes-manifest.json'), 'utf8')) as Record<string, string>;
    const routes = Object.values(manifest).filter((r) => !r.startsWith('/_'));
    expect(routes.length).toBeGreaterThan(15);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const unsigned = `${b64({ alg: 'none' })}.${b64({ sub: 'x', role: 'admin', exp: Math.floor(Date.now() / 1000) + 300 })}.`;
    const visitors: [string, Record<string, string>][] = [
      ['no credentials', {}],
      ['a forged session cookie', { cookie: 'better-auth.session_token=forged.value; __Secure-better-auth.session_token=forged.value' }],
      ['a forged share cookie', { cookie: 'consilium.share=link-1.99999999999999.forged' }],
      ['an alg-none bearer token', { authorization: `Bearer ${unsigned}` }],
    ];
    // Public on purpose: signing in, better-auth's own routes (each checks its session), opening a share link, trading an API key.
    const PUBLIC = new Set(['/sign-in', '/s/[token]', '/api/shares/open', '/api/auth/[...all]', '/api/service-token']);
    for (const [who, headers] of visitors) {
      const api = await playwright.request.newContext({ baseURL: webUrl, extraHTTPHeaders: headers, maxRedirects: 0 });
      for (const route of routes.filter((r) => !PUBLIC.has(r))) {
        const url = route.replace('[...path]', 'studies').replace('[...all]', 'token').replace(/\[[a-zA-Z]+\]/g, '1.2.3');
        const isApi = url.startsWith('/api/') || url.startsWith('/dicomweb/');
        for (const method of isApi ? ['GET', 'POST', 'PUT', 'DELETE'] : ['GET']) {
          const response = await api.fetch(url, { method });
          if (isApi) {
            expect(response.status(), `${method} ${url} with ${who}`).toBe(401);
            expect(response.headers()['content-type'], `${method} ${url}`).toMatch(/application\/problem\+json/);
          } else {
            expect(response.status(), `${url} with ${who}`).toBe(307);
            expect(response.headers().location, `${url} with ${who}`).toMatch(/\/sign-in\?next=/);
          }
        }
      }
      // better-auth's routes that return something of an account refuse too.
      for (const url of ['/api/auth/token', '/api/auth/get-session', '/api/auth/admin/list-users']) {
        const response = await api.get(url);
        const body = await response.text();
        expect(response.status() === 401 || body === 'null', `${url} with ${who}: ${response.status()} ${body.slice(0, 80)}`).toBe(true);
      }
      await api.dispose();
    }
  });

  test('the sign-in page is not framed by other sites and sends no referrer across origins', async ({ request }) => {
    const response = await request.get('/sign-in');
    expect(response.headers()['x-frame-options']).toBe('DENY');
    expect(response.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers()['referrer-policy']).toBe('same-origin');
    expect(response.headers()['x-content-type-options']).toBe('nosniff');
  });
});

test.describe('accounts', () => {
  test('an administrator creates a physician, who signs in with that role and cannot manage accounts', async ({ browser }) => {
    const webUrl = process.env.E2E_WEB_URL!;
    const admin = await browser.newContext({ baseURL: webUrl });
    const physician = await browser.newContext({ baseURL: webUrl });
    try {
      const page = await admin.newPage();
      await page.goto('/sign-in');
      await page.getByLabel('Email').fill(E2E_ADMIN.email);
      await page.getByLabel('Password').fill(E2E_ADMIN.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('account-menu').getByRole('link', { name: 'Accounts' }).click();
      await expect(page).toHaveURL(/\/admin\/users$/);
      const email = `gp-${Date.now()}@clinic.test`;
      await page.getByLabel('Name', { exact: true }).fill('Dr General Practice');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Initial password (12 characters or more)').fill('physician passphrase');
      await page.getByLabel('Role').selectOption('physician');
      await page.getByRole('button', { name: 'Create account' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'created' })).toHaveText(`Account ${email} created as physician.`);
      await expect(page.getByTestId('account-row').filter({ hasText: email })).toContainText('physician');
      await shot(page, 'accounts');

      const gp = await physician.newPage();
      await gp.goto('/');
      await gp.getByLabel('Email').fill(email);
      await gp.getByLabel('Password').fill('physician passphrase');
      await gp.getByRole('button', { name: 'Sign in' }).click();
      await expect(gp.getByTestId('account-menu')).toContainText('Dr General Practice');
      await expect(gp.getByTestId('account-menu')).toContainText('physician');
      await expect(gp.getByTestId('account-menu').getByRole('link', { name: 'Accounts' })).toHaveCount(0);
      await gp.goto('/admin/users');
      await expect(gp.getByRole('heading', { name: 'Administrators only' })).toBeVisible();
      // better-auth's admin routes check the role themselves, whatever a page shows.
      const listed = await gp.request.get('/api/auth/admin/list-users');
      expect(listed.status()).toBe(403);
    } finally {
      await admin.close();
      await physician.close();
    }
  });
});

test.describe('cross-site requests', () => {
  test("a signed-in user's cookies change nothing when another site sends the request", async ({ playwright }) => {
    const webUrl = process.env.E2E_WEB_URL!;
    const api = await playwright.request.newContext({ baseURL: webUrl, storageState: STORAGE_STATE });
    const evil = { origin: 'http://evil.test' };
    const share = await api.post('/api/shares', { headers: evil, data: { studyInstanceUID: '1.2.3' } });
    expect(share.status()).toBe(403);
    expect(((await share.json()) as { detail: string }).detail).toBe('Requests that change data must come from this site.');
    expect((await api.post('/dicomweb/studies', { headers: { ...evil, 'content-type': 'multipart/related; type="application/dicom"; boundary=x' }, data: '--x--\r\n' })).status()).toBe(403);
    expect((await api.delete('/api/api-keys/some-key', { headers: { 'sec-fetch-site': 'cross-site' } })).status()).toBe(403);
    // The same session from this site is served (a read, and a write refused only for its content).
    expect((await api.get('/api/shares', { headers: evil })).status(), 'reads are not writes').toBe(200);
    expect((await api.post('/api/shares', { headers: { origin: webUrl }, data: {} })).status(), 'from this site: judged on its content').toBe(400);
    await api.dispose();
  });
});

test.describe('API keys', () => {
  test('a user makes a read-only key in the UI; a machine client trades it for a token that reads the archive and stores nothing; revoked, it is refused', async ({ browser, playwright }) => {
    const webUrl = process.env.E2E_WEB_URL!;
    const dicomweb = process.env.E2E_DICOMWEB_URL!;
    const context = await browser.newContext({ baseURL: webUrl, storageState: STORAGE_STATE });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByTestId('account-menu').getByRole('link', { name: 'API keys' }).click();
    await expect(page).toHaveURL(/\/account\/api-keys$/);
    await page.getByLabel('Name (what uses it)').fill('Nightly research export');
    await expect(page.getByLabel('read studies (QIDO-RS, WADO-RS)')).toBeChecked();
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByTestId('new-api-key').textContent()) ?? '';
    expect(key).toMatch(/^csk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    await expect(page.getByTestId('api-key-row').filter({ hasText: 'Nightly research export' })).toContainText('read');
    await shot(page, 'api-keys');

    const machine = await playwright.request.newContext();
    const exchange = () => machine.post(`${webUrl}/api/service-token`, { headers: { authorization: `ApiKey ${key}` } });
    const traded = await exchange();
    expect(traded.status()).toBe(200);
    const { token, expires_in, scope } = (await traded.json()) as { token: string; expires_in: number; scope: string };
    expect([expires_in, scope]).toEqual([300, 'read']);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await machine.get(`${dicomweb}/studies?limit=1`, { headers: bearer })).status(), 'QIDO-RS at the archive').toBe(200);
    const stow = await machine.post(`${dicomweb}/studies`, { headers: { ...bearer, 'content-type': 'multipart/related; type="application/dicom"; boundary=x' }, data: '--x--\r\n' });
    expect(stow.status()).toBe(403);
    expect(((await stow.json()) as { detail: string }).detail).toBe('this API key lacks the "store" scope');
    expect((await machine.post(`${webUrl}/api/service-token`, { headers: { authorization: 'ApiKey csk_000000000000_wrong' } })).status()).toBe(401);

    await page.getByTestId('api-key-row').filter({ hasText: 'Nightly research export' }).getByRole('button', { name: 'Revoke' }).click();
    await expect(page.getByTestId('api-key-row').filter({ hasText: 'Nightly research export' })).toContainText('revoked');
    const refused = await exchange();
    expect(refused.status()).toBe(401);
    expect(((await refused.json()) as { detail: string }).detail).toBe('The API key was revoked.');
    await machine.dispose();
    await context.close();
  });
});
