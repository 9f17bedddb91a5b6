// Issue 19.5 and the forward part of 19.4: --forward-to its own address looped (one request became
// ~10,000 hops and ran out of file descriptors), and the app's whole answer was held in memory
// (a 3 GB answer took 6.2 GB). Now its own address is refused, a request that comes back to the
// receiver that forwarded it (Via names it) is answered 508 Loop Detected, and an answer past the
// body limit is dropped with a 502 that says so.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { startReceiver, type Receiver } from '../../src/receiver/server.js';
import { runCli } from '../helpers/cli.js';

const servers: Server[] = [];
let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('reliability: --forward-to that leads back to the receiver', () => {
  it('whk listen --forward-to its own address exits 2 with one line', async () => {
    const port = await freePort();
    const result = await runCli(['listen', '--port', String(port), '--forward-to', `http://localhost:${port}/hook`], { timeoutMs: 20_000 });
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual([`error: --forward-to http://localhost:${port}/hook is this receiver's own address: every request would be forwarded to itself`]);
    expect(result.stdout).not.toContain('listening on');
  });

  it('the API refuses it too, and the port is free again afterwards', async () => {
    const port = await freePort();
    await expect(startReceiver({ port, forwardTo: `http://127.0.0.1:${port}/` })).rejects.toThrow(UsageError);
    receiver = await startReceiver({ port });
    expect(receiver.port).toBe(port);
  });

  it('another loopback address on the same port is another app, not the receiver: forwarded to', async () => {
    // The app on 127.0.0.2, the receiver on 127.0.0.1, one port number: two sockets, no loop.
    const app = createServer((req, res) => res.writeHead(202).end('app'));
    servers.push(app);
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.2', resolve));
    const { port } = app.address() as AddressInfo;
    receiver = await startReceiver({ host: '127.0.0.1', port, forwardTo: `http://127.0.0.2:${port}/` });
    const answer = await fetch(`${receiver.url}/hook`, { method: 'POST', body: '{}' });
    expect([answer.status, await answer.text()]).toEqual([202, 'app']);
  });

  it('a loop through a relay is stopped at its second pass with 508 Loop Detected', async () => {
    let hops = 0;
    let back = '';
    // A relay that passes everything back to the receiver; it gives up by itself after 5 hops, so
    // the old receiver's endless loop ends (with 599) instead of taking the test down.
    const relay = await serve((req, res) => {
      hops++;
      if (hops > 5) return void res.writeHead(599).end();
      const out = request(`${back}${req.url}`, { method: req.method, headers: req.headers }, (answer: IncomingMessage) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(out);
    });
    receiver = await startReceiver({ forwardTo: `${relay}/again` });
    back = receiver.url;
    const answer = await fetch(`${receiver.url}/start`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(508);
    expect(hops).toBe(1);
    const records = receiver.requests;
    // The forward keeps the request's path after the target's (/again + /start).
    expect(records.map((r) => [r.path, r.status])).toEqual([
      ['/again/start', 508],
      ['/start', 508],
    ]);
    expect(records[0]?.forward).toMatchObject({ status: null, error: expect.stringMatching(/^loop: /) });
    expect(records[0]?.headers['via']).toMatch(/^1\.1 whk-[0-9a-f]{12}$/);
    expect(records[1]?.forward).toMatchObject({ status: 508, error: null });
  });

  it('two receivers in a row are no loop: each adds its own Via entry', async () => {
    const app = await serve((req, res) => res.writeHead(200, { 'x-via': String(req.headers['via']) }).end('ok'));
    const second = await startReceiver({ forwardTo: app });
    try {
      receiver = await startReceiver({ forwardTo: second.url });
      const answer = await fetch(receiver.url, { method: 'POST', body: '{"a":1}', headers: { via: '1.0 corp-proxy' } });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-via')).toMatch(/^1\.0 corp-proxy, 1\.1 whk-[0-9a-f]{12}, 1\.1 whk-[0-9a-f]{12}$/);
    } finally {
      await second.close();
    }
  });
});

describe("reliability: the app's answer is relayed up to the body limit", () => {
  it('an endless answer is cut off after the limit: 502 with the reason, and the app stops writing early', async () => {
    const ANSWER_CAP = 256 * 1024 * 1024;
    let written = 0;
    let appDone: () => void = () => {};
    const appFinished = new Promise<void>((resolve) => (appDone = resolve));
    const app = await serve((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(1024 * 1024, 0x61);
      const more = (): void => {
        while (written < ANSWER_CAP && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
        appDone();
      };
      res.once('close', () => appDone());
      more();
    });
    receiver = await startReceiver({ forwardTo: app, limits: { maxBodyBytes: 1024 * 1024 } });
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    try {
      const answer = await fetch(receiver.url, { method: 'POST', body: '{"a":1}' });
      expect(answer.status).toBe(502);
      expect(await answer.json()).toEqual({ error: `whk could not forward: the app's answer (200) exceeds ${1024 * 1024} bytes; not relayed` });
      await appFinished;
    } finally {
      clearInterval(sampler);
    }
    expect(written).toBeLessThan(ANSWER_CAP / 4);
    expect(peak - baseline).toBeLessThan(400 * 1024 * 1024);
    expect(receiver.requests[0]?.forward).toMatchObject({ status: null, error: expect.stringContaining('exceeds') });
  }, 60_000);
});
