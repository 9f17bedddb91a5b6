// `whk inspect` over a capture file that is still being written to (whk listen saving into it): the
// page, in a real Chromium, shows the records appended after it started, a torn last line once its
// writer ends it, and says so when the file is replaced under it.
import { appendFile, rename, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { browserHarness, hasChromium } from '../helpers/browser.js';
import { captureRecord } from '../helpers/capture.js';
import { inspecting, listenHarness } from '../helpers/cli.js';

describe.runIf(hasChromium || process.env['CI'] !== undefined)('inspector page: a capture file appended to', () => {
  const browser = browserHarness();
  const harness = listenHarness({ timeoutMs: 60_000 });

  it('shows the records appended after inspect started, a torn last line once ended, and says when the file is replaced', async () => {
    const file = harness.file('growing.ndjson');
    const line = (path: string, seq: number): string => JSON.stringify(captureRecord({ n: seq }, { path, seq }));
    const torn = line('/second', 2);
    // The second record half written, as listen leaves a large one between its writes.
    await writeFile(file, `${line('/first', 1)}\n${torn.slice(0, 40)}`);
    await inspecting(file, { timeoutMs: 60_000, ready: /inspector on (http:\/\/127\.0\.0\.1:\d+\/) \(1 record from / }, async (ui, cli) => {
      const page = await browser.page();
      await page.goto(ui);
      await expect.poll(() => page.locator('#count').textContent()).toBe('1 request');
      // A marker on the window: had the page reloaded to show the new rows, it would be gone.
      await page.evaluate(() => Object.assign(globalThis, { stillTheSamePage: true }));
      await appendFile(file, `${torn.slice(40)}\n${line('/third', 3)}\n`);
      await expect.poll(() => page.locator('#count').textContent(), { timeout: 10_000 }).toBe('3 requests');
      expect(await page.locator('#rows .row:not([hidden]) .cell.path').allTextContents()).toEqual(expect.arrayContaining(['/second', '/third']));
      expect(await page.evaluate(() => (globalThis as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
      await expect.poll(() => page.locator('#notice').isVisible()).toBe(false);

      // Another file put at the path (an editor's save): said, and the page keeps the file it read.
      await writeFile(`${file}.new`, `${line('/other', 1)}\n`);
      await rename(`${file}.new`, file);
      await expect.poll(() => page.locator('#notice').textContent(), { timeout: 10_000 }).toBe(`'${file}' was replaced: the page keeps showing the file it read; start whk inspect again to read the new one`);
      expect(await page.locator('#notice').isVisible()).toBe(true);
      expect(await page.locator('#count').textContent()).toBe('3 requests');
      expect(cli.output().stderr).toContain(`warning: '${file}' was replaced`);
      await page.close();
    });
  });
});
