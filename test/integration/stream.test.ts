// Streams run in virtual time (test/helpers/virtual-time.ts) against a real local endpoint: the
// schedule (flushes, retries, pause, probe, resume) is exact, and no test waits in real time.
import { gunzipSync } from 'node:zlib';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { startStream, type StreamEnv, type StreamEvent, type StreamRequest } from '../../src/delivery/stream.js';
import { harnessBuild } from '../../src/kinds/harness-build.js';
import { impressions } from '../../src/kinds/impressions.js';
import { batchLike } from '../helpers/kinds.js';
import { recovering, serversClosedAfterEach } from '../helpers/server.js';
import { VIRTUAL_START, virtualTime, type VirtualTime } from '../helpers/virtual-time.js';

const server = serversClosedAfterEach();

let time: VirtualTime;
afterEach(async () => {
  await time.close();
});

/** A stream environment on fresh virtual time, collecting the run's events. */
function virtualEnv(): StreamEnv & { events: StreamEvent[] } {
  time = virtualTime();
  const events: StreamEvent[] = [];
  return { clock: time.clock, sleep: time.sleep, dispatcher: time.dispatcher, onEvent: (event) => events.push(event), events };
}

/** 4 s at 100 events/s, flushed every 100 ms, against an endpoint that recovers: pauses after 4 errors. */
const recoveringRun = (url: string): StreamRequest => ({
  kind: batchLike,
  url,
  seed: 1,
  rate: 100,
  durationMs: 4000,
  flushIntervalMs: 100,
  retryDelayMs: 100,
  pause: { minAttempts: 4, cooldownMs: 500, maxCooldownMs: 1000 },
});

const ids = (body: Buffer): string[] => (JSON.parse(gunzipSync(body).toString()) as { id: string }[]).map((e) => e.id);

