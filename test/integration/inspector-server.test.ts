// The inspector's server over a record store, on a real socket: its API, server-sent events, the
// headers every answer carries, and what it refuses (other Hosts, cross-site replays, paths
// outside its files).
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, METHODS, request, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { describe, expect, it, vi } from 'vitest';
import type { CaptureRecord } from '../../src/capture/record.js';
import { serialize } from '../../src/capture/serialize.js';
import { MAX_BACKLOG_BYTES, MAX_STREAMS, ROWS_EVERY_MS } from '../../src/inspector/events.js';
import { LINE_CHARS } from '../../src/inspector/detail.js';
import { startInspector } from '../../src/inspector/server.js';
import { ANSWERS_WAIT_MS } from '../../src/receiver/client-errors.js';
import { MAX_SEARCHES } from '../../src/inspector/api.js';
import { startReceiver } from '../../src/receiver/server.js';
import { decodeRow, encodeRow, type RowTuple } from '../../src/inspector/page/row-wire.js';
import { ROW_TEXT_LIMIT, toRow } from '../../src/inspector/catalogue.js';
import { createRecordStore } from '../../src/inspector/source.js';
import type { Detail, Diff } from '../../src/inspector/wire.js';
import { captureRecord } from '../helpers/capture.js';
import { closedAfterEach, serversClosedAfterEach } from '../helpers/server.js';

// The built page (npm test builds first); the API tests below do not need it.
const PAGE_DIR = fileURLToPath(new URL('../../dist/inspector/page/', import.meta.url));

const startServer = serversClosedAfterEach();
const inspectorClosedAfterEach = closedAfterEach(startInspector);

async function start(records = [captureRecord({ a: 1 })], label = 'test') {
  const store = createRecordStore();
  for (const record of records) store.add(record);
  const inspector = await inspectorClosedAfterEach({ source: store, label, live: true, pageDir: PAGE_DIR });
  return { store, inspector, api: (path: string) => new URL(path, inspector.url).href };
}

