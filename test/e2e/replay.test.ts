// `whk replay` through the real binary: captures made by the receiver are re-sent to a second
// receiver and arrive byte-identical (gzipped impressions included); filters, refusals, errors.
// The binary (runCli, startCli) runs a witness of each of replay's ways: a replay to a receiver,
// --original-headers with --keep-path, Ctrl-C and SIGTERM, the asterisk request line, a file larger
// than its heap, --json, --sign, --set, --dry-run, --curl, the signature note, a failed re-send, and
// the listen that saves a custom kind's records. The other command lines, what varies within one of
// those ways, run through main(), the binary's own path, in this process (runMain).
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { mkdtemp, open, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { verify as octokitVerify } from '@octokit/webhooks-methods';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSharedDispatcher } from '../../src/delivery/attempt.js';
import { sendKind } from '../../src/delivery/chains.js';
import { getKind } from '../../src/kinds/index.js';
import { startReceiver, type Receiver, type ReceiverOptions } from '../../src/receiver/server.js';
import { captureRecord, readCaptures } from '../helpers/capture.js';
import { runCli, startCli } from '../helpers/cli.js';
import { runMain } from '../helpers/main.js';
import { closedAfterEach, serversClosedAfterEach } from '../helpers/server.js';
import { until } from '../helpers/wait.js';

// After-each hooks run last registered first: the shared dispatcher closes after the servers.
afterEach(async () => {
  await closeSharedDispatcher();
});
const receiver = closedAfterEach((options: ReceiverOptions = {}): Promise<Receiver> => startReceiver({ port: 0, ...options }));
const server = serversClosedAfterEach();


/** A capture file with one delivery of every kind, a gzipped impressions batch and a signed incident. */
async function makeCapture(dir: string): Promise<string> {
  const file = join(dir, 'original.ndjson');
  const original = await receiver({ save: file });
  await sendKind({ kind: getKind('metric-alert'), url: `${original.url}/alerts`, seed: 11 });
  await sendKind({ kind: getKind('impressions'), url: `${original.url}/impressions?env=prod`, seed: 12, count: 25 });
  await sendKind({ kind: getKind('metaplane-incident'), url: `${original.url}/incidents`, seed: 13, secret: 'shh', headers: { 'X-Trace': 'abc' } });
  await sendKind({ kind: getKind('hertzbeat-alarm'), url: `${original.url}/alarms`, seed: 14, variant: 'flat' });
  await original.close();
  return file;
}

/** A POST of `body` to `url`; its status. */
async function postTo(url: string, body: string): Promise<number> {
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  await response.arrayBuffer();
  return response.status;
}

