/**
 * Viewer benchmark in Debian Chromium against the built system (`npm run build`
 * first; NEXT_DIST_DIR picks the web build). Each entry of {@link MEASUREMENTS}
 * is one figure, measured `runs` times in a fresh browser context (empty HTTP
 * cache) and reported as median/min/max against its target. Add a figure by
 * appending a {@link Measurement}.
 */
import os from 'node:os';
import { type Browser, type Page, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.js';
import { type Platform, authorisedBy, startPlatform } from '../platform.js';
import { type SignedIn, signedInState, withFreshPage } from './freshPage.js';
import { VOLUME_MEASUREMENTS } from './volumeBench.js';

export interface BenchContext {
  browser: Browser;
  platform: Platform;
  /** The seeded synthetic chest CT: one 220-slice 512x512 series. */
  ctStudyUid: string;
  /** The administrator's session, for {@link withFreshPage}. */
  signedIn: SignedIn;
}

/** One run's figure, and optionally the times of the steps on the way (ms since navigation start). */
export interface RunResult {
  ms: number;
  phases?: Record<string, number>;
}

export interface Measurement {
  name: string;
  targetMs: number;
  runs: number;
  /** One run: milliseconds from navigation start to the event measured (a bare number, or with its phases). */
  measure(ctx: BenchContext): Promise<number | RunResult>;
}

/** Set by the viewer (web/src/features/viewer/perfMarks.ts) once the first image is drawn, and on the way there. */
const FIRST_IMAGE_MARK = 'consilium:first-image';
const PHASE_MARKS = { metadata: 'consilium:study-metadata', cornerstone: 'consilium:cornerstone-ready' } as const;
const DEMO_CT_PATIENT_ID = 'CONSILIUM-DEMO-CT';
const WAIT_TIMEOUT_MS = 60_000;

/** Waits for a performance mark and returns its time since navigation start. */
export async function markTimeMs(page: Page, mark: string): Promise<number> {
  const handle = await page.waitForFunction((name) => performance.getEntriesByName(name)[0]?.startTime, mark, { timeout: WAIT_TIMEOUT_MS });
  return Number(await handle.jsonValue());
}

/** Opens the CT in the viewer in `page` and times its first image, with the phases on the way. */
async function timeFirstImage(ctx: BenchContext, page: Page): Promise<RunResult> {
  await page.goto(`${ctx.platform.webUrl}/viewer/${ctx.ctStudyUid}`);
  const ms = await markTimeMs(page, FIRST_IMAGE_MARK);
  const phases: Record<string, number> = {};
  for (const [phase, mark] of Object.entries(PHASE_MARKS)) phases[phase] = await markTimeMs(page, mark);
  return { ms, phases };
}

const firstImage: Measurement = {
  name: 'viewer: navigation to first image (512x512 CT), cold HTTP cache',
  targetMs: 1000,
  runs: 5,
  measure: (ctx) => withFreshPage(ctx.browser, ctx.signedIn, (page) => timeFirstImage(ctx, page)),
};

/**
 * The usual case of a reading day: the browser has opened the viewer before,
 * so the JavaScript comes from its HTTP cache; study data is never cached (no
 * Cache-Control on DICOMweb answers) and is fetched again through the proxy.
 */
const firstImageWarm: Measurement = {
  name: 'viewer: navigation to first image (512x512 CT), viewer opened before (JS cached)',
  targetMs: 1000,
  runs: 5,
  measure: (ctx) =>
    withFreshPage(ctx.browser, ctx.signedIn, async (page) => {
      await timeFirstImage(ctx, page);
      await page.goto('about:blank');
      return timeFirstImage(ctx, page);
    }),
};

export const MEASUREMENTS: Measurement[] = [firstImage, firstImageWarm, ...VOLUME_MEASUREMENTS];

async function findCtStudy(dicomwebUrl: string, webUrl: string): Promise<string> {
  const response = await fetch(`${dicomwebUrl}/studies?PatientID=${DEMO_CT_PATIENT_ID}`, { headers: { accept: 'application/dicom+json', ...(await authorisedBy(webUrl)) } });
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
    const ctx: BenchContext = { browser, platform, ctStudyUid: await findCtStudy(platform.dicomwebUrl, platform.webUrl), signedIn: await signedInState(browser, platform.webUrl) };
    console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
    for (const m of MEASUREMENTS) {
      const results: RunResult[] = [];
      for (let i = 0; i < m.runs; i++) {
        const result = await m.measure(ctx);
        results.push(typeof result === 'number' ? { ms: result } : result);
      }
      const values = results.map((r) => r.ms);
      const { median, min, max } = summary(values);
      const verdict = median < m.targetMs ? 'meets' : 'MISSES';
      console.log(
        `${m.name}: median ${median.toFixed(0)} ms (min ${min.toFixed(0)}, max ${max.toFixed(0)}, first ${values[0]?.toFixed(0)}; n=${m.runs}) — ${verdict} target < ${m.targetMs} ms`,
      );
      const fastest = results.find((r) => r.ms === min);
      if (fastest?.phases) console.log(`  fastest run: ${Object.entries(fastest.phases).map(([p, t]) => `${p} ${t.toFixed(0)} ms`).join(', ')}, image ${min.toFixed(0)} ms`);
    }
  } finally {
    await browser.close();
    await platform.stop();
  }
}

await main();
