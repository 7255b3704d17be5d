/**
 * Viewer benchmark in Debian Chromium against the built system (`npm run build`
 * first; NEXT_DIST_DIR picks the web build). Each entry of {@link MEASUREMENTS}
 * is one figure, measured `runs` times in a fresh browser context (empty HTTP
 * cache) and reported as median/min/max against its target. Add a figure by
 * appending a {@link Measurement}.
 */
import { type Browser, type Page, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.js';
import { type Platform, startPlatform } from '../platform.js';
import { VOLUME_MEASUREMENTS } from './volumeBench.js';

export interface BenchContext {
  browser: Browser;
  platform: Platform;
  /** The seeded synthetic chest CT: one 220-slice 512x512 series. */
  ctStudyUid: string;
}

export interface Measurement {
  name: string;
  targetMs: number;
  runs: number;
  /** One run: milliseconds from navigation start to the event measured. */
  measure(ctx: BenchContext): Promise<number>;
}

/** Set by the viewer (web/src/features/viewer/cornerstone/testHooks.ts) once the first image is drawn. */
const FIRST_IMAGE_MARK = 'consilium:first-image';
const DEMO_CT_PATIENT_ID = 'CONSILIUM-DEMO-CT';
const VIEWPORT = { width: 1280, height: 800 };
const WAIT_TIMEOUT_MS = 60_000;

/** A page in its own browser context (cold HTTP cache); closed with the context. */
export async function withFreshPage<T>(ctx: BenchContext, run: (page: Page) => Promise<T>): Promise<T> {
  const context = await ctx.browser.newContext({ viewport: VIEWPORT });
  try {
    return await run(await context.newPage());
  } finally {
    await context.close();
  }
}

/** Waits for a performance mark and returns its time since navigation start. */
export async function markTimeMs(page: Page, mark: string): Promise<number> {
  const handle = await page.waitForFunction((name) => performance.getEntriesByName(name)[0]?.startTime, mark, { timeout: WAIT_TIMEOUT_MS });
  return Number(await handle.jsonValue());
}

const firstImage: Measurement = {
  name: 'viewer: navigation to first image (512x512 CT)',
  targetMs: 1000,
  runs: 5,
  measure: (ctx) =>
    withFreshPage(ctx, async (page) => {
      await page.goto(`${ctx.platform.webUrl}/viewer/${ctx.ctStudyUid}`);
      return markTimeMs(page, FIRST_IMAGE_MARK);
    }),
};

export const MEASUREMENTS: Measurement[] = [firstImage, ...VOLUME_MEASUREMENTS];

async function findCtStudy(dicomwebUrl: string): Promise<string> {
  const response = await fetch(`${dicomwebUrl}/studies?PatientID=${DEMO_CT_PATIENT_ID}`, { headers: { accept: 'application/dicom+json' } });
  const body = (await response.json()) as { '0020000D'?: { Value?: string[] } }[];
  const uid = body[0]?.['0020000D']?.Value?.[0];
  if (!uid) throw new Error('the demo CT is not in the archive');
  return uid;
}

function summary(values: number[]): { median: number; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { median, min: sorted[0] ?? 0, max: sorted[sorted.length - 1] ?? 0 };
}

async function main(): Promise<void> {
  const platform = await startPlatform();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const ctx: BenchContext = { browser, platform, ctStudyUid: await findCtStudy(platform.dicomwebUrl) };
    for (const m of MEASUREMENTS) {
      const values: number[] = [];
      for (let i = 0; i < m.runs; i++) values.push(await m.measure(ctx));
      const { median, min, max } = summary(values);
      const verdict = median < m.targetMs ? 'meets' : 'MISSES';
      console.log(
        `${m.name}: median ${median.toFixed(0)} ms (min ${min.toFixed(0)}, max ${max.toFixed(0)}, first ${values[0]?.toFixed(0)}; n=${m.runs}) — ${verdict} target < ${m.targetMs} ms`,
      );
    }
  } finally {
    await browser.close();
    await platform.stop();
  }
}

await main();
