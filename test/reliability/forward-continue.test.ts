// --forward-to, a sender that pipelines a request with `Expect: 100-continue` behind one still being
// answered: the app's answer (a Buffer) was sent as its head, then the `100 Continue` Node held for
// the request behind, then its body, and the sender's framing broke from there (found by fuzzing).
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/receiver/server.js';

let app: Server | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  if (app) await new Promise((resolve) => app?.close(resolve));
  app = receiver = undefined;
});

describe('reliability: a 100-continue request pipelined behind a forwarded one', () => {
  it('each answer goes out whole, the interim 100 before the answer it belongs to', async () => {
    // The first answer is late, so the second request is parsed (and its 100 held) before it.
    app = createServer((req, res) => {
      req.resume();
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end(`ok ${req.url}`), req.url === '/first' ? 100 : 0);
    });
    await new Promise<void>((resolve) => app?.listen(0, '127.0.0.1', resolve));
    receiver = await startReceiver({ forwardTo: `http://127.0.0.1:${(app.address() as AddressInfo).port}` });
    const socket = connect(receiver.port, '127.0.0.1');
    await once(socket, 'connect');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    const request = (path: string, expect: string): string => `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${expect}Content-Length: 2\r\n\r\n{}`;
    socket.write(request('/first', '') + request('/second', 'Expect: 100-continue\r\n'));
    await receiver.waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    // Heads and bodies in order: the 100 sits between the two answers, never inside one.
    const answers = received.split(/HTTP\/1\.1 /).filter(Boolean).map((answer) => `${answer.slice(0, 3)} ${answer.slice(answer.indexOf('\r\n\r\n') + 4)}`);
    expect(answers).toEqual(['200 ok /first', '100 ', '200 ok /second']);
  });
});
