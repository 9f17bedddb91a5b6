// The inspector page in a real Chromium: requests appear live, an invalid payload's issue is shown
// at its path, hostile markup never runs, another site's page is refused by the API, the page sends
// its CSP and asks nothing of other hosts (offline), 10,000 requests stay filterable, and the
// capture file holds only the webhooks. WHK_SCREENSHOTS=1 refreshes docs/inspector-*.png.
import { readFile, truncate, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { browserHarness, hasChromium } from '../helpers/browser.js';
import { captureRecord } from '../helpers/capture.js';
import { inspecting, listenHarness, runCli } from '../helpers/cli.js';
import { serversClosedAfterEach } from '../helpers/server.js';

const SCREENSHOTS = process.env['WHK_SCREENSHOTS'] === '1';
const docs = (name: string): string => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));
const fixture = (path: string): Promise<string> => readFile(fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url)), 'utf8');

const post = (url: string, body: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

/** The rows the list has in the DOM (it draws only those in view, from a small pool). */
const domRows = (page: Page): Promise<number> => page.locator('#rows .row').count();
const visibleRow = (page: Page, id: number) => page.locator(`#rows .row[data-id="${id}"]:not([hidden])`);

describe.runIf(hasChromium || process.env['CI'] !== undefined)('inspector page in Chromium', () => {
  const browser = browserHarness();
  const harness = listenHarness({ timeoutMs: 60_000 });
  const startServer = serversClosedAfterEach();

  /** `whk listen --ui --save` (and `args`), its receiver's and its page's URLs. */
  async function listenWithUi(args: readonly string[] = []): Promise<{ url: string; ui: string; save: string; stop(): Promise<void> }> {
    const save = harness.file('captures.ndjson');
    const { cli, url } = await harness.listen(['--ui', '--save', save, ...args]);
    const ui = (await cli.waitFor(/inspector: (http:\/\/127\.0\.0\.1:\d+\/)/))[1] as string;
    return {
      url,
      ui,
      save,
      async stop() {
        cli.child.kill('SIGTERM');
        await cli.exited;
      },
    };
  }

  it('shows requests live, the issue of an invalid payload at its path, replays and diffs; the capture file holds only the webhooks', async () => {
    const { url, ui, save, stop } = await listenWithUi();
    const page = await browser.page();
    // Offline: everything the page asks for, it asks of its own server.
    const asked: string[] = [];
    page.on('request', (request) => asked.push(request.url()));
    const document = await page.goto(ui);
    const csp = document?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(document?.headers()['x-content-type-options']).toBe('nosniff');
    await expect.poll(() => page.locator('#state').textContent()).toBe('live');
    // A marker on the window: had the page reloaded to show the new rows, it would be gone.
    await page.evaluate(() => Object.assign(globalThis, { stillTheSamePage: true }));

    const sent = await runCli(['send', 'all', '--url', `${url}/hooks/all`, '--seed', '7']);
    expect(sent.code).toBe(0);
    const firing = await fixture('alertmanager/firing.json');
    expect((await post(`${url}/hooks/prom?team=sre`, firing)).status).toBe(200);
    expect((await post(`${url}/hooks/prom?team=sre`, firing)).status).toBe(200);
    expect((await post(`${url}/hooks/prom`, await fixture('alertmanager/invalid/starts-at-not-rfc3339.json'))).status).toBe(200);
    const records = (await readFile(save, 'utf8')).trim().split('\n');
    const total = records.length;
    expect(total).toBeGreaterThan(10);

    await expect.poll(() => page.locator('#count').textContent()).toBe(`${total} requests`);
    expect(await page.evaluate(() => (globalThis as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);

    // The invalid one is the newest: open it and find its issue on the line of its path.
    await visibleRow(page, total).click();
    await expect.poll(() => page.locator('.with-issues .issue-mark .path').first().textContent()).toBe('$.alerts[0].startsAt');
    const marked = page.locator('.with-issues .line.has-issue');
    expect(await marked.getAttribute('data-path')).toBe('$.alerts[0].startsAt');
    expect(await marked.textContent()).toContain('"startsAt"');
    expect(await page.locator('.issues .issue .path').first().textContent()).toBe('$.alerts[0].startsAt');
    if (SCREENSHOTS) await page.screenshot({ path: docs('inspector-detail.png') });

    // The second firing.json repeats the first (an identical body): the detail links to it.
    await page.goto(`${ui}#${total - 1}`);
    await expect.poll(() => page.locator('.facts').textContent()).toContain(`Repeats#${total - 2} (identical body)`);

    // Replay through the page to another server: the same bytes arrive there.
    const target = await startServer([202]);
    await page.fill('.replay-url', `${target.url}/elsewhere`);
    await page.click('.replay button');
    await expect.poll(() => page.locator('.action-output').textContent()).toContain('answered 202');
    expect(target.requests).toHaveLength(1);
    expect(target.requests[0]?.body.toString('utf8')).toBe(firing);

    // Diff of the valid and the invalid alertmanager payloads, ticked in the list: startsAt differs.
    await visibleRow(page, total - 2).locator('input[type=checkbox]').check();
    await visibleRow(page, total).locator('input[type=checkbox]').check();
    await page.click('#diff-button');
    await expect.poll(() => page.locator('.diff-body .line.add').count()).toBeGreaterThan(0);
    expect(await page.locator('.diff-body .line.add').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('"startsAt"')]));
    if (SCREENSHOTS) await page.screenshot({ path: docs('inspector-list.png') });

    // The download is the capture file, and the page's own traffic never reached the receiver.
    const download = await fetch(new URL('api/capture', ui));
    expect(download.headers.get('content-disposition')).toContain('attachment');
    expect(await download.text()).toBe(await readFile(save, 'utf8'));
    expect(asked).toEqual(expect.arrayContaining([ui, new URL('api/events', ui).href]));
    expect(asked.filter((url) => !url.startsWith(ui))).toEqual([]);
    await page.close();
    await stop();
    const paths = (await readFile(save, 'utf8')).trim().split('\n').map((line) => (JSON.parse(line) as { path: string }).path);
    expect(paths).toHaveLength(total);
    expect(new Set(paths)).toEqual(new Set(['/hooks/all', '/hooks/prom']));
  });

  it("replays a request whose signature went stale signed anew with the receiver's secret: Stripe's verifier accepts it", async () => {
    const secret = 'whsec_page_replay';
    const { url, ui, stop } = await listenWithUi(['--verify', 'stripe', '--secret', secret]);
    const body = JSON.stringify({ id: 'evt_1', type: 'invoice.paid' });
    const stale = new Stripe('sk_test_not_used').webhooks.generateTestHeaderString({ payload: body, secret, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect((await post(url, body, { 'stripe-signature': stale })).status).toBe(200);
    const page = await browser.page();
    await page.goto(`${ui}#1`);
    const sign = page.locator('.replay label', { hasText: 'sign anew (stripe)' }).locator('input');
    await expect.poll(() => sign.isChecked()).toBe(true);
    const target = await startServer([200]);
    await page.fill('.replay-url', target.url);
    await page.click('.replay button');
    await expect.poll(() => page.locator('.action-output').textContent()).toContain('answered 200');
    const arrived = target.requests[0];
    expect(arrived?.headers['stripe-signature']).not.toBe(stale);
    expect(new Stripe('sk_test_not_used').webhooks.constructEvent(arrived?.body ?? Buffer.alloc(0), String(arrived?.headers['stripe-signature']), secret)).toMatchObject({ id: 'evt_1' });
    await stop();
  });

  it('replays a body edited on the page, signed anew: Stripe\'s verifier accepts the edited bytes; a form cannot be edited there', async () => {
    const secret = 'whsec_page_edit';
    const { url, ui, stop } = await listenWithUi(['--verify', 'stripe', '--secret', secret]);
    const body = JSON.stringify({ id: 'evt_2', type: 'invoice.paid' });
    expect((await post(url, body, { 'stripe-signature': new Stripe('sk_test_not_used').webhooks.generateTestHeaderString({ payload: body, secret }) })).status).toBe(200);
    expect((await post(url, 'a=1', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(200);
    expect((await post(url, '{"id": 12345678901234567890}')).status).toBe(200);
    const page = await browser.page();
    await page.goto(`${ui}#1`);
    const edit = page.locator('.replay label', { hasText: 'edit body' }).locator('input');
    await expect.poll(() => edit.isEnabled()).toBe(true);
    // The box opens on the body as the detail draws it.
    expect(await page.locator('.edit-body').isVisible()).toBe(false);
    await edit.check();
    expect(JSON.parse(await page.locator('.edit-body').inputValue())).toEqual(JSON.parse(body));
    await page.fill('.edit-body', '{"id": "evt_2", "type": "invoice.payment_failed"}');
    const target = await startServer([200]);
    await page.fill('.replay-url', target.url);
    await page.click('.replay button');
    await expect.poll(() => page.locator('.action-output').textContent()).toBe(`Replay of the edited body to ${target.url}: answered 200`);
    const arrived = target.requests[0];
    expect(arrived?.body.toString()).toBe('{"id": "evt_2", "type": "invoice.payment_failed"}');
    expect(new Stripe('sk_test_not_used').webhooks.constructEvent(arrived?.body ?? Buffer.alloc(0), String(arrived?.headers['stripe-signature']), secret)).toMatchObject({ type: 'invoice.payment_failed' });
    // Copy as curl gives the edit too, as Replay sent it.
    await page.click('button:text("Copy as curl")');
    await expect.poll(() => page.locator('.action-output .note').textContent()).toContain(', with the edited body');
    expect(await page.locator('textarea.curl').inputValue()).toContain(`--data-binary '{"id": "evt_2", "type": "invoice.payment_failed"}'`);

    await page.goto(`${ui}#2`);
    await expect.poll(() => page.locator('.facts').textContent()).toContain('Request#2 ');
    expect(await edit.isDisabled()).toBe(true);
    expect(await page.locator('.replay label', { hasText: 'edit body' }).getAttribute('title')).toContain('a form, binary data or a body longer than shown is not edited here');
    // An integer past 2^53, which JSON.parse reads as the nearest double, is drawn with the digits
    // sent, and an edit keeps them; so is one in a form's JSON.
    await page.goto(`${ui}#3`);
    await expect.poll(() => page.locator('.facts').textContent()).toContain('Request#3 ');
    expect([await page.locator('.json .v-number').textContent(), await page.locator('.json .inexact').count()]).toEqual(['12345678901234567890', 0]);
    await expect.poll(() => edit.isEnabled()).toBe(true);
    await edit.check();
    expect(await page.locator('.edit-body').inputValue()).toContain('"id": 12345678901234567890');
    await page.click('.replay button');
    await expect.poll(() => page.locator('.action-output').textContent()).toContain('answered 200');
    expect(target.requests.at(-1)?.body.toString()).toMatch(/"id": 12345678901234567890\b/);
    expect((await post(url, `payload=${encodeURIComponent('{"id":-12345678901234567891}')}`, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(200);
    await page.goto(`${ui}#4`);
    await expect.poll(() => page.locator('.facts').textContent()).toContain('Request#4 ');
    expect(await page.locator('.json .v-number').textContent()).toBe('-12345678901234567891');
    await stop();
  });

  // The page said only "answered 200", where the receiver that checks the signature had refused it.
  it('says when a replay went without the signature the request came with, and how to send it', async () => {
    const { url, ui, stop } = await listenWithUi();
    const body = '{"action":"opened","number":1}';
    expect((await post(url, body, { 'x-hub-signature-256': `sha256=${'ab'.repeat(32)}`, 'x-github-event': 'ping' })).status).toBe(200);
    const page = await browser.page();
    await page.goto(`${ui}#1`);
    const target = await startServer([200, 200]);
    await page.fill('.replay-url', target.url);
    const replayed = async (): Promise<string[]> => {
      await page.click('.replay button');
      await expect.poll(() => page.locator('.action-output').textContent()).toContain('answered 200');
      return page.locator('.action-output .note').allTextContents();
    };
    expect(await replayed()).toEqual([`Replay to ${target.url}: answered 200`, 'It went without the signature it came with (x-hub-signature-256): tick original headers to send it as recorded.']);
    await page.locator('.replay label', { hasText: 'original headers' }).locator('input').check();
    expect(await replayed()).toEqual([`Replay to ${target.url}: answered 200`]);
    expect(target.requests.at(-1)?.headers['x-hub-signature-256']).toBe(`sha256=${'ab'.repeat(32)}`);
    await stop();
  });

  it("an edited body its record's kind does not take goes as edited, and the page says why it is not a valid one", async () => {
    const { url, ui, stop } = await listenWithUi();
    const alert = await fixture('metric-alert/significance.json');
    expect((await post(url, alert)).status).toBe(200);
    const page = await browser.page();
    await page.goto(`${ui}#1`);
    const edit = page.locator('.replay label', { hasText: 'edit body' }).locator('input');
    await expect.poll(() => edit.isEnabled()).toBe(true);
    await edit.check();
    const target = await startServer([200]);
    await page.fill('.replay-url', target.url);
    const replayed = async (body: string): Promise<string[]> => {
      await page.fill('.edit-body', body);
      await page.click('.replay button');
      await expect.poll(() => page.locator('.action-output').textContent()).toContain('answered 200');
      return page.locator('.action-output .note').allTextContents();
    };
    const changed = JSON.stringify({ ...(JSON.parse(alert) as object), type: 'CHANGED' });
    expect(await replayed(changed)).toEqual([`Replay of the edited body to ${target.url}: answered 200`, 'The edited body is not a valid metric-alert payload ($.type: expected one of "METRIC_ALERT"); it went as edited.']);
    expect(target.requests.at(-1)?.body.toString()).toBe(changed);
    // Said once: it read "is not JSON (line 1: not valid JSON: Unexpected end of JSON input)".
    const [, broken] = await replayed('{"type": ');
    expect(broken).toBe('The edited body is not valid JSON (line 1: Unexpected end of JSON input); it went as edited.');
    const [, empty] = await replayed('');
    expect(empty).toBe('The edited body is empty, not JSON; it went as edited.');
    // One the kind takes says nothing more, a trailing comma the receiver would repair included.
    expect(await replayed(alert)).toEqual([`Replay of the edited body to ${target.url}: answered 200`]);
    expect(await replayed(alert.trimEnd().replace(/}$/, ',}'))).toEqual([`Replay of the edited body to ${target.url}: answered 200`]);
    await stop();
  });

  it('never runs markup from a body, a header, a path or a query', async () => {
    const { url, ui, stop } = await listenWithUi();
    const page = await browser.page();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(ui);
    const payload = {
      title: '<img src=x onerror="window.pwned=1;alert(1)">',
      html: '<script>window.pwned=2;alert(2)</script>',
      '<img src=x onerror=alert(3)>': '<svg onload="window.pwned=3">',
    };
    const hostilePath = `/hook/${encodeURIComponent('<script>alert(4)</script>')}?q=${encodeURIComponent('<img src=x onerror=alert(5)>')}`;
    const response = await post(`${url}${hostilePath}`, JSON.stringify(payload), { 'x-evil': '<img src=x onerror="window.pwned=4;alert(6)">', authorization: 'Bearer <script>alert(7)</script>' });
    expect(response.status).toBe(200);
    await visibleRow(page, 1).click();
    await expect.poll(() => page.locator('.json').textContent()).toContain('<img src=x onerror=');
    for (const tab of ['raw', 'mapped', 'headers']) await page.click(`.tab[data-tab="${tab}"]`);
    await page.click('.panel button.link:text("Show secrets")');
    await expect.poll(() => page.locator('.kv').first().textContent()).toContain('Bearer <script>alert(7)</script>');
    expect(await page.locator('.kv').first().textContent()).toContain('<img src=x onerror="window.pwned=4;alert(6)">');
    await page.click('button:text("Copy as curl")');
    await expect.poll(() => page.locator('.curl').inputValue()).toContain('<script>');

    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('#detail img, #detail script, #detail svg, #rows img, #rows script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await page.close();
    await stop();
  });

  it("another site's page cannot have the API search, stream or show a record (Fetch Metadata)", async () => {
    const { url, ui, stop } = await listenWithUi();
    expect((await post(`${url}/hooks/x`, '{"a":1}', { authorization: 'Bearer secret' })).status).toBe(200);
    const api = ['api/search?q=a', 'api/events', 'api/records/1?secrets=1', 'api/capture'].map((path) => `${ui}${path}`);
    const [search, events, ...fetched] = api;
    const html = `<img src="${search}"><script>new EventSource('${events}');for (const url of ${JSON.stringify(fetched)}) fetch(url, { mode: 'no-cors' });</script>`;
    // Another port of 127.0.0.1 (same-site, not same-origin): a page Chromium lets reach the inspector.
    const other = await startServer(() => ({ status: 200, body: html, headers: { 'content-type': 'text/html' } }));
    const page = await browser.page();
    // The page is kept from reading every answer (Cross-Origin-Resource-Policy), and Playwright with
    // it: what the server answered is read from the browser's own network events.
    const cdp = await page.context().newCDPSession(page);
    const urls = new Map<string, string>();
    const statuses = new Map<string, number>();
    cdp.on('Network.requestWillBeSent', (event) => urls.set(event.requestId, event.request.url));
    cdp.on('Network.responseReceivedExtraInfo', (event) => statuses.set(event.requestId, event.statusCode));
    await cdp.send('Network.enable');
    await page.goto(other.url);
    const answered = (): Record<string, number> => Object.fromEntries([...statuses].map(([id, status]) => [urls.get(id) ?? id, status]).filter(([at]) => api.includes(at as string)));
    await expect.poll(() => Object.keys(answered()).length).toBe(api.length);
    expect(answered()).toEqual(Object.fromEntries(api.map((at) => [at, 403])));
    await page.close();
    await stop();
  });

  it('draws a long diff only up to its limit and says so; a search the server fails is said, not thrown', async () => {
    const file = harness.file('long.ndjson');
    const record = (sign: number) => JSON.stringify(captureRecord({ items: Array.from({ length: 20_000 }, (_, i) => sign * (i + 1)) }, { seq: sign > 0 ? 1 : 2 }));
    await writeFile(file, `${record(1)}\n${record(-1)}\n`);
    await inspecting(file, { timeoutMs: 60_000 }, async (ui) => {
      const page = await browser.page();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${ui}#diff-1-2`);
      // Every item differs: 40,000 lines removed or added, 5,000 drawn.
      await expect.poll(() => page.locator('.diff-cut').textContent()).toBe('Longer than shown: 35,004 more lines left out. The whole bodies are in the capture file (Download capture).');
      expect(await page.locator('.diff-body .line').count()).toBe(5000);
      expect(await page.locator('.detail-head .note').textContent()).toBe('0 headers differ; 40,000 body lines differ.');

      await page.route('**/api/search?*', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":"Maximum call stack size exceeded"}' }));
      await page.fill('#filter-text', 'items');
      // Said where the rows would be, the diff left in view; and no request is counted as matching.
      await expect.poll(() => page.locator('#empty').textContent()).toBe('The search failed: Maximum call stack size exceeded');
      expect(await page.locator('#count').textContent()).toBe('search failed (2 requests in all)');
      expect(await page.locator('.diff-cut').count()).toBe(1);
      expect(pageErrors).toEqual([]);
      await page.close();
    });
  });

  it('downloads the capture file from its link, and says why when the server refuses it (cut short under whk inspect)', async () => {
    const file = harness.file('cut.ndjson');
    await writeFile(file, `${JSON.stringify(captureRecord({ n: 1 }))}\n${JSON.stringify(captureRecord({ n: 2 }))}\n`);
    await inspecting(file, {}, async (ui, cli) => {
      const page = await browser.page();
      await page.goto(ui);
      await expect.poll(() => page.locator('#count').textContent()).toBe('2 requests');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
      expect(await readFile(await download.path(), 'utf8')).toBe(await readFile(file, 'utf8'));
      await truncate(file, 10);
      await cli.waitFor(/was cut short/);
      // The server answers 409: a link followed showed nothing at all.
      await page.click('#download');
      await expect.poll(() => page.locator('#detail .placeholder.bad').textContent()).toBe(`Download capture: the capture file ${file} was cut short under the page: it no longer holds all the records listed; start whk inspect again to read it as it is`);
      await page.close();
    });
  });

  it('says when a diff compared only the first lines of bodies longer than it reads', async () => {
    const file = harness.file('longer.ndjson');
    const record = (first: number, last = 59_999, seq = first > 0 ? 1 : 2) => JSON.stringify(captureRecord(Array.from({ length: 60_000 }, (_, i) => (i === 0 ? first : i === 59_999 ? last : i)), { seq }));
    // #3 is #1 but for its last item, past the lines a diff reads: not "identical".
    await writeFile(file, `${record(1)}\n${record(-1)}\n${record(1, -1, 3)}\n`);
    await inspecting(file, { timeoutMs: 90_000 }, async (ui) => {
      const page = await browser.page();
      await page.goto(`${ui}#diff-1-2`);
      await expect.poll(() => page.locator('.diff-compared').textContent()).toBe('Compared the first 50,000 lines of #1 and 50,000 lines of #2: the bodies are longer than a diff reads. The whole bodies are in the capture file (Download capture).');
      expect(await page.locator('.detail-head .note').textContent()).toBe('0 headers differ; 2 body lines differ in the first 50,000 lines of #1 and 50,000 lines of #2 (compared no further).');
      await page.goto(`${ui}#diff-1-3`);
      await expect.poll(() => page.locator('.detail-head .note').textContent(), { timeout: 30_000 }).toBe('0 headers differ; no body line differs in the first 50,000 lines of #1 and 50,000 lines of #3 (compared no further).');
      await page.close();
    });
  });

  it('keeps 10,000 requests filterable while drawing only the rows in view', async () => {
    const file = harness.file('big.ndjson');
    const kinds = ['alertmanager', 'grafana-alert', 'sentry-issue-alert', 'datadog-monitor'];
    const lines: string[] = [];
    for (let i = 1; i <= 10_000; i++) {
      const invalid = i % 7 === 0;
      const record = captureRecord(
        { n: i, note: i === 4242 ? 'needle-in-the-haystack' : 'hay' },
        { seq: i, path: `/hooks/${i % 5}`, kind: kinds[i % kinds.length] ?? null, valid: !invalid, issues: invalid ? [{ path: '$.n', message: 'not allowed' }] : [] },
      );
      lines.push(JSON.stringify(record));
    }
    await writeFile(file, `${lines.join('\n')}\n`);
    await inspecting(file, { timeoutMs: 60_000 }, async (ui) => {
      const page = await browser.page();
      await page.goto(ui);
      await expect.poll(() => page.locator('#count').textContent()).toBe('10,000 requests');
      expect(await page.locator('#state').textContent()).toBe('capture file');
      expect(await domRows(page)).toBeLessThan(100);

      await page.selectOption('#filter-verdict', 'invalid');
      await expect.poll(() => page.locator('#count').textContent()).toBe(`${Math.floor(10_000 / 7).toLocaleString('en')} of 10,000 requests`);
      const verdicts = await page.locator('#rows .row:not([hidden]) .verdict').allTextContents();
      expect(verdicts.length).toBeGreaterThan(0);
      expect(verdicts.every((text) => text.startsWith('invalid'))).toBe(true);

      await page.selectOption('#filter-kind', 'grafana-alert');
      await page.fill('#filter-path', '/hooks/3');
      // i ≡ 1 (mod 4), i ≡ 3 (mod 5), i ≡ 0 (mod 7): one in every 140. The path too is the server's
      // search (below): under a CPU slowed fourfold it took past the poll's default second.
      const expected = Array.from({ length: 10_000 }, (_, i) => i + 1).filter((i) => i % 7 === 0 && i % 4 === 1 && i % 5 === 3).length;
      await expect.poll(() => page.locator('#count').textContent(), { timeout: 10_000 }).toBe(`${expected} of 10,000 requests`);

      await page.selectOption('#filter-kind', '');
      await page.selectOption('#filter-verdict', '');
      await page.fill('#filter-path', '');
      await page.fill('#filter-text', 'needle-in-the');
      // A text filter is the server's search through 10,000 records read back from the file: on a
      // busy machine it took past the poll's default second (seen with two test files at a time).
      await expect.poll(() => page.locator('#count').textContent(), { timeout: 10_000 }).toBe('1 of 10,000 requests');
      await expect.poll(() => visibleRow(page, 4242).count()).toBe(1);

      // Scrolled to the end, the oldest request is drawn, and still only a page of rows exists.
      await page.fill('#filter-text', '');
      await expect.poll(() => page.locator('#count').textContent(), { timeout: 10_000 }).toBe('10,000 requests');
      await page.locator('#rows').evaluate((node) => node.scrollTo(0, node.scrollHeight));
      await expect.poll(() => visibleRow(page, 1).count()).toBe(1);
      expect(await domRows(page)).toBeLessThan(100);
      await page.close();
    });
  });
});
