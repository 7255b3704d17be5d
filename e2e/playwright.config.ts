import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './src/chromium.js';
import { STORAGE_STATE } from './src/platform.js';

/**
 * End-to-end tests against the whole built system (archive + web) started once
 * by the global setup. One worker: the machine has two cores and WebGL runs on
 * SwiftShader. Screenshots of every test land in e2e/screenshots/ to look at.
 */
export default defineConfig({
  testDir: './tests',
  globalSetup: './tests/globalSetup.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    viewport: { width: 1280, height: 800 },
    // Signed in as the administrator (global setup); tests against a web server of their own sign in there.
    storageState: STORAGE_STATE,
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
