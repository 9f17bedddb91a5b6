// A real Chromium for the inspector's tests: Debian's `chromium` package driven by playwright-core
// (which brings no browser of its own). One browser per test file, closed after it.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM = process.env['WHK_CHROMIUM'] ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/**
 * Launches the browser before the file's tests; `page()` opens a fresh page in a context of its own,
 * `context()` a context to open several tabs in (both closed after the file).
 */
export function browserHarness(): { page(options?: BrowserContextOptions): Promise<Page>; context(): Promise<{ context: BrowserContext; tab(): Promise<Page> }> } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start. Its own temporary
    // files in /tmp: it makes a unix socket there, whose path a long TMPDIR took past the limit
    // ('Socket path too long', and no browser).
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'], env: { ...process.env, TMPDIR: '/tmp' } });
  });
  afterAll(async () => {
    await browser?.close();
  });
  const started = (): Browser => {
    if (!browser) throw new Error('the browser did not start');
    return browser;
  };
  // A missing element fails the test in seconds, not at the 30 s default.
  const patient = (page: Page): Page => (page.setDefaultTimeout(10_000), page);
  const viewport = { width: 1440, height: 860 };
  return {
    /** `options`: the page's own, e.g. a time zone. */
    async page(options: BrowserContextOptions = {}) {
      return patient(await started().newPage({ viewport, ...options }));
    },
    /** One browser profile's tabs: they share its connections, locks and channels. */
    async context() {
      const context = await started().newContext({ viewport });
      return { context, tab: async () => patient(await context.newPage()) };
    },
  };
}
