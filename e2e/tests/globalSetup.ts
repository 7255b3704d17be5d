import { type FullConfig, request } from '@playwright/test';
import { STORAGE_STATE, signIn, startPlatform } from '../src/platform.js';

/**
 * Starts archive (with the demo CT seeded) and web once for all tests; their
 * URLs reach the test workers through the environment, the administrator's
 * session through STORAGE_STATE. Returns the teardown.
 */
export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  const started = performance.now();
  const platform = await startPlatform();
  process.env.E2E_WEB_URL = platform.webUrl;
  process.env.E2E_DICOMWEB_URL = platform.dicomwebUrl;
  process.env.E2E_REALTIME_URL = platform.realtime.url;
  // Signed in once as the administrator: tests start from this cookie jar (playwright.config.ts).
  const api = await request.newContext();
  await signIn(api, platform.webUrl);
  await api.storageState({ path: STORAGE_STATE });
  await api.dispose();
  process.stdout.write(`platform up in ${((performance.now() - started) / 1000).toFixed(1)} s: web ${platform.webUrl}, DICOMweb ${platform.dicomwebUrl}\n`);
  return () => platform.stop();
}
