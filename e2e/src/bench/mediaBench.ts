/**
 * Video call benchmark in Debian Chromium (fake camera and microphone) against
 * the built system (`npm run build` first), with Janus behind realtime where it
 * is installed. Prints: time from clicking "Join with camera" to the first
 * remote frame, peer-to-peer (the second participant), through the SFU (the
 * fifth, whose join moves the call there; also until all four others play;
 * and the second participant of a call forced onto the SFU),
 * and the CPU of the realtime service and Janus while five participants are in
 * the call. Six or more Chromium pages with the viewer do not fit this
 * machine's two cores, so the SFU join is measured on the move.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { type Browser, type Page, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.js';
import { hasJanus } from '../janusProcess.js';
import { type Platform, signIn, startPlatform } from '../platform.js';

const RUNS = 5;
const TIMEOUT_MS = 60_000;
const CPU_WINDOW_MS = 10_000;
const DEMO_CT_ACCESSION = 'DEMO-CT-0001';

async function openPage(browser: Browser, platform: Platform, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await signIn(context, platform.webUrl);
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

async function answerNamePrompt(page: Page, name: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Join the reading session' });
  await dialog.getByLabel(/Your name/).fill(name);
  await dialog.getByRole('button', { name: 'Join' }).click();
  await page.getByTestId('session-status').filter({ hasText: 'Connected' }).waitFor({ timeout: TIMEOUT_MS });
}

/** The host opens the demo CT, starts a session and returns its invite link. */
async function startSession(browser: Browser, platform: Platform): Promise<{ host: Page; invite: string }> {
  const host = await openPage(browser, platform, `${platform.webUrl}/`);
  const filter = host.getByRole('search', { name: 'Study filters' }).getByLabel('Accession', { exact: true });
  await filter.fill(DEMO_CT_ACCESSION);
  await filter.press('Enter');
  await host.getByTestId('study-row').first().click();
  await host.waitForURL(/\/viewer\//);
  await host.getByRole('button', { name: 'Start session' }).click();
  await answerNamePrompt(host, 'Bench host');
  return { host, invite: await host.getByLabel('Invite link').inputValue() };
}

/**
 * Clicks "Join with camera" and returns the milliseconds until the first
 * remote video has a frame (videoWidth > 0 and a play position past 0), and
 * until `remotes` of them have.
 */
function joinAndTime(page: Page, remotes: number): Promise<{ first: number; all: number }> {
  return page.evaluate(
    async ({ remotes, timeout }) => {
      const panel = document.querySelector('[data-testid="call-panel"]');
      const button = Array.from(panel?.querySelectorAll('button') ?? []).find((b) => b.textContent === 'Join with camera');
      if (!button) throw new Error('no Join with camera button');
      const started = performance.now();
      let first: number | undefined;
      button.click();
      for (;;) {
        const playing = Array.from(document.querySelectorAll('[data-testid="call-tile"][data-self="false"] video')).filter((v) => (v as HTMLVideoElement).videoWidth > 0 && (v as HTMLVideoElement).currentTime > 0);
        if (playing.length > 0) first ??= performance.now() - started;
        if (playing.length >= remotes) return { first: first ?? 0, all: performance.now() - started };
        if (performance.now() - started > timeout) {
          const call = (window as unknown as { __consiliumCall?: { snapshot(): { settings: { topology: string }; problem?: string; remotes: { name: string; connection: string; stream?: MediaStream }[] } } }).__consiliumCall?.snapshot();
          const remotesNow = call?.remotes.map((r) => `${r.name} ${r.connection} ${r.stream?.getTracks().length ?? 0} tracks`).join('; ');
          throw new Error(`only ${playing.length} of ${remotes} remote videos after ${timeout} ms (${call?.settings.topology}; ${remotesNow}; ${call?.problem ?? 'no problem shown'})`);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    { remotes, timeout: TIMEOUT_MS },
  );
}

async function leave(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Leave call' }).click();
  await page.locator('[data-testid="call-panel"][data-phase="out"]').waitFor({ timeout: TIMEOUT_MS });
}

async function joinCall(page: Page): Promise<void> {
  await page.getByTestId('call-panel').getByRole('button', { name: 'Join with camera' }).click();
  await page.locator('[data-testid="call-panel"][data-phase="in"]').waitFor({ timeout: TIMEOUT_MS });
}

async function waitTopology(pages: Page[], topology: 'p2p' | 'sfu'): Promise<void> {
  for (const p of pages) await p.locator(`[data-testid="call-panel"][data-topology="${topology}"]`).waitFor({ timeout: TIMEOUT_MS });
}

function summary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return `median ${median.toFixed(0)} ms (min ${sorted[0]!.toFixed(0)}, max ${sorted.at(-1)!.toFixed(0)}; n=${values.length})`;
}

/** utime + stime of a process, in clock ticks (proc(5)); ticks are 1/100 s on Linux. */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function cpuPercent(pids: Record<string, number | undefined>): Promise<string> {
  const known = Object.entries(pids).filter((e): e is [string, number] => e[1] !== undefined);
  const before = known.map(([, pid]) => cpuTicks(pid));
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, CPU_WINDOW_MS));
  const seconds = (performance.now() - started) / 1000;
  return known.map(([name, pid], i) => `${name} ${(((cpuTicks(pid) - before[i]!) / 100 / seconds) * 100).toFixed(1)}% of a core`).join(', ');
}

/** A second participant joins the host's call: milliseconds to the first remote frame, RUNS times. */
async function secondJoins(browser: Browser, platform: Platform): Promise<{ host: Page; second: Page; invite: string; times: number[] }> {
  const { host, invite } = await startSession(browser, platform);
  await joinCall(host);
  const second = await openPage(browser, platform, invite);
  await answerNamePrompt(second, 'Bench 2');
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    times.push((await joinAndTime(second, 1)).first);
    await leave(second);
  }
  return { host, second, invite, times };
}

