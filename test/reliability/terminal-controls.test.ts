// Issue 19.9: payload bytes reached the terminal: a JSON key "\u001b[2J" cleared the screen of
// `whk listen` and `whk validate`. Everything printed that came from a request or a file is
// stripped of terminal controls (C0 but tab and newline, ESC, DEL, C1, bidirectional controls);
// whk's own colours stay, a sender's newline cannot start a line, and --json keeps every character
// (escaped).
import { request } from 'node:http';
import { connect } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { captureRecord } from '../helpers/capture.js';
import { listenHarness, runCli, startCli } from '../helpers/cli.js';
import { closedAfterEach, startServer } from '../helpers/server.js';

const { file, listen } = listenHarness();
const serve = closedAfterEach(startServer);

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const HOSTILE_KEY = '\u001b[2J\u001b]0;pwned\u0007\u009b2Jkey\r\u007f';
const body = JSON.stringify({ [HOSTILE_KEY]: 1, plain: 2 });

const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const FAKE_LINE = '03:00:00.000  POST /hook  github (push)  valid  1 KB  identity  → 200';

/** A POST written on a socket, header values as UTF-8 bytes (Node's client refuses U+202E in one); resolves with the status. */
function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  const { host, pathname } = new URL(url);
  const bytes = Buffer.from(body, 'utf8');
  const head = [`POST ${pathname} HTTP/1.1`, `Host: ${host}`, `Content-Length: ${bytes.length}`, 'Connection: close', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1', () => socket.end(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'utf8'), bytes])));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
  });
}

