// Issue 19.16: a stalled body was cut at the server's fixed whole-request limit (60 s) whatever the
// idle timeout said; `Content-Encoding: constructor` was counted on Object.prototype's constructor
// (the summary printed `function Object()…`); --forward-to passed on Proxy-Authorization and the
// headers a request's Connection header names as its own hop-by-hop ones.
import { once } from 'node:events';
import { request } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/receiver/server.js';
import { MAX_TALLY_KEYS, OTHER_KEY } from '../../src/receiver/summary.js';
import { summaryLines } from '../../src/ui/render-listen.js';
import { post } from '../helpers/http.js';
import { serversClosedAfterEach } from '../helpers/server.js';

const startServer = serversClosedAfterEach();

async function withReceiver<T>(options: Parameters<typeof startReceiver>[0], use: (receiver: Receiver) => Promise<T>): Promise<T> {
  const receiver = await startReceiver(options);
  try {
    return await use(receiver);
  } finally {
    await receiver.close();
  }
}

describe('reliability: a stalled body is judged by the idle timeout', () => {
  it('a body that stalls longer than the whole-request limit but within idleTimeoutMs is received', async () => {
    await withReceiver({ limits: { headersTimeoutMs: 500, requestTimeoutMs: 1000, idleTimeoutMs: 30_000 } }, async (receiver) => {
      const socket = connect(receiver.port, '127.0.0.1');
      await once(socket, 'connect');
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
      const closed = once(socket, 'close');
      socket.write('POST /stall HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 8\r\nConnection: close\r\n\r\n{"a":');
      // Three times the whole-request limit: the old server had answered 408 and closed by then.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      socket.end('1}\n');
      await closed;
      expect(answer).toMatch(/^HTTP\/1\.1 200/);
      expect(receiver.requests.map((r) => r.body)).toEqual([{ a: 1 }]);
    });
  }, 30_000);
});

describe('reliability: the summary tallies keys a sender chooses', () => {
  it('Content-Encoding: constructor and __proto__ are counted as themselves', async () => {
    const summary = await withReceiver({}, async (receiver) => {
      for (const coding of ['constructor', '__proto__', 'constructor', 'hasownproperty']) expect(await post(receiver.url, '{"a":1}', { 'content-encoding': coding })).toBe(200);
      return receiver.summary();
    });
    expect(Object.entries(summary.encodings)).toEqual([['constructor', 2], ['__proto__', 1], ['hasownproperty', 1]]);
    expect(summaryLines(summary).join('\n')).toContain('encodings: constructor ×2, __proto__ ×1, hasownproperty ×1 (0 gzip)');
    expect(summaryLines(summary).join('\n')).not.toContain('function');
  });

  it('a list of codings is one entry, joined by +; a coding of other characters is quoted (and is no gzip, though it holds the word)', async () => {
    const summary = await withReceiver({}, async (receiver) => {
      for (const coding of ['gzip, gzip', 'gzip,gzip', 'gzip+gzip', 'x ×2']) expect(await post(receiver.url, '{"a":1}', { 'content-encoding': coding })).toBe(200);
      return receiver.summary();
    });
    expect(Object.entries(summary.encodings)).toEqual([['gzip+gzip', 2], ['"gzip+gzip"', 1], ['"x ×2"', 1]]);
    expect(summaryLines(summary).join('\n')).toContain('encodings: gzip+gzip ×2, "gzip+gzip" ×1, "x ×2" ×1 (2 gzip)');
  });

  it('distinct encodings past the cap are folded into one key', async () => {
    const summary = await withReceiver({ retain: 0 }, async (receiver) => {
      for (let n = 0; n < 3 * MAX_TALLY_KEYS; n++) await post(receiver.url, '{"a":1}', { 'content-encoding': `x-made-up-${n}` });
      return receiver.summary();
    });
    expect(Object.keys(summary.encodings)).toHaveLength(MAX_TALLY_KEYS);
    expect(summary.encodings['x-made-up-0']).toBe(1);
    expect(summary.encodings[OTHER_KEY]).toBe(3 * MAX_TALLY_KEYS - (MAX_TALLY_KEYS - 1));
    expect(Object.values(summary.encodings).reduce((a, b) => a + b, 0)).toBe(summary.requests);
  });
});

describe('reliability: --forward-to keeps hop-by-hop headers on their hop', () => {
  it('Proxy-Authorization and the headers named in Connection are not relayed; the others are', async () => {
    const app = await startServer([200]);
    await withReceiver({ forwardTo: `${app.url}/hook` }, async (receiver) => {
      const sent = request(`${receiver.url}/in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', connection: 'keep-alive, X-Hop-Only', 'x-hop-only': 'secret', 'proxy-authorization': 'Basic cHJveHk6cGFzcw==', 'x-end-to-end': 'kept' },
      });
      sent.end('{"a":1}');
      const [response] = (await once(sent, 'response')) as [import('node:http').IncomingMessage];
      response.resume();
      await once(response, 'end');
      expect(response.statusCode).toBe(200);
    });
    const relayed = app.requests[0]?.headers ?? {};
    expect(relayed['x-end-to-end']).toBe('kept');
    expect(relayed['content-type']).toBe('application/json');
    expect(relayed).not.toHaveProperty('proxy-authorization');
    expect(relayed).not.toHaveProperty('x-hop-only');
  });
});
