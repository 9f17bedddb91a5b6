// The inspector page from the keyboard, in a real Chromium: focus stays with the request it is on
// while others arrive, and the keys a reader uses without a mouse do what they say.
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startInspector } from '../../src/inspector/server.js';
import { createRecordStore } from '../../src/inspector/source.js';
import { browserHarness, hasChromium } from '../helpers/browser.js';
import { captureRecord } from '../helpers/capture.js';
import { closedAfterEach, serversClosedAfterEach } from '../helpers/server.js';

const PAGE_DIR = fileURLToPath(new URL('../../dist/inspector/page/', import.meta.url));
const record = (path: string, headers: Record<string, string> = {}) => captureRecord({ path }, { path, headers: { 'content-type': 'application/json', ...headers } });
type Focused = { document: { activeElement: { tagName: string; closest(selector: string): { getAttribute(name: string): string | null } | null } | null } };
// The page's storage, as the test reaches it (the test files compile without the DOM's types).
type Stored = { localStorage: { getItem(key: string): string | null } };
/** The request whose row holds the keyboard's focus ('BODY' when focus fell to the document). */
const hashOf = (page: Page) => page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash);
const focusedRow = (page: Page) =>
  page.evaluate(() => {
    const active = (globalThis as unknown as Focused).document.activeElement;
    return active?.closest('.row')?.getAttribute('data-id') ?? active?.tagName ?? null;
  });

