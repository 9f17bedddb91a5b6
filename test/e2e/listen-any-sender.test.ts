// `whk listen` as the receiver for any sender (issue 18), through the real binary: --body, the query
// on the line, neutral unknown senders (a GET health check too), retries apart from duplicates,
// --route, and --forward-to keeping the path and query.
// Each listen that hears requests is its own process (startCli); the send run against one and the
// refused --route and --status lines run through main(), the binary's own path, in this process
// (runMain), and the binary runs one of those refusals as their witness.
import { connect } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { readCaptures } from '../helpers/capture.js';
import { listenHarness, runCli } from '../helpers/cli.js';
import { runMain } from '../helpers/main.js';
import { post } from '../helpers/http.js';
import { readmeExample, withoutClock } from '../helpers/readme.js';
import { startServer } from '../helpers/server.js';

const { file, listen } = listenHarness();

const lines = (stdout: string): string[] => stdout.trimEnd().split('\n');

describe('whk listen --body and the query string', () => {
  it('prints each decoded body under its line: JSON pretty-printed, form fields, text, hex for binary', async () => {
    const { cli, url } = await listen(['--count', '5', '--body']);
    await post(`${url}/split?env=prod&env=qa`, '{"a":1,"b":{"c":[1,2]}}', { 'content-type': 'application/json' });
    await post(`${url}/slack`, 'token=x&text=hello+world', { 'content-type': 'application/x-www-form-urlencoded' });
    await post(`${url}/t`, 'build 42 passed\nall green', { 'content-type': 'text/plain' });
    await post(`${url}/bin`, Buffer.from([0, 1, 2, 0x61, 0x62, 0x63, 0xff]), { 'content-type': 'application/octet-stream' });
    await post(`${url}/ci`, `payload=${encodeURIComponent('{"id":1}')}`, { 'content-type': 'application/x-www-form-urlencoded' });
    const result = await cli.exited;
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out[0]).toMatch(/ {2}POST \/split\?env=prod&env=qa {2}unknown {2}json/);
    expect(out.slice(1, 10)).toEqual(['    {', '      "a": 1,', '      "b": {', '        "c": [', '          1,', '          2', '        ]', '      }', '    }']);
    expect(out[10]).toMatch(/POST \/slack {2}unknown {2}form/);
    expect(out.slice(11, 13)).toEqual(['    token=x', '    text=hello world']);
    expect(out[13]).toMatch(/POST \/t {2}unknown {2}text/);
    expect(out.slice(14, 16)).toEqual(['    build 42 passed', '    all green']);
    expect(out[16]).toMatch(/POST \/bin {2}unknown {2}other/);
    expect(out[17]).toBe(`    00000000  00 01 02 61 62 63 ff${' '.repeat(27)}  |...abc.|`);
    expect(out[18]).toMatch(/POST \/ci {2}unknown {2}form/);
    expect(out.slice(19)).toEqual(['    payload={', '      "id": 1', '    }']);
  });

  it('without --body no body is printed, and the query still shows on the line', async () => {
    const { cli, url } = await listen(['--count', '1']);
    await post(`${url}/split?env=prod`, '{"a":1}', { 'content-type': 'application/json' });
    const out = lines((await cli.exited).stdout);
    expect(out).toHaveLength(1);
    expect(out[0]).toContain('POST /split?env=prod  unknown');
  });

  it('--json --body: the request events carry the body, a form and a text; without --body they do not', async () => {
    const { cli, url } = await listen(['--count', '2', '--json', '--body']);
    await post(`${url}/j?x=1`, '{"a":1}', { 'content-type': 'application/json' });
    await post(`${url}/f`, 'a=1&b=2', { 'content-type': 'application/x-www-form-urlencoded' });
    const events = lines((await cli.exited).stdout).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events[1]).toMatchObject({ type: 'request', path: '/j', query: { x: '1' }, body: { a: 1 }, bodyBase64: Buffer.from('{"a":1}').toString('base64') });
    expect(events[2]).toMatchObject({ type: 'request', body: null, form: { fields: [['a', '1'], ['b', '2']], json: null } });

    const plain = await listen(['--count', '1', '--json']);
    await post(plain.url, '{"a":1}');
    const [, event] = lines((await plain.cli.exited).stdout).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(event).not.toHaveProperty('body');
    expect(event).not.toHaveProperty('bodyBase64');
  });
});

