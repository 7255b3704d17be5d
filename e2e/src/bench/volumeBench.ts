/**
 * Volume figures for the viewer benchmark (viewerBench.ts lists them): how long
 * until a 200+ slice volume is loaded and rendered in all three MPR planes. The
 * MPR view sets `window.__consiliumVolume.readyAtMs` (performance.now()) once
 * every plane has rendered the completely loaded volume
 * (web/src/features/viewer/volume/volumeTestHandle.ts).
 */
import type { Page } from 'playwright-core';
import type { Measurement } from './viewerBench.js';
import { withFreshPage } from './freshPage.js';

const VOLUME_TIMEOUT_MS = 180_000;
const VOLUME_TARGET_MS = 5000;

async function volumeReadyAtMs(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => (window as { __consiliumVolume?: { readyAtMs?: number } }).__consiliumVolume?.readyAtMs, null, { timeout: VOLUME_TIMEOUT_MS, polling: 50 });
  return Number(await handle.jsonValue());
}

/** The user's path: the study open in the stack viewer, then the toolbar's MPR button; ms from the click. */
export const mprReadyAfterClick: Measurement = {
  name: 'viewer: MPR button to 220-slice volume ready in 3 planes',
  targetMs: VOLUME_TARGET_MS,
  runs: 3,
  measure: (ctx) =>
    withFreshPage(ctx.browser, ctx.signedIn, async (page) => {
      await page.goto(`${ctx.platform.webUrl}/viewer/${ctx.ctStudyUid}`);
      await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, 'consilium:first-image', { timeout: VOLUME_TIMEOUT_MS });
      const button = page.getByRole('button', { name: 'MPR', exact: true });
      const clickedAt = await button.evaluate((element) => {
        const at = performance.now();
        (element as HTMLButtonElement).click();
        return at;
      });
      return (await volumeReadyAtMs(page)) - clickedAt;
    }),
};

/** Cold: navigation straight to the MPR view of the series (no stack images cached); ms from navigation start. */
export const mprReadyFromNavigation: Measurement = {
  name: 'MPR alone: navigation to 220-slice volume ready in 3 planes (cold cache)',
  targetMs: VOLUME_TARGET_MS,
  runs: 3,
  measure: (ctx) =>
    withFreshPage(ctx.browser, ctx.signedIn, async (page) => {
      await page.goto(`${ctx.platform.webUrl}/dev/volume/${ctx.ctStudyUid}?mode=mpr`);
      return volumeReadyAtMs(page);
    }),
};

export const VOLUME_MEASUREMENTS: Measurement[] = [mprReadyAfterClick, mprReadyFromNavigation];
