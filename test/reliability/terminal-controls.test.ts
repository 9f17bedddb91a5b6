// Issue 19.9: payload bytes reached the terminal: a JSON key "\u001b[2J" cleared the screen of
// `whk listen` and `whk validate`. Everything printed that came from a request or a file is
// stripped of terminal controls (C0 but tab and newline, ESC, DEL, C1); whk's own colours stay,
// and --json keeps every character (escaped).
import { request } from 'node:http';
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
    await writeFile(path, `${JSON.stringify(captureRecord({ a: 1 }, { path: '/x\u001b[2J\u009b2J' }))}\n`);
    const result = await runCli(['replay', path, '--url', `${server.url}/hook`]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('/x[2J2J');
    expect(result.stdout).not.toMatch(CONTROL);
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