describe.runIf(hasChromium || process.env['CI'] !== undefined)('inspector page: the keyboard', () => {
  const browser = browserHarness();
  const inspector = closedAfterEach(startInspector);
  const startServer = serversClosedAfterEach();

  async function opened(paths: string[], hash = '', headers: Record<string, string> = {}) {
    const store = createRecordStore();
    for (const path of paths) store.add(record(path, headers));
    const { url } = await inspector({ source: store, label: 'test', live: true, pageDir: PAGE_DIR });
    const page = await browser.page();
    await page.goto(`${url}${hash}`);
    await expect.poll(() => page.locator('#count').textContent()).toBe(`${paths.length} requests`);
    return { store, page, url };
  }

  it('keeps the focus on the request it is on while a new one arrives: Space ticks that one', async () => {
    const { store, page } = await opened(Array.from({ length: 40 }, (_, i) => `/${i + 1}`));
    await page.focus('#rows .row[data-id="30"] input[type=checkbox]');
    expect(await focusedRow(page)).toBe('30');
    store.add(record('/41'));
    await expect.poll(() => page.locator('#count').textContent()).toBe('41 requests');
    expect(await focusedRow(page)).toBe('30');
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('#rows .row:not([hidden]) input:checked').evaluateAll((boxes) => boxes.map((box) => box.closest('.row')?.getAttribute('data-id')))).toEqual(['30']);
    await page.close();
  });

  it('moves from the row the keyboard is on, opens it with Enter and closes the detail with Escape', async () => {
    const { page } = await opened(['/1', '/2', '/3', '/4', '/5'], '#4');
    await expect.poll(() => page.locator('.detail-head .target').textContent()).toBe('/4');
    // The keyboard is on #2's row (its check box), not on the selected #4: ↓ goes from there, and takes the focus along.
    await page.focus('#rows .row[data-id="2"] input[type=checkbox]');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => hashOf(page)).toBe('#1');
    expect(await focusedRow(page)).toBe('1');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => hashOf(page)).toBe('#3');
    expect(await focusedRow(page)).toBe('3');
    // Enter opens the row the keyboard is on.
    await page.focus('#rows .row[data-id="5"] input[type=checkbox]');
    await page.keyboard.press('Enter');
    await expect.poll(() => hashOf(page)).toBe('#5');
    await expect.poll(() => page.locator('.detail-head .target').textContent()).toBe('/5');
    // Escape, from within the detail, closes it: no hash, the placeholder, the keyboard back on #5's row.
    await page.locator('.tab[data-tab="raw"]').focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => hashOf(page)).toBe('');
    await expect.poll(() => page.locator('#detail .placeholder').count()).toBe(1);
    expect(await page.locator('#rows .row.selected').count()).toBe(0);
    expect(await focusedRow(page)).toBe('5');
    await page.close();
  });

  it('goes a page of rows with PageDown and PageUp, to the newest request with Home and the oldest with End from a row, scrolled into view, the focus along', async () => {
    const { page } = await opened(Array.from({ length: 200 }, (_, i) => `/${i + 1}`), '#150');
    await expect.poll(() => page.locator('.detail-head .target').textContent()).toBe('/150');
    const inView = async (id: number) => {
      const [row, list] = [await page.locator(`#rows .row[data-id="${id}"]`).boundingBox(), await page.locator('#rows').boundingBox()];
      return row !== null && list !== null && row.y >= list.y && row.y + row.height <= list.y + list.height;
    };
    await page.focus('#rows .row[data-id="150"]');
    // A page: the rows the list shows whole (30 px each), less one kept in view.
    const perPage = Math.floor((await page.locator('#rows').evaluate((node) => node.clientHeight)) / 30) - 1;
    await page.keyboard.press('PageDown');
    await expect.poll(() => hashOf(page)).toBe(`#${150 - perPage}`);
    expect([await focusedRow(page), await inView(150 - perPage)]).toEqual([String(150 - perPage), true]);
    await page.keyboard.press('PageUp');
    await expect.poll(() => hashOf(page)).toBe('#150');
    expect(await focusedRow(page)).toBe('150');
    await page.keyboard.press('End');
    await expect.poll(() => hashOf(page)).toBe('#1');
    expect(await focusedRow(page)).toBe('1');
    expect(await inView(1)).toBe(true);
    // Fewer than a page left: to the last row that way.
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => hashOf(page)).toBe('#2');
    await page.keyboard.press('PageDown');
    await expect.poll(() => hashOf(page)).toBe('#1');
    await page.keyboard.press('Home');
    await expect.poll(() => hashOf(page)).toBe('#200');
    expect(await focusedRow(page)).toBe('200');
    await page.close();
  });

  it('replays when Enter is pressed in the Replay URL box, as the button does', async () => {
    const { page } = await opened(['/1', '/2'], '#1');
    const target = await startServer([200]);
    await page.fill('.replay-url', target.url);
    await page.press('.replay-url', 'Enter');
    await expect.poll(() => page.locator('.action-output').textContent()).toBe(`Replay to ${target.url}: answered 200`);
    expect(target.requests).toHaveLength(1);
    await page.close();
  });

  it('masks the password of the Replay URL in what it says, while the replay goes with it', async () => {
    const { page } = await opened(['/1', '/2'], '#1');
    const target = await startServer([200]);
    const withPassword = target.url.replace('//', '//user:s3cret@');
    // The replay is held while the page says it is replaying.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/replay', async (route) => {
      await held;
      await route.continue();
    });
    await page.fill('.replay-url', `${withPassword}/hook`);
    await page.press('.replay-url', 'Enter');
    await expect.poll(() => page.locator('.action-output').textContent()).toBe('Replaying #1…');
    release();
    await expect.poll(() => page.locator('.action-output').textContent()).toBe(`Replay to ${target.url.replace('//', '//user:••••@')}/hook: answered 200`);
    expect(target.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('user:s3cret').toString('base64')}`);
    // Not written to the profile's disk (localStorage kept it, password and all); this tab keeps it.
    expect(await page.evaluate(() => (globalThis as unknown as Stored).localStorage.getItem('whk.replayUrl'))).toBeNull();
    await page.reload();
    await expect.poll(() => page.locator('.replay-url').inputValue()).toBe(`${withPassword}/hook`);
    // A URL with nothing to mask is kept for the next visit, as before.
    await page.fill('.replay-url', target.url);
    await page.press('.replay-url', 'Enter');
    await expect.poll(() => page.locator('.action-output').textContent()).toBe(`Replay to ${target.url}: answered 200`);
    expect(await page.evaluate(() => (globalThis as unknown as Stored).localStorage.getItem('whk.replayUrl'))).toBe(target.url);
    await page.close();
  });

  it('moves between the detail\'s tabs with the arrows, and keeps the focus on Show secrets / Mask secrets when pressed', async () => {
    const { page } = await opened(['/1', '/2'], '#1', { authorization: 'Bearer s3cr3t-token' });
    const focused = () => page.evaluate(() => {
      const active = (globalThis as unknown as Focused).document.activeElement as unknown as { tagName: string; textContent: string } | null;
      return active?.tagName === 'BUTTON' ? active.textContent : active?.tagName ?? null;
    });
    await page.locator('.tab[data-tab="body"]').focus();
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toMatch(/^Headers/);
    expect(await page.getByRole('tab', { selected: true }).allTextContents()).toEqual([await focused()]);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await page.getByRole('tab', { selected: true }).allTextContents()).toEqual(['Mapped']);
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toMatch(/^Headers/);
    // Only the tab shown is in the Tab order: Tab goes on to the panel's own Show secrets.
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Show secrets');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.kv').first().textContent()).toContain('s3cr3t-token');
    await expect.poll(focused).toBe('Mask secrets');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.panel button.link').textContent()).toBe('Show secrets');
    await expect.poll(focused).toBe('Show secrets');
    await page.close();
  });

  it('makes the list one stop in the Tab order: Tab goes in and on out, the arrows move inside, Space ticks the row', async () => {
    const { page } = await opened(Array.from({ length: 40 }, (_, i) => `/${i + 1}`));
    // One row, and no check box, is a stop.
    expect(await page.locator('#rows .row:not([hidden])[tabindex="0"], #rows .row:not([hidden]) input:not([tabindex="-1"])').count()).toBe(1);
    await page.focus('#filter-text');
    await page.keyboard.press('Tab');
    expect(await focusedRow(page)).toBe('40');
    // Tab leaves the list (it went from check box to check box, out of order, then to the document).
    await page.keyboard.press('Tab');
    expect(await focusedRow(page)).not.toMatch(/^\d+$/);
    await page.keyboard.press('Shift+Tab');
    expect(await focusedRow(page)).toBe('40');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => hashOf(page)).toBe('#38');
    expect(await focusedRow(page)).toBe('38');
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('#rows .row:not([hidden]) input:checked').evaluateAll((boxes) => boxes.map((box) => box.closest('.row')?.getAttribute('data-id')))).toEqual(['38']);
    expect(await page.locator('#diff-button').textContent()).toBe('Diff (pick 1 more)');
    // Back into the list from the filter: on the selected row, not the top one.
    await page.focus('#filter-text');
    await page.keyboard.press('Tab');
    expect(await focusedRow(page)).toBe('38');
    await page.close();
  });
});