describe('streaming with delivery protection (real local endpoint)', () => {
  it('pauses while the endpoint fails, probes, resumes, and delivers every event exactly once', async () => {
    const env = virtualEnv();
    const endpoint = await recovering(2000, { clock: time.clock, start: server });
    const summary = await startStream(recoveringRun(endpoint.url), env).done;
    const states = env.events.filter((e) => e.type === 'state');
    const sinceStart = (at: number): number => at - VIRTUAL_START;

    // The machine went through pause, probe and resume, with timestamps: 4 errors in 4 attempts
    // (two batches, each retried 100 ms later) pause it at 300 ms; probes follow the cooldown,
    // doubled up to its maximum (500 ms, then 1 s, 1 s); the endpoint recovers 2 s after its first
    // request, so the third probe (2.8 s) closes it.
    const path = states.map((e) => `${e.from}→${e.to}`);
    expect(path[0]).toBe('closed→paused');
    expect(path).toContain('paused→probing');
    expect(path.at(-1)).toBe('probing→closed');
    for (const e of states) expect(Date.parse(e.time)).toBe(e.at);
    expect(states.map((e) => [`${e.from}→${e.to}`, sinceStart(e.at)])).toEqual([
      ['closed→paused', 300],
      ['paused→probing', 800],
      ['probing→paused', 800],
      ['paused→probing', 1800],
      ['probing→paused', 1800],
      ['paused→probing', 2800],
      ['probing→closed', 2800],
    ]);

    // No request reached the endpoint while paused: only the probe goes out between pause and resume.
    const pausedIntervals: [number, number][] = [];
    for (let i = 0; i < states.length; i++) {
      const e = states[i];
      if (e?.to === 'paused') pausedIntervals.push([e.at, states[i + 1]?.at ?? Infinity]);
    }
    for (const { at } of endpoint.answered) {
      for (const [from, to] of pausedIntervals) expect(at > from && at < to).toBe(false);
    }
    // The whole schedule: the four failures, each probe, then everything held goes out at the
    // resume and the flushes carry on every 100 ms until generation ends at 4 s.
    const resumed = [...Array<number>(28).fill(2800), ...Array.from({ length: 12 }, (_, i) => 2900 + 100 * i)];
    expect(endpoint.answered.map((a) => [sinceStart(a.at), a.status])).toEqual([
      [100, 500],
      [200, 500],
      [200, 500],
      [300, 500],
      [800, 500],
      [1800, 500],
      ...resumed.map((at) => [at, 200]),
    ]);

    // Every generated event arrived in a 200-answered request exactly once.
    expect(summary).toMatchObject({ type: 'summary', generated: 400, delivered: 400, failed: 0, queued: 0, dropped: 0, cancelled: false });
    const delivered = endpoint.requests.filter((_, i) => endpoint.answered[i]?.status === 200).flatMap((r) => ids(r.body));
    expect(delivered).toHaveLength(400);
    expect(new Set(delivered).size).toBe(400);
    expect(summary).toMatchObject({ retried: 6, pausedMs: 2500, requests: 46, batches: 40, durationMs: 4000 });
    expect(summary.requests).toBe(endpoint.requests.length);
  });

  it("whilePaused 'drop' sends nothing held: what waits during the pause is a counted gap, never redelivered", async () => {
    const env = virtualEnv();
    const endpoint = await recovering(2000, { clock: time.clock, start: server });
    const summary = await startStream({ ...recoveringRun(endpoint.url), whilePaused: 'drop' }, env).done;
    // The same schedule of states as with the queue: only what happens to the held batches differs.
    expect(env.events.filter((e) => e.type === 'state').map((e) => e.type === 'state' && `${e.from}→${e.to}`).at(-1)).toBe('probing→closed');
    const delivered = endpoint.requests.filter((_, i) => endpoint.answered[i]?.status === 200).flatMap((r) => ids(r.body));
    expect(new Set(delivered).size).toBe(delivered.length);
    expect(summary.gap).toBeGreaterThan(0);
    expect(summary).toMatchObject({ generated: 400, queued: 0, dropped: 0, delivered: delivered.length });
    expect(summary.generated).toBe(summary.delivered + summary.failed + summary.gap);
    // Nothing goes out in a burst at the resume: after it, one request per flush interval.
    const resumedAt = endpoint.answered.findIndex((a) => a.status === 200);
    const after = endpoint.answered.slice(resumedAt).map((a) => a.at - VIRTUAL_START);
    expect(new Set(after).size).toBe(after.length);
  });

  it("whilePaused 'drop': once generation ends with nothing held, the run ends without waiting out the cooldown", async () => {
    const env = virtualEnv();
    const endpoint = await server([500]);
    const run = startStream(
      { kind: batchLike, url: endpoint.url, seed: 11, rate: 100, durationMs: 1000, flushIntervalMs: 100, retry: false, whilePaused: 'drop', pause: { minAttempts: 2, cooldownMs: 60_000 } },
      env,
    );
    const summary = await run.done;
    // The first two flushes (100 and 200 ms: 11 and 10 events) go out and fail, the second pausing
    // delivery; the rest, never sent, is the gap.
    expect(summary).toMatchObject({ generated: 100, delivered: 0, failed: 21, gap: 79, queued: 0, requests: 2, durationMs: 1000 });
    // Ended while paused, its status stays the summary's: the pause's clock no longer counts.
    const { type: _type, durationMs: _ms, cancelled: _cancelled, ...counts } = summary;
    expect(run.status()).toEqual({ ...counts, state: 'paused' });
    await time.sleep(30_000);
    expect(run.status()).toEqual({ ...counts, state: 'paused' });
  });

  it("whilePaused 'drop': a batch that went out and failed (the one that tripped the pause, one whose retry it withheld, a failed probe) is failed, never the gap of events not sent", async () => {
    const env = virtualEnv();
    const endpoint = await server([500]);
    const summary = await startStream(
      { kind: batchLike, url: endpoint.url, seed: 5, rate: 100, durationMs: 2000, flushIntervalMs: 100, retryDelayMs: 100, whilePaused: 'drop', pause: { minAttempts: 4, cooldownMs: 300, maxCooldownMs: 300 } },
      env,
    ).done;
    // Probes went out during the pause, and failed.
    expect(env.events.filter((e) => e.type === 'state' && e.to === 'probing').length).toBeGreaterThan(1);
    const seen = new Set(endpoint.requests.flatMap((r) => ids(r.body)));
    expect(summary).toMatchObject({ generated: 200, delivered: 0, failed: seen.size, gap: 200 - seen.size, queued: 0, requests: endpoint.requests.length });
  });

  it('a batch held through a ten-minute pause is signed when it goes: Stripe\'s verifier accepts it as it arrives', async () => {
    const env = virtualEnv();
    const secret = 'whsec_held_batches';
    const endpoint = await recovering(5 * 60_000, { clock: time.clock, start: server });
    const pause = { minAttempts: 4, cooldownMs: 10 * 60_000, maxCooldownMs: 10 * 60_000 };
    const summary = await startStream({ ...recoveringRun(endpoint.url), durationMs: 1000, gzip: 'never', sign: 'stripe', secret, pause, drainTimeoutMs: 60 * 60_000 }, env).done;
    expect(summary).toMatchObject({ generated: 100, delivered: 100, queued: 0, dropped: 0 });
    const webhooks = new Stripe('sk_test_not_used').webhooks;
    const accepted = endpoint.requests.flatMap((request, i) => {
      const answer = endpoint.answered[i] as { status: number; at: number };
      if (answer.status !== 200) return [];
      // Stripe's own check with its default tolerance (300 s), at the virtual time the request arrived.
      const header = String(request.headers['stripe-signature']);
      webhooks.constructEvent(request.body, header, secret, undefined, undefined, answer.at);
      // Signed on the run's clock, in the second it went (the check above lets a future time pass).
      expect(Number(/t=(\d+)/.exec(header)?.[1]) * 1000).toBe(Math.floor(answer.at / 1000) * 1000);
      return [answer.at - VIRTUAL_START];
    });
    // Every batch made in the first second went out after the ten-minute cooldown, and each passed.
    expect(accepted.length).toBeGreaterThan(1);
    expect(Math.min(...accepted)).toBeGreaterThanOrEqual(10 * 60_000);
  });

  it('sporadic errors do not pause; a batch that fails its retry is counted as failed', async () => {
    const env = virtualEnv();
    const endpoint = await server((_, i) => (i === 1 || i === 2 ? 500 : 200));
    const summary = await startStream(
      { kind: batchLike, url: endpoint.url, seed: 2, rate: 200, total: 100, flushIntervalMs: 50, retryDelayMs: 10, pause: { windowMs: 300 } },
      env,
    ).done;
    expect(env.events).toEqual([]);
    expect(summary.failed).toBeGreaterThan(0);
    expect(summary.delivered + summary.failed).toBe(100);
    expect(summary.retried).toBe(1);
    // Exactly: the second batch of 10 failed and so did its one retry; the other nine went through.
    expect(summary).toMatchObject({ batches: 10, delivered: 90, failed: 10, requests: 11, pausedMs: 0, durationMs: 500 });
  });

  it('overflow while paused is counted as dropped and reported, never silent', async () => {
    const env = virtualEnv();
    const endpoint = await server([500]);
    const summary = await startStream(
      {
        kind: batchLike,
        url: endpoint.url,
        seed: 3,
        rate: 200,
        total: 200,
        batchSize: 10,
        retry: false,
        maxQueue: 5,
        drainTimeoutMs: 100,
        pause: { minAttempts: 2, cooldownMs: 60_000 },
      },
      env,
    ).done;
    expect(env.events.map((e) => e.type)).toEqual(['state', 'overflow']);
    expect(summary.dropped).toBeGreaterThan(0);
    expect(summary.queued).toBe(50);
    expect(summary.generated).toBe(summary.delivered + summary.failed + summary.queued + summary.dropped);
    expect(endpoint.requests).toHaveLength(2);
    // Exactly: batches of 10 every 50 ms; the second failure pauses at 100 ms, the two failed batches
    // and the next three fill the queue of 5, the one at 300 ms overflows it; generation ends at
    // 1 s and the drain gives up 100 ms later.
    expect(env.events.map((e) => [e.type, Date.parse(e.time) - VIRTUAL_START])).toEqual([
      ['state', 100],
      ['overflow', 300],
    ]);
    expect(summary).toMatchObject({ generated: 200, batches: 20, delivered: 0, failed: 0, dropped: 150, pausedMs: 1000, durationMs: 1100 });
  });

  it('says a queue of one holds one batch', async () => {
    const env = virtualEnv();
    const endpoint = await server([500]);
    await startStream(
      { kind: batchLike, url: endpoint.url, seed: 3, rate: 200, total: 100, batchSize: 10, retry: false, maxQueue: 1, drainTimeoutMs: 0, pause: { minAttempts: 2, cooldownMs: 60_000 } },
      env,
    ).done;
    const overflow = env.events.find((event) => event.type === 'overflow');
    expect(overflow?.type === 'overflow' && overflow.message).toBe('queue full (1 batch): dropping new batches; the summary counts them');
  });

  it('cancelling ends the run with a summary of what is left', async () => {
    const env = virtualEnv();
    const endpoint = await server([200]);
    const controller = new AbortController();
    const run = startStream({ kind: batchLike, url: endpoint.url, seed: 4, rate: 100, flushIntervalMs: 100 }, { ...env, signal: controller.signal });
    void time.sleep(500).then(() => controller.abort());
    const summary = await run.done;
    expect(summary.cancelled).toBe(true);
    expect(summary.generated).toBeGreaterThan(30);
    expect(summary.generated).toBe(summary.delivered + summary.failed + summary.queued + summary.dropped);
    // Exactly: cancelled at 500 ms, before that instant's tick: 46 events generated (100/s, the
    // first at 0 ms, the last at 450), the four flushes up to 400 ms delivered the 41 up to then,
    // the last 5 flushed into the queue at the end.
    expect(summary).toMatchObject({ generated: 46, batches: 5, delivered: 41, queued: 5, requests: 4, durationMs: 500 });
    expect(endpoint.requests).toHaveLength(4);
  });

  it('cancelled while a batch awaits its answer: that batch is cut off in flight (it may have arrived), neither delivered nor queued', async () => {
    const env = virtualEnv();
    const controller = new AbortController();
    // The first batch is answered; the second reaches the endpoint, whose answer is still to come when the run is cancelled.
    const endpoint = await server((_, index) => {
      if (index === 0) return 200;
      controller.abort();
      return { status: 200, delayMs: 2000 };
    });
    const summary = await startStream({ kind: batchLike, url: endpoint.url, seed: 8, rate: 100, flushIntervalMs: 100 }, { ...env, signal: controller.signal }).done;
    const [first, second] = endpoint.requests.map((r) => ids(r.body).length);
    expect(endpoint.requests).toHaveLength(2);
    expect(summary).toMatchObject({ cancelled: true, delivered: first, cutOff: second, failed: 0, requests: 2 });
    expect(summary.generated).toBe(summary.delivered + summary.cutOff + summary.queued);
  });

  it('the summary says why deliveries failed: the last failed attempt, its status and the answer, controls escaped', async () => {
    const env = virtualEnv();
    const endpoint = await server(() => ({ status: 503, body: 'db \x1b[31mdown' }));
    const summary = await startStream({ kind: batchLike, url: endpoint.url, seed: 6, rate: 100, total: 10, batchSize: 10, retry: false, pause: { enabled: false } }, env).done;
    expect(summary).toMatchObject({ delivered: 0, failed: 10, lastFailedAttempt: '503 «db \\x1b[31mdown»' });
  });

  it('the drain timeout ends a delivery in its retry waits: the batch is left queued, not retried past it', async () => {
    const env = virtualEnv();
    const endpoint = await server([500]);
    const run = startStream({ kind: batchLike, url: endpoint.url, seed: 5, rate: 100, total: 10, batchSize: 10, retries: 3, retryDelayMs: 10_000, drainTimeoutMs: 1000, pause: { enabled: false } }, env);
    const summary = await run.done;
    // The retries would have gone out at 10 s, 30 s and 70 s; the drain gave up 1 s after generation ended (at 100 ms).
    expect(summary).toMatchObject({ generated: 10, delivered: 0, failed: 0, queued: 10, requests: 1, durationMs: 1100, lastFailedAttempt: '500' });
    expect(endpoint.requests).toHaveLength(1);
  });

  it('a success that trips the pause (errors still at the rate) holds the batches that failed before it', async () => {
    const env = virtualEnv();
    // Nine failures, then every answer 200: the tenth attempt, a retry that succeeds, finds 9 errors
    // in 10 attempts and pauses. The four batches that failed both their attempts must not be lost.
    const endpoint = await server((_, i) => (i < 9 ? 500 : 200));
    const summary = await startStream(
      { kind: batchLike, url: endpoint.url, seed: 6, rate: 100, total: 300, flushIntervalMs: 100, retryDelayMs: 10, pause: { cooldownMs: 500 } },
      env,
    ).done;
    const states = env.events.flatMap((e) => (e.type === 'state' ? [`${e.from}→${e.to} ${e.reason}`] : []));
    expect(states[0]).toBe('closed→paused 9 errors in 10 attempts within 60s; last failed attempt: 500');
    expect(states.at(-1)).toBe('probing→closed the probe succeeded: delivery resumes');
    expect(summary).toMatchObject({ generated: 300, delivered: 300, failed: 0, queued: 0, dropped: 0 });
    const delivered = endpoint.requests.filter((_, i) => i >= 9).flatMap((r) => ids(r.body));
    expect(new Set(delivered).size).toBe(300);
    expect(delivered).toHaveLength(300);
  });

  it('with two deliveries at once, a retry due after the other one paused the integration is not sent', async () => {
    const env = virtualEnv();
    const endpoint = await recovering(60_000, { clock: time.clock, start: server });
    // Batches every 100 ms, retried 150 ms after a failure: A fails at 100 (retry due at 250), B at 200
    // (retry due at 350); A's retry at 250 and the next batch at 300 make 4 errors, pausing at 300.
    // B's retry, decided before its wait, is due at 350, inside the pause.
    const summary = await startStream(
      { kind: batchLike, url: endpoint.url, seed: 10, rate: 100, durationMs: 1000, flushIntervalMs: 100, retryDelayMs: 150, concurrency: 2, drainTimeoutMs: 0, pause: { minAttempts: 4, cooldownMs: 5000 } },
      env,
    ).done;
    const states = env.events.flatMap((e) => (e.type === 'state' ? [[`${e.from}→${e.to}`, e.at - VIRTUAL_START]] : []));
    expect(states).toEqual([['closed→paused', 300]]);
    expect(endpoint.answered.map((a) => a.at - VIRTUAL_START)).toEqual([100, 200, 250, 300]);
    expect(summary).toMatchObject({ generated: 100, delivered: 0, failed: 0, queued: 100, requests: 4 });
  });

  it("one seed makes the same impressions however the run's ticks fall: --seed reproduces a stream's events", async () => {
    const run = async (tickMs: number): Promise<string[]> => {
      const env = virtualEnv();
      const endpoint = await server([200]);
      await startStream({ kind: impressions, url: endpoint.url, seed: 42, rate: 100, total: 60, flushIntervalMs: 200 }, { ...env, tickMs }).done;
      return endpoint.requests.flatMap((r) => (JSON.parse(gunzipSync(r.body).toString()) as unknown[]).map((record) => JSON.stringify(record)));
    };
    const coarse = await run(50);
    await time.close(); // the second run's is closed after the test
    const fine = await run(20);
    expect(coarse).toHaveLength(60);
    expect(fine).toEqual(coarse);
  });

  it("the pause sees what the sender's code sees: a 408 its HTTP client sent again by itself, then a 200, is one delivered call, not an error", async () => {
    const env = virtualEnv();
    // Every other answer a 408: OkHttp (Harness's sender) sends each request once more at once, and gets a 200.
    const endpoint = await server((_, index) => (index % 2 === 0 ? 408 : 200));
    const summary = await startStream({ kind: harnessBuild, url: endpoint.url, seed: 9, rate: 10, total: 6, pause: { enabled: true, minAttempts: 2 } }, env).done;
    expect(endpoint.requests).toHaveLength(12);
    expect(summary).toMatchObject({ generated: 6, delivered: 6, failed: 0, requests: 12 });
    expect(env.events.filter((e) => e.type === 'state')).toEqual([]);
  });

  it('a rate beyond what one tick can build is made in chunks, every batch within the cap, and the run ends', async () => {
    const env = virtualEnv();
    const endpoint = await server([200]);
    // 250,000 events due at the first tick: once built in one array, past the 100,000-record cap.
    const summary = await startStream({ kind: batchLike, url: endpoint.url, seed: 7, rate: 1_000_000, durationMs: 250, flushIntervalMs: 250 }, { ...env, tickMs: 250 }).done;
    expect(summary).toMatchObject({ generated: 250_000, delivered: 250_000, failed: 0, queued: 0, dropped: 0, durationMs: 250 });
    expect(endpoint.requests.map((r) => ids(r.body).length).every((n) => n <= 5000)).toBe(true);
  });

  it('an error while generating ends the whole run: no consumer keeps waiting after it', async () => {
    const env = virtualEnv();
    const endpoint = await server([200]);
    let calls = 0;
    const failing: typeof batchLike = {
      ...batchLike,
      sample: (request) => {
        if (++calls > 2) throw new Error('the generator broke');
        return batchLike.sample(request);
      },
    };
    await expect(startStream({ kind: failing, url: endpoint.url, seed: 8, rate: 100, flushIntervalMs: 100 }, env).done).rejects.toThrow('the generator broke');
    // Virtual time moves only while something sleeps: a consumer left looping would carry it on.
    const stoppedAt = time.elapsed();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(time.elapsed()).toBe(stoppedAt);
  });

  it('--duration is a time: a slow rate streams for the whole duration', async () => {
    const env = virtualEnv();
    const endpoint = await server([200]);
    // One event every 2 s, from the start: at 0 and 2 s; the third would be due at 4 s, after the end. The run still lasts 3 s.
    const summary = await startStream({ kind: batchLike, url: endpoint.url, seed: 9, rate: 0.5, durationMs: 3000, flushIntervalMs: 1000 }, env).done;
    expect(summary).toMatchObject({ generated: 2, delivered: 2, durationMs: 3000 });
  });

  // At one an hour, the first event waited an hour; a duration shorter than the rate's interval had
  // been refused for it.
  it('the first event goes at once, then one each interval of the rate', async () => {
    const env = virtualEnv();
    const arrivals: number[] = [];
    const endpoint = await server(() => {
      arrivals.push(time.clock() - VIRTUAL_START);
      return { status: 200 };
    });
    const summary = await startStream({ kind: batchLike, url: endpoint.url, seed: 9, rate: 1 / 3600, total: 2, batchSize: 1 }, env).done;
    expect(summary).toMatchObject({ generated: 2, delivered: 2 });
    expect(arrivals).toEqual([expect.any(Number), expect.any(Number)]);
    expect(arrivals[0]).toBeLessThan(1000);
    expect((arrivals[1] ?? 0) - 3_600_000).toBeGreaterThanOrEqual(0);
    expect((arrivals[1] ?? 0) - 3_600_000).toBeLessThan(1000);
    const short = await startStream({ kind: batchLike, url: endpoint.url, seed: 9, rate: 0.001, durationMs: 3000, batchSize: 1 }, env).done;
    expect(short).toMatchObject({ generated: 1, delivered: 1 });
  });

  it('--set applies to each generated event of a batch, as its own copy', async () => {
    const env = virtualEnv();
    const endpoint = await server([200]);
    const run = startStream({ kind: batchLike, url: endpoint.url, seed: 3, rate: 200, total: 20, flushIntervalMs: 50, set: ['tag={"team":"growth"}'] }, env);
    const summary = await run.done;
    expect(summary.delivered).toBe(20);
    const events = endpoint.requests.flatMap((r) => JSON.parse(gunzipSync(r.body).toString()) as { id: string; tag: unknown }[]);
    expect(events).toHaveLength(20);
    expect(events.every((e) => JSON.stringify(e.tag) === '{"team":"growth"}')).toBe(true);
    expect(new Set(events.map((e) => e.id)).size).toBe(20);
  });
});

