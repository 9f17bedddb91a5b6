// stream() from 'whk': events generated at a rate and delivered as `whk send --rate` delivers them
// (batches, gzip, the pause and its queue), to a receiver started in-process; the summary as data.
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { listen, send, stream, UsageError, type StreamEvent } from 'whk';
import { closedAfterEach } from '../helpers/server.js';
import { streamRequestOf } from '../../src/delivery/stream-fields.js';
import { getKind } from '../../src/kinds/index.js';

const started = closedAfterEach((options: Parameters<typeof listen>[0] = {}) => listen(options));
type Loose = Parameters<typeof stream>[1];

describe("import { stream } from 'whk'", () => {
  it('streams impressions in gzipped batches of the size asked, and resolves with the summary', async () => {
    const listener = await started();
    const summary = await stream('impressions', { url: `${listener.url}/split`, rate: '5000/s', total: 300, batchSize: 100, seed: 3 });
    expect(summary).toMatchObject({ generated: 300, batches: 3, delivered: 300, failed: 0, queued: 0, dropped: 0, gap: 0, requests: 3, cancelled: false });
    const records = await listener.waitFor(3, { timeout: '5s' });
    for (const record of records) {
      expect(record).toMatchObject({ kind: 'impressions', valid: true, encoding: 'gzip', path: '/split' });
      expect(JSON.parse(gunzipSync(Buffer.from(record.bodyBase64, 'base64')).toString('utf8'))).toHaveLength(100);
    }
  });

  it('status() gives the counts so far while it runs, and the final ones after', async () => {
    const listener = await started();
    const running = stream('metric-alert', { url: listener.url, rate: 200, total: 40, seed: 5 });
    // Not started until its options are checked (the modules it needs load first).
    expect(running.status()).toBeNull();
    await listener.waitFor(1, { timeout: '10s' });
    const meanwhile = running.status();
    expect(meanwhile).toMatchObject({ state: 'closed' });
    expect(meanwhile?.generated).toBeGreaterThanOrEqual(1);
    expect(meanwhile?.generated).toBeLessThanOrEqual(40);
    const summary = await running;
    expect(summary).toMatchObject({ generated: 40, delivered: 40 });
    const { type: _type, durationMs: _ms, cancelled: _cancelled, ...counts } = summary;
    expect(running.status()).toEqual({ ...counts, state: 'closed' });
  });

  it('a bad option rejects what it returns (status() stays null)', async () => {
    const running = stream('metric-alert', { url: 'http://127.0.0.1:1/', rate: -1 });
    expect(running.status()).toBeNull();
    await expect(running).rejects.toThrow(UsageError);
    expect(running.status()).toBeNull();
  });

  it('pauses delivery against a failing receiver, telling each change of state as it happens', async () => {
    const listener = await started({ respond: 500 });
    const events: StreamEvent[] = [];
    const summary = await stream('impressions', {
      url: listener.url,
      rate: 2000,
      total: 100,
      batchSize: 10,
      retries: 0,
      pauseMinAttempts: 2,
      // While paused nothing is sent and the rest is the gap, so the run ends once generation has,
      // however slow the machine (a short drain could end it before the second attempt was made).
      pauseDrop: true,
      drainTimeout: '30s',
      onEvent: (event) => events.push(event),
    });
    expect(events[0]).toMatchObject({ type: 'state', from: 'closed', to: 'paused' });
    expect(summary.delivered).toBe(0);
    // The pause held the rest back: what came due while paused is the gap.
    expect(summary.gap).toBeGreaterThan(0);
    // Nothing is lost silently: every event generated is failed, queued, dropped or in the gap.
    expect(summary.failed + summary.queued + summary.dropped + summary.gap).toBe(summary.generated);
  });

  it('goes on when onEvent throws or rejects', async () => {
    const listener = await started({ respond: 500 });
    // Two failed attempts pause delivery (pauseMinAttempts), so each run tells at least that change.
    const failing = { url: listener.url, rate: 2000, total: 40, batchSize: 10, retries: 0, pauseMinAttempts: 2, pauseDrop: true, drainTimeout: '30s' };
    for (const hook of [() => { throw new Error('hook failed'); }, () => Promise.reject(new Error('async hook failed'))]) {
      let told = 0;
      const summary = await stream('impressions', {
        ...failing,
        onEvent: () => {
          told++;
          return hook();
        },
      });
      expect(told).toBeGreaterThanOrEqual(1);
      expect(summary.generated).toBe(40);
    }
  });

  it('ends when its signal aborts, with what was sent so far', async () => {
    const listener = await started();
    const controller = new AbortController();
    const running = stream('metric-alert', { url: listener.url, rate: 50, signal: controller.signal });
    await listener.waitFor(2, { timeout: '5s' });
    controller.abort();
    const summary = await running;
    expect(summary.cancelled).toBe(true);
    // The second answer may still be on its way back when the signal aborts: both were sent.
    expect(summary.requests).toBeGreaterThanOrEqual(2);
    expect(summary.delivered).toBeGreaterThanOrEqual(1);
  });

  it('refuses what the CLI refuses, naming the field, and points send() callers with a rate to it', async () => {
    const url = 'http://127.0.0.1:9/hook';
    const refusal = (run: () => Promise<unknown>) => run().then(() => 'resolved', (error: unknown) => (error instanceof UsageError ? error.message : String(error)));
    expect(await refusal(() => stream('impressions', { url, rate: 'fast' }))).toBe("invalid `rate`: expected events per second, minute or hour in decimal digits, e.g. 200/s, 600/m or 1/h, above 0 and at most 1,000,000,000 a second (whk's bound); got 'fast'");
    expect(await refusal(() => stream('impressions', { url, rate: 0 }))).toMatch(/^invalid `rate`: .*got 0$/);
    expect(await refusal(() => stream('impressions', { url, rate: '3600000000001/h' }))).toBe("invalid `rate`: expected events per second, minute or hour in decimal digits, e.g. 200/s, 600/m or 1/h, above 0 and at most 1,000,000,000 a second (whk's bound); got '3600000000001/h'");
    expect(await refusal(() => stream('impressions', { url, rate: 2e9 }))).toBe("invalid `rate`: expected events per second above 0 and at most 1,000,000,000 a second (whk's bound), or a text such as 200/s, 600/m or 1/h; got 2000000000");
    expect(await refusal(() => stream('impressions', { url, rate: '1/s', duplicates: 0.5 } as Loose))).toBe('stream(): unknown option `duplicates`');
    expect(await refusal(() => stream('impressions', { url, rate: '1/s', pause: 'yes' } as unknown as Loose))).toBe("invalid `pause`: expected 'on', 'off', true or false, got 'yes'");
    expect(await refusal(() => stream('impressions', { url, rate: 10, duration: '1s', total: 3 }))).toBe('`duration` cannot be used with `total`');
    expect(await refusal(() => stream('metric-alert', { url, rate: 10, batchSize: 5 }))).toBe('`batchSize` and `flushInterval` apply to batch kinds; metric-alert sends one payload per event');
    const fromSend = await send('metric-alert', { url, rate: 1 } as unknown as Parameters<typeof send>[1]).catch((error: UsageError) => error);
    expect(fromSend).toBeInstanceOf(UsageError);
    expect((fromSend as UsageError).hint).toMatch(/^stream\(kind, \{ url, rate/);
  });
});

describe('a stream request from the flags or the API fields', () => {
  it('maps each pause setting to the pause machine, and pauseDrop to the gap', () => {
    const request = streamRequestOf(
      { kind: getKind('impressions'), url: 'http://127.0.0.1:9/' },
      { rate: 5, pause: 'off', pauseWindow: 1000, pauseMinAttempts: 3, pauseErrorRate: 0.25, pauseCooldown: 100, pauseMax: 400, pauseDrop: true, maxQueue: 7, drainTimeout: 0, duration: 2000 },
    );
    expect(request).toMatchObject({ rate: 5, durationMs: 2000, whilePaused: 'drop', maxQueue: 7, drainTimeoutMs: 0 });
    expect(request.pause).toEqual({ enabled: false, windowMs: 1000, minAttempts: 3, errorRate: 0.25, cooldownMs: 100, maxCooldownMs: 400 });
    expect(streamRequestOf({ kind: getKind('impressions'), url: 'http://127.0.0.1:9/' }, { rate: 1, pause: true }).pause).toEqual({ enabled: true });
    expect(streamRequestOf({ kind: getKind('impressions'), url: 'http://127.0.0.1:9/' }, { rate: 1 }).pause).toEqual({});
  });
});
