// Issue 19.4: memory a sender could grow without limit. Concurrent compression bombs each stopped
// at the limit, but 200 of them at once held 2.1 GB; bodies in flight had no overall budget; the
// duplicate tracker kept idempotency ids of any size (400 ids of 5 MB: 2.2 GB). Now the bodies in
// flight (as received and as inflated) share a budget, past which the answer is 503 with
// Retry-After, recorded and counted as such; long ids are kept as their hash.
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/receiver/server.js';
import { summaryLines } from '../../src/ui/render-listen.js';

const MB = 1024 * 1024;
let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('reliability: the bodies in flight share one memory budget', () => {
  it('200 concurrent `gzip, gzip, br` bombs: each refused (413, or 503 with Retry-After), memory growth under 400 MB', async () => {
    // 64 MB of zeros, gzipped twice then brotli: a few hundred bytes on the wire.
    const bomb = brotliCompressSync(gzipSync(gzipSync(Buffer.alloc(64 * MB), { level: 9 }), { level: 9 }));
    expect(bomb.length).toBeLessThan(4096);
    receiver = await startReceiver({ retain: 0 });
    const agent = new Agent({ connections: 250 });
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
    let answers: { status: number; retryAfter: unknown }[];
    try {
      answers = await Promise.all(
        Array.from({ length: 200 }, async () => {
          const response = await request(receiver?.url ?? '', { method: 'POST', body: bomb, headers: { 'content-encoding': 'gzip, gzip, br' }, dispatcher: agent });
          await response.body.text();
          return { status: response.statusCode, retryAfter: response.headers['retry-after'] };
        }),
      );
    } finally {
      clearInterval(sampler);
      await agent.close();
    }
    expect(peak - baseline).toBeLessThan(400 * MB);
    const busy = answers.filter((a) => a.status === 503);
    expect(answers.every((a) => a.status === 413 || a.status === 503)).toBe(true);
    expect(busy.every((a) => a.retryAfter === '1')).toBe(true);
    const summary = receiver.summary();
    expect(summary.busy).toBe(busy.length);
    // Refused once inflated: every wire byte held, so none is truncated.
    expect(summary.refusedOnceInflated).toBe(200 - busy.length);
    expect(summary.truncated).toBe(0);
    expect(summary.statuses).toEqual({ ...(busy.length < 200 ? { '413': 200 - busy.length } : {}), ...(busy.length > 0 ? { '503': busy.length } : {}) });
  }, 120_000);

  it('bodies past the budget are answered 503 with Retry-After, recorded as not acknowledged; the budget frees up once answered', async () => {
    receiver = await startReceiver({ limits: { inFlightBytes: 10 * MB } });
    const url = new URL(receiver.url);
    const SIZE = 3 * MB;
    /** A request whose body is all sent but its last byte. */
    const almostSent = async (n: number): Promise<{ finish(): Promise<string> }> => {
      const socket: Socket = connect(Number(url.port), url.hostname);
      await once(socket, 'connect');
      const body = Buffer.alloc(SIZE, 0x20);
      Buffer.from(`{"n":${n}}`).copy(body);
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
      const closed = once(socket, 'close');
      const head = `POST /b/${n} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${SIZE}\r\nConnection: close\r\n\r\n`;
      await new Promise<void>((resolve) => socket.write(Buffer.concat([Buffer.from(head), body.subarray(0, SIZE - 1)]), () => resolve()));
      return {
        async finish() {
          socket.end(body.subarray(SIZE - 1));
          await closed;
          return answer;
        },
      };
    };
    // Round trips on another connection: turns of the receiver's loop, in which it reads what the
    // kernel holds for the other connections (a few MB a turn).
    const turns = async (): Promise<void> => {
      for (let i = 0; i < 8; i++) await (await fetch(`${url.origin}/turn`)).text();
    };
    // Five bodies of 3 MB held at once: 15 MB, past the 10 MB budget.
    const pending = [];
    for (let n = 0; n < 5; n++) {
      pending.push(await almostSent(n));
      await turns();
    }
    const answers = await Promise.all(pending.map((p) => p.finish()));
    const statuses = answers.map((a) => Number(/^HTTP\/1\.1 (\d{3})/.exec(a)?.[1]));
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 503)).toHaveLength(2);
    for (const answer of answers.filter((a) => a.startsWith('HTTP/1.1 503'))) expect(answer).toMatch(/\r\nretry-after: 1\r\n/i);
    const refused = receiver.requests.filter((r) => r.status === 503);
    expect(refused).toHaveLength(2);
    for (const record of refused) {
      expect(record).toMatchObject({ truncated: true, bodyBase64: '', body: null, valid: false, size: SIZE });
      expect(record.issues[0]?.message).toMatch(/busy: bodies in flight filled its memory budget; 3145728 bytes refused with 503 and Retry-After \(not acknowledged\)/);
    }
    const summary = receiver.summary();
    expect(summary).toMatchObject({ requests: 45, busy: 2, truncated: 0, statuses: { '200': 43, '503': 2 } });
    expect(summaryLines(summary)).toContain('  refused while busy (503, not acknowledged): 2');
    // Everything was answered and let go: the next body has the whole budget again.
    expect(await (await almostSent(5)).finish()).toMatch(/^HTTP\/1\.1 200/);
  });
});