describe('whk listen --body: an integer past 2^53', () => {
  it('prints the digits sent, read from the decoded bytes, whether plain, gzipped or in a form field', async () => {
    const { cli, url } = await listen(['--count', '3', '--body']);
    const body = '{"id":12345678901234567890,"n":[1,-98765432109876543210]}';
    await post(`${url}/plain`, body, { 'content-type': 'application/json' });
    await post(`${url}/gzip`, gzipSync(body), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    await post(`${url}/form`, `payload=${encodeURIComponent(body)}`, { 'content-type': 'application/x-www-form-urlencoded' });
    const result = await cli.exited;
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('nearest double');
    const printed = ['      "id": 12345678901234567890,', '      "n": [', '        1,', '        -98765432109876543210', '      ]', '    }'];
    const out = lines(result.stdout);
    expect(out.slice(1, 8)).toEqual(['    {', ...printed]);
    expect(out[8]).toMatch(/POST \/gzip .* gzip/);
    expect(out.slice(9, 16)).toEqual(['    {', ...printed]);
    expect(out[16]).toMatch(/POST \/form .* form/);
    expect(out.slice(17, 24)).toEqual(['    payload={', ...printed]);
  });

  it("--json --body: the request event's body holds the digits sent, and each line is still JSON", async () => {
    const { cli, url } = await listen(['--count', '2', '--json', '--body']);
    const body = '{"id":12345678901234567890,"n":[1,-98765432109876543210]}';
    await post(`${url}/plain`, gzipSync(body), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    await post(`${url}/form`, `payload=${encodeURIComponent(body)}`, { 'content-type': 'application/x-www-form-urlencoded' });
    const out = lines((await cli.exited).stdout);
    const events = out.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.map((event) => event['path'] ?? event['type'])).toEqual(['listening', '/plain', '/form', 'summary']);
    for (const line of out.slice(1, 3)) expect(line).toContain(`"body":${body},`);
    expect(events[2]).toMatchObject({ form: { fields: [['payload', body]], json: 'payload' } });
  });
});

// `mapped` rounded them (12345678901234567000) in the record, on the line and in --json, where the
// body beside it kept the digits sent.
describe('whk listen --map: an integer past 2^53 the mapping draws from the body', () => {
  const body = '{"id":12345678901234567890,"n":[1,-98765432109876543210]}';
  const mapping = { fields: [{ name: 'id', path: 'id' }, { name: 'neg', path: 'n[1]' }], mapped: [{ name: 'oid', from: 'id' }] };
  const values = '"values":{"id":12345678901234567890,"neg":-98765432109876543210},"mapped":{"oid":12345678901234567890}';

  it('keeps the digits sent in the capture record and on the line, plain, gzipped or in a form field', async () => {
    const map = file('map.json');
    await writeFile(map, JSON.stringify(mapping));
    const save = file('captures.ndjson');
    const { cli, url } = await listen(['--count', '3', '--map', map, '--save', save]);
    await post(`${url}/plain`, body, { 'content-type': 'application/json' });
    await post(`${url}/gzip`, gzipSync(body), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    await post(`${url}/form`, `payload=${encodeURIComponent(body)}`, { 'content-type': 'application/x-www-form-urlencoded' });
    const result = await cli.exited;
    expect(result.code, result.stderr).toBe(0);
    const out = lines(result.stdout);
    expect(out).toHaveLength(3);
    for (const line of out) expect(line).toMatch(/ {2}\{id=12345678901234567890, neg=-98765432109876543210\} {2}→ \{oid=12345678901234567890\}$/);
    const saved = lines(await readFile(save, 'utf8'));
    expect(saved).toHaveLength(3);
    for (const line of saved) expect(line).toContain(`"mapped":{"ok":true,${values},"problems":[]}`);
  });

  it('--json: the request event\'s mapped holds the digits sent, with --body and without', async () => {
    const map = file('map.json');
    await writeFile(map, JSON.stringify(mapping));
    for (const args of [[], ['--body']]) {
      const { cli, url } = await listen(['--count', '1', '--json', '--map', map, ...args]);
      await post(`${url}/plain`, gzipSync(body), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      const request = lines((await cli.exited).stdout).find((line) => line.includes('"type":"request"'));
      expect(request, args.join(' ')).toContain(`"mapped":{"ok":true,${values},"problems":[]}`);
      if (args.length > 0) expect(request).toContain(`"body":${body},`);
      expect(() => JSON.parse(request ?? '')).not.toThrow();
    }
  });
});

describe('whk listen --body: a body nested too deep for JSON.stringify', () => {
  // About 10 kB of '[': deeper than a recursive stringify goes.
  const deep = '['.repeat(5000) + ']'.repeat(5000);

  it('prints it on one line under its request, and the request after it as usual', async () => {
    const { cli, url } = await listen(['--count', '2', '--body']);
    await post(`${url}/deep`, deep, { 'content-type': 'application/json' });
    await post(`${url}/next`, '{"a":1}', { 'content-type': 'application/json' });
    const result = await cli.exited;
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/subscriber failed|call stack/);
    const out = lines(result.stdout);
    expect(out[0]).toMatch(/POST \/deep {2}unknown {2}json array/);
    expect(out.slice(1, 3)).toEqual(['    (nested too deep to indent: on one line)', `    ${deep}`]);
    expect(out[3]).toMatch(/POST \/next/);
  });

  it('--json --body: its request event is printed, carrying the body', async () => {
    const { cli, url } = await listen(['--count', '2', '--json', '--body']);
    await post(`${url}/deep`, deep, { 'content-type': 'application/json' });
    await post(`${url}/next`, '{"a":1}', { 'content-type': 'application/json' });
    const result = await cli.exited;
    expect(result.stderr).not.toMatch(/subscriber failed|call stack/);
    const events = lines(result.stdout).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.map((event) => event['path'] ?? event['type'])).toEqual(['listening', '/deep', '/next', 'summary']);
    expect(events[1]?.['bodyBase64']).toBe(Buffer.from(deep).toString('base64'));
    let depth = 0;
    for (let value = events[1]?.['body']; Array.isArray(value); value = value[0]) depth++;
    expect(depth).toBe(5000);
  });
});

describe('whk listen --body: hidden characters in a body are shown as escapes', () => {
  it('a U+202E in text or a form, and a U+2028 in a JSON key, are shown as \\u escapes, not dropped or breaking the line', async () => {
    const { cli, url } = await listen(['--count', '3', '--body']);
    await post(`${url}/text`, 'pay\u202etxt.exe \u001b[2J', { 'content-type': 'text/plain' });
    await post(`${url}/form`, 'name=a%E2%80%AEb', { 'content-type': 'application/x-www-form-urlencoded' });
    await post(`${url}/json`, '{"a\u2028b":"c\u202ed"}', { 'content-type': 'application/json' });
    const result = await cli.exited;
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out).toContain('    pay\\u202etxt.exe \\x1b[2J');
    expect(out).toContain('    name=a\\u202eb');
    expect(out).toContain('      "a\\u2028b": "c\\u202ed"');
  });
});

