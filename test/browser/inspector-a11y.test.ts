// The inspector page for a reader who sees less, in a real Chromium: every text it draws stands out
// from what is behind it (WCAG AA), light and dark.
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startInspector } from '../../src/inspector/server.js';
import { createRecordStore } from '../../src/inspector/source.js';
import { browserHarness, hasChromium } from '../helpers/browser.js';
import { captureRecord } from '../helpers/capture.js';
import { textContrasts, type TextContrast } from '../helpers/contrast.js';
import { closedAfterEach } from '../helpers/server.js';

const PAGE_DIR = fileURLToPath(new URL('../../dist/inspector/page/', import.meta.url));
const row = (page: Page, id: number) => page.locator(`#rows .row[data-id="${id}"]:not([hidden])`);
type InPage = { location: { hash: string } };
const setHash = (page: Page, hash: string) => page.evaluate((next) => void ((globalThis as unknown as InPage).location.hash = next), hash);

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
    store.add(captureRecord({ who: 'knows' }, { seq: 3, method: 'DELETE', path: '/unknown', valid: false, status: 500 }));
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
    for (const where of [/^light .*\.row\.head > /, /^dark .*\.row\.head > /, /\.row\.selected > .*\.cell\.id/, /\.badge\.neutral/, /\.repeat::after/, /::placeholder/, /\.tag/, /\.v-boolean/, /\.sign/, /#empty/, /button#diff-button/]) {
      expect(reached(where), `no text matching ${where}`).toBe(true);
    }
    const below = new Map<string, string>();
    for (const text of seen) {
      if (text.ratio >= (text.large ? 3 : 4.5)) continue;
      below.set(`${text.where}: ${text.color} on ${text.background}`, `${text.ratio.toFixed(2)} ("${text.text.slice(0, 30)}")`);
    }
    expect(Object.fromEntries(below)).toEqual({});
  }, 60_000);

});