describe('reliability: a body sent a byte per chunk', () => {
  // Each chunk arrives as a Buffer of its own, a JS object far larger than its byte: the pieces of a
  // 9 MB body (under the 10 MB --max-body) once took the receiver to 3.7 GB.
  it('half a megabyte in one-byte chunks is received whole, and the memory held stays near its size', async () => {
    receiver = await startReceiver();
    const url = new URL(receiver.url);
    const SIZE = 512 * 1024;
    const socket: Socket = connect(Number(url.port), url.hostname);
    await once(socket, 'connect');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    const closed = once(socket, 'close');
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
    try {
      socket.write('POST /drip HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n1\r\n"\r\n');
      socket.write(Buffer.from('1\r\na\r\n'.repeat(SIZE - 2)));
      socket.end('1\r\n"\r\n0\r\n\r\n');
      await closed;
    } finally {
      clearInterval(sampler);
    }
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(receiver.requests[0]?.size).toBe(SIZE);
    expect(peak - baseline).toBeLessThan(100 * MB);
  });
});

describe('reliability: the duplicate tracker keeps ids, not the senders\' strings', () => {
  it('60 distinct ids of 5 MB each add less than 40 MB to the memory held (the old tracker kept all 300 MB)', async () => {
    const dist = fileURLToPath(new URL('../../dist/receiver/duplicates.js', import.meta.url));
    // A child with gc exposed, so the heap figure is what stays, not what is yet to be collected.
    const script = `
      const { createDuplicateTracker } = await import(${JSON.stringify(dist)});
      const tracker = createDuplicateTracker();
      // Long strings made from bytes live outside the V8 heap (external): both are counted.
      const held = () => { const m = process.memoryUsage(); return m.heapUsed + m.external; };
      // External memory is let go by callbacks after a collection, not during it: collect, let
      // them run, collect again (one gc() alone left up to 50 MB of freed strings counted).
      const settle = async () => { globalThis.gc(); await new Promise((resolve) => setTimeout(resolve, 10)); globalThis.gc(); };
      await settle(); const before = held();
      for (let n = 0; n < 60; n++) {
        const bytes = Buffer.alloc(5 * 1024 * 1024, 0x78);
        bytes.write(String(n).padStart(4, '0'));
        const id = bytes.toString('latin1');
        tracker.check(n + 1, '/hook', Buffer.from('{"n":' + n + '}'), id, { n });
      }
      await settle();
      const again = tracker.check(61, '/hook', Buffer.from('{"n":61}'), '0007' + 'x'.repeat(5 * 1024 * 1024 - 4), { n: 61 });
      process.stdout.write(JSON.stringify({ growth: held() - before, again }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { timeout: 90_000 });
    const { growth, again } = JSON.parse(stdout) as { growth: number; again: { duplicateOf: number | null; conflictsWith: number | null } };
    expect(growth).toBeLessThan(40 * MB);
    // A repeat of a long id is still told apart: the 8th id again, with other content (a conflict, no duplicate).
    expect(again).toMatchObject({ duplicateOf: null, conflictsWith: 8 });
  }, 120_000);
});

describe('reliability: the duplicate tracker keeps paths short', () => {
  // Each remembered payload was keyed by its path as sent: 15 kB paths, or short ones sliced from a
  // 15 kB request target (its query), kept ~15 kB each, ~1.4 GiB at the tracker's 100,000 entries.
  it('3000 requests at unique 15 kB paths, or with unique 15 kB queries, add less than 15 MB to the memory held', async () => {
    const dist = (name: string) => JSON.stringify(fileURLToPath(new URL(`../../dist/${name}`, import.meta.url)));
    const script = `
      const { createDuplicateTracker } = await import(${dist('receiver/duplicates.js')});
      const { splitUrl } = await import(${dist('capture/request-fields.js')});
      const held = () => { const m = process.memoryUsage(); return m.heapUsed + m.external; };
      const settle = async () => { globalThis.gc(); await new Promise((resolve) => setTimeout(resolve, 10)); globalThis.gc(); };
      // As the HTTP parser gives it: a string decoded from bytes, the path split from its query.
      const target = (n, query) => Buffer.from('/hooks/github-' + String(n).padStart(6, '0') + (query ? '?q=' : '') + 'p'.repeat(15 * 1024)).toString('latin1');
      const growth = {};
      for (const query of [false, true]) {
        const tracker = createDuplicateTracker();
        await settle(); const before = held();
        for (let n = 0; n < 3000; n++) tracker.check(n + 1, splitUrl(target(n, query)).path, Buffer.from('{"n":' + n + '}'), 'id-' + n, { n });
        await settle();
        growth[query ? 'query' : 'path'] = held() - before;
        // Kept alive past the measurement: a tracker collected before it would measure nothing.
        growth[query ? 'queryAgain' : 'pathAgain'] = tracker.check(3001, splitUrl(target(7, query)).path, Buffer.from('{"n":7}'), 'id-7', { n: 7 }).duplicateOf;
      }
      process.stdout.write(JSON.stringify(growth));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { timeout: 90_000 });
    const growth = JSON.parse(stdout) as { path: number; query: number; pathAgain: number | null; queryAgain: number | null };
    expect(growth.path).toBeLessThan(15 * MB);
    expect(growth.query).toBeLessThan(15 * MB);
    expect(growth).toMatchObject({ pathAgain: 8, queryAgain: 8 });
  }, 120_000);
});