describe('whk listen: senders whk does not know are neutral', () => {
  it('a GET health check with no body is unknown, not invalid, and --count exits 0', async () => {
    const { cli, url } = await listen(['--count', '2']);
    const health = await request(`${url}/health`);
    await health.body.text();
    expect(health.statusCode).toBe(200);
    await post(`${url}/hook`, '{"zen":"Keep it logically awesome.","hook_id":1}', { 'content-type': 'application/json', 'x-acme-event': 'ping' });
    const result = await cli.exited;
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out[0]).toMatch(/ {2}GET \/health {2}unknown {2}empty {2}0 B {2}identity {2}→ 200$/);
    expect(out[1]).toMatch(/unknown {2}json, x-acme-event: ping, application\/json, keys zen, hook_id {2}/);
    expect(result.stdout).not.toContain('invalid');
    for (const line of out) expect(line.length).toBeLessThan(160);
    expect(result.stderr).toContain('2 requests: 0 valid, 0 invalid, 2 unknown');
  });

  it('an empty body is still wrong for a given --kind', async () => {
    const { cli, url } = await listen(['--count', '1', '--kind', 'github']);
    await post(url, '');
    const result = await cli.exited;
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('invalid $ the body is empty, so it cannot be a github payload');
  });

  it('the capture record of an empty body has the shape "empty" and no issues', async () => {
    const save = file('captures.ndjson');
    const { cli, url } = await listen(['--count', '1', '--save', save]);
    const health = await request(`${url}/health?probe=1`);
    await health.body.text();
    await cli.exited;
    const [record] = await readCaptures(save);
    expect(record).toMatchObject({ method: 'GET', path: '/health', query: { probe: '1' }, kind: null, valid: false, issues: [], shape: { body: 'empty' } });
  });
});

