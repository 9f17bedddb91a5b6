// --forward-to against apps that misbehave, and a URL with credentials: an answer cut in the middle
// was reported as "closed before it answered"; a Content-Length sent twice as a length mismatch; the
// app's answers were held outside the budget of bodies in flight (100 concurrent 9 MB answers took
// 966 MB, each one up to --max-body); an app that drips its answer held the forward for ever (undici's
// timeouts count the gaps between chunks); credentials in the URL were printed in clear (the line's
// warning, --json's forward.url) and never sent to the app.
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createForwarder } from '../../src/receiver/forward.js';
import { startReceiver, type Receiver } from '../../src/receiver/server.js';
import { serversClosedAfterEach } from '../helpers/server.js';

const startServer = serversClosedAfterEach();
const rawApps: TcpServer[] = [];
let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  for (const app of rawApps.splice(0)) await new Promise((resolve) => app.close(resolve));
});

/** An app written byte by byte: `answer` gets the socket once a request's headers have come. */
async function rawApp(answer: (socket: Socket) => void): Promise<string> {
  const sockets = new Set<Socket>();
  const app = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      answer(socket);
    };
    socket.on('data', onData);
  });
  // Closing the app ends the sockets it holds (a dripping answer) too.
  const close = app.close.bind(app);
  app.close = (callback) => {
    for (const socket of sockets) socket.destroy();
    return close(callback);
  };
  rawApps.push(app);
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
}

async function forwardOnce(app: string, options: Parameters<typeof startReceiver>[0] = {}): Promise<{ status: number; body: string; retryAfter: string | null }> {
  receiver = await startReceiver({ forwardTo: `${app}/hook`, ...options });
  const answer = await fetch(`${receiver.url}/in`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
  return { status: answer.status, body: await answer.text(), retryAfter: answer.headers.get('retry-after') };
}

describe('reliability: --forward-to says what the app did wrong', () => {
  it('an answer cut in the middle is told from no answer', async () => {
    const app = await rawApp((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhalf'));
    const { status } = await forwardOnce(app);
    expect(status).toBe(502);
    const host = new URL(app).host;
    expect(receiver?.requests[0]?.forward).toMatchObject({ status: null, error: `connection closed by ${host} in the middle of its answer (status 200, body cut short)` });
  });

  it('a Content-Length sent twice is named, not only called a length mismatch', async () => {
    const app = await rawApp((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok'));
    const { status, body } = await forwardOnce(app);
    expect(status).toBe(502);
    expect(JSON.parse(body)).toEqual({ error: `whk could not forward: ${new URL(app).host} answered something that is not HTTP/1.1 (after its Content-Length, another Content-Length, a Transfer-Encoding or a malformed header)` });
  });

  it('an answer dripped slower than the forward timeout allows fails, though no gap between its bytes is that long', async () => {
    const app = await rawApp((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 200\r\n\r\n');
      const drip = setInterval(() => (socket.destroyed ? clearInterval(drip) : socket.write('x')), 20);
    });
    const forwarder = await createForwarder(`${app}/hook`, { timeoutMs: 300 });
    try {
      const result = await forwarder.forward({ method: 'POST', target: '/in', headers: {}, body: Buffer.from('{}') });
      expect(result).toMatchObject({ ok: false, error: 'the app did not finish answering within 0.3 s (status 200, body cut short)' });
    } finally {
      await forwarder.close({ cut: true });
    }
  });
});

describe("reliability: the app's answers count against the budget of bodies in flight", () => {
  const BUDGET = 1024 * 1024;
  const answer = Buffer.alloc(2 * BUDGET, 0x61).toString();
  it.each([
    ['with a Content-Length (refused before it is read)', { 'content-type': 'text/plain' }],
    ['chunked (refused once its bytes pass the budget)', { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' }],
  ])('an answer larger than the budget, %s: 503 with Retry-After, recorded with the reason', async (_, headers) => {
    const app = await startServer(() => ({ status: 200, body: answer, headers }));
    const { status, body, retryAfter } = await forwardOnce(app.url, { limits: { inFlightBytes: BUDGET } });
    expect(status).toBe(503);
    expect(retryAfter).toBe('1');
    expect(JSON.parse(body).error).toMatch(/^whk could not forward: whk was busy: the bodies and answers in flight filled its memory budget; the app's answer \(200\) was not relayed$/);
    expect(receiver?.requests[0]).toMatchObject({ status: 503, forward: { status: null, error: expect.stringMatching(/^whk was busy/) } });
    // The summary's "refused while busy (503, not acknowledged)" counts it.
    expect(receiver?.summary().busy).toBe(1);
  });

  it('answers that fit are relayed whole, and their share is handed back after each', async () => {
    const app = await startServer(() => ({ status: 200, body: Buffer.alloc(BUDGET / 2, 0x62).toString() }));
    receiver = await startReceiver({ forwardTo: app.url, limits: { inFlightBytes: BUDGET } });
    for (let i = 0; i < 4; i++) {
      const relayed = await fetch(receiver.url, { method: 'POST', body: '{}' });
      expect([relayed.status, (await relayed.arrayBuffer()).byteLength]).toEqual([200, BUDGET / 2]);
    }
  });
});

describe('reliability: credentials in the --forward-to URL', () => {
  it('go to the app as Authorization: Basic and are masked wherever the URL is recorded or printed', async () => {
    const app = await startServer([503]);
    const { status } = await forwardOnce(app.url.replace('http://', 'http://alice:s3cr3t@'), { forwardTo: `${app.url.replace('http://', 'http://alice:s3cr3t@')}/hook?token=t0k&x=1` });
    expect(status).toBe(503);
    expect(app.requests[0]?.headers['authorization']).toBe(`Basic ${Buffer.from('alice:s3cr3t').toString('base64')}`);
    expect(app.requests[0]?.url).toBe('/hook/in?token=t0k&x=1');
    expect(receiver?.requests[0]?.forward?.url).toBe(`${app.url.replace('http://', 'http://alice:••••@')}/hook?token=••••&x=1`);
  });

  it('the failure warning (printed on the line) shows the password masked', async () => {
    const down = await startServer();
    await down.close();
    const url = `${down.url.replace('http://', 'http://alice:s3cr3t@')}/hook`;
    const { status } = await forwardOnce(down.url, { forwardTo: url });
    expect(status).toBe(502);
    const record = receiver?.requests[0];
    expect(record?.warnings).toEqual([`forward to ${down.url.replace('http://', 'http://alice:••••@')}/hook failed: connection refused by ${new URL(down.url).host}`]);
    expect(JSON.stringify(record)).not.toContain('s3cr3t');
  });
});
