// Issue 19.3: a client that pipelines requests and hangs up before the answers. The answers queued
// behind the first never emit 'close', so the in-flight count stayed above zero: close() never
// resolved, SIGTERM waited out its grace and exited 0 with no summary, and `--count 3 --expect`
// after three invalid requests exited 0: a false green in CI.
import { once } from 'node:events';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startReceiver } from '../../src/receiver/server.js';
import { listenHarness } from '../helpers/cli.js';

const request = (n: number, body: string): string =>
  `POST /pipelined/${n} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

/** Three requests in one write on one connection, which is then closed before any answer. */
async function pipelineAndHangUp(url: string, body = 'nope'): Promise<void> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await once(socket, 'connect');
  await new Promise<void>((resolve) => socket.write(request(1, body) + request(2, body) + request(3, body), () => resolve()));
  socket.destroy();
  await once(socket, 'close');
}

const { listen } = listenHarness({ timeoutMs: 60_000 });

describe('reliability: pipelined requests whose sender hangs up', () => {
  it('the API: every request is settled and close() resolves with them in the summary', async () => {
    const receiver = await startReceiver({ respond: { delayMs: 100 } });
    await pipelineAndHangUp(receiver.url);
    await receiver.waitFor(3);
    const summary = await receiver.close();
    expect(summary.requests).toBe(3);
    expect(summary.invalid).toBe(3);
  });

  it('listen --count 3 --expect after three invalid requests exits 1 with the summary, not 0', async () => {
    const { cli, url } = await listen(['--count', '3', '--expect', 'metric-alert', '--delay', '100ms']);
    await pipelineAndHangUp(url);
    const result = await cli.exited;
    expect(result.stderr).toContain('3 requests: 0 valid, 3 invalid');
    expect(result.code).toBe(1);
  });

  it('SIGTERM after such a hang-up stops at once: exit 0 with the summary', async () => {
    const { cli, url } = await listen(['--delay', '100ms']);
    await pipelineAndHangUp(url);
    // The three are answered (into the closed connection) and printed, one line each.
    await cli.waitFor(/(POST \/pipelined\/\d[^\n]*\n[^]*){3}/, 'stdout');
    cli.child.kill('SIGTERM');
    const result = await cli.exited;
    expect(result.stderr).toContain('3 requests: 0 valid, 3 invalid');
    expect(result.code).toBe(0);
  });

  // An answer without Content-Length can end an HTTP/1.0 exchange only by closing the connection: the
  // two requests pipelined behind the first were recorded as answered 200, and their sender got one
  // answer. A 204 or 304 carries no length (nor may it): Node closed such a connection after the
  // first, the two behind it recorded as answered and seen, never sent (found by fuzzing, --status 204).
  it.each([200, 204, 304])('HTTP/1.0 keep-alive, three pipelined, answered %i: three answers, each recorded as seen', async (status) => {
    const receiver = await startReceiver({ respond: { statuses: [status] } });
    const { hostname, port } = new URL(receiver.url);
    const socket = connect(Number(port), hostname);
    await once(socket, 'connect');
    const one = (path: string, keepAlive: boolean): string => `POST ${path} HTTP/1.0\r\n${keepAlive ? 'Connection: keep-alive\r\n' : ''}Content-Length: 2\r\n\r\n{}`;
    socket.write(one('/one', true) + one('/two', true) + one('/three', false));
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    // The third asks for no keep-alive: the connection closes after its answer.
    await once(socket, 'close');
    const records = await receiver.waitFor(3);
    await receiver.close();
    expect([...received.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]))).toEqual([status, status, status]);
    expect(records.map((r) => [r.path, r.status, r.unseen ?? false])).toEqual([['/one', status, false], ['/two', status, false], ['/three', status, false]]);
  });
});
