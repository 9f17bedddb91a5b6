// The page's filters as a reader uses them, in a real Chromium: text copied from the detail's
// pretty-printed body finds its request, and the path filter reads the whole path, as sent or decoded.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startInspector } from '../../src/inspector/server.js';
import { startReceiver } from '../../src/receiver/server.js';
import { createRecordStore } from '../../src/inspector/source.js';
import { browserHarness, hasChromium } from '../helpers/browser.js';
import { captureRecord } from '../helpers/capture.js';
import { closedAfterEach } from '../helpers/server.js';

const PAGE_DIR = fileURLToPath(new URL('../../dist/inspector/page/', import.meta.url));

const shownIds = async (page: Page): Promise<string[]> => (await page.locator('#rows .row:not([hidden]) .cell.id').allTextContents()).sort();

describe.runIf(hasChromium || process.env['CI'] !== undefined)('inspector page: search and path filter', () => {
  const browser = browserHarness();
  const inspector = closedAfterEach(startInspector);

  it('finds a request by a piece of its body selected in the detail, pretty-printed, as well as compact', async () => {
    const store = createRecordStore();
    store.add(captureRecord({ status: 'firing', labels: { alertname: 'High CPU', severity: 'page' } }));
    store.add(captureRecord({ status: 'resolved', labels: { alertname: 'High CPU', severity: 'ticket' } }));
    store.add(captureRecord({ status: 'fir ing', labels: {} }));
    const { url } = await inspector({ source: store, label: 'test', live: false, pageDir: PAGE_DIR });
    const page = await browser.page();
    await page.goto(`${url}#1`);
    await expect.poll(() => page.locator('#detail .line[data-path="$.labels.severity"]').count()).toBe(1);
    // What the reader copies: from the key "labels" to the value "page", over three drawn lines.
    const copied = await page.locator('#detail').evaluate((detail) => {
      const [start, end] = [detail.querySelector('.line[data-path="$.labels"] .key'), detail.querySelector('.line[data-path="$.labels.severity"] .v-string')];
      const selection = detail.ownerDocument.getSelection();
      if (!start || !end || !selection) return 'nothing to select';
      const range = detail.ownerDocument.createRange();
      range.setStartBefore(start);
      range.setEndAfter(end);
      selection.removeAllRanges();
      selection.addRange(range);
      return selection.toString();
    });
    expect(copied).toMatch(/^"labels": \{\n\s+"alertname": "High CPU",\n\s+"severity": "page"$/);
    await page.fill('#filter-text', copied);
    await expect.poll(() => page.locator('#count').textContent()).toBe('1 of 3 requests');
    expect(await shownIds(page)).toEqual(['#1']);
    for (const [text, ids] of [['"status": "firing"', ['#1']], ['"status":"firing"', ['#1']], ['"status": "fir ing"', ['#3']], ['"alertname": "High CPU"', ['#1', '#2']]] as const) {
      await page.fill('#filter-text', text);
      await expect.poll(() => shownIds(page), { message: text }).toEqual(ids);
    }
    await page.close();
  });

  it('filters by the whole path, as sent (percent-encoded) or as it reads', async () => {
    const store = createRecordStore();
    store.add(captureRecord({ n: 1 }, { path: '/hooks/caf%C3%A9' }));
    store.add(captureRecord({ n: 2 }, { path: '/a%20b' }));
    // Past the 300 characters a row carries of it.
    store.add(captureRecord({ n: 3 }, { path: `/long/${'x'.repeat(400)}/caf%C3%A9/end` }));
    store.add(captureRecord({ n: 4 }, { path: '/other' }));
    const { url } = await inspector({ source: store, label: 'test', live: false, pageDir: PAGE_DIR });
    const page = await browser.page();
    await page.goto(url);
    await expect.poll(() => page.locator('#count').textContent()).toBe('4 requests');
    for (const [path, ids] of [['/hooks/café', ['#1']], ['/hooks/caf%C3%A9', ['#1']], ['/a b', ['#2']], ['/a%20b', ['#2']], ['café/end', ['#3']], ['/caf', ['#1', '#3']], ['/nowhere', []]] as const) {
      await page.fill('#filter-path', path);
      await expect.poll(() => shownIds(page), { message: path }).toEqual(ids);
    }
    await page.fill('#filter-path', '');
    await expect.poll(() => page.locator('#count').textContent()).toBe('4 requests');
    await page.close();
  });

  it('keeps the rows a reader scrolled to in place while new requests match the path or text filter', async () => {
    const store = createRecordStore();
    const hook = (id: number) => captureRecord({ id }, { path: id % 2 === 0 ? `/seven/${id}` : `/other/${id}` });
    for (let id = 1; id <= 400; id++) store.add(hook(id));
    const { url } = await inspector({ source: store, label: 'test', live: true, pageDir: PAGE_DIR });
    const page = await browser.page();
    await page.goto(url);
    // The row at the top of the list's view, as the reader sees it.
    const topRow = () =>
      page.locator('#rows').evaluate((node) => {
        const box = node.getBoundingClientRect();
        return node.ownerDocument.elementFromPoint(box.left + 200, box.top + 5)?.closest('.row')?.getAttribute('data-id');
      });
    let [total, matching] = [400, 200];
    for (const [filter, value] of [['#filter-path', 'seven'], ['#filter-text', 'seven']] as const) {
      await page.fill('#filter-path', '');
      await expect.poll(() => page.locator('#count').textContent()).toBe(`${total} requests`);
      await page.fill(filter, value);
      await expect.poll(() => page.locator('#count').textContent()).toBe(`${matching} of ${total} requests`);
      await page.locator('#rows').evaluate((node) => node.scrollTo(0, 90 * 30));
      await expect.poll(topRow).not.toBe(undefined);
      const before = await topRow();
      for (let i = 0; i < 3; i++) store.add(hook(2 * ++total));
      matching += 3;
      await expect.poll(() => page.locator('#count').textContent()).toBe(`${matching} of ${total} requests`);
      // Drawn at the next frame: two frames on, it has.
      await page.evaluate(() => new Promise((resolve) => (globalThis as unknown as { requestAnimationFrame(f: () => void): void }).requestAnimationFrame(() => (globalThis as unknown as { requestAnimationFrame(f: () => void): void }).requestAnimationFrame(() => resolve(undefined)))));
      expect(await topRow(), filter).toBe(before);
    }
    await page.close();
  });

  it('finds a search longer than a URL holds, and says a search failed, showing no request as matching it, when the server refuses it', async () => {
    const store = createRecordStore();
    for (const n of [1, 2, 3]) store.add(captureRecord({ n, word: n === 2 ? 'needle'.repeat(4000) : 'hay' }));
    const { url } = await inspector({ source: store, label: 'test', live: false, pageDir: PAGE_DIR });
    const page = await browser.page();
    await page.goto(url);
    await page.fill('#filter-text', 'needle');
    await expect.poll(() => page.locator('#count').textContent()).toBe('1 of 3 requests');
    // Past what Node takes in a request's headers (16 KiB): it was refused (431) and the page said the search failed.
    await page.fill('#filter-text', 'hay');
    await expect.poll(() => page.locator('#count').textContent()).toBe('2 of 3 requests');
    await page.fill('#filter-text', 'needle'.repeat(4000));
    await expect.poll(() => page.locator('#count').textContent()).toBe('1 of 3 requests');
    expect(await shownIds(page)).toEqual(['#2']);
    await page.route('**/api/search*', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":"out of memory"}' }));
    await page.fill('#filter-text', 'needl');
    await expect.poll(() => page.locator('#count').textContent()).toBe('search failed (3 requests in all)');
    expect(await shownIds(page)).toEqual([]);
    expect(await page.locator('#empty').textContent()).toBe('The search failed: out of memory');
    await page.unroute('**/api/search*');
    await page.fill('#filter-text', '');
    await expect.poll(() => page.locator('#count').textContent()).toBe('3 requests');
    await page.close();
  });

  it('says how many records a search could not read, once the capture file was truncated under the page', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-inspector-'));
    const file = join(dir, 'captures.ndjson');
    const receiver = await startReceiver({ save: file, retain: 0 });
    try {
      const store = createRecordStore({ captureFile: file, retain: 0 });
      receiver.subscribe((event) => event.type === 'request' && store.add(event.record, event.line, event.placement));
      const { url } = await inspector({ source: store, label: 'test', live: true, pageDir: PAGE_DIR });
      const post = (body: string) => fetch(receiver.url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      for (const n of [1, 2, 3]) await post(`{"before":${n}}`);
      await writeFile(file, '');
      for (const n of [1, 2]) await post(`{"after":${n}}`);
      const page = await browser.page();
      await page.goto(url);
      await expect.poll(() => page.locator('#count').textContent()).toBe('5 requests');
      await page.fill('#filter-text', 'after');
      await expect.poll(() => page.locator('#count').textContent()).toBe('2 of 5 requests (3 not searched: no longer readable)');
      expect(await shownIds(page)).toEqual(['#4', '#5']);
      await page.fill('#filter-text', '');
      await expect.poll(() => page.locator('#count').textContent()).toBe('5 requests');
      await page.close();
    } finally {
      await receiver.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
