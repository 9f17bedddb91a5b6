// The Mapped tab in a real Chromium: what a mapping (whk listen --map, or the kind's default) made of
// a request, both of its stages, as whk map shows them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startInspector } from '../../src/inspector/server.js';
import { createRecordStore } from '../../src/inspector/source.js';
import { browserHarness, hasChromium } from '../helpers/browser.js';
import { captureRecord } from '../helpers/capture.js';
import { closedAfterEach } from '../helpers/server.js';

const PAGE_DIR = fileURLToPath(new URL('../../dist/inspector/page/', import.meta.url));

/** The Mapped tab's headings and tables, as text: [heading, [[name, value]...]] in order. */
async function mappedTab(page: Page): Promise<(string | string[][])[]> {
  await page.click('button.tab:text("Mapped")');
  return page.locator('#detail .panel:not([hidden])').evaluate((panel) =>
    [...panel.querySelectorAll('h3, table')].map((node) => (node.tagName === 'H3' ? (node.textContent ?? '') : [...node.querySelectorAll('tr')].map((tr) => [...tr.children].map((cell) => cell.textContent ?? '')))),
  );
}

describe.runIf(hasChromium || process.env['CI'] !== undefined)('inspector page: the Mapped tab', () => {
  const browser = browserHarness();
  const inspector = closedAfterEach(startInspector);

  async function opened(mapped: unknown): Promise<Page> {
    const store = createRecordStore();
    store.add(captureRecord({ commonLabels: { job: 'checkout-api' } }, { kind: 'alertmanager', mapped }));
    const { url } = await inspector({ source: store, label: 'test', live: true, pageDir: PAGE_DIR });
    const page = await browser.page();
    await page.goto(`${url}#1`);
    await expect.poll(() => page.locator('.detail-head .target').textContent()).toBe('/hook');
    return page;
  }

  it('shows the mapped fields under the extracted ones, a field filled by its own path among them', async () => {
    // As whk listen --map records a two-stage mapping: `service` is the mapped stage's alone.
    const page = await opened({
      ok: false,
      values: { title: 'HighErrorRate', status: 'firing' },
      mapped: { title: 'HighErrorRate', status: 'firing', service: 'checkout-api', team: null },
      problems: [{ field: 'team', problem: 'required, but nothing at commonLabels.team', stage: 'mapped' }],
    });
    expect(await mappedTab(page)).toEqual([
      'Extracted fields',
      [['title', 'HighErrorRate'], ['status', 'firing']],
      'Mapped fields',
      [['title', 'HighErrorRate'], ['status', 'firing'], ['service', 'checkout-api'], ['team', 'null']],
      'Problems',
      [['team (mapped)', 'required, but nothing at commonLabels.team']],
    ]);
    await page.close();
  });

  it('shows an integer past 2^53 with the digits sent, not the nearest double JSON reads, in both stages and inside an array', async () => {
    const text = '{"groupKey": 12345678901234567891, "ids": [98765432109876543219, 1]}';
    // As the receiver keeps it: the body and the mapping's values parsed, each such number the nearest double.
    const body = JSON.parse(text) as { groupKey: number; ids: number[] };
    const mapped = { ok: true, values: { big: body.groupKey, ids: body.ids }, mapped: { big: body.groupKey }, problems: [] };
    const store = createRecordStore();
    store.add(captureRecord(body, { bodyBase64: Buffer.from(text).toString('base64'), mapped }));
    const { url } = await inspector({ source: store, label: 'test', live: true, pageDir: PAGE_DIR });
    const page = await browser.page();
    await page.goto(`${url}#1`);
    await expect.poll(() => page.locator('.detail-head .target').textContent()).toBe('/hook');
    expect(await mappedTab(page)).toEqual([
      'Extracted fields',
      [['big', '12345678901234567891'], ['ids', '[98765432109876543219,1]']],
      'Mapped fields',
      [['big', '12345678901234567891']],
    ]);
    await page.close();
  });

  it("without --map, shows the kind's default mapping as whk map applies it: the template's fields, then the mapped ones its integration type requires", async () => {
    const body = JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/alertmanager/firing.json', import.meta.url)), 'utf8')) as unknown;
    const store = createRecordStore();
    store.add(captureRecord(body, { kind: 'alertmanager' }));
    const { url } = await inspector({ source: store, label: 'test', live: true, pageDir: PAGE_DIR });
    const page = await browser.page();
    await page.goto(`${url}#1`);
    await expect.poll(() => page.locator('.detail-head .target').textContent()).toBe('/hook');
    const tab = await mappedTab(page);
    expect(tab.slice(0, 2)).toEqual(['Extracted fields', expect.arrayContaining([['title', 'HighErrorRate'], ['service', 'checkout-api']])]);
    // whk map fixtures/alertmanager/firing.json: the alert type's two.
    expect(tab.slice(2)).toEqual(['Mapped fields', [['title', 'HighErrorRate'], ['status', 'firing']]]);
    await page.close();
  });

  it('a mapping of one stage (custom fields alone) is its table of values, as before', async () => {
    const page = await opened({ ok: true, values: { job: 'checkout-api' }, problems: [] });
    expect(await mappedTab(page)).toEqual([[['job', 'checkout-api']]]);
    await page.close();
  });
});