/** Two participants in a call that always runs through Janus (MEDIA_TOPOLOGY=sfu): the SFU's own join time. */
async function sfuJoin(): Promise<void> {
  const platform = await startPlatform({ realtimeEnv: { MEDIA_TOPOLOGY: 'sfu' } });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const { host, times } = await secondJoins(browser, platform);
    await host.locator('[data-testid="call-panel"][data-topology="sfu"]').waitFor({ timeout: TIMEOUT_MS });
    console.log(`join to first remote frame through the SFU (MEDIA_TOPOLOGY=sfu, second participant): ${summary(times)}`);
  } finally {
    await browser.close();
    await platform.stop();
  }
}

async function main(): Promise<void> {
  const platform = await startPlatform();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores; SFU ${platform.janus ? 'Janus' : 'none (peer-to-peer only)'}`);
    const { host, second, invite, times } = await secondJoins(browser, platform);
    console.log(`join to first remote frame, peer-to-peer (second participant): ${summary(times)}`);
    if (!platform.janus) return;

    const others: Page[] = [];
    for (const name of ['Bench 3', 'Bench 4', 'Bench 5']) {
      const page = await openPage(browser, platform, invite);
      await answerNamePrompt(page, name);
      others.push(page);
    }
    await joinCall(second);
    for (const page of others.slice(0, 2)) await joinCall(page);
    await waitTopology([host, second, ...others.slice(0, 2)], 'p2p');
    // The fifth participant's join moves the call to the SFU: everyone publishes to Janus and subscribes to the others there.
    const fifth = others[2]!;
    const first: number[] = [];
    const all: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = await joinAndTime(fifth, 4);
      first.push(t.first);
      all.push(t.all);
      if (i === RUNS - 1) break;
      await leave(fifth);
      await waitTopology([host], 'p2p');
    }
    console.log(`join to first remote frame through the SFU (the fifth participant, whose join moves the call there): ${summary(first)}`);
    console.log(`  the same join to all four remote videos playing: ${summary(all)}`);
    await waitTopology([host, second, ...others], 'sfu');

    // Five in the call, everyone's video flowing through Janus.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    console.log(`five participants in the call for ${CPU_WINDOW_MS / 1000} s: ${await cpuPercent({ realtime: platform.realtime.pid(), janus: platform.janus.janusPid })}`);
  } finally {
    await browser.close();
    await platform.stop();
  }
}

await main();
if (hasJanus()) await sfuJoin();
