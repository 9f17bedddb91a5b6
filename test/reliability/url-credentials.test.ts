// Issue 19.7: `--url http://user:pass@host/` printed the password (summary, --json, errors, replay's
// tally) and did not send it. The credentials go as Authorization: Basic (as curl sends them), and
// every printed URL has the password masked.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureRecord } from '../helpers/capture.js';
import { runCli } from '../helpers/cli.js';
import { closedAfterEach, startServer } from '../helpers/server.js';

const serve = closedAfterEach(startServer);
const PASSWORD = 'pa55-w0rd';
const BASIC = `Basic ${Buffer.from(`ops:${PASSWORD}`).toString('base64')}`;
const withCredentials = (url: string): string => url.replace('http://', `http://ops:${PASSWORD}@`);

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'whk-credentials-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const printed = (result: { stdout: string; stderr: string }): string => `${result.stdout}${result.stderr}`;

describe('reliability: credentials in --url', () => {
  it('send: sent as Authorization: Basic, the URL printed with the password masked (text and --json)', async () => {
    const server = await serve([200]);
    const url = withCredentials(`${server.url}/hook`);
    const text = await runCli(['send', 'metric-alert', '--url', url, '--seed', '1']);
    const json = await runCli(['send', 'metric-alert', '--url', url, '--seed', '1', '--json']);
    expect(text.code, text.stderr).toBe(0);
    expect(json.code, json.stderr).toBe(0);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([BASIC, BASIC]);
    expect(server.requests.map((r) => r.url)).toEqual(['/hook', '/hook']);
    for (const result of [text, json]) expect(printed(result)).not.toContain(PASSWORD);
    expect(text.stderr).toContain(`→ http://ops:••••@127.0.0.1:${server.port}/hook`);
  });

  it('send: --auth-basic still wins over the URL', async () => {
    const server = await serve([200]);
    const result = await runCli(['send', 'hertzbeat-alarm', '--url', withCredentials(`${server.url}/hook`), '--auth-basic', 'dG9rZW4=']);
    expect(result.code, result.stderr).toBe(0);
    expect(server.requests[0]?.headers.authorization).toBe('Basic dG9rZW4=');
  });

  it('errors: a refused connection and a bad scheme never print the password', async () => {
    const server = await serve([200]);
    const port = server.port;
    await server.close();
    const refused = await runCli(['send', 'metric-alert', '--url', withCredentials(`http://127.0.0.1:${port}/hook`), '--retries', '0']);
    expect(refused.code).toBe(1);
    expect(printed(refused)).not.toContain(PASSWORD);
    expect(refused.stderr).toContain('ops:••••@');
    const scheme = await runCli(['send', 'metric-alert', '--url', `ftp://ops:${PASSWORD}@127.0.0.1/x`]);
    expect(scheme.code).toBe(2);
    expect(printed(scheme)).not.toContain(PASSWORD);
    expect(scheme.stderr).toContain("invalid --url 'ftp://ops:••••@127.0.0.1/x'");
  });

  it('replay: sent as Authorization: Basic over the captured one, the tally masked', async () => {
    const server = await serve([200]);
    const file = join(dir, 'captures.ndjson');
    await writeFile(file, `${JSON.stringify(captureRecord({ a: 1 }, { headers: { 'content-type': 'application/json', authorization: 'Bearer old' } }))}\n`);
    const text = await runCli(['replay', file, '--url', withCredentials(`${server.url}/again`), '--original-headers']);
    const json = await runCli(['replay', file, '--url', withCredentials(`${server.url}/again`), '--json']);
    expect(text.code, text.stderr).toBe(0);
    expect(json.code, json.stderr).toBe(0);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([BASIC, BASIC]);
    for (const result of [text, json]) expect(printed(result)).not.toContain(PASSWORD);
    expect(text.stderr).toContain(`→ http://ops:••••@127.0.0.1:${server.port}/again`);
  });
});