describe('whk replay (the binary, and main() in process for what varies within one way)', () => {
  it('a capture replayed to a receiver arrives byte-identical, gzipped impressions included', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = await makeCapture(dir);
    const copy = join(dir, 'replayed.ndjson');
    const target = await receiver({ save: copy });
    const result = await runCli(['replay', source, '--url', `${target.url}/replayed`]);
    expect(result.stderr).toContain(`4 replayed: 4 delivered, 0 failed → ${target.url}/replayed`);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^✔ #2 POST \/impressions impressions → 200 \(\d+ms\)  delivered  gzip  /);
    await target.close();

    const before = await readCaptures(source);
    const after = await readCaptures(copy);
    expect(after.map((r) => r.bodyBase64)).toEqual(before.map((r) => r.bodyBase64));
    expect(after.map((r) => [r.kind, r.valid, r.encoding])).toEqual(before.map((r) => [r.kind, r.valid, r.encoding]));
    expect(after[1]).toMatchObject({ kind: 'impressions', encoding: 'gzip', valid: true, path: '/replayed' });
    expect(after[1]?.headers['content-encoding']).toBe('gzip');
    expect(after[1]?.body).toEqual(before[1]?.body);
    // Without --original-headers only the encoding headers go along.
    expect(after[2]?.headers['x-metaplane-sig']).toBeUndefined();
    expect(after[2]?.headers['x-trace']).toBeUndefined();
  });

  it('--original-headers sends the original headers (hop-by-hop ones excepted); --keep-path keeps path and query', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = await makeCapture(dir);
    const target = await server([200]);
    const result = await runCli(['replay', source, '--url', `${target.url}/base/`, '--original-headers', '--keep-path', '--index', '2-3']);
    expect(result.code).toBe(0);
    expect(target.requests.map((r) => r.url)).toEqual(['/base/impressions?env=prod', '/base/incidents']);
    const [impressions, incident] = target.requests;
    const original = await readCaptures(source);
    expect(incident?.headers['x-metaplane-sig']).toBe(original[2]?.headers['x-metaplane-sig']);
    expect(incident?.headers['x-trace']).toBe('abc');
    expect(incident?.body.toString('base64')).toBe(original[2]?.bodyBase64);
    expect(impressions?.headers['content-encoding']).toBe('gzip');
    expect(impressions?.headers['content-length']).toBe(String(Buffer.from(original[1]?.bodyBase64 ?? '', 'base64').length));
    expect(impressions?.headers['host']).toBe(new URL(target.url).host);
  });

  /** Three records replayed to a target that holds its answers; `signal` sent once the first is in flight. */
  const stoppedWith = async (signal: NodeJS.Signals) => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = join(dir, 'three.ndjson');
    await writeFile(source, [1, 2, 3].map((a) => `${JSON.stringify(captureRecord({ a }))}\n`).join(''));
    const target = await server(() => ({ status: 200, delayMs: 30_000 }));
    const running = startCli(['replay', source, '--url', target.url]);
    await until(() => target.requests.length === 1);
    running.child.kill(signal);
    return { target, result: await running.exited };
  };

  it('Ctrl-C with a record in flight: it is cut off (it may have arrived), the records not yet sent are counted, exit 130', async () => {
    const { target, result } = await stoppedWith('SIGINT');
    expect(result.code).toBe(130);
    expect(result.stdout).toMatch(/^– #1 POST \/hook unknown → cancelled \(\d+ms\) {2}cut off in flight {2}/);
    expect(result.stderr).toContain(`1 replayed: 0 delivered, 0 failed, 1 cut off in flight (it may have arrived) → ${target.url}/`);
    expect(result.stderr).toContain('warning: cancelled: the records above are what was replayed; 2 of 3 not sent');
  });

  it('SIGTERM ends a replay as Ctrl-C does: the tally, what stopped it, exit 143', async () => {
    const { target, result } = await stoppedWith('SIGTERM');
    expect([result.code, result.signal]).toEqual([143, null]);
    expect(result.stderr).toContain(`1 replayed: 0 delivered, 0 failed, 1 cut off in flight (it may have arrived) → ${target.url}/`);
    expect(result.stderr).toContain('warning: cancelled by SIGTERM: the records above are what was replayed; 2 of 3 not sent');
  });

  it("--original-headers leaves out the headers the record's own Connection header named (hop-by-hop for that request)", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = join(dir, 'connection.ndjson');
    const headers = { 'content-type': 'application/json', connection: 'keep-alive, X-Proxy-Secret', 'x-proxy-secret': 'for the next hop only', 'x-kept': 'yes' };
    await writeFile(source, `${JSON.stringify(captureRecord({ a: 1 }, { headers }))}\n`);
    const target = await server([200]);
    const result = await runMain(['replay', source, '--url', target.url, '--original-headers']);
    expect(result.code, result.stderr).toBe(0);
    expect(target.requests[0]?.headers['x-kept']).toBe('yes');
    expect(target.requests[0]?.headers['x-proxy-secret']).toBeUndefined();
  });

  it("--original-headers re-sends a header named '__proto__' (data, not an object's prototype)", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = join(dir, 'proto-header.ndjson');
    // Written as the receiver writes it; an object literal cannot hold the name as an own key.
    const line = JSON.stringify(captureRecord({ a: 1 }, { headers: { 'content-type': 'application/json', 'x-stand-in': 'sent' } })).replace('"x-stand-in"', '"__proto__"');
    await writeFile(source, `${line}\n`);
    // The raw headers: Node's parsed ones may not keep the name either.
    const raw: string[][] = [];
    const target = createServer((req, res) => {
      raw.push(req.rawHeaders);
      res.end();
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}/`;
      const result = await runMain(['replay', source, '--url', url, '--original-headers']);
      expect(result.code, result.stderr).toBe(0);
    } finally {
      target.close();
    }
    const names = raw[0] ?? [];
    expect(names[names.indexOf('__proto__') + 1]).toBe('sent');
  });

  it('--keep-path sends the recorded path as it came, dot segments and backslashes included, after the base path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = join(dir, 'odd-path.ndjson');
    // As the receiver records it: the request-target as the sender sent it, not as a URL parser reads it.
    await writeFile(source, `${JSON.stringify(captureRecord({ a: 1 }, { path: '/hooks/../../admin\\x//y', query: { q: '1' } }))}\n`);
    const target = await server([200]);
    const result = await runMain(['replay', source, '--url', `${target.url}/base/?k=v`, '--keep-path']);
    expect(result.code).toBe(0);
    expect(target.requests.map((r) => r.url)).toEqual(['/base/hooks/../../admin\\x//y?k=v&q=1']);
  });

  // Appended, a '*' went as the path '/base/*', one the sender never asked for.
  it('--keep-path sends a request to the server as a whole (path *, OPTIONS *) to the URL\'s own path when it has one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = join(dir, 'star.ndjson');
    await writeFile(source, `${JSON.stringify(captureRecord({ a: 1 }, { method: 'OPTIONS', path: '*' }))}\n`);
    const target = await server([200]);
    const result = await runMain(['replay', source, '--url', `${target.url}/base/?k=v`, '--keep-path']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^✔ #1 OPTIONS \* unknown → 200/);
    expect(target.requests.map((r) => [r.method, r.url])).toEqual([['OPTIONS', '/base/?k=v']]);
  });

  // It went as 'OPTIONS / HTTP/1.1': undici refuses a '*' target, so the server was asked about its root.
  it('--keep-path to a URL of no path of its own sends OPTIONS * in the asterisk form (the request line as it came)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = join(dir, 'star.ndjson');
    await writeFile(source, `${JSON.stringify(captureRecord({ a: 1 }, { method: 'OPTIONS', path: '*' }))}\n`);
    const heads: string[] = [];
    // A raw socket server: the request line as it arrived, not as a URL parser reads it.
    const raw = createNetServer((socket) => {
      let bytes = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        bytes = Buffer.concat([bytes, chunk]);
        const end = bytes.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = bytes.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (bytes.length < end + 4 + length) return;
        heads.push(`${head}\r\n\r\n${bytes.subarray(end + 4).toString('latin1')}`);
        socket.end('HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n');
      });
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = raw.address() as AddressInfo;
      // A dry run shows the '*' it would send (it read 'OPTIONS http://127.0.0.1:port', as if to the root).
      const dry = await runMain(['replay', source, '--url', `http://127.0.0.1:${port}`, '--keep-path', '--dry-run']);
      expect(dry.stdout.split('\n')[0]).toBe(`OPTIONS * (to http://127.0.0.1:${port})`);
      const dryJson = await runMain(['replay', source, '--url', `http://127.0.0.1:${port}`, '--keep-path', '--dry-run', '--json']);
      expect(JSON.parse(dryJson.stdout)).toMatchObject({ method: 'OPTIONS', url: `http://127.0.0.1:${port}`, target: '*' });
      const result = await runCli(['replay', source, '--url', `http://127.0.0.1:${port}`, '--keep-path']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^✔ #1 OPTIONS \* unknown → 204/);
      expect(heads).toHaveLength(1);
      expect(heads[0]?.split('\r\n')[0]).toBe('OPTIONS * HTTP/1.1');
      expect(heads[0]).toMatch(new RegExp(`\r\nhost: 127\\.0\\.0\\.1:${port}\r\n`, 'i'));
      expect(heads[0]).toMatch(/\r\ncontent-length: 7\r\n/i);
      expect(heads[0]?.endsWith('\r\n\r\n{"a":1}')).toBe(true);
    } finally {
      await new Promise((resolve) => raw.close(resolve));
    }
  });

  it('--keep-path sends the query as it came: escapes, order, repeats and a bare name kept (a record written by listen)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = join(dir, 'query.ndjson');
    const original = await receiver({ save: source });
    // Rebuilt from the parsed query this would go as a=y+z&a=2&b=1&flag= : other bytes, another order.
    const query = 'a=y%20z&b=1&a=2&flag&c=%2B';
    expect(await postTo(`${original.url}/hook?${query}`, '{"x":1}')).toBe(200);
    await original.close();
    expect((await readCaptures(source))[0]).toMatchObject({ path: '/hook', rawQuery: query, query: { a: ['y z', '2'], b: '1', flag: '', c: '+' } });
    const target = await server([200]);
    const result = await runMain(['replay', source, '--url', `${target.url}/base/?k=v`, '--keep-path']);
    expect(result.code, result.stderr).toBe(0);
    expect(target.requests.map((r) => r.url)).toEqual([`/base/hook?k=v&${query}`]);
  });

  it('a capture larger than the heap is re-sent one record at a time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = join(dir, 'large.ndjson');
    const RECORDS = 450;
    // 450 records of 278 kB (a 119 kB body, as base64 and as JSON): 125 MB against a 64 MB heap, which
    // runs out with about 260 of them held parsed (by hand, Node 20).
    const body = { items: Array.from({ length: 10_000 }, (_, i) => `item-${i}`) };
    const line = Buffer.from(`${JSON.stringify(captureRecord(body))}\n`);
    const file = await open(source, 'w');
    for (let i = 0; i < RECORDS; i++) await file.write(line);
    await file.close();
    let received = 0;
    const counting = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received++;
        res.end();
      });
    });
    await new Promise<void>((resolve) => counting.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = counting.address() as AddressInfo;
      const result = await runCli(['replay', source, '--url', `http://127.0.0.1:${port}/`, '-q'], { env: { NODE_OPTIONS: '--max-old-space-size=64' }, timeoutMs: 120_000 });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout.trim().split('\n')).toHaveLength(RECORDS);
      expect(received).toBe(RECORDS);
    } finally {
      await new Promise((resolve) => counting.close(resolve));
    }
  }, 180_000);

  it('a record HTTP cannot carry (a file edited by hand) is refused in our words; the rest still go', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = join(dir, 'edited.ndjson');
    const records = [
      captureRecord({ a: 1 }, { method: 'CONNECT' }),
      captureRecord({ a: 2 }, { headers: { 'content-type': 'application/json', 'bad name': 'x' } }),
      captureRecord({ a: 3 }, { headers: { 'content-type': 'application/json\r\nX-Injected: 1' } }),
      captureRecord({ a: 4 }),
    ];
    await writeFile(source, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    const target = await server([200]);
    const result = await runMain(['replay', source, '--url', target.url, '--original-headers']);
    expect(result.code).toBe(1);
    expect(result.stdout.trim().split('\n').map((line) => line.replace(/^.*refused: /, ''))).toEqual([
      'a CONNECT asks a proxy for a tunnel; it is not re-sent',
      'its header name "bad name" is not an HTTP token, so it cannot be sent',
      'its "content-type" header cannot be sent: it holds a line break, a control character or one past U+00FF',
      expect.stringMatching(/^✔ #4 POST \/hook unknown → 200/),
    ]);
    expect(result.stderr).toContain('4 replayed: 1 delivered, 0 failed, 3 refused');
    expect(target.requests).toHaveLength(1);
  });

  it("a record's 5,000-character path, event and header name print cut to 300 characters ending in …", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = join(dir, 'long.ndjson');
    const [path, event, name] = [`/${'p'.repeat(5000)}`, `e${'v'.repeat(5000)}`, `bad ${'n'.repeat(5000)}`];
    const records = [{ ...captureRecord({ a: 1 }, { path }), event }, captureRecord({ a: 2 }, { path, headers: { 'content-type': 'application/json', [name]: 'x' } })];
    await writeFile(source, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    const target = await server([200]);
    const result = await runMain(['replay', source, '--url', target.url, '--original-headers']);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.length).toBeLessThan(800);
    expect(lines[0]).toContain(`#1 POST ${path.slice(0, 299)}… unknown (${event.slice(0, 299)}…) → 200`);
    expect(lines[1]).toContain(`refused: its header name ${JSON.stringify(`${name.slice(0, 299)}…`)} is not an HTTP token`);
  });

  it('a half-written last line (no newline yet: listen may still be writing it) is left out with a warning; the whole records go', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = join(dir, 'growing.ndjson');
    const whole = JSON.stringify(captureRecord({ a: 1 }));
    await writeFile(source, `${whole}\n${whole}\n${whole.slice(0, 40)}`);
    const target = await server([200]);
    const result = await runMain(['replay', source, '--url', target.url]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`warning: left out line 3 of ${source}: it has no newline after it and is not a whole record (not JSON); whk listen may still be writing it\n`);
    expect(result.stderr).toContain('2 replayed: 2 delivered, 0 failed');
    expect(target.requests).toHaveLength(2);
    // Ended by a newline, the same torn line is a save cut short (the next listen --save appends after
    // it): left out with a warning of its own, the rest replayed.
    await writeFile(source, `${whole}\n${whole.slice(0, 40)}\n${whole}\n`);
    const torn = await runMain(['replay', source, '--url', target.url]);
    expect(torn.code, torn.stderr).toBe(0);
    expect(torn.stderr).toContain(`warning: left out line 2 of ${source}: it is a record cut short (not JSON), as a save that stopped leaves it; whk listen ends such a line and appends after it\n`);
    expect(target.requests).toHaveLength(4);
  });

  it('--keep-path with a path or query a request-target cannot hold (a file edited by hand): refused in our words', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = join(dir, 'edited.ndjson');
    const records = [captureRecord({ a: 1 }, { path: '/a b\r\nX-Injected: 1' }), captureRecord({ a: 2 }, { path: '/q', rawQuery: 'price=5€' }), captureRecord({ a: 3 }, { path: '/ok' })];
    await writeFile(source, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    const target = await server([200]);
    const result = await runMain(['replay', source, '--url', target.url, '--keep-path']);
    expect(result.code).toBe(1);
    expect(result.stdout.trim().split('\n').map((line) => line.replace(/^.*refused: /, ''))).toEqual([
      'its path and query "/a b\\r\\nX-Injected: 1" cannot be sent as they were (--keep-path): they hold a space, a control character or one past U+00FF',
      'its path and query "/q?price=5€" cannot be sent as they were (--keep-path): they hold a space, a control character or one past U+00FF',
      expect.stringMatching(/^✔ #3 POST \/ok unknown → 200/),
    ]);
    expect(result.stderr).toContain('3 replayed: 1 delivered, 0 failed, 2 refused');
    expect(target.requests).toHaveLength(1);
  });

  it('filters by --kind, --path and --index; --json prints one object per record', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = await makeCapture(dir);
    const target = await server([200]);
    const byKind = await runCli(['replay', source, '--url', target.url, '--kind', 'metaplane-incident', '--json']);
    expect(byKind.code).toBe(0);
    const objects = byKind.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(objects).toEqual([{ index: 3, method: 'POST', path: '/incidents', kind: 'metaplane-incident', event: null, url: `${target.url}/`, bytes: expect.any(Number), gzip: false, delivered: true, attempts: [{ status: 200, ms: expect.any(Number), error: null }], refused: null, signaturesLeftOut: ['x-metaplane-sig'], invalidAfterSet: null }]);

    const byPath = await runMain(['replay', source, '--url', target.url, '--path', '/ale*']);
    expect(byPath.stdout).toMatch(/^✔ #1 POST \/alerts metric-alert/);
    expect(byPath.stdout.trim().split('\n')).toHaveLength(1);
    const byIndex = await runMain(['replay', source, '--url', target.url, '--index', '1,4']);
    expect(byIndex.stdout.trim().split('\n').map((line) => line.split(' ')[1])).toEqual(['#1', '#4']);
    expect(target.requests).toHaveLength(4);

    // No record of the kind asked for: an expectation unmet (exit 1). A record number the file does
    // not have: an input error (exit 2), as in every command that reads a capture file.
    const none = await runMain(['replay', source, '--url', target.url, '--kind', 'github']);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(`error: nothing to replay: no record in '${source}' matches the filters\n`);
    const pastEnd = await runMain(['replay', source, '--url', target.url, '--index', '3-9']);
    expect(pastEnd.code).toBe(2);
    expect(pastEnd.stderr).toBe(`error: '${source}' has no record 9: it holds 4 records\n  --index counts the records of the capture file from 1\n`);
    const badIndex = await runMain(['replay', source, '--url', target.url, '--index', '2-1']);
    expect(badIndex.code).toBe(2);
    // As verify's and map's --index say a bad one: what was expected, then what was given, one line.
    expect([badIndex.code, badIndex.stderr]).toEqual([2, "error: invalid --index: expected 1-based record numbers and ranges, e.g. 1,3,5-7, got '2-1'\n"]);
    const zero = await runMain(['replay', source, '--url', target.url, '--index', '0']);
    const verified = await runMain(['verify', 'github', '--secret', 's', '--capture', source, '--index', '0']);
    for (const result of [zero, verified]) expect([result.code, result.stderr]).toEqual([2, expect.stringMatching(/^error: invalid --index: expected .*, got '0'\n$/)]);
  });

  it('--header replaces an original header; --retries retries a failed re-send', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = await makeCapture(dir);
    const target = await server([500, 200]);
    const result = await runMain(['replay', source, '--url', target.url, '--original-headers', '--index', '3', '--header', 'X-Trace: new', '--retries', '1']);
    expect(result.code).toBe(0);
    expect(target.requests).toHaveLength(2);
    expect(target.requests.map((r) => r.headers['x-trace'])).toEqual(['new', 'new']);
    expect(target.requests[1]?.body.toString('base64')).toBe((await readCaptures(source))[2]?.bodyBase64);
  });

  it('--sign signs each record anew as it goes: captures signed an hour ago pass the owners\' verifiers, the record\'s message id kept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = join(dir, 'signed-long-ago.ndjson');
    const hourAgo = new Date(Date.now() - 3_600_000);
    const stripeSecret = 'whsec_replay_stripe';
    const standardSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const stripeBody = { id: 'evt_1', type: 'invoice.paid' };
    const standardBody = { type: 'user.created', data: { id: 'u_1' } };
    const stale = new Stripe('sk_test_not_used').webhooks.generateTestHeaderString({ payload: JSON.stringify(stripeBody), secret: stripeSecret, timestamp: Math.floor(hourAgo.getTime() / 1000) });
    const signedBefore = { 'webhook-id': 'msg_from_the_sender', 'webhook-timestamp': String(Math.floor(hourAgo.getTime() / 1000)), 'webhook-signature': new StandardWebhook(standardSecret).sign('msg_from_the_sender', hourAgo, JSON.stringify(standardBody)) };
    const records = [
      captureRecord(stripeBody, { headers: { 'content-type': 'application/json', 'stripe-signature': stale } }),
      captureRecord(standardBody, { headers: { 'content-type': 'application/json', ...signedBefore } }),
    ];
    await writeFile(source, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    const target = await server([200]);

    // As recorded, the stale signatures are refused by the owners' verifiers.
    expect(() => new Stripe('sk_test_not_used').webhooks.constructEvent(JSON.stringify(stripeBody), stale, stripeSecret)).toThrow(/tolerance/);
    const stripeRun = await runCli(['replay', source, '--url', target.url, '--index', '1', '--original-headers', '--sign', 'stripe', '--secret', stripeSecret]);
    expect(stripeRun.code, stripeRun.stderr).toBe(0);
    const standardRun = await runMain(['replay', source, '--url', target.url, '--index', '2', '--sign', 'standard-webhooks', '--secret', standardSecret]);
    expect(standardRun.code, standardRun.stderr).toBe(0);

    const [stripeSent, standardSent] = target.requests as [(typeof target.requests)[0], (typeof target.requests)[0]];
    expect(stripeSent.headers['stripe-signature']).not.toBe(stale);
    expect(new Stripe('sk_test_not_used').webhooks.constructEvent(stripeSent.body, String(stripeSent.headers['stripe-signature']), stripeSecret)).toMatchObject(stripeBody);
    expect(new StandardWebhook(standardSecret).verify(standardSent.body.toString(), standardSent.headers as Record<string, string>)).toEqual(standardBody);
    expect(standardSent.headers['webhook-id']).toBe('msg_from_the_sender');
  });

  it("--secret alone signs each record with the scheme that checked it, or its kind's own; one with neither is refused, the rest go", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = join(dir, 'mixed.ndjson');
    const secret = 'whsec_one_for_all';
    const stripeBody = { id: 'evt_2', type: 'invoice.paid' };
    const stale = new Stripe('sk_test_not_used').webhooks.generateTestHeaderString({ payload: JSON.stringify(stripeBody), secret, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    const records = [
      captureRecord(stripeBody, { headers: { 'content-type': 'application/json', 'stripe-signature': stale }, signature: { scheme: 'stripe', header: 'stripe-signature', verdict: 'expired' } }),
      captureRecord({ zen: 'Keep it logically awesome.' }, { kind: 'github', headers: { 'content-type': 'application/json', 'x-github-event': 'ping' } }),
      captureRecord({ plain: true }),
    ];
    await writeFile(source, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    const target = await server([200]);
    const result = await runMain(['replay', source, '--url', target.url, '--secret', secret]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('refused: cannot sign it: no scheme checked its signature when it arrived, and its kind signs with none (give --sign to name the scheme)');
    expect(result.stderr).toContain('3 replayed: 2 delivered, 0 failed, 1 refused');
    const [stripeSent, githubSent] = target.requests as [(typeof target.requests)[0], (typeof target.requests)[0]];
    expect(new Stripe('sk_test_not_used').webhooks.constructEvent(stripeSent.body, String(stripeSent.headers['stripe-signature']), secret)).toMatchObject(stripeBody);
    expect(await octokitVerify(secret, githubSent.body.toString(), String(githubSent.headers['x-hub-signature-256']))).toBe(true);
    expect(target.requests).toHaveLength(2);
  });

  it('--set changes each JSON body before it goes: compact, uncompressed, its old signature left out or signed anew; a body it cannot change is refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = await makeCapture(dir);
    const target = await server([200]);
    const sent = () => target.requests.map((request) => ({ body: JSON.parse(request.body.toString()) as Record<string, unknown>, headers: request.headers }));

    // The impressions batch takes a path from a name in every record, as send's and sample's --set do
    // (it was refused: 'type' is no index of the array).
    const unsigned = await runCli(['replay', source, '--url', target.url, '--original-headers', '--set', 'type=REPLAYED', '--set', 'whk.note={"edited":true}']);
    expect(unsigned.code, unsigned.stderr).toBe(0);
    expect(unsigned.stderr).toContain('4 replayed: 4 delivered, 0 failed');
    expect(unsigned.stderr).toContain('1 of 4 records arrived signed (x-metaplane-sig) and went without the signature, which signed the bytes --set changed: --sign metaplane --secret SECRET signs it anew');
    const [alert, impressions, incident, alarm] = sent();
    const records = impressions?.body as unknown as Record<string, unknown>[];
    expect(records).toHaveLength(25);
    for (const record of records) expect(record).toMatchObject({ type: 'REPLAYED', whk: { note: { edited: true } } });
    expect(alert?.body).toMatchObject({ type: 'REPLAYED', whk: { note: { edited: true } } });
    expect(target.requests[0]?.body.toString()).toBe(JSON.stringify(alert?.body));
    expect(incident?.headers['x-metaplane-sig']).toBeUndefined();
    expect(incident?.headers['x-trace']).toBe('abc');
    expect(alarm?.body['type']).toBe('REPLAYED');

    // A gzipped batch changed goes as plain JSON, without the Content-Encoding that described the old bytes.
    const batch = await runMain(['replay', source, '--url', target.url, '--index', '2', '--original-headers', '--set', '[0].treatment=changed']);
    expect(batch.code, batch.stderr).toBe(0);
    const [changed] = sent().slice(4);
    expect(changed?.headers['content-encoding']).toBeUndefined();
    expect((changed?.body as unknown as { treatment: string }[])[0]?.treatment).toBe('changed');
    expect(batch.stdout).toMatch(/delivered {2}no gzip {2}/);

    // Signed anew, the changed bytes pass the owner's verifier.
    const secret = 'gh_secret';
    const github = join(dir, 'github.ndjson');
    await writeFile(github, `${JSON.stringify(captureRecord({ zen: 'Design for failure.', hook_id: 1 }, { kind: 'github', headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-hub-signature-256': 'sha256=00' } }))}\n`);
    const signed = await runMain(['replay', github, '--url', target.url, '--set', 'zen=Changed.', '--secret', secret]);
    expect(signed.code, signed.stderr).toBe(0);
    const last = target.requests.at(-1);
    expect(JSON.parse(last?.body.toString() ?? '')).toEqual({ zen: 'Changed.', hook_id: 1 });
    expect(await octokitVerify(secret, last?.body.toString() ?? '', String(last?.headers['x-hub-signature-256']))).toBe(true);

    // A form body has no JSON to change; one holding an integer JSON.parse rounds whose digits its bytes
    // do not hold (edited by hand) would change where --set did not ask, and one nested past whk's bound
    // is not written again; the rest still go, such an integer written with the digits it came with.
    const odd = join(dir, 'odd.ndjson');
    let deep: unknown = 1;
    for (let depth = 0; depth < 1500; depth += 1) deep = [deep];
    const big = '{"id": 12345678901234567890}';
    const oddRecords = [
      captureRecord(null, { bodyBase64: Buffer.from('a=1').toString('base64'), form: { fields: [['a', '1']], json: null } }),
      captureRecord(JSON.parse(big), { bodyBase64: Buffer.from('{"id": 1}').toString('base64') }),
      captureRecord(deep),
      captureRecord({ id: 1 }),
      captureRecord(JSON.parse(big), { bodyBase64: Buffer.from(big).toString('base64') }),
    ];
    await writeFile(odd, oddRecords.map((record) => `${JSON.stringify(record)}\n`).join(''));
    const before = target.requests.length;
    const refusals = await runMain(['replay', odd, '--url', target.url, '--set', 'a=2']);
    expect(refusals.code).toBe(1);
    expect(refusals.stdout.split('\n').slice(0, 3)).toEqual([
      '✖ #1 POST /hook unknown  refused: its body is not JSON (a form): --set changes a JSON body',
      '✖ #2 POST /hook unknown  refused: its JSON holds 12345678901234567000, an integer past 2^53 that JSON.parse cannot keep exact, and its digits are not in the record\'s bytes: written again with --set\'s change it would change too',
      "✖ #3 POST /hook unknown  refused: its JSON nests deeper than 1000 levels, past what --set writes again (whk's bound)",
    ]);
    expect(target.requests.slice(before).map((request) => request.body.toString())).toEqual(['{"id":1,"a":2}', '{"id":12345678901234567890,"a":2}']);
    const requests = target.requests.length;
    const malformed = await runMain(['replay', source, '--url', target.url, '--set', 'type']);
    expect([malformed.code, malformed.stderr]).toEqual([2, "error: invalid --set 'type'\n  use path=value, e.g. --set data.environment.name=Staging\n"]);
    expect(target.requests).toHaveLength(requests);
  });

  it("--set writes the body again from its parsed reading, as the README says: JSON.stringify's spacing, key order and escapes; an integer past 2^53 as sent, or as --set wrote it", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = join(dir, 'odd.ndjson');
    const listening = await receiver({ save: source });
    // A byte order mark, spacing, integer keys after others, a key twice, escapes, numbers JavaScript writes otherwise, a trailing comma.
    const bytes = '\uFEFF{ "b" : 1,\n  "a": "\\u00e9\\/\\ud83d\\ude00", "2": 1.0, "1": 1e2, "dup": 1, "dup": 2, "big": 12345678901234567890, "bigf": 1.5e300, "inf": 1e400, "neg": -0, "small": 0.10000000000000000001, "ctl": "\\u0001\\t", "lone": "\\ud800", "x": [1,2,] }';
    expect(await postTo(listening.url, bytes)).toBe(200);
    await listening.close();
    const target = await server([200]);
    const result = await runMain(['replay', source, '--url', target.url, '--set', 'n=98765432109876543210', '--set', 'o={"m":98765432109876543211}']);
    expect(result.code, result.stderr).toBe(0);
    expect(target.requests[0]?.body.toString()).toBe(
      '{"1":100,"2":1,"b":1,"a":"é/😀","dup":2,"big":12345678901234567890,"bigf":1.5e300,"inf":null,"neg":0,"small":0.1,"ctl":"\\u0001\\t","lone":"\\ud800","x":[1,2],"n":98765432109876543210,"o":{"m":98765432109876543211}}',
    );
  });

  it('--set that makes a valid record an invalid payload of its kind: it goes as changed, and one warning names the first issue', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = await makeCapture(dir);
    const target = await server([200]);

    // The metric alert (an alert-policy one) breaks SPEC's rule; it still goes, exit 0.
    const one = await runMain(['replay', source, '--url', target.url, '--index', '1', '--set', 'data.alertType=SIGNIFICANCE']);
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(target.requests.at(-1)?.body.toString() ?? '')).toMatchObject({ data: { alertType: 'SIGNIFICANCE' } });
    expect(one.stderr.trimEnd().split('\n').at(-1)).toBe('warning: --set made #1 an invalid metric-alert payload ($.data.alertPolicy: must be null when alertType is SIGNIFICANCE); it went as changed');

    // Each record says whether: the alert's type is its kind's own, the others' kinds take a field of that name.
    const all = await runMain(['replay', source, '--url', target.url, '--json', '--set', 'type=CHANGED', '--set', 'data.alertType=SIGNIFICANCE']);
    const results = all.stdout.trim().split('\n').map((line) => JSON.parse(line) as { invalidAfterSet: string | null; refused: string | null });
    expect(results.map((result) => [result.refused === null, result.invalidAfterSet?.split(':')[0] ?? null])).toEqual([[true, '$.type'], [true, null], [true, null], [true, null]]);
    expect(all.stderr).toContain('warning: --set made #1 an invalid metric-alert payload ($.type: expected one of "METRIC_ALERT"); it went as changed\n');
    const dry = await runMain(['replay', source, '--url', target.url, '--dry-run', '--index', '1,3', '--set', 'type=CHANGED', '--set', 'acknowledged=maybe']);
    expect(dry.stderr).toMatch(/warning: --set made 2 records invalid payloads of their kinds \(the first, #1 metric-alert: \$\.type: .*\); they would go as changed\n$/);

    // A change the schema takes, or a record that was not valid before, says nothing.
    const fine = await runMain(['replay', source, '--url', target.url, '--index', '1', '--set', 'data.environment.name=Staging']);
    const wasInvalid = join(dir, 'invalid.ndjson');
    await writeFile(wasInvalid, `${JSON.stringify(captureRecord({ type: 'METRIC_ALERT' }, { kind: 'metric-alert', valid: false }))}\n`);
    const already = await runMain(['replay', wasInvalid, '--url', target.url, '--set', 'type=CHANGED']);
    expect([fine.code, already.code]).toEqual([0, 0]);
    expect(`${fine.stderr}${already.stderr}`).not.toContain('--set made');
  });

  it('--dry-run prints each request as it would go and --curl a command that sends the same bytes; nothing is sent, a refusal is said', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = await makeCapture(dir);
    const target = await server([200]);
    const text = await runCli(['replay', source, '--url', `${target.url}/r`, '--dry-run', '--index', '1,2', '--header', 'X-Env: ci']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^POST ${target.url}/r\nuser-agent: whk\ncontent-type: application/json\nx-env: ci\n\n\\{"type":"METRIC_ALERT"`));
    expect(text.stdout).toContain('(gzip: ');
    expect(text.stdout).toContain('shown inflated below');
    // --set as a replay would apply it: the batch it does not fit (each record's key is a string) is
    // refused, on stderr, exit 1.
    const json = await runMain(['replay', source, '--url', target.url, '--dry-run', '--json', '--set', 'type=CHANGED', '--set', 'key.sub=1']);
    expect(json.code).toBe(1);
    // Said as an error (it makes the exit 1), and with --json an object of its own that says why.
    expect(json.stderr).toContain("error: #2 would be refused: --set does not fit it: cannot set '$[0].key.sub': '$[0].key' is a string");
    expect(json.stderr).not.toContain('warning: #2');
    const views = json.stdout.trim().split('\n').map((line) => JSON.parse(line) as { index: number; body: string; bodyEncoding: 'utf8' | 'base64'; refused?: string });
    expect(views.map((view) => view.index)).toEqual([1, 2, 3, 4]);
    expect(views[1]).toEqual({ index: 2, method: 'POST', url: `${target.url}/`, refused: expect.stringMatching(/^--set does not fit it: cannot set '\$\[0\]\.key\.sub'/) });
    const sendable = views.filter((view) => view.refused === undefined);
    expect(sendable.map((view) => (JSON.parse(view.body) as { type?: string }).type)).toEqual(['CHANGED', 'CHANGED', 'CHANGED']);
    expect(target.requests).toHaveLength(0);

    // The command --curl prints sends the bytes a replay sends: the gzipped batch exactly as recorded.
    const curl = await runCli(['replay', source, '--url', target.url, '--curl', '--index', '2']);
    expect(curl.code, curl.stderr).toBe(0);
    await promisify(execFile)('sh', ['-c', curl.stdout]);
    const [recorded] = (await readCaptures(source)).slice(1, 2);
    expect(target.requests[0]?.body.toString('base64')).toBe(recorded?.bodyBase64);
    expect(target.requests[0]?.headers['content-encoding']).toBe('gzip');
    // ... with the headers a replay sends and none of curl's own (its Accept: */*), with or without the record's own.
    for (const flags of [[], ['--original-headers']]) {
      target.requests.length = 0;
      const printed = await runMain(['replay', source, '--url', target.url, '--curl', '--index', '2', ...flags]);
      await promisify(execFile)('sh', ['-c', printed.stdout]);
      expect((await runMain(['replay', source, '--url', target.url, '--index', '2', ...flags])).code).toBe(0);
      const [byCurl, byReplay] = target.requests.map(({ headers }) => Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'connection')));
      expect(byCurl).toEqual(byReplay);
    }
  });

  it('--curl --timeout carries the timeout as curl\'s --max-time, in seconds; replay\'s default timeout does not go', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = await makeCapture(dir);
    const given = await runMain(['replay', source, '--url', 'http://127.0.0.1:9/', '--curl', '--index', '1', '--timeout', '2500ms']);
    expect(given.code, given.stderr).toBe(0);
    expect(given.stdout).toMatch(/^curl -sS --globoff --max-time 2\.5 -X POST /);
    const defaulted = await runMain(['replay', source, '--url', 'http://127.0.0.1:9/', '--curl', '--index', '1']);
    expect(defaulted.code, defaulted.stderr).toBe(0);
    expect(defaulted.stdout).toMatch(/^curl -sS --globoff -X POST /);
  });

  it('--curl of a HEAD with a body prints a command that sends the body and ends at the answer\'s headers, said once on stderr', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = join(dir, 'head.ndjson');
    const records = [captureRecord({ a: 1 }, { method: 'HEAD' }), captureRecord({ b: 2 }, { method: 'HEAD' })];
    await writeFile(source, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    const copy = join(dir, 'replayed.ndjson');
    const target = await receiver({ save: copy });
    const printed = await runMain(['replay', source, '--url', target.url, '--curl']);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stderr).toBe("#1 is a HEAD with a body: its command (and any like it) adds --ignore-content-length and Connection: close, so curl ends at the answer's headers (with -X HEAD alone it waits for a body no HEAD answer has; --head sends none)\n");
    // whk's receiver answers a HEAD with the Content-Length a GET's body would have: with -X HEAD
    // alone, curl waited for those bytes until the connection timed out, then failed (exit 18).
    const { stdout } = await promisify(execFile)('sh', ['-c', printed.stdout]);
    expect(stdout).toMatch(/^HTTP\/1\.1 200 OK\r\n(.*\r\n)*\r\nHTTP\/1\.1 200 OK\r\n/);
    expect((await readCaptures(copy)).map((record) => [record.method, record.bodyBase64])).toEqual(records.map((record) => ['HEAD', record.bodyBase64]));
  });

  it('records that arrived signed and went unsigned get one note after the tally; none with --original-headers, --secret or --header of that name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = join(dir, 'signed.ndjson');
    const records = [
      captureRecord({ id: 'evt_3' }, { headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=abc' }, signature: { scheme: 'stripe', header: 'stripe-signature', verdict: 'invalid' } }),
      captureRecord({ plain: true }),
      captureRecord({ zen: 'Design for failure.' }, { kind: 'github', headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-hub-signature-256': 'sha256=00', 'x-hub-signature': 'sha1=00' } }),
    ];
    await writeFile(source, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    const target = await server([200]);
    const run = await runCli(['replay', source, '--url', target.url, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { signaturesLeftOut: string[] }).signaturesLeftOut)).toEqual([['stripe-signature'], [], ['x-hub-signature-256', 'x-hub-signature']]);
    expect(run.stderr.trim().split('\n').slice(-1)).toEqual([
      '2 of 3 records arrived signed (stripe-signature, x-hub-signature-256, x-hub-signature) and went without the signature: --original-headers sends them as they came (one with a timestamp may be too old by now), --sign SCHEME --secret SECRET signs them anew',
    ]);
    // One scheme: named (GitHub's two headers are one scheme's). One record is "it", more are "them".
    const one = await runMain(['replay', source, '--url', target.url, '--index', '1']);
    expect(one.stderr.trim().split('\n').slice(-1)[0]).toBe('the record arrived signed (stripe-signature) and went without the signature: --original-headers sends it as it came (its timestamp, if it has one, may be too old by now), --sign stripe --secret SECRET signs it anew');
    const github = await runMain(['replay', source, '--url', target.url, '--index', '3']);
    expect(github.stderr.trim().split('\n').slice(-1)[0]).toMatch(/^the record arrived signed \(x-hub-signature-256, x-hub-signature\) .*, --sign github --secret SECRET signs it anew$/);
    // The signature sent, as it came, anew or by hand, or one of another scheme in its place: nothing to say.
    for (const flags of [['--original-headers'], ['--secret', 'whsec_again', '--index', '1,3'], ['--header', 'Stripe-Signature: t=2,v1=def', '--index', '1'], ['--sign', 'github', '--secret', 'again', '--index', '1']]) {
      const quiet = await runMain(['replay', source, '--url', target.url, ...flags]);
      expect(quiet.code, quiet.stderr).toBe(0);
      expect(quiet.stderr).not.toContain('arrived signed');
    }
    expect(target.requests.map((request) => request.headers['stripe-signature'] ?? null)).toEqual([null, null, null, null, null, 't=1,v1=abc', null, null, expect.stringMatching(/^t=\d+,v1=[0-9a-f]{64}$/), null, 't=2,v1=def', null]);
  });

  it('--sign needs --secret, a secret its scheme can use, and no --keep-path for a scheme that signs the URL: exit 2, nothing sent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const source = await makeCapture(dir);
    const target = await server([200]);
    const cases = [
      [['--sign', 'stripe'], 'error: --sign needs --secret'],
      [['--sign', 'twilio', '--secret', 's', '--keep-path'], 'error: twilio signs the URL it adds to, and --keep-path sends the recorded path as it was'],
      [['--sign', 'standard-webhooks', '--secret', 'whsec_%%%'], 'error: the secret is not base64 after whsec_'],
      // Keys that verify but cannot sign: a public key where the scheme signs with the private one.
      [['--sign', 'travis', '--secret', generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString()], 'error: the secret for travis is not an RSA private key in PEM'],
      [['--sign', 'standard-webhooks', '--secret', `whpk_${Buffer.alloc(32, 7).toString('base64')}`], 'error: a whpk_ public key verifies but cannot sign'],
    ] as const;
    for (const [flags, error] of cases) {
      const result = await runMain(['replay', source, '--url', target.url, ...flags]);
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n')[0]).toBe(error);
    }
    expect(target.requests).toHaveLength(0);
  });

  it("a failed re-send is exit 1; a truncated record is refused (its bytes are incomplete) and the rest still go", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const file = join(dir, 'capture.ndjson');
    const records = [
      captureRecord({ type: 'one' }),
      captureRecord(null, { truncated: true, status: 413, bodyBase64: Buffer.from('{"partial":').toString('base64') }),
      captureRecord({ type: 'three' }),
    ];
    await writeFile(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const target = await server([200, 500]);
    const result = await runCli(['replay', file, '--url', target.url]);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^✔ #1 POST \/hook unknown → 200/);
    expect(lines[1]).toBe('✖ #2 POST /hook unknown  refused: truncated: only the first 11 bytes were recorded (the body went over --max-body), so its bytes are incomplete');
    expect(lines[2]).toMatch(/^✖ #3 POST \/hook unknown → 500 \(\d+ms\)  failed/);
    expect(result.stderr).toContain('3 replayed: 1 delivered, 1 failed, 1 refused');
    expect(target.requests.map((r) => r.body.toString())).toEqual(['{"type":"one"}', '{"type":"three"}']);
    // A 500 is the receiver's to explain: nothing is added after the tally.
    expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(/^3 replayed: /);

    // Nothing listening: after the tally, what it may mean.
    await target.close();
    const down = await runMain(['replay', file, '--url', target.url, '--index', '1']);
    expect(down.code).toBe(1);
    expect(down.stderr.trimEnd().split('\n').at(-1)).toBe(`nothing listens on 127.0.0.1:${target.port}: is the receiver running, on that port? (whk listen --port ${target.port} runs one)`);
  });

  it('a missing file or a line that is not a capture record is exit 2, before anything is sent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-'));
    const target = await server([200]);
    const missing = await runMain(['replay', join(dir, 'nope.ndjson'), '--url', target.url]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: cannot read '.*nope.ndjson': no such file\n$/);

    const mixed = join(dir, 'mixed.ndjson');
    await writeFile(mixed, `${JSON.stringify(captureRecord({ ok: 1 }))}\n\n{"type":"METRIC_ALERT"}\n`);
    const notCapture = await runMain(['replay', mixed, '--url', target.url]);
    expect(notCapture.code).toBe(2);
    expect(notCapture.stderr).toBe(`error: ${mixed}:3: not a capture record: no 'receivedAt'\n  a capture file is the NDJSON that whk listen --save writes, one record per line\n`);
    const broken = join(dir, 'broken.ndjson');
    await writeFile(broken, '{"receivedAt": \n');
    const notJson = await runMain(['replay', broken, '--url', target.url]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/^error: .*broken.ndjson:1: not JSON, so not a capture record/);
    expect(target.requests).toHaveLength(0);
  });

  // A custom kind's records (listen --schema) could not be picked: --kind knew only whk's own ids.
  it("--kind takes a custom kind's id that the capture's records carry; an id neither known nor in the file is exit 2 with a suggestion", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-replay-custom-'));
    const schema = join(dir, 'mine.schema.json');
    const captures = join(dir, 'c.ndjson');
    await writeFile(schema, JSON.stringify({ title: 'mine', type: 'object', required: ['mine'] }));
    const first = startCli(['listen', '--port', '0', '--count', '2', '--timeout', '15s', '--schema', schema, '--save', captures]);
    const url = (await first.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
    expect(await postTo(url, '{"mine":1}')).toBe(200);
    expect(await postTo(url, '{"other":2}')).toBe(200);
    expect((await first.exited).code).toBe(0);
    expect((await readCaptures(captures)).map((r) => r.kind)).toEqual(['mine', null]);

    // The receiver whk listen runs, in this process.
    const second = await receiver();
    const replayed = await runMain(['replay', captures, '--url', second.url, '--kind', 'mine']);
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(second.requests.map((record) => record.shape?.keys)).toEqual([['mine']]);

    const typo = await runMain(['replay', captures, '--url', second.url, '--kind', 'mien']);
    expect([typo.code, typo.stdout]).toEqual([2, '']);
    expect(typo.stderr).toMatch(/^error: unknown kind 'mien': whk knows no such kind and no record in the file has it\n  did you mean 'mine'\? the file's records are of mine; known kinds: /);
  });
});