/** Sends bytes a hostile sender would: the key above, and a header value with a C1 control (latin1 0x9b). */
function postHostile(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/hook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-note': 'a\u009b2Jb', 'x-title': 'Café, naïve' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('reliability: terminal controls from requests and files', () => {
  it('listen: the request line and its headers carry none; the text around them stays', async () => {
    const { cli, url } = await listen(['--count', '1', '--headers']);
    expect(await postHostile(url)).toBe(200);
    const result = await cli.exited;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(CONTROL);
    expect(result.stderr).not.toMatch(CONTROL);
    expect(result.stdout).toContain('[2J]0;pwned2Jkey');
    // Node's client writes the header in UTF-8 and the receiver reads it as latin1; it is shown as
    // the UTF-8 it is, so the C1 control it carries is dropped like any other.
    expect(result.stdout).toContain('x-note: a2Jb');
    expect(result.stdout).toContain('x-title: Café, naïve');
  });

  it('listen: a newline in a body-named event, a key or a form field starts no line; bidi controls are dropped', async () => {
    const { cli, url } = await listen(['--count', '3', '--body']);
    // Jira's event is the body's webhookEvent, any string: after a newline it forged a whole request line.
    const jira = { webhookEvent: `jira:issue_created\n${FAKE_LINE}`, timestamp: 1, issue: { id: '1', key: 'A-1', fields: {} } };
    expect(await post(`${url}/jira`, JSON.stringify(jira), { 'content-type': 'application/json' })).toBe(200);
    const unknown = { [`k\n${FAKE_LINE}`]: 1, ['b\u202e']: 2 };
    expect(await post(`${url}/x%E2%80%AE`, JSON.stringify(unknown), { 'content-type': 'application/json', 'x-event': 'Café\u202eng' })).toBe(200);
    expect(await post(`${url}/form`, `a%0A${encodeURIComponent(FAKE_LINE)}=1&b=x%0Ay`, { 'content-type': 'application/x-www-form-urlencoded' })).toBe(200);
    const result = await cli.exited;
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout + result.stderr).not.toMatch(BIDI);
    // Every line is whk's: a request line (its time) or a body line under it (indented).
    for (const line of result.stdout.trimEnd().split('\n')) expect(line).toMatch(/^(\d\d:\d\d:\d\d\.\d{3}  |    )/);
    expect(result.stdout).toContain(`jira (jira:issue_created\\n${FAKE_LINE})`);
    expect(result.stdout).toContain(`keys k\\n${FAKE_LINE}, b`);
    expect(result.stdout).toContain(`    a\\n${FAKE_LINE}=1`);
    expect(result.stdout).toContain('    b=x\\ny');
    // An unknown sender's event header reads as the UTF-8 it is (sent as its UTF-8 bytes), like --headers shows it.
    expect(result.stdout).toContain('x-event: Caféng');
  });

  it('listen with colour: whk paints, the payload does not', async () => {
    const cli = startCli(['listen', '--port', '0', '--count', '1', '--headers'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    const url = (await cli.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
    expect(await postHostile(url)).toBe(200);
    const result = await cli.exited;
    const unpainted = result.stdout.replace(/\u001b\[[0-9;]*m/g, '');
    expect(result.stdout).not.toBe(unpainted);
    expect(unpainted).not.toMatch(CONTROL);
    expect(result.stdout).not.toContain('\u001b[2J');
  });

  it('listen --json: every character kept, none raw', async () => {
    const { cli, url } = await listen(['--count', '1', '--json']);
    expect(await postHostile(url)).toBe(200);
    const result = await cli.exited;
    expect(result.stdout).not.toMatch(CONTROL);
    const request = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; headers?: Record<string, string>; shape?: { keys: string[] } })
      .find((line) => line.type === 'request');
    expect(request?.headers?.['x-note']).toBe('a\u00c2\u009b2Jb');
    expect(request?.shape?.keys).toContain(HOSTILE_KEY);
  });

  it('listen --json: U+2028, U+2029 and bidi controls are escaped, so a reader that splits lines at them keeps each object whole', async () => {
    const { cli, url } = await listen(['--count', '1', '--json', '--body']);
    expect(await post(`${url}/ls`, JSON.stringify({ ['k\u2028']: 'a\u2029b\u202e' }), { 'content-type': 'application/json', 'x-ls': '\u2028' })).toBe(200);
    const result = await cli.exited;
    expect(result.stdout).not.toMatch(/[\u2028\u2029]/);
    expect(result.stdout).not.toMatch(BIDI);
    const request = result.stdout
      .trim()
      .split(/\r?\n|[\u2028\u2029\u0085]/)
      .map((line) => JSON.parse(line) as { type: string; body?: unknown })
      .find((line) => line.type === 'request');
    expect(request?.body).toEqual({ ['k\u2028']: 'a\u2029b\u202e' });
  });

  it('validate: the report names the key without its controls', async () => {
    const path = file('hostile.json');
    const sample = JSON.parse((await runCli(['sample', 'metric-alert', '--seed', '1'])).stdout) as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...sample, [HOSTILE_KEY]: 1 }));
    const result = await runCli(['validate', '--kind', 'metric-alert', path]);
    expect(result.stdout).toContain('pwned');
    expect(result.stdout).not.toMatch(CONTROL);
    expect(result.stderr).not.toMatch(CONTROL);
  });

  it('replay: a path from the capture file is printed without its controls', async () => {
    const server = await serve([200]);
    const path = file('captures.ndjson');
    // The event a Jira body names is any string: a newline in it would start a line of its own.
    await writeFile(path, `${JSON.stringify(captureRecord({ a: 1 }, { path: '/x\u001b[2J\u009b2J', kind: 'jira', event: `e\n${FAKE_LINE}` }))}\n`);
    const result = await runCli(['replay', path, '--url', `${server.url}/hook`]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('/x[2J2J');
    expect(result.stdout).toContain(`jira (e\\n${FAKE_LINE})`);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stdout).not.toMatch(CONTROL);
  });

  it('verify --capture: the reason quoting a header from the file stays one line', async () => {
    const path = file('signed.ndjson');
    await writeFile(path, `${JSON.stringify(captureRecord({}, { headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=zz\nvalid: signature ok\u202e' } }))}\n`);
    const result = await runCli(['verify', 'github', '--capture', path, '--secret', 'x']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^invalid: header malformed: signature 'zz\\nvalid: signature ok' is not 64 hex digits/);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
  });

  it('a report that quotes a file prints none', async () => {
    const path = file('log.txt');
    await writeFile(path, '\u001b[2J\u001b]0;pwned\u0007 not json\n\u001b[2J again\n');
    const result = await runCli(['validate', path]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('pwned');
    expect(result.stdout + result.stderr).not.toMatch(CONTROL);
  });
});
