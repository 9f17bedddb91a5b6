// The inspector page for a reader who sees less, or not at all, in a real Chromium: every text it
// draws stands out from what is behind it (WCAG AA), light and dark; the list, drawn a screenful at a
// time, tells a screen reader its true size and each row's place, and says what a filter leaves.
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startInspector } from '../../src/inspector/server.js';
import { createRecordStore } from '../../src/inspector/source.js';
import { browserHarness, hasChromium } from '../helpers/browser.js';
import { captureRecord } from '../helpers/capture.js';
import { contrast, textContrasts, type TextContrast } from '../helpers/contrast.js';
import { closedAfterEach } from '../helpers/server.js';

const PAGE_DIR = fileURLToPath(new URL('../../dist/inspector/page/', import.meta.url));
const row = (page: Page, id: number) => page.locator(`#rows .row[data-id="${id}"]:not([hidden])`);
type InPage = { location: { hash: string }; document: { getAnimations(): { currentTime: number | null; finish(): void }[] } };
/** The list's size as a screen reader is told it, and the places of the rows drawn then. */
type Resized = { count: string | null; drawn: Record<string, number> };
const setHash = (page: Page, hash: string) => page.evaluate((next) => void ((globalThis as unknown as InPage).location.hash = next), hash);

/**
 * Runs `steps` with the page's animations held still: its timeline stopped (Chromium's DevTools
 * protocol) before any starts, and `at(ms)` puts every animation that many ms in, so what is measured
 * is never decided by how long the steps took. The animations end after.
 */
async function frozen(page: Page, steps: (at: (ms: number) => Promise<void>) => Promise<void>): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Animation.enable');
  await cdp.send('Animation.setPlaybackRate', { playbackRate: 0 });
  await steps((ms) => page.evaluate((ms) => {
    for (const animation of (globalThis as unknown as InPage).document.getAnimations()) animation.currentTime = ms;
  }, ms));
  await page.evaluate(() => {
    for (const animation of (globalThis as unknown as InPage).document.getAnimations()) animation.finish();
  });
  await cdp.send('Animation.setPlaybackRate', { playbackRate: 1 });
  await cdp.detach();
}