describe("whk listen: a sender's long texts are cut on the line, kept whole in the capture", () => {
  it('a 5,000-character path and query, a 200 kB event name, a 1,000-character key and a 5,000-character encoding each print as 300 characters ending in …', async () => {
    const capture = file('long.ndjson');
    const { cli, url } = await listen(['--count', '4', '--save', capture]);
    const path = `/${'p'.repeat(4000)}?q=${'v'.repeat(1000)}`;
    const event = `jira:issue_updated${'x'.repeat(200_000)}`;
    const key = 'k'.repeat(1000);
    // A sender that goes away mid-body: its warning names the path, cut too.
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    socket.end(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{"a"`);
    await cli.waitFor(/the sender went away/, 'stderr');
    await post(`${url}${path}`, '{"a":1}', { 'content-type': 'application/json' });
    await post(`${url}/jira`, JSON.stringify({ timestamp: 1, webhookEvent: event, issue: { id: '1', key: 'A-1', fields: {} } }), { 'content-type': 'application/json', 'x-atlassian-webhook-identifier': '1' });
    await post(`${url}/key`, JSON.stringify({ [key]: 1 }), { 'content-type': 'application/json' });
    // A 5,000-character Content-Encoding: on the line, in its issue and in the summary's tally.
    await post(`${url}/enc`, '{"a":1}', { 'content-type': 'application/json', 'content-encoding': 'x'.repeat(5000) });
    const result = await cli.exited;
    // The Jira event is no event Jira sends: invalid, so --count exits 1.
    expect(result.code).toBe(1);
    const out = lines(result.stdout);
    expect(out).toHaveLength(4);
    for (const line of [...out, ...result.stderr.split('\n')]) expect(line.length).toBeLessThan(600);
    expect(result.stderr).toContain(`POST ${path.slice(0, 299)}…: the sender went away`);
    expect(out[0]).toContain(`POST ${path.slice(0, 299)}…  unknown`);
    expect(out[1]).toContain(`jira (${event.slice(0, 299)}…)`);
    expect(out[2]).toContain(`${key.slice(0, 250)}`);
    expect(out[2]).toMatch(/k…/);
    expect(out[3]).toContain(`unsupported Content-Encoding '${'x'.repeat(59)}…'`);
    expect(result.stderr).toContain(`encodings: identity ×3, ${'x'.repeat(299)}… ×1`);
    const records = await readCaptures(capture);
    expect(`${records[0]?.path}?${records[0]?.rawQuery ?? ''}`).toBe(path);
    expect(records[1]?.event).toBe(event);
  });
});

describe('whk listen: retries apart from duplicates', () => {
  it('whk send retrying after 500s: the repeats are "retry of #1"; a re-delivery after the 2xx is a duplicate', async () => {
    const save = file('captures.ndjson');
    const { cli, url } = await listen(['--respond', '500,500,200', '--count', '4', '--save', save]);
    const sent = await runMain(['send', 'metaplane-incident', '--url', `${url}/mp`, '--seed', '3', '--retries', '2', '--retry-delay', '10ms', '--duplicates', '1']);
    expect(sent.code).toBe(0);
    const result = await cli.exited;
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out[0]).toMatch(/→ 500$/);
    expect(out[1]).toMatch(/→ 500 {2}retry of #1$/);
    expect(out[2]).toMatch(/→ 200 {2}retry of #1$/);
    expect(out[3]).toMatch(/→ 200 {2}duplicate of #1 \(same idempotencyId\)$/);
    expect(result.stderr).toContain('duplicates: 1 (1 same idempotencyId, 0 identical body)');
    expect(result.stderr).toContain('retries: 2 (the same payload again after an answer that was not 2xx)');
    const saved = await readCaptures(save);
    expect(saved.map((r) => [r.status, r.retryOf, r.duplicateOf])).toEqual([
      [500, null, null],
      [500, 1, null],
      [200, 1, null],
      [200, null, 1],
    ]);
  });

  it('--json: the request events carry retryOf and the summary counts retries', async () => {
    const { cli, url } = await listen(['--respond', '503,200', '--count', '2', '--json']);
    await post(url, '{"order":1}', { 'content-type': 'application/json' });
    await post(url, '{"order":1}', { 'content-type': 'application/json' });
    const events = lines((await cli.exited).stdout).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.map((e) => e['retryOf'])).toEqual([undefined, null, 1, undefined]);
    expect(events[3]).toMatchObject({ type: 'summary', retries: 1, duplicates: { total: 0 } });
  });
});

describe('whk listen --route', () => {
  it('answers per path: the first matching route, each with its own sequence; other paths get --status', async () => {
    const { cli, url } = await listen(['--route', '/split=500,200', '--route', '/hooks/*=202', '--status', '204', '--count', '6']);
    const statuses = [];
    for (const path of ['/split', '/hooks/gh', '/other', '/split?env=prod', '/split', '/hooks/a/b']) statuses.push(await post(`${url}${path}`, '{"a":1}'));
    expect(statuses).toEqual([500, 202, 204, 200, 200, 202]);
    const result = await cli.exited;
    expect(result.stderr).toContain('statuses answered: 200 ×2, 202 ×2, 204 ×1, 500 ×1');
  });

  const refusals: Array<[string[], RegExp]> = [
    [['--route', 'split=500'], /^error: invalid --route: expected PATH=STATUSES, e\.g\. \/split=500,200/],
    [['--route', '/split=700'], /^error: invalid --route: expected HTTP statuses from 200 to 599 separated by commas/],
    // A 1xx is interim: sent as the answer, the sender waited for a final one that never came.
    [['--route', '/split=100'], /^error: invalid --route: expected HTTP statuses from 200 to 599 separated by commas, e\.g\. 500,500,200 \(a 1xx is an interim response, not a final answer\); got '100'$/m],
    [['--status', '100'], /^error: invalid --status: expected an HTTP status from 200 to 599 \(a 1xx is an interim response, not a final answer\), got '100'$/m],
    [['--respond', '500,199,200'], /^error: invalid --respond: expected HTTP statuses from 200 to 599 separated by commas, e\.g\. 500,500,200 \(a 1xx is an interim response, not a final answer\); got '500,199,200'$/m],
    [['--route', '/a=200', '--forward-to', 'http://127.0.0.1:1/app'], /^error: --forward-to answers with your app's status; it cannot be combined with --route$/m],
  ];
  // --timeout: a refusal that stopped being one ends the listen in this process, failing the row.
  it.each(refusals)('%j is a usage error (exit 2)', async (args, message) => {
    const result = await runMain(['listen', '--port', '0', '--timeout', '5s', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('the binary refuses as main() does (the witness of the rows above)', async () => {
    const args = ['listen', '--port', '0', '--timeout', '5s', ...(refusals[0]?.[0] ?? [])];
    const [binary, inProcess] = await Promise.all([runCli(args), runMain(args)]);
    expect(binary).toEqual(inProcess);
    expect(binary.stderr).toMatch(refusals[0]?.[1] as RegExp);
  });
});

describe('whk listen --forward-to', () => {
  it('keeps the incoming path and query after the app URL\'s own path', async () => {
    const app = await startServer([202]);
    try {
      const { cli, url } = await listen(['--count', '3', '--forward-to', `${app.url}/app?src=whk`]);
      expect(await post(`${url}/hooks/gh?x=1&y=a%20b`, '{"a":1}')).toBe(202);
      expect(await post(`${url}/`, '{"a":2}')).toBe(202);
      expect(await post(`${url}/stripe`, '{"a":3}')).toBe(202);
      expect((await cli.exited).code).toBe(0);
      expect(app.requests.map((r) => r.url)).toEqual(['/app/hooks/gh?src=whk&x=1&y=a%20b', '/app?src=whk', '/app/stripe?src=whk']);
    } finally {
      await app.close();
    }
  });

  it('says in words why it could not forward: 502, the line and the capture record', async () => {
    const app = await startServer([200]);
    const down = app.url;
    await app.close();
    const save = file('captures.ndjson');
    const { cli, url } = await listen(['--count', '1', '--forward-to', `${down}/app`, '--save', save]);
    const response = await request(`${url}/hooks`, { method: 'POST', body: '{"a":1}' });
    expect(response.statusCode).toBe(502);
    const host = new URL(down).host;
    expect(await response.body.json()).toEqual({ error: `whk could not forward: connection refused by ${host}` });
    const result = await cli.exited;
    expect(result.stdout).toContain(`→ 502  forward failed  warning: forward to ${down}/app failed: connection refused by ${host}`);
    expect(result.stdout).not.toMatch(/ECONNREFUSED|connect /);
    const [record] = await readCaptures(save);
    expect(record?.forward).toMatchObject({ url: `${down}/app`, status: null, error: `connection refused by ${host}` });
  });
});

describe('README: the listen example for any sender', () => {
  it('prints what the README shows (clocks aside)', async () => {
    const { cli, url } = await listen(['--body', '--route', '/split=500,200', '--count', '4']);
    await post(`${url}/split?env=prod`, '{"order":7,"paid":true}', { 'content-type': 'application/json' });
    await post(`${url}/split?env=prod`, '{"order":7,"paid":true}', { 'content-type': 'application/json' });
    await post(`${url}/slack`, 'token=x&text=deploy+now', { 'content-type': 'application/x-www-form-urlencoded' });
    const health = await request(`${url}/health`);
    await health.body.text();
    const result = await cli.exited;
    expect(lines(result.stdout).map(withoutClock)).toEqual(readmeExample('listen-body').map(withoutClock));
    expect(result.stderr).toContain('retries: 1 (the same payload again after an answer that was not 2xx)');
  });
});
