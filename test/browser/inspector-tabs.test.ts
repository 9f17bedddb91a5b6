// Many tabs of the inspector page in one real Chromium. A browser opens at most six connections to a
// host and an event stream holds one: with a stream per tab, a seventh tab never loaded and no tab
// could fetch a record. The tabs share one stream (page/feed.ts); this opens eight.
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startInspector } from '../../src/inspector/server.js';
import { createRecordStore } from '../../src/inspector/source.js';
import { browserHarness, hasChromium } from '../helpers/browser.js';
import { captureRecord } from '../helpers/capture.js';
import { closedAfterEach } from '../helpers/server.js';

const PAGE_DIR = fileURLToPath(new URL('../../dist/inspector/page/', import.meta.url));
const record = (path: string) => captureRecord({ path }, { path, headers: { 'content-type': 'application/json' } });
type InPage = { location: { hash: string } };
const setHash = (page: Page, hash: string) => page.evaluate((next) => void ((globalThis as unknown as InPage).location.hash = next), hash);
const requests = (n: number): string => `${n} request${n === 1 ? '' : 's'}`;

describe.runIf(hasChromium || process.env['CI'] !== undefined)('inspector page: many tabs', () => {
  const browser = browserHarness();
  const inspector = closedAfterEach(startInspector);

  it('eight tabs share one event stream: each loads, stays live and fetches a detail; closing the tab that reads it hands it on', async () => {
    const store = createRecordStore();
    store.add(record('/first'));
    const { url } = await inspector({ source: store, label: 'test', live: true, pageDir: PAGE_DIR });
    const { context, tab } = await browser.context();
    let streams = 0;
    context.on('request', (request) => void (new URL(request.url()).pathname === '/api/events' && streams++));
    const tabs: Page[] = [];
    for (let i = 0; i < 8; i++) tabs.push(await tab());
    const first = tabs[0] as Page;
    for (const page of tabs) {
      await page.goto(url);
      await expect.poll(() => page.locator('#state').textContent()).toBe('live');
      await expect.poll(() => page.locator('#count').textContent()).toBe(requests(1));
    }
    expect(streams).toBe(1);

    store.add(record('/second'));
    for (const page of tabs) await expect.poll(() => page.locator('#count').textContent()).toBe(requests(2));
    // The eighth tab can still reach the server: a record's detail loads.
    const last = tabs[7] as Page;
    await setHash(last, '#2');
    await expect.poll(() => last.locator('.detail-head .target').textContent()).toBe('/second');

    // The first tab reads the stream; once it closes, another tab takes it over and no row is missed.
    await first.close();
    await expect.poll(() => streams).toBe(2);
    store.add(record('/third'));
    for (const page of tabs.slice(1)) await expect.poll(() => page.locator('#count').textContent()).toBe(requests(3));
    expect(streams).toBe(2);
  });
});