describe.runIf(hasChromium || process.env['CI'] !== undefined)('inspector page: accessibility', () => {
  const browser = browserHarness();
  const inspector = closedAfterEach(startInspector);

  it('draws every text at 4.5:1 or more against what is behind it, light and dark', async () => {
    const store = createRecordStore();
    const kind = 'metaplane-incident';
    store.add(captureRecord({ ok: true }, { seq: 1, kind, path: '/valid' }));
    store.add(captureRecord({ flag: true, note: null }, {
      seq: 2, kind, method: 'PUT', path: '/invalid', valid: false, status: 400,
      issues: [{ path: '$.flag', message: 'expected false' }, { path: '$.note', message: 'expected a string' }],
      warnings: ['the sender had closed the connection when whk answered'],
    }));
    // Its path holds a direction control, drawn as a marked escape in the row and the detail.
    store.add(captureRecord({ who: 'knows' }, { seq: 3, method: 'DELETE', path: '/unknown\u202eusd', valid: false, status: 500 }));
    store.add(captureRecord({ flag: true, note: null }, { seq: 4, kind, method: 'PATCH', path: '/invalid', valid: false, status: 404, issues: [{ path: '$.flag', message: 'expected false' }], duplicateOf: 2, duplicateBy: 'body' }));
    store.add(captureRecord({ ok: true }, { seq: 5, kind, method: 'GET', path: '/gone', unseen: true }));
    const { url } = await inspector({ source: store, label: 'captures.ndjson', live: true, pageDir: PAGE_DIR });

    const seen: TextContrast[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await browser.page({ colorScheme });
      // What is drawn now, with a row under the pointer (the selected one is another) while the filter lets it be.
      const sweep = async (): Promise<void> => {
        if ((await row(page, 5).count()) > 0) await row(page, 5).hover();
        for (const text of await textContrasts(page)) seen.push({ ...text, where: `${colorScheme} ${text.where}` });
      };
      await page.goto(`${url}#2`);
      await expect.poll(() => page.locator('.issues .tag').count()).toBe(1);
      await sweep();
      // An issue's path, clicked, flashes its line in the body: swept at the flash's start and halfway.
      await frozen(page, async (at) => {
        await page.locator('.issues .issue button.path').first().click();
        for (const ms of [0, 600]) {
          await at(ms);
          await sweep();
        }
        // The flash is still there to be seen: an outline at 3:1 against what is behind it (WCAG's non-text contrast).
        await at(0);
        const { outline, mark, behind } = await page.locator('.line.flash').evaluate((node) => {
          const view = node.ownerDocument.defaultView;
          const style = (of: typeof node) => view?.getComputedStyle(of);
          let under: typeof node | null = node;
          while (under && style(under)?.backgroundColor === 'rgba(0, 0, 0, 0)') under = under.parentElement;
          return { outline: `${style(node)?.outlineStyle} ${style(node)?.outlineWidth}`, mark: style(node)?.outlineColor ?? '', behind: (under && style(under)?.backgroundColor) ?? '' };
        });
        expect(outline).toBe('solid 2px');
        expect(contrast(mark, behind), `${colorScheme}: the flash's ${mark} on ${behind}`).toBeGreaterThanOrEqual(3);
      });
      for (const tab of ['headers', 'raw', 'mapped']) {
        await page.click(`.tab[data-tab="${tab}"]`);
        await sweep();
      }
      for (const [hash, shown] of [['#1', '.badge.ok'], ['#3', '.badge.neutral'], ['#diff-1-2', '.diff-body .del']] as const) {
        await setHash(page, hash);
        await page.locator(shown).first().waitFor();
        await sweep();
      }
      await page.fill('#filter-path', 'nothing-like-this');
      await expect.poll(() => page.locator('#empty').isVisible()).toBe(true);
      await sweep();
      await page.close();
    }

    // The sweep reached the texts the review named and the ones easily missed.
    const reached = (where: RegExp) => seen.some((text) => where.test(text.where));
    for (const where of [/^light .*\.row\.head > /, /^dark .*\.row\.head > /, /^light .*\.line\.has-issue\.flash > /, /^dark .*\.line\.has-issue\.flash > /, /\.row\.selected > .*\.cell\.id/, /\.badge\.neutral/, /\.repeat::after/, /::placeholder/, /\.tag/, /\.v-boolean/, /\.sign/, /#empty/, /button#diff-button/, /^light .*\.escape/, /^dark .*\.escape/]) {
      expect(reached(where), `no text matching ${where}`).toBe(true);
    }
    const below = new Map<string, string>();
    for (const text of seen) {
      if (text.ratio >= (text.large ? 3 : 4.5)) continue;
      below.set(`${text.where}: ${text.color} on ${text.background}`, `${text.ratio.toFixed(2)} ("${text.text.slice(0, 30)}")`);
    }
    expect(Object.fromEntries(below)).toEqual({});
  }, 60_000);

  it('tells a screen reader how many rows the list has and where each drawn one is, scrolled and filtered, and says what a filter leaves', async () => {
    const store = createRecordStore();
    const path = (id: number) => (id % 3 === 0 ? `/third/${id}` : `/other/${id}`);
    for (let id = 1; id <= 300; id++) store.add(captureRecord({ id }, { path: path(id) }));
    const { url } = await inspector({ source: store, label: 'test', live: true, pageDir: PAGE_DIR });
    const page = await browser.page();
    // Every text the status region is given, in order; and at each change of the list's size, the drawn
    // rows' places (id → aria-rowindex) as that same update left them: a MutationObserver runs at the
    // end of the task that made the change, before the page can draw another frame.
    await page.addInitScript(() => {
      type Node = { textContent: string; dataset: Record<string, string>; getAttribute(name: string): string | null };
      type Doc = { addEventListener(name: string, run: () => void): void; getElementById(id: string): Node; querySelectorAll(selector: string): Iterable<Node> };
      type Observer = new (run: (records: { oldValue: string | null }[]) => void) => { observe(node: unknown, options: object): void };
      const { document: doc, MutationObserver: Observer } = globalThis as unknown as { document: Doc; MutationObserver: Observer };
      const said: string[] = [];
      const resized: Resized[] = [];
      Object.assign(globalThis, { said, resized });
      doc.addEventListener('DOMContentLoaded', () => {
        const region = doc.getElementById('announce');
        new Observer(() => said.push(region.textContent)).observe(region, { childList: true, characterData: true, subtree: true });
        const table = doc.getElementById('requests');
        new Observer((records) => {
          const count = table.getAttribute('aria-rowcount');
          if (records.every((record) => record.oldValue === count)) return;
          resized.push({ count, drawn: Object.fromEntries([...doc.querySelectorAll('#rows .row:not([hidden])')].map((node) => [node.dataset['id'], Number(node.getAttribute('aria-rowindex'))])) });
        }).observe(table, { attributes: true, attributeFilter: ['aria-rowcount'], attributeOldValue: true });
      });
    });
    const said = () => page.evaluate(() => (globalThis as unknown as { said: string[] }).said);
    await page.goto(url);
    const table = page.getByRole('table', { name: 'requests' });
    // The drawn rows' places, as id → aria-rowindex.
    const drawn = (): Promise<Record<string, number>> => page.locator('#rows .row:not([hidden])').evaluateAll((rows) => Object.fromEntries(rows.map((node) => [node.dataset.id, Number(node.getAttribute('aria-rowindex'))])));
    const resizedTo = (count: string) => page.evaluate((count) => (globalThis as unknown as { resized: Resized[] }).resized.findLast((change) => change.count === count), count);
    /**
     * The list shows `ids` (newest first), `inView` among the rows drawn, each at its place (the header
     * is 1), and had them there in the update that gave it this size, not a frame later.
     */
    const check = async (ids: number[], inView: number) => {
      const count = String(ids.length + 1);
      await expect.poll(() => table.getAttribute('aria-rowcount')).toBe(count);
      await expect.poll(async () => Object.keys(await drawn())).toContain(String(inView));
      const misplaced = (places: Record<string, number>) => Object.entries(places).filter(([id, index]) => ids.indexOf(Number(id)) + 2 !== index);
      await expect.poll(async () => misplaced(await drawn())).toEqual([]);
      const atChange = await resizedTo(count);
      expect(atChange, `no change of aria-rowcount to ${count}`).toBeDefined();
      expect(misplaced(atChange?.drawn ?? {}), `the rows' places when aria-rowcount became ${count}`).toEqual([]);
    };
    const newestFirst = (count: number, keep: (id: number) => boolean = () => true) => Array.from({ length: count }, (_, i) => count - i).filter(keep);

    expect(await page.locator('.row.head').getAttribute('aria-rowindex')).toBe('1');
    await check(newestFirst(300), 300);
    expect((await drawn())['300']).toBe(2);
    // The middle: #150 is the 151st row drawn, the 152nd a reader counts.
    await page.locator('#rows').evaluate((node) => node.scrollTo(0, 150 * 30));
    await check(newestFirst(300), 150);
    expect((await drawn())['150']).toBe(152);
    // The path filter keeps every third request; the status region says so, once. The shorter list
    // is scrolled to its end: #3 is its last row, the 101st a reader counts.
    await page.fill('#filter-path', '/third/');
    await check(newestFirst(300, (id) => id % 3 === 0), 3);
    expect((await drawn())['3']).toBe(101);
    await expect.poll(said).toEqual(['100 of 300 requests shown']);
    // Requests arriving move the rows down a place each and grow the count, and are not announced.
    store.add(captureRecord({ id: 301 }, { path: '/third/301' }));
    store.add(captureRecord({ id: 302 }, { path: '/other/302' }));
    const withNew = newestFirst(302, (id) => id % 3 === 0 || id === 301);
    await check(withNew, 3);
    expect((await drawn())['3']).toBe(102);
    await page.locator('#rows').evaluate((node) => node.scrollTo(0, 0));
    await check(withNew, 301);
    expect((await drawn())['301']).toBe(2);
    await page.fill('#filter-path', '');
    await check(newestFirst(302), 302);
    await expect.poll(said).toEqual(['100 of 300 requests shown', '302 requests shown']);
    // The verdict filter leaves nothing: said in words.
    await page.selectOption('#filter-verdict', 'invalid');
    await expect.poll(() => table.getAttribute('aria-rowcount')).toBe('1');
    await expect.poll(async () => (await said()).at(-1)).toBe('No request matches the filters.');
    // The free text is the server's to search: said once its answer is shown.
    await page.selectOption('#filter-verdict', '');
    await page.fill('#filter-text', '"id":12');
    await check(newestFirst(302, (id) => String(id).startsWith('12')), 129);
    await expect.poll(async () => (await said()).at(-1)).toBe('11 of 302 requests shown');
    await page.close();
  });
});
