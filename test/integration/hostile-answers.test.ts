// attempt() against receivers that answer badly, over real sockets: each raw answer below is written
// by a node:net server on 127.0.0.1, and the attempt's error names what the receiver did, in words.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { send } from '../../src/api/send.js';
import { attempt, createDispatcher } from '../../src/delivery/attempt.js';
import { prepareRequest } from '../../src/delivery/request.js';
import { metricAlert } from '../../src/kinds/metric-alert.js';

const servers: { server: Server; sockets: Set<Socket> }[] = [];
afterEach(async () => {
  const closing = servers.splice(0).map(({ server, sockets }) => {
    sockets.forEach((socket) => socket.destroy());
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  await Promise.all(closing);
});

/** A server that, once a request's headers are in, writes `answer` and then ends or keeps the socket. */
async function rawAnswer(answer: string, after: 'end' | 'keep' = 'end'): Promise<{ url: string; host: string }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    let head = '';
    socket.on('data', (chunk: Buffer) => {
      if (head.includes('\r\n\r\n')) return;
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.write(answer);
      if (after === 'end') socket.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({ server, sockets });
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: `http://${host}/hook`, host };
}

async function errorOf(answer: string, after: 'end' | 'keep' = 'end', timeoutMs = 10_000): Promise<{ error: string | null; status: number | null; host: string }> {
  const { url, host } = await rawAnswer(answer, after);
  const dispatcher = createDispatcher();
  try {
    const outcome = await attempt(prepareRequest(metricAlert.delivery, url, Buffer.from('{}')), timeoutMs, { dispatcher });
    return { error: outcome.error, status: outcome.status, host };
  } finally {
    await dispatcher.destroy();
  }
}

describe('an answer whk cannot take is described, not passed on as the HTTP library\'s words', () => {
  it('a status below 100 (undici fails an assertion on it)', async () => {
    const { error, status, host } = await errorOf('HTTP/1.1 000 Zero\r\nContent-Length: 0\r\n\r\n');
    expect(status).toBeNull();
    expect(error).toBe(`${host} answered something that is not HTTP/1.1 (a status below 100)`);
  });

  it('a status line that is not HTTP', async () => {
    const { error, host } = await errorOf('HTTZ/9.9 OK\r\n\r\n');
    expect(error).toBe(`${host} answered something that is not HTTP/1.1 (Expected HTTP/, RTSP/ or ICE/)`);
  });

  it('a chunked body with a bad chunk size', async () => {
    const { error, host } = await errorOf('HTTP/1.1 500 Oops\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nhello\r\n0\r\n\r\n');
    expect(error).toBe(`${host} answered something that is not HTTP/1.1 (Invalid character in chunk size)`);
  });

  it('headers past undici\'s 16 KiB', async () => {
    const { error, host } = await errorOf(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\nContent-Length: 0\r\n\r\n`);
    expect(error).toBe(`${host} answered headers larger than whk's HTTP client (undici) reads (16 KiB)`);
  });

  it('a 100 Continue nobody asked for: said as such, not as a connection closed before any answer', async () => {
    const { error, host } = await errorOf('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', 'keep');
    expect(error).toBe(`${host} answered 100 Continue unasked, and whk's HTTP client (undici) cannot read past it to the final answer`);
  });

  it('a 101 to a request that asked for no upgrade', async () => {
    const { error, host } = await errorOf('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n', 'keep');
    expect(error).toBe(`${host} answered 101 Switching Protocols to a request that asked for no upgrade`);
  });

  it('a body shorter than its Content-Length, then the connection closed: the answer had begun', async () => {
    const { error, status, host } = await errorOf('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc');
    expect(status).toBeNull();
    expect(error).toBe(`connection closed by ${host} in the middle of its answer (status 200, body cut short)`);
  });

  it('the same cut with Connection: close, which undici calls a length mismatch, is said the same way', async () => {
    const { error, host } = await errorOf('HTTP/1.1 500 Oops\r\nConnection: close\r\nContent-Length: 100\r\n\r\nabc');
    expect(error).toBe(`connection closed by ${host} in the middle of its answer (status 500, body cut short)`);
  });

  // undici reports any parser error after a Content-Length header as a length mismatch.
  it.each([
    ['a Transfer-Encoding', 'Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n'],
    ['a control character in a header', 'Content-Length: 2\r\nX-Note: \x01\r\n\r\nok'],
  ])('%s after a Content-Length: headers that are not HTTP/1.1, not a body of the wrong length', async (_, rest) => {
    const { error, host } = await errorOf(`HTTP/1.1 500 Oops\r\n${rest}`, 'keep');
    expect(error).toBe(`${host} answered something that is not HTTP/1.1 (after its Content-Length, another Content-Length, a Transfer-Encoding or a malformed header)`);
  });

  it('a 204 with a Content-Length above 0 is said as such (no body was short: a 204 has none)', async () => {
    const { error, host } = await errorOf('HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n', 'keep');
    expect(error).toBe(`${host} answered 204 with a Content-Length above 0, which whk's HTTP client (undici) refuses: a 204 has no body`);
  });

  it('a deadline passed while the body of an answer was still coming: that answer is named', async () => {
    const { error, status } = await errorOf('HTTP/1.1 500 Oops\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n.\r\n', 'keep', 200);
    expect([status, error]).toEqual([null, 'timed out after 200ms reading the body of its 500 answer']);
  });

  it('an interim 103 then the connection closed: no answer had begun', async () => {
    const { error, host } = await errorOf('HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n');
    expect(error).toBe(`connection closed by ${host} before it answered`);
  });

  it('a 103 before the final answer is read past', async () => {
    const { error, status } = await errorOf('HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', 'keep');
    expect([status, error]).toEqual([200, null]);
  });
});

describe('a receiver that takes the connection and never completes the TLS handshake', () => {
  // undici gives a connection 10 s to be made and keeps it past the attempt's deadline: send()
  // waited for it before resolving, and the process stayed alive for it. This test's own timeout is
  // well below those 10 s.
  it('send() ends at the attempt deadline and closes the connection', async () => {
    const sockets = new Set<Socket>();
    let closed!: Promise<void>;
    const server = createServer((socket) => {
      sockets.add(socket);
      // Read (and ignore) the ClientHello, so the end of the connection is seen.
      socket.on('error', () => {}).resume();
      closed = new Promise((resolve) => socket.on('close', () => resolve()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push({ server, sockets });
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const result = await send('metric-alert', { url: `https://${host}/hook`, timeout: 100, retry: false });
    expect(result.attempts).toEqual([{ status: null, ms: expect.any(Number), error: 'timed out after 100ms' }]);
    await closed;
  }, 5_000);
});