describe('streaming a kind with events', () => {
  it('--event picks the event of every streamed body, and each request carries the sender headers', async () => {
    const env = virtualEnv();
    const endpoint = await server([200]);
    const { getKind } = await import('../../src/kinds/index.js');
    const summary = await startStream({ kind: getKind('github'), url: endpoint.url, seed: 5, rate: 100, total: 3, event: 'issues' }, env).done;
    expect(summary.delivered).toBe(3);
    expect(endpoint.requests).toHaveLength(3);
    for (const request of endpoint.requests) {
      expect(request.headers['x-github-event']).toBe('issues');
      expect(request.headers['x-github-delivery']).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.parse(request.body.toString())).toHaveProperty('issue');
    }
  });
});

describe('streaming a kind whose sender writes its own bytes', () => {
  it.each([
    ['hertzbeat-alarm', 'raw-template'],
    ['alertmanager', undefined],
  ] as const)('sends %s payloads as send does (HertzBeat\'s raw template, Alertmanager\'s Go-encoded JSON)', async (id, variant) => {
    const { getKind } = await import('../../src/kinds/index.js');
    const { prepareSend } = await import('../../src/delivery/plan.js');
    const env = virtualEnv();
    const endpoint = await server([200]);
    const kind = getKind(id);
    const summary = await startStream({ kind, url: endpoint.url, seed: 7, rate: 100, total: 2, variant, retry: false }, env).done;
    expect(summary.delivered).toBe(2);
    // send's bodies of the same seeds, byte for byte: the stream's payload i is seed + i too.
    const sent = prepareSend({ kind, url: endpoint.url, seed: 7, variant, count: 2 }).map((planned) => planned.request.body.toString());
    expect(endpoint.requests.map((request) => request.body.toString())).toEqual(sent);
    // Neither is the payload's plain JSON (which the stream sent before).
    sent.forEach((body, i) => expect(body).not.toBe(JSON.stringify(kind.sample({ seed: 7 + i, variant }))));
  });
});