/** A raw GET, so the Host header can be anything. */
function rawGet(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('inspector server', () => {
  it('sends its CSP and nosniff on pages and API answers alike', async () => {
    const { api } = await start();
    for (const path of ['/', '/page/main.js', '/api/records/1', '/api/nothing']) {
      const response = await fetch(api(path));
      expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect((await fetch(api('/page/main.js'))).headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  // A client slow to read a long answer sent its next request as Node's 5 s idle close crossed it
  // ("other side closed", seen under load): the page's connections are kept a minute.
  it('keeps an idle connection a minute, and says so to the client', async () => {
    const { api } = await start();
    const response = await fetch(api('/api/records/1'));
    await response.arrayBuffer();
    expect(response.headers.get('keep-alive')).toBe('timeout=60');
  });

  // The page's header timeout drops what sends nothing; an answer being written is no request still
  // arriving: one the client reads slowly, past that timeout, comes whole.
  it('drops a connection that sends nothing at its header timeout, not an answer read slowly', async () => {
    const store = createRecordStore();
    for (let i = 0; i < 20_000; i++) store.add(captureRecord({ i }, { path: `/hook/${i}` }));
    // A second, not 100 ms: client and server share this process's event loop, and on a loaded machine a
    // pause of the loop longer than the timeout between accepting the test's own request and reading it
    // hung the test once in a full run.
    const inspector = await inspectorClosedAfterEach({ source: store, label: 'test', live: true, pageDir: PAGE_DIR, headersTimeoutMs: 1000 });
    const answer = await new Promise<IncomingMessage>((resolve, reject) => request(new URL('/api/rows', inspector.url), { agent: false }, resolve).on('error', reject).end());
    answer.pause();
    const silent = connect(Number(new URL(inspector.url).port), '127.0.0.1');
    silent.on('error', () => undefined);
    await once(silent, 'close');
    const chunks: Buffer[] = [];
    for await (const chunk of answer) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    expect(answer.statusCode).toBe(200);
    expect((JSON.parse(body) as unknown[]).length).toBe(20_000);
  });

  it('the curl of a record goes to its Host only when that is a plain host and port', async () => {
    const withHost = (host: string, path: string) => captureRecord({ a: 1 }, { path, headers: { host, 'content-type': 'application/json' } });
    // '127.0.0.1:9000@evil.example' read as the local receiver and went to evil.example (user info).
    const { api, inspector } = await start([withHost('127.0.0.1:9000', '/plain'), withHost('127.0.0.1:9000@evil.example', '/at'), withHost('evil.example/x?', '/slash')]);
    const curl = async (id: number) => ((await (await fetch(api(`/api/records/${id}/curl`))).json()) as { curl: string }).curl;
    expect(await curl(1)).toContain(' http://127.0.0.1:9000/plain ');
    const page = new URL(inspector.url).host;
    expect(await curl(2)).toContain(` http://${page}/at `);
    expect(await curl(3)).toContain(` http://${page}/slash `);
    for (const id of [2, 3]) expect(await curl(id)).not.toContain('evil.example');
  });

  // A live page's label is its receiver's URL: a record with no plain Host (HTTP/1.0, a hand-made
  // one) is sent there, where the page's own address answered the command 405.
  it('the curl of a record without a plain Host goes to the receiver of a live page', async () => {
    const { headers } = captureRecord({ a: 1 });
    const { host: _host, ...hostless } = headers;
    const records = [captureRecord({ a: 1 }, { path: '/none', headers: hostless }), captureRecord({ a: 1 }, { path: '/at', headers: { ...hostless, host: 'x@evil.example' } })];
    const { api } = await start(records, 'http://127.0.0.1:4567');
    const curl = async (id: number) => ((await (await fetch(api(`/api/records/${id}/curl`))).json()) as { curl: string }).curl;
    expect(await curl(1)).toContain(' http://127.0.0.1:4567/none ');
    expect(await curl(2)).toContain(' http://127.0.0.1:4567/at ');
  });

  // A '*' target was joined to the origin as a path: http://127.0.0.1:9000*, which curl cannot read.
  it('the curl of a request to the server as a whole (OPTIONS *) sends * as its request-target', async () => {
    const { api } = await start([captureRecord({ a: 1 }, { method: 'OPTIONS', path: '*', headers: { host: '127.0.0.1:9000' } })]);
    const { curl } = (await (await fetch(api('/api/records/1/curl'))).json()) as { curl: string };
    expect(curl).toMatch(/^curl -sS --globoff -X OPTIONS http:\/\/127\.0\.0\.1:9000 --request-target '\*' /);
  });

  it('answers a replay asked for by any method but POST 405, as other wrong methods, not with the record', async () => {
    const { api } = await start();
    // Each names the methods its target takes (RFC 9110 §15.5.6: a 405 must); it named none.
    const wrong = [['/api/records/1/replay', 'GET', 'POST'], ['/api/records/1/replay', 'HEAD', 'POST'], ['/api/records/1', 'DELETE', 'GET, HEAD'], ['/api/records/1/curl', 'PUT', 'GET, HEAD, POST'], ['/api/search', 'PATCH', 'GET, HEAD, POST'], ['/', 'POST', 'GET, HEAD']] as const;
    for (const [path, method, allow] of wrong) {
      const response = await fetch(api(path), { method });
      expect([response.status, response.headers.get('allow')], `${method} ${path}`).toEqual([405, allow]);
      if (method !== 'HEAD') expect(await response.json()).toEqual({ error: `method not allowed: ${allow} only` });
    }
    // A record's own address and its curl are read by GET.
    expect([(await fetch(api('/api/records/1'))).status, (await fetch(api('/api/records/1/curl'))).status]).toEqual([200, 200]);
  });

  // A POST to a path only read was answered 404, as if the path were not there.
  it("answers a POST to each of the API's read-only paths 405 with Allow; an unknown path, by any method, stays 404", async () => {
    const { api } = await start();
    for (const path of ['/api/about', '/api/rows', '/api/events', '/api/capture', '/api/diff', '/api/records/1', '/api/records/99']) {
      const response = await fetch(api(path), { method: 'POST', body: '{}' });
      expect([response.status, response.headers.get('allow')], `POST ${path}`).toEqual([405, 'GET, HEAD']);
      expect(await response.json()).toEqual({ error: 'method not allowed: GET, HEAD only' });
    }
    // The page's own paths alike: an unknown one (the API's or the page's) is 404 whatever the method.
    for (const path of ['/api/nope', '/nope', '/page/nope.js']) {
      for (const method of ['GET', 'POST', 'PUT']) {
        const response = await fetch(api(path), { method });
        expect([response.status, response.headers.get('allow')], `${method} ${path}`).toEqual([404, null]);
        expect(await response.json()).toEqual({ error: 'not found' });
      }
    }
  });

  it('serves only its own files', async () => {
    const { api } = await start();
    expect((await fetch(api('/page/%2e%2e/server.js'))).status).toBe(404);
    expect((await fetch(api('/page/../../package.json'))).status).toBe(404);
    expect((await fetch(api('/main.js'))).status).toBe(404);
  });

  it('answers a request-target of // and its kin 404 in JSON, not 500, and never reads them as //host', async () => {
    const { inspector } = await start();
    const { port } = new URL(inspector.url);
    for (const target of ['//', '///', '//x', '//api/about', 'http://[/']) {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port: Number(port) });
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
        socket.end(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
      });
      expect(answer.split('\r\n')[0], target).toBe('HTTP/1.1 404 Not Found');
      expect(answer).toMatch(/content-type: application\/json/i);
      expect(answer).toContain('{"error":"not found"}');
    }
  });

  it('answers only the Host names it was reached by (no DNS rebinding)', async () => {
    const { inspector, api } = await start();
    const port = new URL(inspector.url).port;
    expect(await rawGet(api('/api/about'), `127.0.0.1:${port}`)).toBe(200);
    expect(await rawGet(api('/api/about'), `localhost:${port}`)).toBe(200);
    expect(await rawGet(api('/api/about'), `attacker.example:${port}`)).toBe(421);
  });

  // Node answered a request without Host 400 with an empty body, and dropped a CONNECT unanswered.
  it('refuses a request without Host, and a CONNECT, with a status and a reason', async () => {
    const { inspector } = await start();
    const { port, host } = new URL(inspector.url);
    const raw = (text: string) => new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(text));
      let reply = '';
      socket.on('data', (chunk: Buffer) => {
        reply += chunk.toString('latin1');
        // The answer's end: a JSON body ends with its closing brace (chunked, then the last chunk).
        if (/}(\r\n0\r\n\r\n)?$/.test(reply)) socket.destroy();
      });
      socket.on('error', reject);
      socket.on('close', () => resolve(reply));
    });
    const noHost = await raw('GET /api/about HTTP/1.1\r\n\r\n');
    expect(noHost).toMatch(/^HTTP\/1\.1 400 /);
    expect(noHost).toContain('{"error":"no Host header: the page answers only requests that name it (HTTP/1.1 requires one)"}');
    const tunnel = await raw(`CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    expect(tunnel).toMatch(/^HTTP\/1\.1 405 /);
    expect(tunnel).toMatch(/\r\nallow: GET, HEAD, POST\r\n/);
    expect(tunnel).toContain('{"error":"CONNECT asks for a proxy tunnel, and the inspector page is no proxy"}');
  });

  // Node answered what its parser refused (an unknown method, headers past its limit, TLS) and a request
  // whose headers its timeout cut with a status and an empty body; the page's own refusals say why.
  it("answers what Node's parser or header timeout refused with its status and a reason, and no sniffing", async () => {
    const inspector = await inspectorClosedAfterEach({ source: createRecordStore(), label: 'test', live: true, pageDir: PAGE_DIR, headersTimeoutMs: 1000 });
    const { port, host } = new URL(inspector.url);
    const refused = async (bytes: string | Buffer): Promise<{ head: string; error: unknown }> => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(bytes));
      let reply = '';
      socket.on('data', (chunk: Buffer) => (reply += chunk.toString('utf8')));
      await once(socket, 'close');
      const [head = '', body = ''] = reply.split('\r\n\r\n');
      expect(head).toMatch(/\r\nx-content-type-options: nosniff\r\n/);
      expect(head).toContain(`\r\nContent-Length: ${Buffer.byteLength(body)}`);
      return { head: head.split('\r\n')[0] ?? '', error: (JSON.parse(body) as { error: unknown }).error };
    };
    expect(await refused(`FOO / HTTP/1.1\r\nHost: ${host}\r\n\r\n`)).toEqual({
      head: 'HTTP/1.1 400 Bad Request',
      error: `an unknown method, "FOO": any token is a method in HTTP (RFC 9110 §9.1), but Node's HTTP parser takes only the ${METHODS.length} it knows (GET, POST, PUT, PATCH, DELETE, WebDAV's and a few more)`,
    });
    expect(await refused(`GET / HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)).toEqual({
      head: 'HTTP/1.1 431 Request Header Fields Too Large',
      error: "its request line and headers are larger than Node's limit (maxHeaderSize, 16 KiB by default): a path and query that long, or header fields",
    });
    expect(await refused(Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03]))).toEqual({
      head: 'HTTP/1.1 400 Bad Request',
      error: 'it is TLS (a handshake), not HTTP: the browser was given an https:// URL, and the inspector page serves plain http://',
    });
    expect(await refused(`GET / HTTP/1.1\r\nHost: ${host}\r\n`)).toEqual({ head: 'HTTP/1.1 408 Request Timeout', error: "its headers did not all arrive within whk's header timeout (1s)" });
  });

  it("answers a pipelined request, then the parser's refusal of the next one in the same bytes, in order (Node's own handler closed without it)", async () => {
    const inspector = await inspectorClosedAfterEach({ source: createRecordStore(), label: 'test', live: true, pageDir: PAGE_DIR });
    const { port, host } = new URL(inspector.url);
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(`GET /api/about HTTP/1.1\r\nHost: ${host}\r\n\r\nFOO / HTTP/1.1\r\nHost: ${host}\r\n\r\n`));
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString('utf8')));
    await once(socket, 'close');
    // The refusal follows the answer's body at once: no line break between them.
    expect(reply.match(/HTTP\/1\.1 \d{3} [A-Za-z ]+\r\n/g)).toEqual(['HTTP/1.1 200 OK\r\n', 'HTTP/1.1 400 Bad Request\r\n']);
    expect(reply).toMatch(/\r\n\r\n\{"source":"test".*\}HTTP\/1\.1 400 Bad Request\r\n/s);
    expect(reply).toContain('{"error":"an unknown method, \\"FOO\\": any token is a method in HTTP');
  });

  it("keeps an idle connection a minute, as its Keep-Alive header says, where the receiver keeps Node's 5 s (whk's choice, server.ts)", async () => {
    const inspector = await inspectorClosedAfterEach({ source: createRecordStore(), label: 'test', live: true, pageDir: PAGE_DIR });
    const receiver = await startReceiver({ port: 0 });
    try {
      const keepAlive = (url: string): Promise<string> =>
        new Promise((resolve, reject) => {
          const req = request(url, { agent: false, headers: { connection: 'keep-alive' } }, (res) => {
            res.resume();
            resolve(String(res.headers['keep-alive']));
          });
          req.on('error', reject);
          req.end();
        });
      expect(await keepAlive(`${inspector.url}api/about`)).toBe('timeout=60');
      expect(await keepAlive(`${receiver.url}/hook`)).toBe('timeout=5');
    } finally {
      await receiver.close({ now: true });
    }
  });

  // The 400 was written at once and the connection closed, before the page's answer to a request
  // ahead of it still being read from disk: the browser took that 400 for its GET's answer.
  it('answers a pipelined request answered later (a file) before the refusal of the next; one never ended (an event stream): closed with no refusal', async () => {
    const inspector = await inspectorClosedAfterEach({ source: createRecordStore(), label: 'test', live: true, pageDir: PAGE_DIR });
    const { port, host } = new URL(inspector.url);
    const pipelined = (path: string, onData: (reply: string) => void = () => undefined): Promise<string> => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\n\r\nFOO / HTTP/1.1\r\nHost: ${host}\r\n\r\n`));
      let reply = '';
      socket.on('data', (chunk: Buffer) => onData((reply += chunk.toString('utf8'))));
      return once(socket, 'close').then(() => reply);
    };
    const heads = (reply: string): string[] => reply.match(/HTTP\/1\.1 \d{3} [A-Za-z ]+\r\n/g) ?? [];
    const page = await pipelined('/');
    expect(heads(page)).toEqual(['HTTP/1.1 200 OK\r\n', 'HTTP/1.1 400 Bad Request\r\n']);
    expect(page).toMatch(/<\/html>\s*HTTP\/1\.1 400 Bad Request\r\n/);
    // The wait for an answer that never ends gives up after ANSWERS_WAIT_MS, in virtual time.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let streaming: () => void = () => undefined;
      const started = new Promise<void>((resolve) => (streaming = resolve));
      const stream = pipelined('/api/events', (reply) => reply.includes('\r\n\r\n') && streaming());
      await started;
      await vi.advanceTimersByTimeAsync(ANSWERS_WAIT_MS);
      expect(heads(await stream)).toEqual(['HTTP/1.1 200 OK\r\n']);
    } finally {
      vi.useRealTimers();
    }
  });

  it("on every interface, answers an address, localhost or the machine's name, never another name (DNS rebinding)", async () => {
    const inspector = await inspectorClosedAfterEach({ source: createRecordStore(), label: 'test', live: true, pageDir: PAGE_DIR, host: '0.0.0.0' });
    const port = new URL(inspector.url).port;
    const about = `http://127.0.0.1:${port}/api/about`;
    // A port mapping (a container's) changes the port the browser names; an address is still no site's.
    for (const host of [`127.0.0.1:${port}`, '192.0.2.7:8080', `[::1]:${port}`, `localhost:${port}`, `${hostname()}:${port}`]) expect(await rawGet(about, host), host).toBe(200);
    for (const host of [`attacker.example:${port}`, `127.0.0.1.attacker.example:${port}`]) expect(await rawGet(about, host), host).toBe(421);
  });

  it('streams a snapshot, then each new record as a row', async () => {
    const { store, api } = await start();
    const controller = new AbortController();
    const response = await fetch(api('/api/events'), { signal: controller.signal });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const until = async (pattern: RegExp): Promise<string> => {
      while (!pattern.test(text)) text += (await reader.read()).value ?? '';
      return text;
    };
    const snapshot = /event: snapshot\ndata: (.*)\n\n/.exec(await until(/event: snapshot\n.*\n\n/));
    expect((JSON.parse(snapshot?.[1] ?? '') as RowTuple[]).map(decodeRow).map((r) => r.id)).toEqual([1]);
    store.add(captureRecord({ b: 2 }, { path: '/later' }));
    const rows = /event: rows\ndata: (.*)\n\n/.exec(await until(/event: rows\n.*\n\n/));
    expect((JSON.parse(rows?.[1] ?? '') as RowTuple[]).map(decodeRow).map((r) => [r.id, r.path])).toEqual([[2, '/later']]);
    controller.abort();
  });

  it(`opens at most ${MAX_STREAMS} event streams: the next is refused 503, said why, and taken once one closes`, async () => {
    const { inspector } = await start();
    const port = Number(new URL(inspector.url).port);
    /** A stream asked for on a raw socket, resolved with the head of its answer once its status line has come. */
    const ask = (): Promise<{ socket: Socket; head: string }> =>
      new Promise((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port });
        let head = '';
        socket.on('error', reject);
        socket.on('data', (chunk: Buffer) => {
          head += chunk.toString('utf8');
          if (head.includes('\r\n\r\n')) resolve({ socket, head });
        });
        socket.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
      });
    const open: Socket[] = [];
    try {
      for (let i = 0; i < MAX_STREAMS; i++) {
        const stream = await ask();
        open.push(stream.socket);
        expect(stream.head).toMatch(/^HTTP\/1\.1 200 /);
      }
      const refused = await ask();
      open.push(refused.socket);
      expect(refused.head).toMatch(/^HTTP\/1\.1 503 /);
      await expect.poll(() => refused.head).toContain(`{"error":"${MAX_STREAMS} event streams are open already, whk's bound (each is sent every row, and the receiver's answers wait on it): close other pages of this inspector, or other browsers on it"}`);
      open[0]?.destroy();
      await expect.poll(async () => {
        const next = await ask();
        open.push(next.socket);
        return next.head.slice(0, 12);
      }).toBe('HTTP/1.1 200');
    } finally {
      for (const socket of open) socket.destroy();
    }
  });

  it('cuts off an event stream that stops reading once too much waits for it; a page that reads keeps up', async () => {
    const { store, inspector, api } = await start();
    const { port } = new URL(inspector.url);
    // A raw socket that asks for the stream and never reads it.
    const stalled = connect({ host: '127.0.0.1', port: Number(port) });
    stalled.on('error', () => {});
    let closed = false;
    stalled.on('close', () => (closed = true));
    stalled.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    stalled.pause();
    const controller = new AbortController();
    const reader = (await fetch(api('/api/events'), { signal: controller.signal })).body!.getReader();
    let read = 0;
    const reading = (async () => {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) read += chunk.value.length;
    })().catch(() => {});
    // Batches of rows, each flushed as one message, that add up to four times the backlog allowed:
    // the kernel takes some of what is written to a socket that does not read (here up to the 4 MB
    // of its send buffer, tcp_wmem), and only what it does not take waits in the receiver. With twice
    // the backlog, the stream was cut off or not as the send buffer grew.
    // A row's texts are cut to ROW_TEXT_LIMIT characters, so its bytes come from characters JSON
    // writes six bytes for (a control character is written \u0001).
    const long = '\u0001'.repeat(ROW_TEXT_LIMIT);
    const record = captureRecord({ a: 1 }, { path: long, kind: long, event: long, encoding: long });
    const rowBytes = Buffer.byteLength(JSON.stringify(encodeRow(toRow(1, record, null))));
    expect(rowBytes).toBeGreaterThan(7000);
    let seq = 1;
    for (let sent = 0; sent < 4 * MAX_BACKLOG_BYTES; sent += 100 * rowBytes) {
      for (let i = 0; i < 100; i++) store.add({ ...record, seq: ++seq });
      await new Promise((resolve) => setTimeout(resolve, 2 * ROWS_EVERY_MS));
    }
    // Read now: the stalled socket gets what was queued for it, then the end, not every row.
    stalled.resume();
    let stalledRead = 0;
    stalled.on('data', (chunk: Buffer) => (stalledRead += chunk.length));
    const deadline = Date.now() + 5000;
    while (!closed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(true);
    // The page that reads is sent every row (each over 7 kB), still connected.
    while (read < (seq - 1) * rowBytes && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(read).toBeGreaterThan((seq - 1) * rowBytes);
    expect(stalledRead).toBeLessThan(read / 2);
    controller.abort();
    await reading;
  });

  // A hundred connections asking for a large session's rows (8 MB) and never reading took the
  // listener past 3 GB in half a minute: each answer waited whole in its memory.
  it('holds what waits unsent for connections that stopped reading to a bound over all of them: the furthest behind are cut, a page that reads is not', async () => {
    const long = '\u0001'.repeat(ROW_TEXT_LIMIT);
    const records = Array.from({ length: 1200 }, (_, i) => captureRecord({ a: 1 }, { seq: i + 1, path: long, kind: long, event: long, encoding: long }));
    const store = createRecordStore();
    for (const record of records) store.add(record);
    // Rows of over 7 kB, 8 MB in all: past what the kernel takes of a socket that does not read (a
    // write is counted as waiting until the kernel has taken all of it), so each waits in whk.
    const snapshotBytes = records.length * Buffer.byteLength(JSON.stringify(encodeRow(toRow(1, records[0] as CaptureRecord, null))));
    expect(snapshotBytes).toBeGreaterThan(8_000_000);
    const inspector = await inspectorClosedAfterEach({ source: store, label: 'test', live: true, pageDir: PAGE_DIR, unsentBytes: 12 * 1024 * 1024 });
    const port = Number(new URL(inspector.url).port);
    // A page that reads: its snapshot taken whole before the others come.
    const controller = new AbortController();
    const reader = (await fetch(new URL('/api/events', inspector.url), { signal: controller.signal })).body!.pipeThrough(new TextDecoderStream()).getReader();
    // The next event, in the parts it came in: it ends at its first blank line (JSON holds no newline).
    const nextEvent = async (): Promise<string[]> => {
      const parts: string[] = [];
      for (let last = ''; ; ) {
        const part = (await reader.read()).value ?? '';
        parts.push(part);
        if ((last + part).includes('\n\n')) return parts;
        last = part.slice(-1);
      }
    };
    expect((await nextEvent())[0]).toMatch(/^event: snapshot\n/);
    // Three that ask and stop reading at their answer's first bytes: the stream twice, the rows once.
    const stalled = [];
    for (const target of ['/api/events', '/api/rows', '/api/events']) {
      const socket = connect({ host: '127.0.0.1', port });
      socket.on('error', () => {});
      const started = new Promise((resolve) => socket.once('data', resolve));
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
      await started;
      socket.pause();
      const state = { read: 0, ended: false };
      socket.on('data', (chunk: Buffer) => (state.read += chunk.length));
      socket.on('close', () => (state.ended = true));
      stalled.push({ socket, state });
    }
    // Read now: the two that were furthest behind when the next came were cut (they end, short of
    // their answer); the last is still open, and so is the page.
    for (const { socket } of stalled) socket.resume();
    const deadline = Date.now() + 5000;
    while (!(stalled[0]?.state.ended && stalled[1]?.state.ended) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stalled.map(({ state }) => state.ended)).toEqual([true, true, false]);
    for (const { state } of stalled.slice(0, 2)) expect(state.read).toBeLessThan(snapshotBytes);
    store.add(captureRecord({ b: 2 }, { seq: 9999, path: '/later' }));
    expect((await nextEvent()).join('')).toMatch(/^event: rows\ndata: .*\/later/);
    for (const { socket } of stalled) socket.destroy();
    controller.abort();
  });

  it('masks secret headers unless asked', async () => {
    const { api } = await start([captureRecord({ a: 1 }, { headers: { authorization: 'Bearer abc', 'x-metaplane-sig': 'ff00', 'content-type': 'application/json' } })]);
    const masked = (await (await fetch(api('/api/records/1'))).json()) as Detail;
    expect(Object.fromEntries(masked.headers)).toEqual({ authorization: 'Bearer ••••', 'x-metaplane-sig': '••••', 'content-type': 'application/json' });
    expect(masked.masked).toBe(true);
    const shown = (await (await fetch(api('/api/records/1?secrets=1'))).json()) as Detail;
    expect(Object.fromEntries(shown.headers)['authorization']).toBe('Bearer abc');
  });

  it("names the request a repeat's issue and note refer to by its number on the page, not by its seq, in a file of two sessions", async () => {
    // Each session numbers from 1, as listen --save run twice into one file does: #3 and #4 on the page are seq 1 and 2 of the second.
    const session = (path: string): CaptureRecord[] => [
      captureRecord({ n: 1 }, { seq: 1, path, idempotencyId: 'k' }),
      captureRecord({ n: 2 }, { seq: 2, path, idempotencyId: 'k', valid: false, issues: [{ path: '$.idempotencyId', message: 'same idempotencyId as request #1 but different bytes and content (the sender promises identical payloads per id)' }], notes: ['same idempotencyId and content as request #1, in other bytes (key order or whitespace)'] }),
    ];
    const { api } = await start([...session('/first'), ...session('/second')]);
    const detail = async (id: number): Promise<Detail> => (await fetch(api(`/api/records/${id}`))).json() as Promise<Detail>;
    const second = await detail(4);
    expect(second.issues[0]?.message).toBe('same idempotencyId as request #3 but different bytes and content (the sender promises identical payloads per id)');
    expect(second.notes).toEqual(['same idempotencyId and content as request #3, in other bytes (key order or whitespace)']);
    // The first session's still names its own: the seq and the page's number agree there.
    expect((await detail(2)).issues[0]?.message).toMatch(/^same idempotencyId as request #1 but/);
  });

  // The first of a repeated parameter was taken, unsaid: ?q=a&q=b searched for a, ?a=1&a=2 diffed 1.
  it('refuses a query parameter given more than once, naming it', async () => {
    const { api } = await start([captureRecord({ a: 1 }), captureRecord({ a: 2 })]);
    for (const [path, name] of [['/api/search?q=a&q=b', 'q'], ['/api/search?q=a&path=/x&path=/y', 'path'], ['/api/diff?a=1&b=2&a=2', 'a'], ['/api/records/1?secrets=1&secrets=0', 'secrets']] as const) {
      const answer = await fetch(api(path));
      expect(answer.status, path).toBe(400);
      expect(await answer.json()).toEqual({ error: `the parameter \`${name}\` is given more than once: each is read as one value, give it once` });
    }
    // Parameters the API does not read are none of its business.
    expect((await fetch(api('/api/diff?a=1&b=2&_=1&_=2'))).status).toBe(200);
  });

  it('diffs two records: headers by name with secrets masked but compared whole, bodies line by line', async () => {
    const headers = (sig: string) => ({ 'content-type': 'application/json', authorization: 'Bearer t0k', 'x-metaplane-sig': sig });
    const { api } = await start([captureRecord({ a: 1, b: 2 }, { headers: headers('ff00') }), captureRecord({ a: 1, b: 3 }, { headers: headers('ee11') })]);
    const diff = (await (await fetch(api('/api/diff?a=1&b=2'))).json()) as Diff;
    // Compared masked, the two signatures read as the same header.
    expect(diff.headers).toEqual([
      { name: 'authorization', a: 'Bearer ••••', b: 'Bearer ••••', same: true },
      { name: 'content-type', a: 'application/json', b: 'application/json', same: true },
      { name: 'x-metaplane-sig', a: '••••', b: '••••', same: false },
    ]);
    expect(diff.body.lines.filter((line) => line.op !== 'same')).toEqual([
      { op: 'del', text: '  "b": 2' },
      { op: 'add', text: '  "b": 3' },
    ]);
    const absent = await fetch(api('/api/diff?a=1&b=9'));
    expect(absent.status).toBe(404);
    // It names the missing one: the page's own list may not have loaded when it asks.
    // And the newest number taken, by which the page tells a request let go from one yet to come.
    expect(await absent.json()).toEqual({ error: 'no such record', missing: [9], newest: 2 });
    // An id past 2^53 is named by the digits asked for (it was the nearest double, 1e20 for twenty nines), none found by a nearby id.
    expect(await (await fetch(api('/api/diff?a=99999999999999999999&b=9007199254740993'))).text()).toBe('{"error":"no such record","missing":[99999999999999999999,9007199254740993],"newest":2}');
    expect(await (await fetch(api('/api/diff?a=002&b=9007199254740993'))).text()).toBe('{"error":"no such record","missing":[9007199254740993],"newest":2}');
    expect(await (await fetch(api('/api/records/7'))).json()).toEqual({ error: 'no such record', newest: 2 });
    // Not an id is the asker's mistake (400), said with the parameter; it was answered 404 with nothing missing.
    const notId = await fetch(api('/api/diff?a=1&b=x'));
    expect(notId.status).toBe(400);
    expect(await notId.json()).toEqual({ error: "expected `b`: a record's id (a whole number), as in /api/diff?a=1&b=2" });
    expect(await (await fetch(api('/api/diff?b=2'))).json()).toEqual({ error: "expected `a`: a record's id (a whole number), as in /api/diff?a=1&b=2" });
    expect(await (await fetch(api('/api/diff'))).json()).toEqual({ error: "expected `a` and `b`: each a record's id (a whole number), as in /api/diff?a=1&b=2" });
  });

  // Searched as parsed, an integer past 2^53 was its nearest double: the digits the detail draws found nothing.
  it('finds an integer past 2^53 by the digits sent, in a plain, a gzipped and a form body', async () => {
    const text = '{"big": 12345678901234567890, "neg": -9007199254740993}';
    const body = JSON.parse(text) as unknown;
    const { api } = await start([
      captureRecord(body, { bodyBase64: Buffer.from(text).toString('base64') }),
      captureRecord(body, { bodyBase64: gzipSync(text).toString('base64'), encoding: 'gzip' }),
      captureRecord(body, { bodyBase64: Buffer.from(`payload=${encodeURIComponent(text)}`).toString('base64'), form: { fields: [['payload', text]], json: 'payload' } }),
      captureRecord({ other: 1 }),
    ]);
    const search = async (q: string) => ((await (await fetch(api(`/api/search?q=${encodeURIComponent(q)}`))).json()) as { ids: number[] }).ids;
    expect(await search('12345678901234567890')).toEqual([1, 2, 3]);
    expect(await search('"neg": -9007199254740993')).toEqual([1, 2, 3]);
    // The nearest double, which no sender wrote, finds none.
    expect(await search('12345678901234567000')).toEqual([]);
  });

  // Drawn as text, a binary body was escapes and replacement characters; the detail names one.
  it('diffs two binary bodies by what they are and their hash, not as text', async () => {
    const binary = (bytes: number[]) => captureRecord(null, { headers: { 'content-type': 'application/octet-stream' }, bodyBase64: Buffer.from(bytes).toString('base64') });
    const { api } = await start([binary([0, 1, 2, 3]), binary([0, 1, 2, 4]), binary([0, 1, 2, 4])]);
    const lines = async (a: number, b: number) => ((await (await fetch(api(`/api/diff?a=${a}&b=${b}`))).json()) as Diff).body.lines;
    expect(await lines(1, 2)).toEqual([
      { op: 'del', text: expect.stringMatching(/^\(binary data, Content-Type application\/octet-stream: 4 bytes as received, SHA-256 [0-9a-f]{16}…\)$/) },
      { op: 'add', text: expect.stringMatching(/^\(binary data, Content-Type application\/octet-stream: 4 bytes as received, SHA-256 [0-9a-f]{16}…\)$/) },
    ]);
    expect((await lines(2, 3)).map((line) => line.op)).toEqual(['same']);
  });

  // Compared by their JSON field alone, two forms that differed in another field were "identical".
  it('diffs two forms field by field, the field holding JSON drawn as JSON', async () => {
    const form = (a: string) => {
      const fields: [string, string][] = [['a', a], ['payload', '{"k":1}']];
      return captureRecord({ k: 1 }, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, bodyBase64: Buffer.from(`a=${a}&payload=%7B%22k%22%3A1%7D`).toString('base64'), form: { fields, json: 'payload' } });
    };
    const { api } = await start([form('1'), form('2')]);
    const diff = (await (await fetch(api('/api/diff?a=1&b=2'))).json()) as Diff;
    expect(diff.body.lines).toEqual([
      { op: 'del', text: 'a=1' },
      { op: 'add', text: 'a=2' },
      // As listen --body prints a form (capture/form-lines.ts): the JSON's first line on its field's.
      { op: 'same', text: 'payload={' },
      { op: 'same', text: '  "k": 1' },
      { op: 'same', text: '}' },
    ]);
  });

  it('one body nested too deep to draw spoils neither search nor its detail and diff: it is shown as text', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const { api } = await start([captureRecord({ hello: 'world' }), captureRecord(null, { bodyBase64: Buffer.from(deep).toString('base64'), body: JSON.parse(deep) })]);
    expect(await (await fetch(api('/api/search?q=hello'))).json()).toEqual({ ids: [1] });
    const detail = (await (await fetch(api('/api/records/2'))).json()) as Detail;
    expect([detail.json, detail.tooDeep, detail.text]).toEqual([null, true, deep]);
    const diff = (await (await fetch(api('/api/diff?a=1&b=2'))).json()) as Diff;
    expect(diff.body.lines.filter((line) => line.op === 'add')).toEqual([{ op: 'add', text: deep }]);
  });

  // Each search takes a slice of every turn of the event loop: forty at once held the server (and a
  // receiver beside it) up to 24 s between two answers. Past the bound one is refused, said why.
  it(`runs at most ${MAX_SEARCHES} searches at once: the next is refused 503, said why, and taken once they end`, async () => {
    const { api } = await start(Array.from({ length: 20_000 }, (_, i) => captureRecord({ i })));
    const search = async () => {
      const response = await fetch(api('/api/search?q=i'));
      return { status: response.status, body: (await response.json()) as { ids?: number[]; error?: string } };
    };
    const answers = await Promise.all(Array.from({ length: MAX_SEARCHES + 1 }, search));
    expect(answers.filter((answer) => answer.status === 200).map((answer) => answer.body.ids?.length)).toEqual(Array(MAX_SEARCHES).fill(20_000));
    expect(answers.filter((answer) => answer.status === 503).map((answer) => answer.body)).toEqual([{ error: `${MAX_SEARCHES} searches are running already, whk's bound (each reads every record, on the thread the receiver answers on): wait for them to end, or close other pages of this inspector` }]);
    expect((await search()).status).toBe(200);
  });

  // A GET's request line and headers stop at 16 KiB (Node answers 431): the page posts a longer search.
  it('takes a search posted as JSON, as long as the body may be, and refuses one another site posts or that is not its JSON', async () => {
    const long = 'needle'.repeat(4000);
    const { api } = await start([captureRecord({ word: 'hay' }), captureRecord({ word: long }, { path: '/hooks/long' })]);
    const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => fetch(api('/api/search'), { method: 'POST', headers, body });
    const found = await post(JSON.stringify({ q: long, path: '/hooks' }));
    expect([found.status, await found.json()]).toEqual([200, { ids: [2] }]);
    expect(await (await post(JSON.stringify({ q: 'hay' }))).json()).toEqual({ ids: [1] });
    const refused = async (body: string, headers?: Record<string, string>) => {
      const answer = await post(body, headers);
      return [answer.status, ((await answer.json()) as { error: string }).error];
    };
    expect(await refused(JSON.stringify({ q: 'hay' }), { 'content-type': 'text/plain' })).toEqual([403, 'expected a JSON body']);
    expect(await refused(JSON.stringify({ q: 'hay' }), { 'content-type': 'application/json', origin: 'http://attacker.example' })).toEqual([403, 'cross-origin request refused']);
    const shape = 'expected a JSON object such as {"q": "text", "path": "/hooks"}, its values strings, of at most 16 MiB';
    expect(await refused('[1]')).toEqual([400, shape]);
    expect(await refused(JSON.stringify({ q: 5 }))).toEqual([400, shape]);
  });

  it('sends a diff of two long bodies cut to its limit, with what was left out counted', async () => {
    const body = (last: number) => ({ items: Array.from({ length: 20_000 }, (_, i) => (i === 19_999 ? last : i)) });
    const { api } = await start([captureRecord(body(-1)), captureRecord(body(-2))]);
    const { lines, changes, cut } = ((await (await fetch(api('/api/diff?a=1&b=2'))).json()) as Diff).body;
    // One changed item: three lines of context either side, the 19,998 unchanged lines before them one gap.
    expect(lines).toEqual([{ op: 'gap', lines: 19_998 }, ...[19_996, 19_997, 19_998].map((i) => ({ op: 'same', text: `    ${i},` })), { op: 'del', text: '    -1' }, { op: 'add', text: '    -2' }, { op: 'same', text: '  ]' }, { op: 'same', text: '}' }]);
    expect([changes, cut]).toEqual([2, 0]);
    // 20,004 lines each: under what a diff reads, so compared whole.
    expect(((await (await fetch(api('/api/diff?a=1&b=2'))).json()) as Diff).body.compared).toBeNull();
    const many = await start([captureRecord(body(0)), captureRecord({ items: body(0).items.map((n) => -n - 1) })]);
    const cutDiff = ((await (await fetch(many.api('/api/diff?a=1&b=2'))).json()) as Diff).body;
    // 40,004 lines: the two opening lines, 20,000 removed and 20,000 added (too many to align), the two closing.
    expect([cutDiff.lines.length, cutDiff.changes, cutDiff.cut]).toEqual([5000, 40_000, 35_004]);
  });

  it('shows a line past the diff\'s budget whole when it is no longer than the note that would stand for it', async () => {
    const { api } = await start([captureRecord({ a: 'x'.repeat(600_000) }), captureRecord({ a: 'y'.repeat(600_000) })]);
    const { lines } = ((await (await fetch(api('/api/diff?a=1&b=2'))).json()) as Diff).body;
    expect(lines.map((line) => (line.op === 'gap' ? line : { op: line.op, text: line.text.length, more: line.more }))).toEqual([
      { op: 'same', text: 1, more: undefined },
      { op: 'del', text: 512 * 1024 - 1, more: 600_009 - (512 * 1024 - 1) },
      { op: 'add', text: 0, more: 600_009 },
      { op: 'same', text: 1, more: undefined },
    ]);
  });

  it('compares only the first 50,000 lines of bodies longer than that, and says so', async () => {
    const body = (last: number) => Array.from({ length: 60_000 }, (_, i) => (i === 0 ? last : i));
    const text = (first: string) => captureRecord(null, { headers: { 'content-type': 'text/plain' }, bodyBase64: Buffer.from(`${first}\n${'line\n'.repeat(60_000)}`).toString('base64') });
    const { api } = await start([captureRecord(body(-1)), captureRecord(body(-2)), text('a'), text('b')]);
    for (const [a, b] of [[1, 2], [3, 4]]) {
      const diff = ((await (await fetch(api(`/api/diff?a=${a}&b=${b}`))).json()) as Diff).body;
      expect(diff.compared).toEqual({ a: 50_000, b: 50_000 });
      expect([diff.changes, diff.lines.filter((line) => line.op !== 'same' && line.op !== 'gap').length]).toEqual([2, 2]);
    }
  });

  it("says when a text body is longer than the detail shows", async () => {
    const text = (length: number) => captureRecord(null, { headers: { 'content-type': 'text/plain' }, bodyBase64: Buffer.from('a'.repeat(length)).toString('base64') });
    const { api } = await start([text(10), text(300 * 1024)]);
    const [short, long] = await Promise.all([1, 2].map(async (id) => (await (await fetch(api(`/api/records/${id}`))).json()) as Detail));
    expect([short?.text?.length, short?.textCut]).toEqual([10, false]);
    expect([long?.text?.length, long?.textCut]).toEqual([256 * 1024, true]);
  });

  it('sends a JSON value past 256 Ki characters cut, saying how many it left out, never half a character; the other lines whole', async () => {
    const { api } = await start([captureRecord({ s: 'z'.repeat(3_000_000), t: 1 }), captureRecord(['😀'.repeat(200_000)])]);
    const [long = [], pairs = []] = await Promise.all([1, 2].map(async (id) => ((await (await fetch(api(`/api/records/${id}`))).json()) as Detail).json?.lines ?? []));
    expect(long.map(({ key, text, more }) => ({ key, text: text.length, more }))).toEqual([
      { key: undefined, text: 1, more: undefined },
      { key: 's', text: LINE_CHARS, more: 3_000_002 - LINE_CHARS },
      { key: 't', text: 1, more: undefined },
      { key: undefined, text: 1, more: undefined },
    ]);
    expect(long[1]?.text).toBe(`"${'z'.repeat(LINE_CHARS - 1)}`);
    // '"' then pairs: the pair the bound falls in is left out whole.
    expect([pairs[1]?.text.length, pairs[1]?.more]).toEqual([LINE_CHARS - 1, 400_002 - (LINE_CHARS - 1)]);
    // The download keeps the whole body.
    expect(await (await fetch(api('/api/capture'))).text()).toContain('z'.repeat(3_000_000));
  });

  it('shows a record without issues or warnings as having none', async () => {
    const { issues: _issues, warnings: _warnings, ...bare } = captureRecord({ a: 1 });
    const { api } = await start([bare as CaptureRecord]);
    const detail = (await (await fetch(api('/api/records/1'))).json()) as Detail;
    expect([detail.row.issues, detail.issues, detail.warnings]).toEqual([0, [], []]);
  });

  it('decodes a form body into its fields', async () => {
    const body = 'payload=%7B%22a%22%3A1%7D&team=sre';
    const record = captureRecord(null, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, bodyBase64: Buffer.from(body).toString('base64') });
    const { api } = await start([record]);
    const detail = (await (await fetch(api('/api/records/1'))).json()) as Detail;
    expect(detail.form).toEqual([['payload', '{"a":1}'], ['team', 'sre']]);
    expect(detail.text).toBe(body);
  });

  // The API runs several pages in a process (listen({ ui }) twice): closing one ended the dispatcher
  // their replays shared, and the other's replay in flight failed ("The client is destroyed").
  it("keeps a page's replay in flight going when another page of the process closes", async () => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let arrived = (): void => undefined;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const target = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url !== '/held') return void res.end('ok');
        arrived();
        void held.then(() => res.end('ok'));
      });
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    try {
      const [one, other] = [await start(), await start()];
      const replay = (api: (path: string) => string, to: string) => fetch(api('/api/records/1/replay'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: to }) }).then((answer) => answer.json());
      expect(await replay(one.api, `${url}/now`)).toMatchObject({ delivered: true });
      const inFlight = replay(other.api, `${url}/held`);
      await arrival;
      await one.inspector.close();
      release();
      expect(await inFlight).toMatchObject({ delivered: true, status: 200, error: null });
    } finally {
      target.closeAllConnections();
      target.close();
    }
  });

  it('replays a record with its bytes, and refuses replays another site asks for', async () => {
    const target = await startServer([201]);
    const { api } = await start([captureRecord({ a: 1 })]);
    const replay = (headers: Record<string, string>, body: unknown) => fetch(api('/api/records/1/replay'), { method: 'POST', headers, body: JSON.stringify(body) });
    expect((await replay({ 'content-type': 'text/plain' }, { url: target.url })).status).toBe(403);
    expect((await replay({ 'content-type': 'application/json', origin: 'http://attacker.example' }, { url: target.url })).status).toBe(403);
    expect((await replay({ 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' }, { url: target.url })).status).toBe(403);
    expect((await replay({ 'content-type': 'application/json' }, { url: 'file:///etc/passwd' })).status).toBe(400);
    // What is wrong with the request is said, not "not a URL: ''".
    const refused = async (body: string): Promise<[number, unknown]> => {
      const answer = await fetch(api('/api/records/1/replay'), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return [answer.status, ((await answer.json()) as { error: unknown }).error];
    };
    const notObject = 'expected a JSON object such as {"url": "http://127.0.0.1:3000/hook"}, of at most 16 MiB';
    expect(await refused('{bad json')).toEqual([400, notObject]);
    expect(await refused('[1]')).toEqual([400, notObject]);
    expect(await refused(JSON.stringify({ url: target.url, body: 'x'.repeat(16 * 1024 * 1024) }))).toEqual([400, notObject]);
    expect(await refused(JSON.stringify({ url: target.url, body: { a: 1 } }))).toEqual([400, 'expected `body`, the bytes to replay in place of the recorded ones, as a string']);
    expect(await refused('{"url": 5}')).toEqual([400, 'expected `url`, the address to replay to, as a string']);
    // As whk replay says it of its URL: the scheme left off (URL read 'localhost:' as one), a port no server is on.
    expect(await refused('{"url": "localhost:3000/hook"}')).toEqual([400, "invalid `url` 'localhost:3000/hook': the scheme is missing (did you mean http://localhost:3000/hook?)"]);
    expect(await refused('{"url": "http://127.0.0.1:0/hook"}')).toEqual([400, "invalid `url` 'http://127.0.0.1:0/hook': port 0 is out of range (a port is a number from 1 to 65535)"]);
    expect(target.requests).toHaveLength(0);
    const answer = await replay({ 'content-type': 'application/json' }, { url: `${target.url}/x` });
    expect(await answer.json()).toEqual({ url: `${target.url}/x`, delivered: true, status: 201, error: null, attempts: 1, refused: null, editInvalid: null, signaturesLeftOut: [] });
    expect(target.requests.map((r) => [r.url, r.body.toString()])).toEqual([['/x', '{"a":1}']]);
  });

  it("replays a record signed anew with the receiver's secret: the owner's verifier accepts it; unsigned without a secret", async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = { type: 'user.created', data: { id: 'u_1' } };
    const hourAgo = new Date(Date.now() - 3_600_000);
    const headers = { 'content-type': 'application/json', 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(hourAgo.getTime() / 1000)), 'webhook-signature': new StandardWebhook(secret).sign('msg_1', hourAgo, JSON.stringify(body)) };
    const record = captureRecord(body, { headers, signature: { scheme: 'standard-webhooks', header: 'webhook-signature', verdict: 'expired', reason: 'clock skew of 3600 s' } });
    const target = await startServer([200]);
    const store = createRecordStore();
    store.add(record);
    const inspector = await inspectorClosedAfterEach({ source: store, label: 'test', live: true, pageDir: PAGE_DIR, replaySecret: (scheme) => (scheme === 'standard-webhooks' ? { secret } : undefined) });
    const api = (path: string) => new URL(path, inspector.url).href;
    expect(((await (await fetch(api('/api/records/1'))).json()) as Detail).signAnew).toBe('standard-webhooks');
    const replay = async (input: unknown) => (await fetch(api('/api/records/1/replay'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })).json();
    expect(await replay({ url: target.url, sign: true })).toMatchObject({ delivered: true, status: 200, refused: null, signaturesLeftOut: [] });
    const arrived = target.requests[0];
    expect(new StandardWebhook(secret).verify(arrived?.body.toString() ?? '', arrived?.headers as Record<string, string>)).toEqual(body);
    expect(arrived?.headers['webhook-id']).toBe('msg_1');

    // whk inspect holds no secret: nothing to sign with, said so when asked.
    const { api: plain } = await start([record]);
    expect(((await (await fetch(plain('/api/records/1'))).json()) as Detail).signAnew).toBeNull();
    const refused = await fetch(plain('/api/records/1/replay'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: target.url, sign: true }) });
    expect([refused.status, ((await refused.json()) as { error: string }).error]).toEqual([400, 'this record cannot be signed anew: no scheme checked its signature, or the receiver holds no secret for it']);
    expect(target.requests).toHaveLength(1);
    // Replayed without its signature (no original headers, not signed anew), the outcome names the
    // headers left out, as whk replay does after its tally; with the original headers, none.
    const unsigned = async (input: unknown) => (await fetch(plain('/api/records/1/replay'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })).json();
    expect(await unsigned({ url: target.url })).toMatchObject({ delivered: true, signaturesLeftOut: ['webhook-signature', 'webhook-timestamp', 'webhook-id'] });
    expect(await unsigned({ url: target.url, originalHeaders: true })).toMatchObject({ delivered: true, signaturesLeftOut: [] });
  });

  it('replays a body edited on the page in place of the recorded bytes: uncompressed, its old signature left out, or signed anew with the secret', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = { type: 'user.created', data: { id: 'u_1' } };
    const sentAt = new Date();
    const headers = { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-trace': 't1', 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)), 'webhook-signature': new StandardWebhook(secret).sign('msg_1', sentAt, JSON.stringify(body)) };
    const record = captureRecord(body, { headers, encoding: 'gzip', bodyBase64: gzipSync(JSON.stringify(body)).toString('base64'), signature: { scheme: 'standard-webhooks', header: 'webhook-signature', verdict: 'valid', reason: 'matches' } });
    const target = await startServer([200]);
    const store = createRecordStore();
    store.add(record);
    const inspector = await inspectorClosedAfterEach({ source: store, label: 'test', live: true, pageDir: PAGE_DIR, replaySecret: (scheme) => (scheme === 'standard-webhooks' ? { secret } : undefined) });
    const replay = async (input: unknown) => (await fetch(new URL('/api/records/1/replay', inspector.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })).json();
    const edited = '{"type": "user.deleted", "data": {"id": "u_1"}}';

    expect(await replay({ url: target.url, originalHeaders: true, body: edited })).toMatchObject({ delivered: true, status: 200, refused: null });
    const [plain] = target.requests;
    expect(plain?.body.toString()).toBe(edited);
    expect(plain?.headers).toMatchObject({ 'content-type': 'application/json', 'x-trace': 't1' });
    // The signature's headers, its id and time too, signed the bytes before the edit.
    expect(Object.keys(plain?.headers ?? {}).filter((name) => name === 'content-encoding' || name.startsWith('webhook-'))).toEqual([]);

    expect(await replay({ url: target.url, originalHeaders: true, body: edited, sign: true })).toMatchObject({ delivered: true, refused: null });
    const signed = target.requests[1];
    expect(new StandardWebhook(secret).verify(signed?.body.toString() ?? '', signed?.headers as Record<string, string>)).toEqual(JSON.parse(edited));
    expect(signed?.headers['webhook-id']).toBe('msg_1');

    // Copy as curl of the edit: the command sends the edited bytes, uncompressed, as the replay did.
    const copied = (await (await fetch(new URL('/api/records/1/curl', inspector.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body: edited }) })).json()) as { curl: string };
    // To the inspector's own address (the record names no Host and the page no receiver): pointed at the target.
    const local = copied.curl.replace(/ http:\/\/\S+/, ` ${target.url}/copied`);
    await promisify(execFile)('sh', ['-c', local]);
    const pasted = target.requests.at(-1);
    expect([pasted?.url, pasted?.body.toString(), pasted?.headers['content-encoding']]).toEqual(['/copied', edited, undefined]);

    // A body cut at --max-body is refused as recorded, and goes once the page gives whole bytes in its place.
    const cut = captureRecord(null, { bodyBase64: Buffer.from('{"a":').toString('base64'), truncated: true });
    const { api } = await start([cut]);
    const replayCut = async (input: unknown) => (await fetch(api('/api/records/1/replay'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })).json();
    expect(await replayCut({ url: target.url })).toMatchObject({ delivered: false, refused: expect.stringMatching(/^truncated: /) });
    expect(await replayCut({ url: target.url, body: '{"a":1}' })).toMatchObject({ delivered: true, refused: null });
    expect(target.requests.at(-1)?.body.toString()).toBe('{"a":1}');
  });

  it('draws a number of the body past 2^53 with the digits sent; where the bytes do not hold them, as JSON.parse read it (the nearest double), marked inexact', async () => {
    const sent = '{"big": 12345678901234567890, "small": 9007199254740991, "float": 1.5}';
    const bytes = (text: string) => ({ bodyBase64: Buffer.from(text).toString('base64') });
    const { api } = await start([captureRecord(JSON.parse(sent), bytes(sent)), captureRecord(JSON.parse(sent), bytes('{"big": 1}'))]);
    const numbers = async (id: number) => ((await (await fetch(api(`/api/records/${id}`))).json()) as Detail).json?.lines.filter((line) => line.type === 'number').map((line) => [line.key, line.text, line.inexact ?? false]);
    expect(await numbers(1)).toEqual([
      ['big', '12345678901234567890', false],
      ['small', '9007199254740991', false],
      ['float', '1.5', false],
    ]);
    expect((await numbers(2))?.[0]).toEqual(['big', '12345678901234567000', true]);
  });

  it('tells, of a record no signature was checked on, the scheme a secret would check and whether its header came', async () => {
    const json = { 'content-type': 'application/json' };
    const checked = { scheme: 'github', header: 'x-hub-signature-256', verdict: 'valid', reason: 'matches' } as const;
    const { api } = await start([
      captureRecord({ a: 1 }, { kind: 'github', headers: { ...json, 'x-hub-signature-256': 'sha256=00' } }),
      captureRecord({ a: 1 }, { kind: 'github' }),
      // A kind that signs nothing, or a body of no kind: the scheme whose header came, as a secret would check it.
      captureRecord({ a: 1 }, { kind: 'metric-alert', headers: { ...json, 'stripe-signature': 't=1,v1=00' } }),
      captureRecord({ a: 1 }),
      captureRecord({ a: 1 }, { kind: 'github', headers: { ...json, 'x-hub-signature-256': 'sha256=00' }, signature: checked }),
    ]);
    const expected = async (id: number) => ((await (await fetch(api(`/api/records/${id}`))).json()) as Detail).signatureExpected;
    expect(await expected(1)).toEqual({ scheme: 'github', header: 'x-hub-signature-256', came: true });
    expect(await expected(2)).toEqual({ scheme: 'github', header: 'x-hub-signature-256', came: false });
    expect(await expected(3)).toEqual({ scheme: 'stripe', header: 'stripe-signature', came: true });
    expect(await expected(4)).toBeNull();
    expect(await expected(5)).toBeNull();
  });

  it("maps a record by its kind's default mapping when the receiver mapped nothing", async () => {
    const firing = JSON.parse(await readFile(new URL('../../fixtures/alertmanager/firing.json', import.meta.url), 'utf8')) as unknown;
    const { api } = await start([captureRecord(firing, { kind: 'alertmanager' }), captureRecord({ a: 1 }, { mapped: { ok: true, values: { title: 'mine' }, problems: [] } })]);
    const byKind = (await (await fetch(api('/api/records/1'))).json()) as Detail;
    expect(byKind.mappedBy).toBe('kind');
    expect(byKind.mapped).toMatchObject({ values: { status: 'firing' } });
    const recorded = (await (await fetch(api('/api/records/2'))).json()) as Detail;
    expect([recorded.mappedBy, recorded.mapped]).toEqual(['record', { ok: true, values: { title: 'mine' }, problems: [] }]);
  });

  it('shows a mapped value nested too deep to draw as a note, not a 500: from the kind or recorded', async () => {
    const deepText = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const deep = JSON.parse(deepText) as unknown;
    const build = JSON.parse(await readFile(new URL('../../fixtures/travis-ci/api.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    const recorded = { ok: true, values: { title: 'mine', state: deep }, problems: [] };
    const { api } = await start([captureRecord(null, { body: { ...build, state: deep }, kind: 'travis-ci', bodyBase64: Buffer.from(JSON.stringify({ ...build, state: 0 }).replace('"state":0', `"state":${deepText}`)).toString('base64') }), captureRecord({ a: 1 }, { mapped: recorded }), captureRecord({ a: 1 }, { mapped: deep })]);
    const answers = await Promise.all([1, 2, 3].map((id) => fetch(api(`/api/records/${id}`))));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    const [byKind, byRecord, whole] = (await Promise.all(answers.map((answer) => answer.json()))) as Detail[];
    const note = expect.stringMatching(/nests deeper than 100 levels/);
    expect((byKind?.mapped as { values: Record<string, unknown> }).values['status']).toEqual(note);
    expect(byRecord?.mapped).toEqual({ ok: true, values: { title: 'mine', state: note }, problems: [] });
    expect(whole?.mapped).toEqual(note);
  });

  it("sends rows cut short however long the sender's status: /api/rows stays small", async () => {
    const build = JSON.parse(await readFile(new URL('../../fixtures/travis-ci/api.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    const record = captureRecord({ ...build, state: 'x'.repeat(4 * 1024 * 1024) }, { kind: 'travis-ci', path: `/${'p'.repeat(1024 * 1024)}` });
    const { api } = await start([record, record, record]);
    const answer = await fetch(api('/api/rows'));
    const text = await answer.text();
    expect([answer.status, text.length < 3 * 16 * 300]).toEqual([200, true]);
    const rows = (JSON.parse(text) as RowTuple[]).map(decodeRow);
    expect(rows.map((row) => [row.event?.length, row.path.length])).toEqual([[300, 300], [300, 300], [300, 300]]);
  });

  it('keeps the newest 50,000 records of a live session', async () => {
    const { store, api } = await start([]);
    const record = captureRecord({ a: 1 });
    for (let i = 0; i <= 50_000; i++) store.add({ ...record, seq: i + 1 });
    expect((await fetch(api('/api/records/1'))).status).toBe(404);
    const [oldest, newest] = await Promise.all([2, 50_001].map(async (id) => ((await (await fetch(api(`/api/records/${id}`))).json()) as Detail).row.seq));
    expect([oldest, newest]).toEqual([2, 50_001]);
  });

  it('keeps every record of a capture file (not live), past the 50,000 of a live session', async () => {
    // As whk inspect makes it: a store that holds every record it is given.
    const store = createRecordStore({ retain: 50_001 });
    const record = captureRecord({ a: 1 });
    for (let i = 0; i <= 50_000; i++) store.add({ ...record, seq: i + 1 });
    const inspector = await inspectorClosedAfterEach({ source: store, label: 'test', live: false, pageDir: PAGE_DIR });
    const detail = (await (await fetch(new URL('/api/records/1', inspector.url))).json()) as Detail;
    expect(detail.row.seq).toBe(1);
    expect(((await (await fetch(new URL('/api/search', inspector.url))).json()) as { ids: number[] }).ids).toHaveLength(50_001);
  });

  /** A receiver saving to a capture file in a directory of its own, and a live page fed by it (as listen --ui --save). */
  async function liveSessionSaving() {
    const dir = await mkdtemp(join(tmpdir(), 'whk-inspector-'));
    const file = join(dir, 'captures.ndjson');
    const receiver = await startReceiver({ save: file, retain: 0 });
    const store = createRecordStore({ captureFile: file, retain: 0 });
    receiver.subscribe((event) => event.type === 'request' && store.add(event.record, event.line, event.placement));
    const inspector = await inspectorClosedAfterEach({ source: store, label: 'test', live: true, pageDir: PAGE_DIR });
    return { dir, file, receiver, inspector };
  }

  it("a record no longer where it was in the file is named by the page's number, not the receiver's seq", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-inspector-'));
    const file = join(dir, 'captures.ndjson');
    const receiver = await startReceiver({ save: file, retain: 0 });
    const store = createRecordStore({ captureFile: file, retain: 0 });
    // The page is opened after the first request: its #1 is the receiver's seq 2.
    receiver.subscribe((event) => event.type === 'request' && event.record.seq !== 1 && store.add(event.record, event.line, event.placement));
    const inspector = await inspectorClosedAfterEach({ source: store, label: 'test', live: true, pageDir: PAGE_DIR });
    try {
      for (const body of ['{"first":1}', '{"second":2}', '{"third":3}']) await fetch(receiver.url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      await writeFile(file, `${'x'.repeat(200)}\n`);
      const response = await fetch(new URL('/api/records/2', inspector.url));
      expect(((await response.json()) as { error: string }).error).toMatch(/^the capture file changed: request #2 is no longer at byte [1-9]\d+$/);
    } finally {
      await receiver.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a live session with a capture file keeps each record by its place in the file and reads it back', async () => {
    const { dir, file, receiver, inspector } = await liveSessionSaving();
    try {
      for (const body of ['{"first":"é"}', '{"second":2}', '{"third":3}']) await fetch(receiver.url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      const detail = async (id: number) => (await fetch(new URL(`/api/records/${id}`, inspector.url))).json() as Promise<Detail & { error?: string }>;
      expect((await detail(2)).json?.lines.map((line) => line.text)).toEqual(['{', '2', '}']);
      expect((await detail(1)).row.seq).toBe(1);
      // The file changes under the page: what is no longer where it was is said, not shown wrong.
      await writeFile(file, `${'x'.repeat(200)}\n`);
      const response = await fetch(new URL('/api/records/3', inspector.url));
      expect(response.status).toBe(500);
      expect(((await response.json()) as { error: string }).error).toMatch(/^the capture file changed: request #3 is no longer at byte [1-9]\d+$/);
    } finally {
      await receiver.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('searches the records it can still read once the capture file is truncated under it, and says how many it could not', async () => {
    const { dir, file, receiver, inspector } = await liveSessionSaving();
    const post = (body: string) => fetch(receiver.url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    try {
      for (const n of [1, 2, 3]) await post(`{"before":${n}}`);
      // As `: > file` (or logrotate's copytruncate) leaves it: the next lines start at byte 0 again.
      await writeFile(file, '');
      for (const n of [1, 2]) await post(`{"after":${n}}`);
      const search = async (query: string) => {
        const response = await fetch(new URL(`/api/search?${query}`, inspector.url));
        return [response.status, await response.json()];
      };
      expect(await search('q=after')).toEqual([200, { ids: [4, 5], unreadable: 3 }]);
      expect(await search('q=before')).toEqual([200, { ids: [], unreadable: 3 }]);
      // The path filter reads the rows: every record answers it.
      expect(await search('path=/')).toEqual([200, { ids: [1, 2, 3, 4, 5] }]);
    } finally {
      await receiver.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('holds the lines of a live session without a file within its budget: older large ones are let go, their rows kept, their detail saying so', async () => {
    const receiver = await startReceiver({ retain: 0 });
    const store = createRecordStore({ retain: 0 });
    receiver.subscribe((event) => event.type === 'request' && store.add(event.record, event.line, event.placement));
    // Each 2 MiB body's line holds it twice (as sent, in base64 too): about 4.7 Mi characters, two of them fit in 10 Mi.
    const inspector = await inspectorClosedAfterEach({ source: store, label: 'test', live: true, pageDir: PAGE_DIR, heldLinesChars: 10 * 1024 * 1024 });
    const api = (path: string) => new URL(path, inspector.url);
    try {
      for (let i = 1; i <= 4; i++) await fetch(receiver.url, { method: 'POST', body: JSON.stringify({ i, pad: 'x'.repeat(2 * 1024 * 1024) }), headers: { 'content-type': 'application/json' } });
      expect(((await (await fetch(api('/api/rows'))).json()) as RowTuple[]).map((tuple) => decodeRow(tuple).id)).toEqual([1, 2, 3, 4]);
      const first = await fetch(api('/api/records/1'));
      expect([first.status, ((await first.json()) as { error: string }).error]).toEqual([500, expect.stringMatching(/^request #1 is no longer held: with no capture file to read it back from, the page holds the lines of its newest requests only/)]);
      expect((await fetch(api('/api/records/2'))).status).toBe(500);
      const newest = (await (await fetch(api('/api/records/4'))).json()) as Detail;
      expect(newest.row.size).toBeGreaterThan(2 * 1024 * 1024);
      expect(await (await fetch(api('/api/search?q=%22i%22%3A'))).json()).toEqual({ ids: [3, 4], unreadable: 2 });
      const lines = (await (await fetch(api('/api/capture'))).text()).trim().split('\n');
      expect(lines.map((line) => (JSON.parse(line) as { body: { i: number } }).body.i)).toEqual([3, 4]);
    } finally {
      await receiver.close();
    }
  });

  it('offers a live session\'s records without a file as the capture lines it kept, as they were written', async () => {
    const { store, api } = await start([]);
    // The body's own text is embedded as is ('1.0'); made again from the record it would be '1'.
    const kept = (
      [
        [{ a: 1 }, '{"a":1.0}'],
        [{ b: 2 }, '{"b":2.0}'],
      ] as const
    ).map(([body, text]) => {
      const record = captureRecord(body);
      return { record, line: serialize(record, text).line };
    });
    for (const { record, line } of kept) store.add(record, line);
    expect(kept[0]?.line).toContain('"body":{"a":1.0}');
    expect(await (await fetch(api('/api/capture'))).text()).toBe(kept.map(({ line }) => `${line}\n`).join(''));
  });

  it('says in words that the capture file it offers is gone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-inspector-'));
    try {
      const file = join(dir, 'chg.ndjson');
      await writeFile(file, '');
      const inspector = await inspectorClosedAfterEach({ source: createRecordStore({ captureFile: file }), label: file, live: false, pageDir: PAGE_DIR });
      await rm(file);
      const gone = await fetch(new URL('/api/capture', inspector.url));
      expect([gone.status, await gone.json()]).toEqual([500, { error: `the capture file ${file} no longer exists` }]);
      // What the page asks before it follows its Download capture link.
      const check = await fetch(new URL('/api/capture?check=1', inspector.url));
      expect([check.status, await check.json()]).toEqual([500, { error: `the capture file ${file} no longer exists` }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  // HEAD was answered 405 on the API where GET worked (the page's own files took it).
  it('answers HEAD on the API as GET without the body: the same status, type and length; no stream opened, no file read', async () => {
    const { api, inspector } = await start([captureRecord({ a: 1 }), captureRecord({ a: 2 })]);
    for (const path of ['/api/about', '/api/rows', '/api/records/1', '/api/records/1/curl', '/api/diff?a=1&b=2', '/api/search?q=a', '/api/records/9', '/api/capture']) {
      const got = await fetch(api(path));
      const length = (await got.arrayBuffer()).byteLength;
      const head = await fetch(api(path), { method: 'HEAD' });
      expect([head.status, head.headers.get('content-type')], path).toEqual([got.status, got.headers.get('content-type')]);
      if (path !== '/api/capture') expect(head.headers.get('content-length'), path).toBe(String(length));
    }
    expect((await fetch(api('/api/records/1/replay'), { method: 'HEAD' })).status).toBe(405);
    // The event stream's headers, then the answer ends: the request after it on the connection is answered.
    const { port, host } = new URL(inspector.url);
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(`HEAD /api/events HTTP/1.1\r\nHost: ${host}\r\n\r\nGET /api/about HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString('utf8')));
    await once(socket, 'close');
    expect(reply.match(/^HTTP\/1\.1 \d+ .*$/gm)).toEqual(['HTTP/1.1 200 OK', 'HTTP/1.1 200 OK']);
    expect(reply).toContain('content-type: text/event-stream; charset=utf-8');
    expect(reply).toMatch(/\{"source":"test".*\}$/);
    // A capture file's download: its headers alone.
    const dir = await mkdtemp(join(tmpdir(), 'whk-inspector-'));
    try {
      const file = join(dir, 'captures.ndjson');
      await writeFile(file, 'x\n');
      const offered = await inspectorClosedAfterEach({ source: createRecordStore({ captureFile: file }), label: file, live: false, pageDir: PAGE_DIR });
      const head = await fetch(new URL('/api/capture', offered.url), { method: 'HEAD' });
      expect([head.status, head.headers.get('content-type')]).toEqual([200, 'application/x-ndjson; charset=utf-8']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('offers the records held as a capture file when there is no file', async () => {
    const { api } = await start([captureRecord({ a: 1 }), captureRecord({ b: 2 })]);
    const lines = (await (await fetch(api('/api/capture'))).text()).trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { body: unknown }).body)).toEqual([{ a: 1 }, { b: 2 }]);
  });
});
