import type { Browser, BrowserContext, Page } from 'playwright-core';
import { signIn } from '../platform.js';

const VIEWPORT = { width: 1280, height: 800 };

/** A signed-in session's cookies, made once per bench so that runs do not trip the sign-in rate limit. */
export type SignedIn = Awaited<ReturnType<BrowserContext['storageState']>>;

/** Signs the e2e administrator in once and returns the session, to start each fresh context with. */
export async function signedInState(browser: Browser, webUrl: string): Promise<SignedIn> {
  const context = await browser.newContext();
  try {
    await signIn(context, webUrl);
    return await context.storageState();
  } finally {
    await context.close();
  }
}

/**
 * A page in its own browser context (cold HTTP cache, empty local storage),
 * already signed in: signing in is not part of what is timed. Closed with the context.
 */
export async function withFreshPage<T>(browser: Browser, signedIn: SignedIn, run: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ viewport: VIEWPORT, storageState: signedIn });
  try {
    return await run(await context.newPage());
  } finally {
    await context.close();
  }
}