// GitLab disables a webhook after 4 failures in a row, for 1 minute, then twice as long after each
// failure past them (kinds/gitlab.ts autoDisable): a stream's deliveries meanwhile are not sent.
describe("streaming a kind whose sender disables a failing webhook (GitLab's auto-disabling)", () => {
  it('sends 4, holds back the rest of the minute, sends the next one due after it, and says so', async () => {
    const { getKind } = await import('../../src/kinds/index.js');
    const env = virtualEnv();
    const endpoint = await server([500]);
    const summary = await startStream({ kind: getKind('gitlab'), url: endpoint.url, seed: 1, rate: 1, durationMs: 70_000 }, env).done;
    // Events at 0 to 69 s: four fail (0 to 3 s), disabling it until 63 s; the one at 64 s fails, for 2 minutes.
    expect(endpoint.requests).toHaveLength(5);
    expect(summary).toMatchObject({ generated: 70, delivered: 0, failed: 5, notSent: 65 });
    const disabled = env.events.filter((e) => e.type === 'disabled');
    expect(disabled.map((e) => (Date.parse(e.time) - VIRTUAL_START) / 1000)).toEqual([4, 65]);
    expect(disabled[0]?.type === 'disabled' && disabled[0].reason).toBe('GitLab disables a webhook after 4 consecutive failures (temporarily, for 1m after failure 4; for good after 40)');
  });

  it('sends every delivery with autoDisable off', async () => {
    const { getKind } = await import('../../src/kinds/index.js');
    const env = virtualEnv();
    const endpoint = await server([500]);
    const summary = await startStream({ kind: getKind('gitlab'), url: endpoint.url, seed: 1, rate: 1, durationMs: 10_000, autoDisable: false }, env).done;
    expect(endpoint.requests).toHaveLength(10);
    expect(summary).toMatchObject({ failed: 10, notSent: 0 });
  });
});
