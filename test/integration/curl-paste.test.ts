// A curl command whk prints (send --curl, the page's "Copy as curl") is pasted into a terminal: a
// sender's bytes in it must not act there (Ctrl-C drops the line typed so far and what follows runs
// as a command; ESC ends a bracketed paste), and run by sh it must send the bytes the request had,
// once (curl's URL ranges, [1-3] and {a,b}, are off).
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { toCurl } from '../../src/delivery/describe.js';
import { prepareRequest, type PreparedRequest } from '../../src/delivery/request.js';
import { startInspector } from '../../src/inspector/server.js';
import { createRecordStore } from '../../src/inspector/source.js';
import { captureRecord } from '../helpers/capture.js';
import { closedAfterEach, startServer } from '../helpers/server.js';

const serve = closedAfterEach(startServer);
const inspect = closedAfterEach(startInspector);

// What a terminal acts on when pasted: C0 controls but tab and newline, DEL, C1, bidi, U+2028/9.
const ACTS_IN_TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

/** The command as a shell reads one pasted: from its input, so its length is no argument's. */
function runSh(command: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', [], { stdio: ['pipe', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', resolve);
    child.stdin.end(command);
  });
}

/** A request as a receiver recorded it: header values hold their bytes as Latin-1 characters, as Node reads them. */
function received(url: string, body: Buffer, headers: Record<string, Buffer>): PreparedRequest {
  const request = prepareRequest({ method: 'POST', contentType: 'text/plain; charset=UTF-8', gzip: 'never', signature: null }, url, body);
  return { ...request, headers: { 'content-type': 'text/plain', ...Object.fromEntries(Object.entries(headers).map(([name, bytes]) => [name, bytes.toString('latin1')])) } };
}

describe('curl commands are safe to paste and send the same bytes', () => {
  // Without a body to send curl sends no Content-Length, which some receivers answer 411; undici (send,
  // replay) sends Content-Length: 0. A GET stays without one, as undici sends it.
  it('an empty POST goes with Content-Length: 0 and no Content-Type of curl\'s; an empty GET with neither', async () => {
    const server = await serve([200, 200]);
    const empty = { ...received(`${server.url}/empty`, Buffer.alloc(0), {}), headers: {} };
    expect(await runSh(toCurl(empty, { headersAsGiven: true }))).toBe(0);
    expect(await runSh(toCurl({ ...empty, method: 'GET' }, { headersAsGiven: true }))).toBe(0);
    const [post, get] = server.requests;
    expect([post?.method, post?.headers['content-length'], post?.headers['content-type']]).toEqual(['POST', '0', undefined]);
    expect([get?.method, get?.headers['content-length']]).toEqual(['GET', undefined]);
  });

  it('a body with Ctrl-C, ESC and a quote travels as base64; the command holds none of them', async () => {
    const server = await serve([200]);
    const body = Buffer.from("a\u0003\nrm -rf ~/x #\u001b[201~\u0004'b\r\n\u202e", 'utf8');
    const command = toCurl(received(`${server.url}/t`, body, {}));
    expect(command).not.toMatch(ACTS_IN_TERMINAL);
    expect(command).not.toContain('rm -rf');
    expect(await runSh(command)).toBe(0);
    expect(server.requests[0]?.body).toEqual(body);
  });

  it('a JSON body past 128 KiB is sent whole: no argument of curl is longer than Linux lets a program start with', async () => {
    const server = await serve([200]);
    const body = Buffer.from(JSON.stringify({ log: 'x'.repeat(200_000) }));
    expect(await runSh(toCurl(received(`${server.url}/big`, body, {})))).toBe(0);
    expect(server.requests[0]?.body).toEqual(body);
  });

  it("a path and query with curl's range characters ([1-3], {a,b}) are sent once, as they were", async () => {
    const server = await serve([200]);
    const command = toCurl(received(`${server.url}/h/[1-3]{a,b}?q=[1-2]`, Buffer.from('{}'), {}));
    expect(await runSh(command)).toBe(0);
    expect(server.requests.map((request) => request.url)).toEqual(['/h/[1-3]{a,b}?q=[1-2]']);
  });

  it('header values are sent as the bytes they were: UTF-8 as text, other bytes through printf', async () => {
    const server = await serve([200]);
    const headers = {
      'x-utf8': Buffer.from('Café', 'utf8'),
      'x-latin1': Buffer.from([0x43, 0x61, 0x66, 0xe9]),
      'x-c1': Buffer.from('a\u009b2J%s\'\\b', 'utf8'),
      'x-bidi': Buffer.from('x\u202ey', 'utf8'),
    };
    const command = toCurl(received(`${server.url}/h`, Buffer.from('{}'), headers));
    expect(command).not.toMatch(ACTS_IN_TERMINAL);
    expect(command).toContain(`-H 'x-utf8: Café'`);
    expect(await runSh(command)).toBe(0);
    const got = server.requests[0]?.headers ?? {};
    for (const [name, bytes] of Object.entries(headers)) expect(Buffer.from(String(got[name]), 'latin1'), name).toEqual(bytes);
  });

  it("the page's command sends the headers the request had, no more: none of curl's own, none of whk's, an empty one kept", async () => {
    const server = await serve([200]);
    const store = createRecordStore();
    const headers = { host: `127.0.0.1:${server.port}`, 'x-empty': '', 'content-length': '7' };
    store.add(captureRecord({ a: 1 }, { headers, bodyBase64: Buffer.from('{"a":1}').toString('base64') }));
    const inspector = await inspect({ source: store, label: 'test', live: true });
    const { curl } = (await (await fetch(new URL('/api/records/1/curl', inspector.url))).json()) as { curl: string };
    expect(await runSh(curl)).toBe(0);
    // Without them, curl added Accept and a form's Content-Type (which an app reads the body by), whk its User-Agent, and dropped X-Empty.
    expect(server.requests[0]?.headers).toEqual(headers);
    expect(server.requests[0]?.body.toString()).toBe('{"a":1}');
  });

  it("the page's command of a request with no body sends a Content-Length only if the request had one", async () => {
    const server = await serve([200, 200]);
    const store = createRecordStore();
    const host = `127.0.0.1:${server.port}`;
    const empty = (method: string, headers: Record<string, string>) => captureRecord(null, { method, headers, bodyBase64: '', body: null });
    // curl -X PUT with no data sends no length; a client with an empty body sends Content-Length: 0.
    store.add(empty('PUT', { host, accept: '*/*' }));
    store.add(empty('POST', { host, 'content-length': '0' }));
    const inspector = await inspect({ source: store, label: 'test', live: true });
    for (const id of [1, 2]) {
      const { curl } = (await (await fetch(new URL(`/api/records/${id}/curl`, inspector.url))).json()) as { curl: string };
      expect(await runSh(curl)).toBe(0);
    }
    expect(server.requests.map((request) => [request.method, request.headers])).toEqual([
      ['PUT', { host, accept: '*/*' }],
      ['POST', { host, 'content-length': '0' }],
    ]);
  });
});
