// Records a capture file may hold that whk itself never writes (a hand edit, another tool): the page
// shows what it can of them, in a real Chromium, and never fails on the whole detail.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../../src/capture/record.js';
import { startInspector } from '../../src/inspector/server.js';
import { createRecordStore } from '../../src/inspector/source.js';
import { browserHarness, hasChromium } from '../helpers/browser.js';
import { captureRecord } from '../helpers/capture.js';
import { closedAfterEach } from '../helpers/server.js';

const PAGE_DIR = fileURLToPath(new URL('../../dist/inspector/page/', import.meta.url));

describe.runIf(hasChromium || process.env['CI'] !== undefined)('inspector page: records whk does not write', () => {
  const browser = browserHarness();
  const inspector = closedAfterEach(startInspector);

  it('a mapping whose problems are not objects is shown as its JSON, the rest of the detail with it', async () => {
    const store = createRecordStore();
    store.add(captureRecord({ a: 1 }, { mapped: { values: { title: 'x' }, problems: [null] } }));
    const { url } = await inspector({ source: store, label: 'test', live: false, pageDir: PAGE_DIR });
    const page = await browser.page();
    await page.goto(`${url}#1`);
    await expect.poll(() => page.locator('.detail-head .target').textContent()).toBe('/hook');
    await page.click('button.tab:text("Mapped")');
    expect(JSON.parse((await page.locator('#detail .panel:not([hidden]) pre.code').textContent()) ?? '')).toEqual({ values: { title: 'x' }, problems: [null] });
    await page.close();
  });

  it('a forward without its time and a signature reason that is no text are left unsaid, not "undefined ms" or "[object Object]"', async () => {
    const store = createRecordStore();
    // As a hand edit left them: typed as whk writes them only to be handed over.
    const edited = { forward: { url: 'http://127.0.0.1:3000/app', status: 202, error: null }, signature: { scheme: 'github', header: 'x-hub-signature-256', verdict: 'valid', reason: { why: 1 } } } as unknown as Partial<CaptureRecord>;
    store.add(captureRecord({ a: 1 }, edited));
    const { url } = await inspector({ source: store, label: 'test', live: false, pageDir: PAGE_DIR });
    const page = await browser.page();
    await page.goto(`${url}#1`);
    await expect.poll(() => page.locator('.detail-head .target').textContent()).toBe('/hook');
    const text = (await page.locator('#detail').textContent()) ?? '';
    expect(text).toContain('http://127.0.0.1:3000/app: 202');
    expect(text).toContain('valid: x-hub-signature-256 (github)');
    expect(text).not.toMatch(/undefined|\[object Object\]/);
    await page.close();
  });

  it("an integer past 2^53 whose digits the record's bytes do not hold is drawn as JSON read it, marked, and not edited", async () => {
    const store = createRecordStore();
    // The bytes and the parsed body disagree, as only a hand edit leaves them.
    store.add(captureRecord(JSON.parse('{"id":12345678901234567890}'), { bodyBase64: Buffer.from('{"id":1}').toString('base64') }));
    const { url } = await inspector({ source: store, label: 'test', live: false, pageDir: PAGE_DIR });
    const page = await browser.page();
    await page.goto(`${url}#1`);
    const number = page.locator('.json .v-number.inexact');
    await expect.poll(() => number.count()).toBe(1);
    expect([await number.textContent(), await number.getAttribute('title')]).toEqual(['12345678901234567000', expect.stringMatching(/^an integer past 2\^53: read as JSON, it is the nearest double/)]);
    const edit = page.locator('.replay label', { hasText: 'edit body' });
    expect([await edit.locator('input').isDisabled(), await edit.getAttribute('title')]).toEqual([true, 'its JSON holds an integer past 2^53 ($.id) that the page cannot show exactly, so it is not edited here']);
    await page.close();
  });
});
