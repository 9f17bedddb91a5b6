// The inspector page as a user meets it beyond the happy path, in a real Chromium: quick moves
// through the list, three ticks, arrow keys after a tick, a live session letting go of its oldest
// requests, whk stopping and starting again under an open page, links to requests that do not
// exist, secrets asked for one request, and a phone-sized window.
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startInspector } from '../../src/inspector/server.js';
import { createRecordStore } from '../../src/inspector/source.js';
import { browserHarness, hasChromium } from '../helpers/browser.js';
import { captureRecord } from '../helpers/capture.js';
import { contrast } from '../helpers/contrast.js';
import { closedAfterEach } from '../helpers/server.js';

// The page as built (npm run build), served by the server's source.
const PAGE_DIR = fileURLToPath(new URL('../../dist/inspector/page/', import.meta.url));
const row = (page: Page, id: number) => page.locator(`#rows .row[data-id="${id}"]:not([hidden])`);
const target = (page: Page) => page.locator('.detail-head .target').textContent();
// The test files compile without the DOM's types: the page's location, as the test reaches it.
type InPage = { location: { hash: string } };
const setHash = (page: Page, hash: string) => page.evaluate((next) => void ((globalThis as unknown as InPage).location.hash = next), hash);
const hashOf = (page: Page) => page.evaluate(() => (globalThis as unknown as InPage).location.hash);
const record = (path: string, headers: Record<string, string> = {}) => captureRecord({ path }, { path, headers: { 'content-type': 'application/json', ...headers } });

