// `whk listen` and the request: unknown senders do not fail --count, --strict makes them fail;
// Travis CI end to end with the real binaries: whk travis-key, send --travis-key, listen --travis-public-key.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCaptures } from '../helpers/capture.js';
import { listenHarness, runCli } from '../helpers/cli.js';
import { post } from '../helpers/http.js';

const { file, listen } = listenHarness();


const UNKNOWN_BODIES: [string, string, Record<string, string>][] = [
  ['json', '{"zen":"Design for failure.","hook_id":42}', { 'content-type': 'application/json', 'x-acme-event': 'ping' }],
  ['form', 'token=abc&channel=ops&channel=dev', { 'content-type': 'application/x-www-form-urlencoded' }],
  ['text', 'build 42 passed', { 'content-type': 'text/plain; charset=utf-8' }],
];

describe('whk listen: unknown senders', () => {
  it.each(UNKNOWN_BODIES)('an unknown %s body: --count 1 exits 0, the line shows its shape (event header, content type, keys)', async (_, body, headers) => {
    const { cli, url } = await listen(['--count', '1']);
    await post(url, body, headers);
    const result = await cli.exited;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/POST \/ {2}unknown {2}/);
    expect(result.stdout).not.toContain('invalid');
    expect(result.stdout).toContain(headers['content-type']);
    expect(result.stderr).toContain('1 request: 0 valid, 0 invalid, 1 unknown');
  });

  it('shows an unknown JSON body with its event header and top-level keys in one short line', async () => {
    const { cli, url } = await listen(['--count', '1']);
    await post(url, ...(UNKNOWN_BODIES[0]?.slice(1) as [string, Record<string, string>]));
    const line = (await cli.exited).stdout.trimEnd();
    expect(line).toMatch(/unknown {2}json, x-acme-event: ping, application\/json, keys zen, hook_id {2}\d+ B {2}identity {2}→ 200$/);
    expect(line.length).toBeLessThan(160);
  });

  it.each(UNKNOWN_BODIES)('--strict: an unknown %s body fails --count 1', async (_, body, headers) => {
    const { cli, url } = await listen(['--count', '1', '--strict']);
    await post(url, body, headers);
    const result = await cli.exited;
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/unknown {2}invalid \$ no known kind claims it \(/);
    expect(result.stderr).toContain('1 request: 0 valid, 1 invalid');
  });

  it('--json: the request object carries the shape and the summary counts it unknown', async () => {
    const { cli, url } = await listen(['--count', '1', '--json']);
    await post(url, 'a=1&b=2', { 'content-type': 'application/x-www-form-urlencoded' });
    const objects = (await cli.exited).stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(objects[1]).toMatchObject({ type: 'request', kind: null, valid: false, event: null, shape: { body: 'form', keys: ['a', 'b'] } });
    expect(objects[1]).not.toHaveProperty('form');
    expect(objects[2]).toMatchObject({ type: 'summary', unknown: 1, invalid: 0, exitCode: 0 });
  });
});

describe('whk travis-ci end to end (real binaries)', () => {
  it('send signs with the key file, listen verifies with the public key whk travis-key prints; the capture keeps the form', async () => {
    const key = file('travis.pem');
    const printed = await runCli(['travis-key', key]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
    const publicKey = file('travis.pub');
    await writeFile(publicKey, printed.stdout);
    const save = file('capture.ndjson');
    const { cli, url } = await listen(['--count', '1', '--travis-public-key', publicKey, '--save', save]);
    const sent = await runCli(['send', 'travis-ci', '--url', `${url}/travis`, '--travis-key', key, '--event', 'failed', '--seed', '4']);
    expect(sent.code).toBe(0);
    const result = await cli.exited;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/POST \/travis {2}travis-ci \(failed\) {2}valid .* signature valid/);
    const [record] = await readCaptures(save);
    expect(record).toMatchObject({ kind: 'travis-ci', event: 'failed', valid: true, form: { json: 'payload' }, signature: { scheme: 'travis', verdict: 'valid' } });
    expect(record?.form?.fields.map(([name]) => name)).toEqual(['payload']);
    // whk validate reads the record: the JSON inside the form, of its event.
    const validated = await runCli(['validate', save]);
    expect(validated.code).toBe(0);
    expect(validated.stderr).toContain('1 valid, 0 invalid · travis-ci ×1');
  });

  it('a delivery signed with another key is invalid at listen', async () => {
    expect((await runCli(['travis-key', file('listen.pem')])).code).toBe(0);
    // listen reads the public half of a private key file as well.
    const { cli, url } = await listen(['--count', '1', '--travis-public-key', file('listen.pem')]);
    const sent = await runCli(['send', 'travis-ci', '--url', url, '--travis-key', file('other.pem')]);
    expect(sent.code).toBe(0);
    const result = await cli.exited;
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('signature invalid');
  });

  it('travis-key: --json gives the file and its public key; the file is said when created; - and a missing directory are refused', async () => {
    const key = file('json.pem');
    const created = await runCli(['travis-key', key, '--json']);
    expect(created.code, created.stderr).toBe(0);
    const { publicKey, ...rest } = JSON.parse(created.stdout) as { file: string; created: boolean; publicKey: string };
    expect(rest).toEqual({ file: key, created: true });
    expect(publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
    expect(created.stderr).toBe(`created '${key}': a new RSA private key (mode 0600)\n`);
    const again = await runCli(['travis-key', key]);
    expect([again.stdout, again.stderr]).toEqual([publicKey, '']);
    const dash = await runCli(['travis-key', '-']);
    expect([dash.code, dash.stderr.split('\n')[0]]).toEqual([2, "error: the key file '-': the key is kept in a file, and '-' names none"]);
    const nowhere = join(file('no-such-dir'), 'k.pem');
    const missing = await runCli(['travis-key', nowhere]);
    expect([missing.code, missing.stderr]).toEqual([2, `error: cannot create the key file '${nowhere}': its directory ${file('no-such-dir')} does not exist\n`]);
  });

  it('a file or secret that holds no RSA key is exit 2 with a plain line, before anything is sent or listened for', async () => {
    const notKey = file('notakey.pem');
    await writeFile(notKey, 'notakey\n');
    const printed = await runCli(['travis-key', notKey]);
    const sent = await runCli(['send', 'travis-ci', '--url', 'http://127.0.0.1:1', '--travis-key', notKey, '--dry-run']);
    for (const [result, name] of [[printed, 'the key file'], [sent, '--travis-key']] as const) {
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toBe(`error: ${name} '${notKey}' holds no RSA private key in PEM\n  give the key file whk made, or a path that does not exist yet (whk creates a new key there)\n`);
    }
    const publicKey = await runCli(['listen', '--port', '0', '--travis-public-key', notKey]);
    expect(publicKey).toMatchObject({ code: 2, stdout: '' });
    expect(publicKey.stderr).toMatch(/^error: --travis-public-key '.*notakey\.pem' holds no RSA key in PEM\n  give the public key Travis serves at \/config/);
    expect(publicKey.stderr).not.toMatch(/DECODER|routines/);
    // A secret given for --verify travis is the public key: checked as the listener starts.
    const secret = await runCli(['listen', '--port', '0', '--timeout', '1s', '--verify', 'travis', '--secret', 's']);
    expect(secret).toMatchObject({ code: 2, stdout: '' });
    expect(secret.stderr).toMatch(/^error: the secret for travis is not an RSA key in PEM\n  give the public key Travis serves at \/config .*\n$/);
  });
});
