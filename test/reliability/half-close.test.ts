// A sender that half-closes its connection once its request is out (shutdown(SHUT_WR), as `nc -N`
// does) still reads the answer. Node's server ended such a connection at the sender's FIN: a request
// whose body had to be inflated was answered into a closed connection (recorded `unseen`), and one
// answered in the instant before the close was recorded as seen though its answer was lost (found
// by fuzzing `whk listen`: 200 in the capture file and the summary, nothing on the wire).
import { once } from 'node:events';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { startReceiver } from '../../src/receiver/server.js';

/** Writes `requests` on one connection, half-closes it, and returns all that came back. */
async function sendAndHalfClose(url: string, requests: Buffer): Promise<string> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await once(socket, 'connect');
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.end(requests);
  await once(socket, 'close');
  return received;
}

const request = (path: string, body: Buffer, headers = ''): Buffer =>
  Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Content-Length: ${body.length}\r\n\r\n`), body]);

const statuses = (received: string): string[] => [...received.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1] as string);

describe('reliability: a sender that half-closes after its request', () => {
  it('a gzipped body is inflated and answered, the answer reaching the sender', async () => {
    const receiver = await startReceiver();
    const received = await sendAndHalfClose(receiver.url, request('/gz', gzipSync('{"a":1}'), 'Content-Encoding: gzip\r\n'));
    const [record] = await receiver.waitFor(1);
    await receiver.close();
    expect(statuses(received)).toEqual(['200']);
    expect(record?.unseen ?? false).toBe(false);
    expect(record?.body).toEqual({ a: 1 });
  });

  it('pipelined requests, then the FIN: every one answered in turn, recorded as seen', async () => {
    const receiver = await startReceiver({ respond: { delayMs: 20 } });
    const bodies = [Buffer.from('{"n":1}'), gzipSync('{"n":2}'), Buffer.from('{"n":3}')];
    const received = await sendAndHalfClose(receiver.url, Buffer.concat(bodies.map((body, i) => request(`/p/${i}`, body, i === 1 ? 'Content-Encoding: gzip\r\n' : ''))));
    const records = await receiver.waitFor(3);
    await receiver.close();
    expect(statuses(received)).toEqual(['200', '200', '200']);
    // Recorded as each is ready (the gzipped one later); Node sends the answers in order.
    expect(records.map((r) => [r.path, r.status, r.unseen ?? false]).sort()).toEqual([['/p/0', 200, false], ['/p/1', 200, false], ['/p/2', 200, false]]);
  });
});
