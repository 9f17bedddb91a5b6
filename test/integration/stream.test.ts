import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { startStream, type StreamEvent } from '../../src/delivery/stream.js';
import { batchLike } from '../helpers/kinds.js';
import { startServer, type TestServer } from '../helpers/server.js';

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** An endpoint that answers 500 for its first `failForMs`, then 200; it logs what it answered. */
async function recovering(failForMs: number) {
  const started = Date.now();
  const answered: number[] = [];
  const endpoint = await startServer(() => {
    const status = Date.now() - started < failForMs ? 500 : 200;
    answered.push(status);
    return status;
  });
  servers.push(endpoint);
  return { endpoint, answered };
}

const ids = (body: Buffer): string[] => (JSON.parse(gunzipSync(body).toString()) as { id: string }[]).map((e) => e.id);

describe('streaming with delivery protection (real local endpoint)', () => {
  it('pauses while the endpoint fails, probes, resumes, and delivers every event exactly once', async () => {
    const { endpoint, answered } = await recovering(2000);
    const events: StreamEvent[] = [];
    const run = startStream(
      {
        kind: batchLike,
        url: endpoint.url,
        seed: 1,
        rate: 100,
        durationMs: 4000,
        flushIntervalMs: 100,
        retryDelayMs: 100,
        pause: { minAttempts: 4, cooldownMs: 500, maxCooldownMs: 1000 },
      },
      { onEvent: (event) => events.push(event) },
    );
    const summary = await run.done;

    // The machine went through pause, probe and resume, with timestamps.
    const states = events.filter((e) => e.type === 'state');
    const path = states.map((e) => `${e.from}→${e.to}`);
    expect(path[0]).toBe('closed→paused');
    expect(path).toContain('paused→probing');
    expect(path.at(-1)).toBe('probing→closed');
    for (const e of states) expect(Date.parse(e.time)).toBe(e.at);

    // No request reached the endpoint while paused: only the probe goes out between pause and resume.
    const pausedIntervals: [number, number][] = [];
    for (let i = 0; i < states.length; i++) {
      const e = states[i];
      if (e?.to === 'paused') pausedIntervals.push([e.at, states[i + 1]?.at ?? Infinity]);
    }
    for (const request of endpoint.requests) {
      for (const [from, to] of pausedIntervals) expect(request.at > from + 5 && request.at < to - 5).toBe(false);
    }

    // Every generated event arrived in a 200-answered request exactly once.
    expect(summary).toMatchObject({ type: 'summary', generated: 400, delivered: 400, failed: 0, queued: 0, dropped: 0, cancelled: false });
    const delivered = endpoint.requests.filter((_, i) => answered[i] === 200).flatMap((r) => ids(r.body));
    expect(delivered).toHaveLength(400);
    expect(new Set(delivered).size).toBe(400);
    expect(summary.retried).toBeGreaterThan(0);
    expect(summary.pausedMs).toBeGreaterThan(400);
    expect(summary.requests).toBe(endpoint.requests.length);
  });

  it('sporadic errors do not pause; a batch that fails its retry is counted as failed', async () => {
    const endpoint = await startServer((_, i) => (i === 1 || i === 2 ? 500 : 200));
    servers.push(endpoint);
    const events: StreamEvent[] = [];
    const summary = await startStream(
      { kind: batchLike, url: endpoint.url, seed: 2, rate: 200, total: 100, flushIntervalMs: 50, retryDelayMs: 10, pause: { windowMs: 300 } },
      { onEvent: (e) => events.push(e) },
    ).done;
    expect(events).toEqual([]);
    expect(summary.failed).toBeGreaterThan(0);
    expect(summary.delivered + summary.failed).toBe(100);
    expect(summary.retried).toBe(1);
  });

  it('overflow while paused is counted as dropped and reported, never silent', async () => {
    const endpoint = await startServer([500]);
    servers.push(endpoint);
    const events: StreamEvent[] = [];
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
      { onEvent: (e) => events.push(e) },
    ).done;
    expect(events.map((e) => e.type)).toEqual(['state', 'overflow']);
    expect(summary.dropped).toBeGreaterThan(0);
    expect(summary.queued).toBe(50);
    expect(summary.generated).toBe(summary.delivered + summary.failed + summary.queued + summary.dropped);
    expect(endpoint.requests).toHaveLength(2);
  });

  it('cancelling ends the run with a summary of what is left', async () => {
    const endpoint = await startServer([200]);
    servers.push(endpoint);
    const controller = new AbortController();
    const run = startStream({ kind: batchLike, url: endpoint.url, seed: 4, rate: 100, flushIntervalMs: 100 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 500);
    const summary = await run.done;
    expect(summary.cancelled).toBe(true);
    expect(summary.generated).toBeGreaterThan(30);
    expect(summary.generated).toBe(summary.delivered + summary.failed + summary.queued + summary.dropped);
  });

  it('--set applies to each generated event of a batch, as its own copy', async () => {
    const endpoint = await startServer([200]);
    servers.push(endpoint);
    const run = startStream({ kind: batchLike, url: endpoint.url, seed: 3, rate: 200, total: 20, flushIntervalMs: 50, set: ['tag={"team":"growth"}'] });
    const summary = await run.done;
    expect(summary.delivered).toBe(20);
    const events = endpoint.requests.flatMap((r) => JSON.parse(gunzipSync(r.body).toString()) as { id: string; tag: unknown }[]);
    expect(events).toHaveLength(20);
    expect(events.every((e) => JSON.stringify(e.tag) === '{"team":"growth"}')).toBe(true);
    expect(new Set(events.map((e) => e.id)).size).toBe(20);
  });
});
