// Issue 19.10: masking missed X-Auth, X-Password, X-Api-Key-like names and tokens in the query
// string (api_key=, token=, sig=). One pattern (util/secrets.ts, in the README) masks them in every
// place that prints a request: listen's lines and --json, the inspector's detail, rows and curl.
import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { isSecretName } from '../../src/util/secrets.js';
import { captureRecord } from '../helpers/capture.js';
import { listenHarness, startCli } from '../helpers/cli.js';
import { post } from '../helpers/http.js';

const { file, listen } = listenHarness();

const SECRET_HEADERS = { 'x-auth': 'h-auth-1', 'x-password': 'h-pass-2', 'x-apikey': 'h-key-3', 'x-access-key': 'h-key-4', 'x-client-secret': 'h-secret-5', 'x-auth-token': 'h-token-6' };
const SECRET_QUERY = { api_key: 'q-key-1', token: 'q-token-2', sig: 'q-sig-3', access_token: 'q-token-4', password: 'q-pass-5' };
const SECRETS = [...Object.values(SECRET_HEADERS), ...Object.values(SECRET_QUERY)];
const query = `?${new URLSearchParams({ ...SECRET_QUERY, page: '2' })}`;

describe('reliability: one pattern masks secrets by name', () => {
  it('names: secrets, and the names that are not', () => {
    for (const name of [...Object.keys(SECRET_HEADERS), ...Object.keys(SECRET_QUERY), 'Authorization', 'X-Hub-Signature-256', 'X-Gitlab-Token', 'key', 'X-Api-Key', 'private_key', 'X-Trello-Webhook', 'X-Hmac-Sha256', 'X-Custom-HMAC', 'hmac']) expect(isSecretName(name), name).toBe(true);
    for (const name of ['content-type', 'x-event-key', 'idempotency-key', 'x-author', 'page', 'user-agent', 'x-request-id', 'x-trello-webhook-id']) expect(isSecretName(name), name).toBe(false);
  });

  it('listen: --headers and --json show none of them; what is not secret stays', async () => {
    const { cli, url } = await listen(['--count', '2', '--headers']);
    expect(await post(`${url}/hook${query}`, '{"a":1}', { 'content-type': 'application/json', ...SECRET_HEADERS })).toBe(200);
    expect(await post(`${url}/hook${query}`, '{"a":1}', { 'content-type': 'application/json', ...SECRET_HEADERS })).toBe(200);
    const text = await cli.exited;
    const json = await listen(['--count', '1', '--json']);
    expect(await post(`${json.url}/hook${query}`, '{"a":1}', { 'content-type': 'application/json', ...SECRET_HEADERS })).toBe(200);
    const lines = (await json.cli.exited).stdout;
    for (const secret of SECRETS) {
      expect(text.stdout).not.toContain(secret);
      expect(lines).not.toContain(secret);
    }
    expect(text.stdout).toContain('x-auth: ••••');
    const request = lines
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; query?: Record<string, string> })
      .find((line) => line.type === 'request');
    expect(request?.query).toMatchObject({ api_key: '••••', token: '••••', page: '2' });
  });

  it('inspector: the rows, the detail and the curl mask them unless asked', async () => {
    const path = file('captures.ndjson');
    // With the query as sent too (rawQuery), which the rows and the curl show.
    const query = { ...SECRET_QUERY, page: '2' };
    const record = captureRecord({ a: 1 }, { headers: { 'content-type': 'application/json', ...SECRET_HEADERS }, query, rawQuery: new URLSearchParams(query).toString() });
    await writeFile(path, `${JSON.stringify(record)}\n`);
    const cli = startCli(['inspect', path, '--port', '0']);
    try {
      const base = (await cli.waitFor(/inspector on (http:\/\/127\.0\.0\.1:\d+)/))[1] as string;
      const get = async (route: string): Promise<string> => (await fetch(`${base}${route}`)).text();
      const masked = [await get('/api/records/1'), await get('/api/records/1/curl')];
      for (const text of masked) for (const secret of SECRETS) expect(text).not.toContain(secret);
      expect(masked[0]).toContain('page');
      const shown = [await get('/api/records/1?secrets=1'), await get('/api/records/1/curl?secrets=1')];
      for (const text of shown) for (const secret of SECRETS) expect(text).toContain(secret);
      const events = await fetch(`${base}/api/events`);
      const reader = events.body?.getReader();
      const first = new TextDecoder().decode((await reader?.read())?.value);
      await reader?.cancel();
      expect(first).toContain('page=2');
      for (const secret of SECRETS) expect(first).not.toContain(secret);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
  });
});
