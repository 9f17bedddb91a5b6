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

  it('a body of 200,000 controls is one marked run; a binary body is named, not drawn; a diff of two huge lines is shown cut', async () => {
    const store = createRecordStore();
    const record = (type: string, bytes: Buffer) => captureRecord(null, { headers: { 'content-type': type }, bodyBase64: bytes.toString('base64') });
    store.add(record('text/plain', Buffer.alloc(200_000, 1)));
    store.add(record('image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])));
    store.add(record('text/plain', Buffer.from('text\0with a NUL')));
    store.add(record('text/plain', Buffer.alloc(600_000, 'a')));
    store.add(record('text/plain', Buffer.alloc(600_000, 'b')));
    const { url } = await inspector({ source: store, label: 'test', live: true, pageDir: PAGE_DIR });
    const page = await browser.page();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}#1`);
    // Each control drawn as its escape, the run as one mark: as many arguments as characters overflowed the stack.
    await expect.poll(() => page.locator('#detail pre.text .escape').count()).toBe(1);
    expect(await page.locator('#detail pre.text .escape').getAttribute('title')).toMatch(/^200000 characters from U\+0001, direction or control characters/);
    expect((await page.locator('#detail pre.text').textContent())?.length).toBe(200_000 * 6);
    await page.goto(`${url}#2`);
    await expect.poll(() => page.locator('#detail .body-panel .note').textContent()).toBe('Binary data (Content-Type image/png, 8 B): its bytes are in the Raw tab.');
    await page.goto(`${url}#3`);
    await expect.poll(() => page.locator('#detail .body-panel .note').textContent()).toBe('Binary data (NUL bytes, 15 B): its bytes are in the Raw tab.');
    await page.goto(`${url}#diff-4-5`);
    await expect.poll(() => page.locator('.diff-body .line').count()).toBe(2);
    expect(await page.locator('.diff-body .line.del').textContent()).toBe(`−${'a'.repeat(512 * 1024)} … ${(600_000 - 512 * 1024).toLocaleString('en')} more characters`);
    expect(await page.locator('.diff-body .line.add').textContent()).toBe('+ … 600,000 more characters');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a diff past its budget shows a line shorter than its note whole, and its notes inside the padding', async () => {
    const store = createRecordStore();
    store.add(captureRecord({ a: 'x'.repeat(600_000) }));
    store.add(captureRecord({ a: 'y'.repeat(600_000) }));
    // Past the 50,000 lines a diff reads: it says it compared the first of them.
    store.add(captureRecord(Array.from({ length: 60_000 }, (_, i) => (i === 0 ? -1 : i))));
    store.add(captureRecord(Array.from({ length: 60_000 }, (_, i) => (i === 0 ? -2 : i))));
    const { url } = await inspector({ source: store, label: 'test', live: true, pageDir: PAGE_DIR });
    const page = await browser.page();
    await page.goto(`${url}#diff-1-2`);
    await expect.poll(() => page.locator('.diff-body .line').count()).toBe(4);
    // '}' was drawn '  … 1 more character': its note, longer than the line itself.
    expect(await page.locator('.diff-body .line.same').allTextContents()).toEqual([' {', ' }']);
    expect(await page.locator('.diff-body .line.add').textContent()).toBe('+ … 600,009 more characters');
    await page.goto(`${url}#diff-3-4`);
    const compared = page.locator('.diff-compared');
    await expect.poll(() => compared.count()).toBe(1);
    const [note, body] = [await compared.boundingBox(), await page.locator('.diff-body').boundingBox()];
    expect(note?.x).toBe(body?.x);
    expect(note?.width).toBe(body?.width);
    await page.close();
  });

  it('a JSON string of 3,000,000 characters is drawn cut, saying how many it left out, with the rest of the body', async () => {
    const store = createRecordStore();
    store.add(captureRecord({ s: 'z'.repeat(3_000_000), t: 1 }));
    const { url } = await inspector({ source: store, label: 'test', live: true, pageDir: PAGE_DIR });
    const page = await browser.page();
    await page.goto(`${url}#1`);
    // Drawn whole it was ~21.7 million px wide, and Chromium painted none of it: the box read `{ "s": }`.
    await expect.poll(() => page.locator('#detail .json .line').count()).toBe(4);
    const left = (3_000_002 - 256 * 1024).toLocaleString('en');
    expect(await page.locator('#detail .json .line').allTextContents()).toEqual(['{', `  "s": "${'z'.repeat(256 * 1024 - 1)} … ${left} more characters,`, '  "t": 1', '}']);
    expect(await page.locator('#detail .json .v-string').evaluate((node) => node.getBoundingClientRect().width)).toBeLessThan(4_000_000);
    expect(await page.locator('#detail .body-panel > .note').textContent()).toBe('Longer than shown: the whole body is in the capture file (Download capture).');
    // Not the whole body, so not edited as if it were.
    expect(await page.locator('label.check', { hasText: 'edit body' }).locator('input').isDisabled()).toBe(true);
    await page.close();
  });
});