describe.runIf(hasChromium || process.env['CI'] !== undefined)('inspector page: navigation, state and layout', () => {
  const browser = browserHarness();
  const inspector = closedAfterEach(startInspector);

  async function live(paths: string[], options: { retain?: number; port?: number } = {}) {
    const store = createRecordStore();
    for (const path of paths) store.add(record(path));
    const started = await inspector({ source: store, label: 'test', live: true, pageDir: PAGE_DIR, ...options });
    return { store, url: started.url, inspector: started };
  }

  /** A live session's page, opened and showing its rows. */
  async function opened(paths: string[], options: { retain?: number } = {}) {
    const session = await live(paths, options);
    const page = await browser.page();
    await page.goto(session.url);
    await expect.poll(() => page.locator('#count').textContent()).toBe(`${paths.length} request${paths.length === 1 ? '' : 's'}`);
    return { ...session, page };
  }

  it('shows the request the hash names, even when an earlier answer arrives last', async () => {
    const { page } = await opened(['/first', '/second']);
    // #1's detail is held back until #2's is shown.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/records/1', async (route) => {
      await held;
      await route.continue();
    });
    await setHash(page, '#1');
    await setHash(page, '#2');
    await expect.poll(() => target(page)).toBe('/second');
    const late = page.waitForResponse('**/api/records/1');
    release();
    await late;
    // The late answer has been read (and dropped) once the page has run a turn after it.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(await target(page)).toBe('/second');
    expect(await page.locator('#rows .row.selected').getAttribute('data-id')).toBe('2');
    await page.close();
  });

  it('scrolls a link\u2019s request, deep in the list, into view and marks it once the rows arrive', async () => {
    const { url } = await live(Array.from({ length: 300 }, (_, i) => `/${i + 1}`));
    const page = await browser.page();
    // Opened before the rows came: the row is 280 rows down, far out of view.
    await page.goto(`${url}#20`);
    await expect.poll(() => target(page)).toBe('/20');
    await expect.poll(() => row(page, 20).count()).toBe(1);
    expect(await page.locator('#rows .row.selected:not([hidden])').getAttribute('data-id')).toBe('20');
    const [box, list] = [await row(page, 20).boundingBox(), await page.locator('#rows').boundingBox()];
    expect(box !== null && list !== null && box.y >= list.y && box.y + box.height <= list.y + list.height).toBe(true);
    await page.close();
  });

  it('loads the selected request again when its row is clicked after a failed load', async () => {
    const { url } = await live(['/only']);
    const page = await browser.page();
    let failures = 1;
    await page.route('**/api/records/1', (route) =>
      failures-- > 0 ? route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":"cannot read the capture file"}' }) : route.continue(),
    );
    await page.goto(url);
    await row(page, 1).click();
    await expect.poll(() => page.locator('#detail .placeholder.bad').textContent()).toBe('cannot read the capture file');
    await row(page, 1).click();
    await expect.poll(() => target(page)).toBe('/only');
    await page.close();
  });

  it('says what three ticks need, and moves with the arrow keys after a tick', async () => {
    const { page } = await opened(['/a', '/b', '/c']);
    for (const id of [1, 2, 3]) await row(page, id).locator('input[type=checkbox]').check();
    expect(await page.locator('#diff-button').textContent()).toBe('Diff (untick 1)');
    expect(await page.locator('#diff-button').isDisabled()).toBe(true);
    // The last tick left the focus on #3's check box: the arrows still move through the list, from there.
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => hashOf(page)).toBe('#2');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => hashOf(page)).toBe('#1');
    await row(page, 3).locator('input[type=checkbox]').uncheck();
    expect(await page.locator('#diff-button').textContent()).toBe('Diff selected');
    await page.close();
  });

  it('moves through the list with the arrow keys without a history entry per row: Back returns to where the moves began', async () => {
    const { page } = await opened(['/a', '/b', '/c']);
    await row(page, 3).click();
    await expect.poll(() => target(page)).toBe('/c');
    const entries = () => page.evaluate(() => (globalThis as unknown as { history: { length: number } }).history.length);
    const before = await entries();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => target(page)).toBe('/b');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => target(page)).toBe('/a');
    expect(await hashOf(page)).toBe('#1');
    // One entry for the run of moves, not one per row.
    expect(await entries()).toBe(before + 1);
    // Back returns to the row the moves began at, not to #2; then to the page before the click.
    await page.goBack();
    await expect.poll(() => hashOf(page)).toBe('#3');
    await expect.poll(() => target(page)).toBe('/c');
    await page.goBack();
    await expect.poll(() => hashOf(page)).toBe('');
    await page.close();
  });

  it('shows the body when an issue of a body not drawn as JSON is clicked', async () => {
    const store = createRecordStore();
    store.add(captureRecord(null, { path: '/text', headers: { 'content-type': 'text/plain' }, valid: false, issues: [{ path: '$', message: 'the body is not JSON' }] }));
    const started = await inspector({ source: store, label: 'test', live: true, pageDir: PAGE_DIR });
    const page = await browser.page();
    await page.goto(`${started.url}#1`);
    await expect.poll(() => target(page)).toBe('/text');
    await page.locator('.detail-head ~ .tabs .tab', { hasText: 'Headers' }).click();
    await page.locator('.issues .issue button.path').click();
    // The body tab is shown and its text flashes: the click did something a reader can see.
    await expect.poll(() => page.locator('.body-panel').isVisible()).toBe(true);
    await expect.poll(() => page.locator('.body-panel pre.text').getAttribute('class')).toContain('flash');
    await page.close();
  });

  it('lets go of the rows a live session no longer keeps, and unticks them', async () => {
    const { store, page } = await opened(['/1', '/2', '/3'], { retain: 3 });
    await row(page, 1).locator('input[type=checkbox]').check();
    store.add(record('/4'));
    store.add(record('/5'));
    await expect.poll(() => page.locator('#rows .row:not([hidden]) .cell.id').allTextContents()).toEqual(['#5', '#4', '#3']);
    expect(await page.locator('#count').textContent()).toBe('3 requests (from #3: the page keeps the newest 3)');
    expect(await page.locator('#diff-button').textContent()).toBe('Diff (pick 2 more)');
    // A link to an evicted one says why it is not there; to one yet to come, that; a diff of both, each.
    const said = () => page.locator('#detail .placeholder.bad').textContent();
    await setHash(page, '#1');
    await expect.poll(said).toBe('There is no request #1 here: it is older than the newest 3 this session keeps.');
    await setHash(page, '#9');
    await expect.poll(said).toBe('There is no request #9 here: it has not arrived yet.');
    await setHash(page, '#diff-1-9');
    await expect.poll(said).toBe('There is no request #1 or #9 here: #1 is older than the newest 3 this session keeps, and #9 has not arrived yet.');
    await page.close();
  });

  it('writes how many a live session keeps grouped as the count is (1,000)', async () => {
    const { store, url } = await live(Array.from({ length: 1000 }, (_, i) => `/${i + 1}`), { retain: 1000 });
    const page = await browser.page();
    await page.goto(url);
    await expect.poll(() => page.locator('#count').textContent()).toBe('1,000 requests');
    store.add(record('/1001'));
    await expect.poll(() => page.locator('#count').textContent()).toBe('1,000 requests (from #2: the page keeps the newest 1,000)');
    await page.close();
  });

  it('keeps the rows a reader scrolled to in place while a full live session takes new ones', async () => {
    const { store, page } = await opened(Array.from({ length: 40 }, (_, i) => `/${i + 1}`), { retain: 40 });
    // The row at the top of the list's view, as the reader sees it.
    const topRow = () =>
      page.locator('#rows').evaluate((node) => {
        const box = node.getBoundingClientRect();
        return node.ownerDocument.elementFromPoint(box.left + 200, box.top + 5)?.closest('.row')?.getAttribute('data-id');
      });
    // #1, ticked, is let go with the first new row: its tick going says the page has taken them.
    await page.locator('#rows').evaluate((node) => node.scrollTo(0, node.scrollHeight));
    await row(page, 1).locator('input[type=checkbox]').check();
    await page.locator('#rows').evaluate((node) => node.scrollTo(0, 10 * 30));
    await expect.poll(topRow).toBe('30');
    for (let i = 41; i <= 45; i++) store.add(record(`/${i}`));
    await expect.poll(() => page.locator('#diff-button').textContent()).toBe('Diff (pick 2 more)');
    // The list draws on the next frame: two frames on, it has.
    await page.evaluate(() => new Promise((resolve) => (globalThis as unknown as { requestAnimationFrame(f: () => void): void }).requestAnimationFrame(() => (globalThis as unknown as { requestAnimationFrame(f: () => void): void }).requestAnimationFrame(() => resolve(undefined)))));
    expect(await topRow()).toBe('30');
    expect(await page.locator('#count').textContent()).toBe('40 requests (from #6: the page keeps the newest 40)');
    await page.close();
  });

  it('opens a link to a request that has not arrived yet once it does, and says when nothing matches the filters', async () => {
    const { store, url } = await live([]);
    const page = await browser.page();
    await page.goto(`${url}#2`);
    expect(await page.locator('#empty').textContent()).toBe('Waiting for requests…');
    await expect.poll(() => page.locator('#detail .placeholder.bad').textContent()).toContain('There is no request #2 here');
    store.add(record('/one'));
    store.add(record('/two'));
    await expect.poll(() => target(page)).toBe('/two');
    await page.fill('#filter-path', 'nothing-like-this');
    // The path filter is the server's search (it reads the whole path): its answer comes in a while.
    await expect.poll(() => page.locator('#empty').isVisible()).toBe(true);
    expect(await page.locator('#empty').textContent()).toBe('No request matches the filters.');
    await page.close();
  });

  it('opens a link to a request that came before the page read its rows', async () => {
    const { store, url } = await live([]);
    const page = await browser.page();
    // The rows so far reach the page only after it has found #2 missing.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/events', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${url}#2`);
    await expect.poll(() => page.locator('#detail .placeholder.bad').textContent()).toContain('There is no request #2 here');
    store.add(record('/one'));
    store.add(record('/two'));
    release();
    await expect.poll(() => target(page)).toBe('/two');
    await page.close();
  });

  it('says requests are numbered from 1 to a link to #0, which can never arrive', async () => {
    const { url } = await live(['/one']);
    const page = await browser.page();
    await page.goto(`${url}#0`);
    await expect.poll(() => page.locator('#detail .placeholder.bad').textContent()).toBe('There is no request #0: requests are numbered from 1.');
    await setHash(page, '#diff-0-1');
    await expect.poll(() => page.locator('#detail .placeholder.bad').textContent()).toBe('There is no request #0: requests are numbered from 1.');
    await page.close();
  });

  it('says a capture file has no request by a number a link names', async () => {
    const store = createRecordStore();
    store.add(record('/kept'));
    const { url } = await inspector({ source: store, label: 'captures.ndjson', live: false, pageDir: PAGE_DIR });
    const page = await browser.page();
    await page.goto(`${url}#diff-1-7`);
    await expect.poll(() => page.locator('#detail .placeholder.bad').textContent()).toBe('There is no request #7 here: the capture file has none by that number.');
    // A number past 2^53 is said as it was typed, not as the nearest double.
    await page.goto(`${url}#99999999999999999999`);
    await expect.poll(() => page.locator('#detail .placeholder.bad').textContent()).toBe('There is no request #99999999999999999999 here: the capture file has none by that number.');
    await page.close();
  });

  it('outlives whk: says it cannot reach it, then shows the new session, not the old one’s detail or ticks', async () => {
    const first = await live(['/old-1', '/old-2']);
    const page = await browser.page();
    await page.goto(`${first.url}#2`);
    await expect.poll(() => target(page)).toBe('/old-2');
    await row(page, 1).locator('input[type=checkbox]').check();
    const port = Number(new URL(first.url).port);
    await first.inspector.close();
    await expect.poll(() => page.locator('#state').textContent()).toBe('disconnected');
    await row(page, 1).click();
    await expect.poll(() => page.locator('#detail .placeholder.bad').textContent()).toContain('whk does not answer');

    // whk started again on the same port: request #1 and #2 are other requests now.
    await live(['/new-1', '/new-2'], { port });
    await setHash(page, '#2');
    await expect.poll(() => page.locator('#state').textContent(), { timeout: 20_000 }).toBe('live');
    await expect.poll(() => page.locator('#rows .row:not([hidden]) .cell.path').allTextContents()).toEqual(['/new-2', '/new-1']);
    await expect.poll(() => target(page)).toBe('/new-2');
    // Not swapped without a word: #2 named /old-2 on this page before.
    expect(await page.locator('#detail .session-note').textContent()).toBe("whk started again: #2 is this session's, not the request this address showed before.");
    expect(await row(page, 1).locator('input[type=checkbox]').isChecked()).toBe(false);
    expect(await page.locator('#diff-button').textContent()).toBe('Diff (pick 2 more)');
    await page.close();
  });

  it("says what its source is after another whk takes the port: a receiver's page where whk inspect's was, and back", async () => {
    const file = async (port?: number) => {
      const store = createRecordStore({});
      store.add(record('/from-file'));
      const started = await inspector({ source: store, label: 'captures.ndjson', live: false, pageDir: PAGE_DIR, port });
      started.notice("'captures.ndjson' was replaced: the page keeps showing the file it read");
      return started;
    };
    const badge = async (page: Page) => [await page.locator('#state').textContent(), await page.locator('#source').textContent(), await page.locator('#notice').isVisible()];
    const inspected = await file();
    const port = Number(new URL(inspected.url).port);
    const page = await browser.page();
    await page.goto(inspected.url);
    await expect.poll(() => badge(page)).toEqual(['capture file', 'captures.ndjson', true]);
    await inspected.close();
    await expect.poll(() => page.locator('#state').textContent()).toBe('disconnected');
    const receiver = await live(['/live'], { port });
    await expect.poll(() => badge(page), { timeout: 20_000 }).toEqual(['live', 'test', false]);
    await receiver.inspector.close();
    await expect.poll(() => page.locator('#state').textContent()).toBe('disconnected');
    await file(port);
    await expect.poll(() => badge(page), { timeout: 20_000 }).toEqual(['capture file', 'captures.ndjson', true]);
    await page.close();
  });

  /** A page showing #2 (/old-2) of a live session whk then stopped; the port to start it again on. */
  async function stoppedUnderPage(): Promise<{ page: Page; port: number }> {
    const first = await live(['/old-1', '/old-2']);
    const page = await browser.page();
    await page.goto(`${first.url}#2`);
    await expect.poll(() => target(page)).toBe('/old-2');
    await first.inspector.close();
    await expect.poll(() => page.locator('#state').textContent()).toBe('disconnected');
    return { page, port: Number(new URL(first.url).port) };
  }

  it('says so of a number the page showed before whk started again that the new session reaches only later', async () => {
    const { page, port } = await stoppedUnderPage();
    // Started again with no request yet: #2 has not arrived.
    const second = await live([], { port });
    await expect.poll(() => page.locator('#state').textContent(), { timeout: 20_000 }).toBe('live');
    await expect.poll(() => page.locator('#detail .placeholder.bad').textContent()).toContain('There is no request #2 here');
    second.store.add(record('/new-1'));
    second.store.add(record('/new-2', { 'x-new': '1' }));
    await expect.poll(() => target(page)).toBe('/new-2');
    // It was shown in /old-2's place without a word.
    expect(await page.locator('#detail .session-note').textContent()).toBe("whk started again: #2 is this session's, not the request this address showed before.");
    await page.close();
  });

  it('says so too of a request the page showed before its stream first connected', async () => {
    const first = await live(['/old-1', '/old-2']);
    const page = await browser.page();
    // The stream is held until whk has stopped: the page shows #2 without ever having had its rows.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let aborted: Promise<void> = Promise.resolve();
    await page.route('**/api/events', (route) => {
      aborted = held.then(() => route.abort());
    });
    await page.goto(`${first.url}#2`);
    await expect.poll(() => target(page)).toBe('/old-2');
    await first.inspector.close();
    release();
    await aborted;
    await page.unroute('**/api/events');
    await expect.poll(() => page.locator('#state').textContent()).toBe('disconnected');
    const second = await live([], { port: Number(new URL(first.url).port) });
    await expect.poll(() => page.locator('#state').textContent(), { timeout: 20_000 }).toBe('live');
    await expect.poll(() => page.locator('#detail .placeholder.bad').textContent()).toContain('There is no request #2 here');
    second.store.add(record('/new-1'));
    second.store.add(record('/new-2'));
    await expect.poll(() => target(page)).toBe('/new-2');
    expect(await page.locator('#detail .session-note').textContent()).toBe("whk started again: #2 is this session's, not the request this address showed before.");
    await page.close();
  });

  it("says so too when the new session's request arrives while the page is still asking for that number", async () => {
    const { page, port } = await stoppedUnderPage();
    // Every ask for #2 is held until the new session's #2 has reached the page's list.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/records/2', async (route) => {
      await held;
      await route.continue();
    });
    const asked = page.waitForRequest('**/api/records/2');
    const second = await live([], { port });
    await asked;
    second.store.add(record('/new-1'));
    second.store.add(record('/new-2'));
    await expect.poll(() => row(page, 2).locator('.cell.path').textContent(), { timeout: 10_000 }).toBe('/new-2');
    release();
    await expect.poll(() => target(page)).toBe('/new-2');
    await expect.poll(() => page.locator('#detail .session-note').textContent()).toBe("whk started again: #2 is this session's, not the request this address showed before.");
    await page.close();
  });

  it('keeps the text filter up to date while requests keep arriving', async () => {
    const { store, page } = await opened(['/hay-0', '/needle-0']);
    // A request every few milliseconds: the page is sent rows far more often than it waits before searching.
    let added = 0;
    const traffic = setInterval(() => store.add(record(`/hay-${++added}`)), 5);
    try {
      await page.fill('#filter-text', 'needle');
      await expect.poll(() => page.locator('#rows .row:not([hidden]) .cell.path').allTextContents()).toEqual(['/needle-0']);
      store.add(record('/needle-1'));
      await expect.poll(() => page.locator('#rows .row:not([hidden]) .cell.path').allTextContents(), { timeout: 10_000 }).toEqual(['/needle-1', '/needle-0']);
    } finally {
      clearInterval(traffic);
    }
    await page.close();
  });

  it('shows the secrets of the request they were asked for only', async () => {
    const store = createRecordStore();
    store.add(record('/a', { authorization: 'Bearer first-secret' }));
    store.add(record('/b', { authorization: 'Bearer second-secret' }));
    const { url } = await inspector({ source: store, label: 'test', live: true, pageDir: PAGE_DIR });
    const page = await browser.page();
    await page.goto(`${url}#1`);
    // Copied masked, the command says so: it would not pass a signature check.
    await page.click('button:text("Copy as curl")');
    await expect.poll(() => page.locator('.action-output .note').textContent()).toMatch(/ \(secrets masked: Show secrets, under Headers, copies them\):$/);
    expect(await page.locator('.curl').inputValue()).not.toContain('first-secret');
    await page.click('.tab[data-tab="headers"]');
    await page.click('.panel button.link:text("Show secrets")');
    await expect.poll(() => page.locator('.kv').first().textContent()).toContain('first-secret');
    await setHash(page, '#2');
    await expect.poll(() => target(page)).toBe('/b');
    expect(await page.locator('.kv').first().textContent()).not.toContain('second-secret');
    expect(await page.locator('.panel button.link').textContent()).toBe('Show secrets');
    await page.close();
  });

  it('says a replay URL typed without its scheme lacks it, and which URL it likely means, as whk replay does', async () => {
    const { page } = await opened(['/a']);
    await setHash(page, '#1');
    await expect.poll(() => target(page)).toBe('/a');
    // The placeholder's URL as one types it, without http://.
    await page.fill('.replay-url', 'localhost:3000/webhook');
    await page.press('.replay-url', 'Enter');
    await expect.poll(() => page.locator('.action-output').textContent()).toBe("invalid `url` 'localhost:3000/webhook': the scheme is missing (did you mean http://localhost:3000/webhook?)");
    await page.close();
  });

  it('gives a request the same time in the list and the detail, in the browser’s time zone', async () => {
    const { url } = await live(['/hook']);
    const page = await browser.page({ timezoneId: 'America/New_York' });
    await page.goto(`${url}#1`);
    // The record says 10:00 UTC (test/helpers/capture.ts): 05:00 in New York that January.
    await expect.poll(() => row(page, 1).locator('.time').textContent()).toBe('05:00:00.000');
    await expect.poll(() => page.locator('.facts dd').first().textContent()).toBe('#1 received 2026-01-05 05:00:00.000 (2026-01-05 10:00:00.000 UTC)');
    await page.close();
  });

  it('says an answer its sender never saw was never seen, in the detail and the list', async () => {
    const store = createRecordStore();
    store.add(captureRecord({}, { path: '/gone', status: 200, unseen: true, warnings: ['the sender had closed the connection when whk answered, 40 ms after its body arrived: it never saw this 200'] }));
    store.add(captureRecord({}, { path: '/seen', status: 200 }));
    const { url } = await inspector({ source: store, label: 'test', live: true, pageDir: PAGE_DIR });
    const page = await browser.page();
    await page.goto(`${url}#1`);
    await expect.poll(() => page.locator('.facts').textContent()).toContain('Answered200, never seen: the connection was gone first (see the warning)');
    // The list marks it too, not only the detail: struck through, with words for a screen reader.
    const status = (id: number) => row(page, id).locator('.status');
    expect(await status(1).textContent()).toBe('200 (never seen)');
    expect(await status(1).evaluate((node) => node.ownerDocument.defaultView?.getComputedStyle(node).textDecorationLine)).toBe('line-through');
    expect(await status(1).getAttribute('title')).toBe('200, never seen: the sender hung up before the answer');
    expect(await status(2).textContent()).toBe('200');
    expect(await status(2).evaluate((node) => node.ownerDocument.defaultView?.getComputedStyle(node).textDecorationLine)).toBe('none');
    // Its warning is marked in the list too, with words for a screen reader; the other has none.
    const verdict = (id: number) => row(page, id).locator('.verdict');
    expect(await verdict(1).textContent()).toBe('valid ⚠ (1 warning)');
    expect(await verdict(1).getAttribute('title')).toBe("1 warning: see the request's detail");
    expect(await verdict(2).textContent()).toBe('valid');
    // And the verdict filter finds the requests with warnings, whatever their verdict.
    await page.selectOption('#filter-verdict', 'warnings');
    await expect.poll(() => page.locator('#rows .row:not([hidden])').count()).toBe(1);
    expect(await page.locator('#rows .row:not([hidden]) .path').textContent()).toBe('/gone');
    await page.close();
  });

  it('says of a signature no secret checked whether one came, and by which header', async () => {
    const store = createRecordStore();
    store.add(captureRecord({}, { path: '/signed', kind: 'github', headers: { 'x-hub-signature-256': 'sha256=00' } }));
    store.add(captureRecord({}, { path: '/unsigned', kind: 'github' }));
    store.add(captureRecord({}, { path: '/plain' }));
    const { url } = await inspector({ source: store, label: 'test', live: true, pageDir: PAGE_DIR });
    const page = await browser.page();
    const signatureOf = async (id: number) => {
      await setHash(page, `#${id}`);
      await expect.poll(() => page.locator('.facts').textContent()).toContain(`Request#${id} `);
      return page.locator('.facts dt:text-is("Signature") + dd').textContent();
    };
    await page.goto(url);
    expect(await signatureOf(1)).toBe('not checked: it came signed (x-hub-signature-256, github) and the receiver had no secret for it (whk listen --secret)');
    expect(await signatureOf(2)).toBe("none: no x-hub-signature-256 header came (github's signature)");
    expect(await signatureOf(3)).toBe('none: no header of a signature scheme whk knows came with it');
    await page.close();
  });

  it('fits every row in the list beside the detail, from a laptop to a wide screen', async () => {
    const { url } = await live(['/hooks/alerts?team=sre']);
    const page = await browser.page();
    await page.goto(`${url}#1`);
    await expect.poll(() => target(page)).toBe('/hooks/alerts?team=sre');
    for (const width of [800, 1024, 1100, 1280, 1366, 1440, 1501, 1920, 2560]) {
      await page.setViewportSize({ width, height: 800 });
      const list = await page.locator('.list').boundingBox();
      // The right edge of the last column drawn (a hidden one has none), in the header and in a row.
      const rightmost = (selector: string) => page.locator(selector).evaluateAll((cells) => Math.max(...cells.map((cell) => cell.getBoundingClientRect().right)));
      expect(await page.locator('html').evaluate((node) => node.scrollWidth)).toBe(width);
      expect(await rightmost('.row.head .cell'), `header at ${width} px`).toBeLessThanOrEqual((list?.x ?? 0) + (list?.width ?? 0));
      expect(await rightmost('#rows .row:not([hidden]) .cell'), `row at ${width} px`).toBeLessThanOrEqual((list?.x ?? 0) + (list?.width ?? 0));
      // Every cell drawn is on the row's one line: a column the grid has no track for wraps below, cut to its first letter.
      const below = (selector: string) => page.locator(selector).evaluateAll((cells) => cells.filter((cell) => cell.getBoundingClientRect().bottom > (cell.parentElement?.getBoundingClientRect().top ?? 0) + 30).length);
      expect(await below('.row.head .cell'), `header cells on a second line at ${width} px`).toBe(0);
      expect(await below('#rows .row:not([hidden]) .cell'), `row cells on a second line at ${width} px`).toBe(0);
    }
    await page.close();
  });

  it('says a body came as a form and which field held its JSON (Travis CI’s payload)', async () => {
    const payload = JSON.stringify({ id: 7, state: 'passed' });
    const raw = new URLSearchParams([['payload', payload], ['note', 'one']]).toString();
    const store = createRecordStore();
    store.add(captureRecord(JSON.parse(payload), {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      bodyBase64: Buffer.from(raw).toString('base64'),
      form: { fields: [['payload', payload], ['note', 'one']], json: 'payload' },
    }));
    const { url } = await inspector({ source: store, label: 'test', live: true, pageDir: PAGE_DIR });
    const page = await browser.page();
    await page.goto(`${url}#1`);
    await expect.poll(() => page.locator('.body-panel h3').allTextContents()).toEqual(['Form fields', 'Field payload, as JSON']);
    expect(await page.locator('.body-panel .kv tr').allTextContents()).toEqual(['payloadJSON: shown below', 'noteone']);
    expect(await page.locator('.body-panel .json .line').count()).toBe(4);
    await page.close();
  });

  it('shows a multipart form’s fields, then its files (name, filename, type, size), not as fields', async () => {
    const raw = '--b\r\nContent-Disposition: form-data; name="to"\r\n\r\nops@example.com\r\n--b\r\nContent-Disposition: form-data; name="attachment1"; filename="report.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 ...\r\n--b--\r\n';
    const store = createRecordStore();
    store.add(captureRecord(null, {
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
      bodyBase64: Buffer.from(raw).toString('base64'),
      form: { fields: [['to', 'ops@example.com']], json: null, files: [{ name: 'attachment1', filename: 'report.pdf', contentType: 'application/pdf', size: 2048 }, { name: 'raw', filename: 'blob', contentType: null, size: 3 }] },
    }));
    const { url } = await inspector({ source: store, label: 'test', live: true, pageDir: PAGE_DIR });
    const page = await browser.page();
    await page.goto(`${url}#1`);
    await expect.poll(() => page.locator('.body-panel h3').allTextContents()).toEqual(['Form fields', 'Files', 'As sent']);
    expect(await page.locator('.body-panel .kv').nth(0).locator('tr').allTextContents()).toEqual(['toops@example.com']);
    expect(await page.locator('.body-panel .kv').nth(1).locator('tr').allTextContents()).toEqual(['attachment1report.pdf (application/pdf, 2.0 kB)', 'rawblob (no Content-Type, 3 B)']);
    await page.close();
  });

  it('keeps the verdict and the facts in view under a path of thousands of characters, which scrolls', async () => {
    const long = `/hook/${'segment/'.repeat(150)}?q=${'z'.repeat(400)}`;
    const { page } = await opened([long]);
    for (const width of [1440, 375]) {
      await page.setViewportSize({ width, height: 800 });
      await setHash(page, '#1');
      await expect.poll(() => target(page)).toBe(long);
      const [head, badge, facts] = [await page.locator('.detail-head').boundingBox(), await page.locator('.title .badge').boundingBox(), await page.locator('.facts').boundingBox()];
      expect(badge && head && badge.y - head.y, `badge at ${width} px`).toBeLessThan(40);
      expect(facts && head && facts.y - head.y, `facts at ${width} px`).toBeLessThan(160);
      // The whole path is still there to read, by scrolling its box.
      expect(await page.locator('.title .target').evaluate((node) => node.scrollHeight > node.clientHeight)).toBe(true);
      await setHash(page, '');
    }
    await page.close();
  });

  it('gives a screen reader the list as a table: column headers, rows of cells', async () => {
    const { page } = await opened(['/hook']);
    const table = page.getByRole('table', { name: 'requests' });
    expect(await table.getByRole('columnheader', { name: 'Status' }).count()).toBe(1);
    const first = table.getByRole('row').filter({ has: page.getByRole('cell', { name: '#1', exact: true }) });
    expect(await first.getByRole('cell', { name: '/hook', exact: true }).count()).toBe(1);
    expect(await first.getByRole('checkbox', { name: 'pick to compare' }).count()).toBe(1);
    await page.close();
  });

  it('tells a screen reader which tab of the detail is shown', async () => {
    const { page } = await opened(['/hook']);
    await setHash(page, '#1');
    await expect.poll(() => page.getByRole('tab', { selected: true }).allTextContents()).toEqual(['Body']);
    await page.getByRole('tab', { name: 'Raw' }).click();
    expect(await page.getByRole('tab', { selected: true }).allTextContents()).toEqual(['Raw']);
    await page.close();
  });

  it('shows where the keyboard is: a row and a tab get a ring that stands out from the panel, light or dark', async () => {
    const { url } = await live(['/hook']);
    const ring = (page: Page) => page.evaluate(() => {
      const doc = globalThis as unknown as { document: { activeElement: { matches(s: string): boolean; getAttribute(n: string): string | null; textContent: string | null } | null; querySelector(s: string): unknown }; getComputedStyle(node: unknown): { outlineStyle: string; outlineColor: string; backgroundColor: string } };
      const active = doc.document.activeElement;
      const style = doc.getComputedStyle(active);
      return { name: active?.matches('.row') ? `row ${active.getAttribute('data-id') ?? ''}` : active?.getAttribute('aria-label') ?? active?.textContent ?? '', visible: active?.matches(':focus-visible') ?? false, style: style.outlineStyle, color: style.outlineColor, panel: doc.getComputedStyle(doc.document.querySelector('#detail')).backgroundColor };
    });
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await browser.page({ colorScheme });
      await page.goto(`${url}#1`);
      await expect.poll(() => target(page)).toBe('/hook');
      // The detail can be drawn before the list's row (they come by separate requests): Tab from the
      // filter reached the detail's first button on a busy machine.
      await expect.poll(() => row(page, 1).isVisible()).toBe(true);
      // The keyboard moves on from a filter to the list's one stop, the first row, and from the last replay option to the Body tab.
      const rings = [];
      for (const from of ['#filter-text', '.replay-options label:last-child input']) {
        await page.focus(from);
        await page.keyboard.press('Tab');
        rings.push(await ring(page));
      }
      expect(rings.map((focused) => focused.name)).toEqual(['row 1', 'Body']);
      for (const focused of rings) {
        expect(focused.visible).toBe(true);
        expect(focused.style).toBe('solid');
        // Non-text contrast (WCAG 1.4.11): at least 3 to 1 against what is around it.
        expect(contrast(focused.color, focused.panel), `${colorScheme}: ${focused.color} on ${focused.panel}`).toBeGreaterThanOrEqual(3);
      }
      await page.close();
    }
  });

  it('shows a repeat’s verdict whole, its mark included, at every width', async () => {
    const issues = Array.from({ length: 12 }, (_, i) => ({ path: `$.a${i}`, message: 'is required' }));
    const store = createRecordStore();
    store.add(captureRecord({ n: 1 }, { seq: 1, kind: 'metaplane-incident', valid: false, issues }));
    store.add(captureRecord({ n: 1 }, { seq: 2, kind: 'metaplane-incident', valid: false, issues, duplicateOf: 1, duplicateBy: 'body' }));
    const { url } = await inspector({ source: store, label: 'test', live: true, pageDir: PAGE_DIR });
    const page = await browser.page();
    await page.goto(`${url}#2`);
    await expect.poll(() => target(page)).toBe('/hook');
    const verdict = row(page, 2).locator('.verdict');
    expect(await verdict.textContent()).toBe('invalid (12)');
    for (const width of [375, 800, 1100, 1440, 1501]) {
      await page.setViewportSize({ width, height: 800 });
      // The width the cell's text and its 'repeat' mark need, against the width it has.
      const [needs, has] = await verdict.evaluate((cell) => {
        const copy = cell.cloneNode(true) as typeof cell;
        Object.assign(copy.style, { position: 'absolute', width: 'max-content', overflow: 'visible' });
        cell.parentElement?.append(copy);
        const needed = copy.getBoundingClientRect().width;
        copy.remove();
        return [needed, cell.getBoundingClientRect().width];
      });
      expect(needs, `verdict at ${width} px`).toBeLessThanOrEqual(has);
    }
    await page.close();
  });

  // At 46 px the track showed '#1…' from #1000 on, and the number was readable nowhere in the list.
  it("shows a request's number whole up to #50000, the most a live session keeps, at every width", async () => {
    const { page } = await opened(['/hook']);
    const id = row(page, 1).locator('.cell.id');
    expect(await id.textContent()).toBe('#1');
    await id.evaluate((cell) => void (cell.textContent = '#50000'));
    for (const width of [360, 375, 600, 601, 800, 1000, 1001, 1170, 1171, 1440, 1500, 1501, 2560]) {
      await page.setViewportSize({ width, height: 800 });
      const [needs, has] = await id.evaluate((cell) => [cell.scrollWidth, cell.clientWidth]);
      expect(needs, `#50000 at ${width} px`).toBeLessThanOrEqual(has);
    }
    await page.close();
  });

  it('keeps the Replay button on the line of its URL, and the bar\u2019s count and actions on one line, at every width', async () => {
    const store = createRecordStore();
    store.add(captureRecord({ n: 1 }, { seq: 1, kind: 'metaplane-incident', signature: { scheme: 'metaplane', header: 'x-metaplane-sig', verdict: 'valid' } }));
    const { url } = await inspector({ source: store, label: 'test', live: true, pageDir: PAGE_DIR, replaySecret: () => ({ secret: 'secret' }) });
    const page = await browser.page();
    await page.goto(`${url}#1`);
    await expect.poll(() => page.locator('.replay label', { hasText: 'sign anew (metaplane)' }).count()).toBe(1);
    for (let width = 360; width <= 1500; width += 20) {
      await page.setViewportSize({ width, height: 800 });
      const [field, button] = await Promise.all([page.locator('.replay-url').boundingBox(), page.locator('.replay button').boundingBox()]);
      if (!field || !button) throw new Error(`the replay URL or its button is not drawn at ${width} px`);
      const middle = button.y + button.height / 2;
      expect(middle > field.y && middle < field.y + field.height, `the button's middle (${middle}) within the URL's line (${field.y} to ${field.y + field.height}) at ${width} px`).toBe(true);
      expect(button.x, `the button after the URL at ${width} px`).toBeGreaterThan(field.x + field.width - 1);
      const [count, download] = await Promise.all([page.locator('#count').boundingBox(), page.locator('#download').boundingBox()]);
      if (!count || !download) throw new Error(`the bar's count or Download capture is not drawn at ${width} px`);
      expect(Math.abs(count.y + count.height / 2 - (download.y + download.height / 2)), `the count and Download capture on one line at ${width} px`).toBeLessThan(4);
    }
    await page.close();
  });

  it('follows the browser’s colour scheme, light or dark', async () => {
    const { url } = await live(['/hook']);
    // The sum of a colour's red, green and blue (0 black, 765 white).
    const lightness = (page: Page, selector: string, property: 'color' | 'backgroundColor') =>
      page.locator(selector).evaluate((node, name) => (node.ownerDocument.defaultView?.getComputedStyle(node)[name] ?? '').match(/\d+/g)?.slice(0, 3).reduce((sum: number, n: string) => sum + Number(n), 0) ?? -1, property);
    for (const [colorScheme, dark] of [['light', false], ['dark', true]] as const) {
      const page = await browser.page({ colorScheme });
      await page.goto(`${url}#1`);
      await expect.poll(() => target(page)).toBe('/hook');
      for (const selector of ['body', '#detail', '.json.code']) {
        const [background, text] = [await lightness(page, selector, 'backgroundColor'), await lightness(page, selector, 'color')];
        expect(background > text, `${selector} in ${colorScheme}`).toBe(!dark);
      }
      await page.close();
    }
  });

  it('keeps the search box wide enough for its placeholder from 600 px up (640 px: a 1280 px window at 200%)', async () => {
    const { url } = await live(['/hook']);
    const page = await browser.page();
    await page.goto(url);
    // What 'Search headers and bodies…' takes in the box's own font, with the box's padding and border.
    const needs = (await page.evaluate(`(() => {
      const input = document.getElementById('filter-text');
      const style = getComputedStyle(input);
      const text = Object.assign(document.createElement('span'), { textContent: input.placeholder });
      Object.assign(text.style, { font: style.font, position: 'absolute', whiteSpace: 'pre' });
      document.body.append(text);
      const width = text.getBoundingClientRect().width;
      text.remove();
      return width + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + parseFloat(style.borderLeftWidth) + parseFloat(style.borderRightWidth);
    })()`)) as number;
    for (const width of [640, ...Array.from({ length: 45 }, (_, i) => 601 + i * 20)]) {
      await page.setViewportSize({ width, height: 800 });
      const box = await page.locator('#filter-text').boundingBox();
      // Between 600 and 760 px it had what the line left: 64 px ('Searc').
      expect(box?.width ?? 0, `the search box at ${width} px`).toBeGreaterThanOrEqual(needs);
    }
    await page.close();
  });

  it('fits a phone-sized window: nothing off to the side, the detail below the list', async () => {
    const { url } = await live(['/hooks/alerts?team=sre']);
    const page = await browser.page();
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${url}#1`);
    await expect.poll(() => target(page)).toBe('/hooks/alerts?team=sre');
    const box = async (selector: string) => {
      const found = await page.locator(selector).first().boundingBox();
      if (!found) throw new Error(`${selector} is not drawn`);
      return { right: found.x + found.width, top: found.y, bottom: found.y + found.height };
    };
    const layout = {
      scrollWidth: await page.locator('html').evaluate((node) => node.scrollWidth),
      list: await box('.list'),
      detail: await box('#detail'),
      download: await box('#download'),
      verdict: await box('#rows .row:not([hidden]) .verdict'),
    };
    expect(layout.scrollWidth).toBe(375);
    for (const part of [layout.list, layout.detail, layout.download, layout.verdict]) expect(part.right).toBeLessThanOrEqual(375);
    expect(layout.detail.top).toBeGreaterThanOrEqual(layout.list.bottom);
    // Every column's name is whole ('Method' was cut to 'METH…').
    expect(await page.locator('.row.head .cell').evaluateAll((cells) => cells.filter((cell) => cell.scrollWidth > cell.clientWidth).map((cell) => cell.textContent))).toEqual([]);
    expect(await row(page, 1).locator('.verdict').isVisible()).toBe(true);
    await page.close();
  });

  it('keeps a sender\u2019s right-to-left override inside its own key or value, and shows it: the colon stays between them', async () => {
    // U+202E in a key reordered the rest of the line: '"key" lav :"00:00' for {"key\u202e 00:00": "\u202eval"}.
    const store = createRecordStore();
    store.add(captureRecord({ ['key\u202e 00:00']: '\u202eval' }));
    const { url } = await inspector({ source: store, label: 'test', live: true, pageDir: PAGE_DIR });
    const page = await browser.page();
    await page.goto(`${url}#1`);
    const line = page.locator('.json .line').nth(1);
    await expect.poll(() => line.locator('.key').count()).toBe(1);
    const box = (selector: string) => line.locator(selector).evaluate((node) => {
      const rect = (node as unknown as { getBoundingClientRect(): { left: number; right: number } }).getBoundingClientRect();
      return { left: rect.left, right: rect.right };
    });
    const [key, value] = [await box('.key'), await box('.v-string')];
    expect(key.right).toBeLessThanOrEqual(value.left);
    // The control itself is shown, as JSON escapes it: drawn, '"abc\u202edef"' read '"abc"fed', a string that seemed to end early.
    expect(await line.locator('.key').textContent()).toBe('"key\\u202e 00:00"');
    expect(await line.locator('.v-string').textContent()).toBe('"\\u202eval"');
    // And in a diff's lines.
    store.add(captureRecord({ other: 1 }));
    await setHash(page, '#diff-1-2');
    await expect.poll(() => page.locator('.diff-body .line.del').allTextContents()).toContain('−  "key\\u202e 00:00": "\\u202eval"');
    await page.close();
  });
});
