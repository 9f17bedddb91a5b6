// A sender's invisible controls on the page, in a real Chromium: a right-to-left override (U+202E) in
// a path, a header, a form field, a text body, an event name or an issue quoting the body is drawn as
// its escape, marked as one, and so is an ESC; the curl command and the download keep the exact bytes.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startInspector } from '../../src/inspector/server.js';
import { createRecordStore } from '../../src/inspector/source.js';
import { browserHarness, hasChromium } from '../helpers/browser.js';
import { captureRecord } from '../helpers/capture.js';
import { closedAfterEach } from '../helpers/server.js';

const PAGE_DIR = fileURLToPath(new URL('../../dist/inspector/page/', import.meta.url));
const RLO = '\u202e';
// U+202E as the octal escapes of its UTF-8 bytes: how the curl command spells it (printf).
const RLO_BYTES = '\\342\\200\\256';

describe.runIf(hasChromium || process.env['CI'] !== undefined)('inspector page: a sender\u2019s hidden controls', () => {
  const browser = browserHarness();
  const inspector = closedAfterEach(startInspector);

  it('draws U+202E as a marked escape in the list row and the detail, and copies the exact bytes as curl', async () => {
    const body = `file=${RLO}fdp.exe&kind=do\u001bc`;
    const store = createRecordStore();
    store.add(
      captureRecord(null, {
        path: `/pay${RLO}usd.exe`,
        // As the receiver records a header: its UTF-8 bytes as Latin-1 characters.
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-label': Buffer.from(`invoice${RLO}fdp.exe`).toString('latin1') },
        bodyBase64: Buffer.from(body).toString('base64'),
        body: null,
        kind: 'github',
        event: `push${RLO}kcatta`,
        valid: false,
        issues: [{ path: '$', message: `the body is not JSON: ${RLO}fdp` }],
      }),
    );
    const { url } = await inspector({ source: store, label: 'test', live: true, pageDir: PAGE_DIR });
    const page = await browser.page();
    await page.goto(`${url}#1`);
    const row = page.locator('#rows .row[data-id="1"]:not([hidden])');
    await expect.poll(() => page.locator('.detail-head .target').textContent()).toBe('/pay\\u202eusd.exe');
    await page.click('button.tab:text("Headers")');

    // What the reader sees: no raw control anywhere in the row or the detail, not even in a tooltip.
    const drawn = (selector: string) =>
      page.locator(selector).evaluate((node) => {
        const titled = [...(node as unknown as { querySelectorAll(s: string): Iterable<{ title: string }> }).querySelectorAll('[title]')].map((n) => n.title);
        return { text: node.textContent ?? '', titles: titled.join('\n') };
      });
    const [list, detail] = [await drawn('#rows .row[data-id="1"]:not([hidden])'), await drawn('#detail')];
    for (const { text, titles } of [list, detail]) {
      expect(text).not.toContain(RLO);
      expect(titles).not.toContain(RLO);
    }
    expect(await row.locator('.cell.path').textContent()).toBe('/pay\\u202eusd.exe');
    expect(await row.locator('.cell.path').getAttribute('title')).toBe('/pay\\u202eusd.exe');
    expect(await row.locator('.cell.kind').textContent()).toBe('github · push\\u202ekcatta');
    expect(await page.locator('#detail .kv td').allTextContents()).toEqual(expect.arrayContaining(['invoice\\u202efdp.exe', '\\u202efdp.exe', 'do\\u001bc']));
    expect(await page.locator('#detail pre.text').textContent()).toBe('file=\\u202efdp.exe&kind=do\\u001bc');
    expect(await page.locator('#detail .issue > span').first().textContent()).toBe('the body is not JSON: \\u202efdp');
    // Marked as an escape, not text the sender typed: its own element, titled with the code point.
    const marks = page.locator('#detail .escape');
    expect(await marks.count()).toBeGreaterThanOrEqual(5);
    expect(await marks.first().getAttribute('title')).toMatch(/^U\+202E, a direction control/);
    expect(await page.locator('#detail pre.text .escape').last().getAttribute('title')).toMatch(/^U\+001B, a control character/);
    expect(await row.locator('.cell.path .escape').textContent()).toBe('\\u202e');

    // The command copied keeps the bytes: the page shows the server's command as it came, which spells them out.
    const answer = page.waitForResponse('**/api/records/1/curl');
    await page.click('button:text("Copy as curl")');
    const { curl } = (await (await answer).json()) as { curl: string };
    await expect.poll(() => page.locator('.curl').inputValue()).toBe(curl);
    expect(curl).toContain(`/pay${RLO_BYTES}usd.exe`);
    expect(curl).toContain(`invoice${RLO_BYTES}fdp.exe`);
    expect(curl).toContain(Buffer.from(body).toString('base64'));
    // And so does the download.
    const download = await page.evaluate(async () => (await fetch('/api/capture')).text());
    expect(download).toContain(`"path":"/pay${RLO}usd.exe"`);
    await page.close();
  });
});
