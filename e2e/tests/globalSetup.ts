import type { FullConfig } from '@playwright/test';
import { startPlatform } from '../src/platform.js';

/**
 * Starts archive (with the demo CT seeded) and web once for all tests; their
 * URLs reach the test workers through the environment. Returns the teardown.
 */
export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  const started = performance.now();
  const platform = await startPlatform();
  process.env.E2E_WEB_URL = platform.webUrl;
  process.env.E2E_DICOMWEB_URL = platform.dicomwebUrl;
  process.env.E2E_REALTIME_URL = platform.realtime.url;
  process.stdout.write(`platform up in ${((performance.now() - started) / 1000).toFixed(1)} s: web ${platform.webUrl}, DICOMweb ${platform.dicomwebUrl}\n`);
  return () => platform.stop();
}
