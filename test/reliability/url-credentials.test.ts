// Issue 19.7: `--url http://user:pass@host/` printed the password (summary, --json, errors, replay's
// tally) and did not send it. The credentials go as Authorization: Basic (as curl sends them) for a
// kind whose sender sends one, and every printed URL has the password masked. For a kind whose sender
// sends none they went too, a header the real sender never sends (QA, sendmatrix 12): refused.
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
    const text = await runCli(['send', 'alertmanager', '--url', url, '--seed', '1']);
    const json = await runCli(['send', 'alertmanager', '--url', url, '--seed', '1', '--json']);
    expect(text.code, text.stderr).toBe(0);
    expect(json.code, json.stderr).toBe(0);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([BASIC, BASIC]);
    expect(server.requests.map((r) => r.url)).toEqual(['/hook', '/hook']);
    for (const result of [text, json]) expect(printed(result)).not.toContain(PASSWORD);
    expect(text.stderr).toContain(`→ http://ops:••••@127.0.0.1:${server.port}/hook`);
  });

  it("send: a kind whose sender sends no Authorization header refuses them (exit 2, one line and a hint), nothing sent; send all sends them to the kinds that take them, and says which", async () => {
    const server = await serve([200]);
    const url = withCredentials(`${server.url}/hook`);
    const refused = await runCli(['send', 'metric-alert', '--url', url, '--seed', '1']);
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toBe("error: --url's credentials (user:password@): metric-alert does not send an Authorization header\n  see whk kinds for the kinds that support auth; to send one anyway, take them out of the URL and give --header 'Authorization: Basic …'\n");
    // A release of the kind that sends none says from which one it does.
    const older = await runCli(['send', 'hertzbeat-alarm', '--url', url, '--sender-version', '1.7.0']);
    expect(older.code).toBe(2);
    expect(older.stderr.split('\n')[0]).toBe("error: --url's credentials (user:password@): hertzbeat-alarm 1.7.0 does not send an Authorization header");
    expect(server.requests).toHaveLength(0);
    const all = await runCli(['send', 'all', '--url', url, '--seed', '1', '--json']);
    expect(all.code, all.stderr).toBe(0);
    const kinds = all.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { kind: string }).kind);
    const sentBasic = kinds.filter((_, i) => server.requests[i]?.headers.authorization === BASIC);
    expect(sentBasic).toContain('alertmanager');
    expect(kinds.filter((_, i) => server.requests[i]?.headers.authorization !== undefined)).toEqual(sentBasic);
    expect(sentBasic).not.toContain('metric-alert');
    expect(all.stderr).toContain(`--url's credentials go as Authorization: Basic to the kinds whose sender sends one: ${sentBasic.join(', ')}\n`);
    expect(printed(all)).not.toContain(PASSWORD);
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
    const refused = await runCli(['send', 'alertmanager', '--url', withCredentials(`http://127.0.0.1:${port}/hook`), '--retries', '0']);
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
