// `whk sign` and `whk verify`: the owners' published vectors come out of sign, the owners' libraries
// accept what sign prints and make what verify accepts (never whk's signer checked by whk's
// verifier), verify says why a signature fails and exits 1, capture records verify as of their
// arrival, and the secret never appears in any output.
// The binary (runCli) runs a witness of each way: sign of a file, sign of stdin, sign --json with
// --secret-env, verify of a file, verify --capture, and each run that reads a secret from its
// environment (a secret ending in a newline, a variable set empty). The other command lines, what
// varies within one of those ways (schemes, secrets, headers, records, refusals), run through
// main(), the binary's own path, in this process (runMain).
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sign as octokitSign } from '@octokit/webhooks-methods';
import Stripe from 'stripe';
import twilio from 'twilio';
import { Webhook as SvixWebhook } from 'svix';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { verify as octokitVerifyWithSha1 } from 'octokit-webhooks-methods-3';
import { describe, expect, it } from 'vitest';
import { captureRecord } from '../helpers/capture.js';
import { runCli } from '../helpers/cli.js';
import { runMain } from '../helpers/main.js';
import { respelledReason, respelledVectors } from '../helpers/respelled-vectors.js';

const createHmacHex = (secret: string, text: string): string => createHmac('sha256', secret).update(text).digest('hex');
const dir = mkdtempSync(join(tmpdir(), 'whk-sign-'));
const lower = (headers: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

// docs.github.com, "Validating webhook deliveries".
const GITHUB_SECRET = "It's a Secret to Everybody";
const GITHUB_SIGNATURE = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';

const SIGNS_TIME = new Set(['stripe', 'standard-webhooks', 'svix', 'slack', 'grafana', 'grafana-incident']);

describe('whk sign', () => {
  it("prints GitHub's documented signature for its documented example", async () => {
    const result = await runCli(['sign', 'github', '--secret', GITHUB_SECRET, file('hello.txt', 'Hello, World!')]);
    expect(result.code, result.stderr).toBe(0);
    // Then the SHA-1 header GitHub also sends (no published vector: checked with octokit 3).
    const [sha256, sha1, ...rest] = result.stdout.split('\n');
    expect(sha256).toBe(`X-Hub-Signature-256: ${GITHUB_SIGNATURE}`);
    expect(rest).toEqual(['']);
    expect(await octokitVerifyWithSha1(GITHUB_SECRET, 'Hello, World!', sha1?.replace(/^X-Hub-Signature: /, '') ?? '')).toBe(true);
  });

  it("prints the Standard Webhooks reference libraries' vector, reading the body from stdin", async () => {
    const result = await runCli(
      ['sign', 'standard-webhooks', '--secret', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '--timestamp', '1614265330', '--id', 'msg_p5jXN8AQM9LWM0D4loKWxJek', '-'],
      { input: '{"test": 2432232314}' },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      'webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek\nwebhook-timestamp: 1614265330\nwebhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=\n',
    );
  });

  it('signs for Stripe so that stripe.webhooks.constructEvent accepts it', async () => {
    const secret = 'whsec_e2e_secret';
    const body = '{"id":"evt_1","type":"charge.succeeded"}';
    const result = await runCli(['sign', 'stripe', '--secret-env', 'STRIPE_SECRET', '--json', '-'], { input: body, env: { STRIPE_SECRET: secret } });
    expect(result.code, result.stderr).toBe(0);
    const { headers } = JSON.parse(result.stdout) as { headers: Record<string, string> };
    expect(new Stripe('sk_test_not_used').webhooks.constructEvent(body, headers['Stripe-Signature'] ?? '', secret)).toEqual(JSON.parse(body));
  });

  it('twilio --shared-key: both headers, which twilio-node takes as a SharedKey signature; verify on them says valid', async () => {
    const body = '{"CallSid":"CA1234567890ABCDE"}';
    const result = await runMain(['sign', 'twilio', '--secret', 'sharedkey-secret', '--url', 'https://example.com/sms', '--shared-key', 'webhooks_sharedkey_01', '--json', '-'], { input: body });
    expect(result.code, result.stderr).toBe(0);
    const { headers, url } = JSON.parse(result.stdout) as { headers: Record<string, string>; url: string };
    const settings = headers['X-Twilio-Webhooks-Signature-Settings'] ?? '';
    expect(settings).toBe('key=webhooks_sharedkey_01,algorithm=HMAC_SHA256');
    expect(twilio.validateRequestWithBody('sharedkey-secret', headers['X-Twilio-Signature'] ?? '', url, body, twilio.getSignatureAlgorithm(settings))).toBe(true);
    // The round trip, a second check: verify reads the hash from the settings header sign printed.
    const lines = Object.entries(headers).flatMap(([name, value]) => ['--header', `${name}: ${value}`]);
    const verified = await runMain(['verify', 'twilio', '--secret', 'sharedkey-secret', '--url', url, ...lines, '-'], { input: body });
    expect(verified).toMatchObject({ code: 0, stdout: 'valid: signature matches (twilio, x-twilio-signature)\n' });
  });

  it('masks a header that is the secret itself (GitLab token) and never prints a secret', async () => {
    const result = await runMain(['sign', 'gitlab', '--secret', 'glpat-very-secret-token', '-'], { input: '{}' });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('X-Gitlab-Token: ********\n');
    expect(result.stdout + result.stderr).not.toContain('very-secret');
  });

  it("a secret ending with a newline (a file read into a variable keeps one) is signed with it, as octokit does, and sign and verify say so", async () => {
    const hello = file('hello-newline.txt', 'Hello, World!');
    const env = { WHK_SECRET_NEWLINE: `${GITHUB_SECRET}\n` };
    const warning = "warning: the secret in WHK_SECRET_NEWLINE ends with a newline: it is part of the key (the senders' libraries take the secret byte for byte), so a signature made with the secret without it does not match\n";
    const signed = await runCli(['sign', 'github', '--secret-env', 'WHK_SECRET_NEWLINE', hello], { env });
    expect([signed.code, signed.stdout.split('\n')[0], signed.stderr]).toEqual([0, `X-Hub-Signature-256: ${await octokitSign(`${GITHUB_SECRET}\n`, 'Hello, World!')}`, warning]);
    const checked = await runCli(['verify', 'github', '--secret-env', 'WHK_SECRET_NEWLINE', '--header', `X-Hub-Signature-256: ${GITHUB_SIGNATURE}`, hello], { env });
    expect([checked.code, checked.stdout, checked.stderr]).toEqual([1, 'invalid: signature does not match: wrong secret or changed body (github, x-hub-signature-256)\n', warning]);
    const spaced = await runMain(['sign', 'github', '--secret', `${GITHUB_SECRET} `, hello]);
    expect(spaced.stderr).toContain('warning: --secret ends with a space: it is part of the key');
    const plain = await runMain(['sign', 'github', '--secret', GITHUB_SECRET, hello]);
    expect([plain.code, plain.stderr]).toEqual([0, '']);
  });

  it('refuses --url and --content-type where the scheme signs neither (they were dropped without a word), and takes them where it does', async () => {
    const url = await runMain(['sign', 'github', '--secret', 's', '--url', 'https://example.com/hooks', '-'], { input: '{}' });
    expect([url.code, url.stdout, url.stderr]).toEqual([2, '', 'error: --url cannot be used with the github scheme: it signs no URL\n  the schemes that sign one: twilio, and hmac with {url} in --content\n']);
    const type = await runMain(['verify', 'stripe', '--secret', 's', '--content-type', 'text/plain', '--header', 'Stripe-Signature: t=1,v1=00', '-'], { input: '{}' });
    expect([type.code, type.stdout, type.stderr]).toEqual([2, '', "error: --content-type cannot be used with the stripe scheme: it signs the body's bytes whatever their type\n  twilio reads it: it signs a form post's parameters\n"]);
    const hmacWithout = await runMain(['verify', 'hmac', '--secret', 's', '--url', 'https://example.com/hooks', '-'], { input: '{}' });
    expect([hmacWithout.code, hmacWithout.stderr]).toEqual([2, 'error: --url cannot be used with the hmac scheme: it signs no URL\n  it signs one with {url} in --content\n']);
    const hmacWith = await runMain(['sign', 'hmac', '--secret', 's', '--content', '{url}.{body}', '--url', 'https://example.com/hooks', '-'], { input: '{}' });
    expect([hmacWith.code, hmacWith.stdout]).toEqual([0, `X-Signature: ${createHmacHex('s', 'https://example.com/hooks.{}')}\n`]);
  });

  it('refuses an unknown scheme, and a missing secret, with exit 2', async () => {
    const unknown = await runMain(['sign', 'paypal', '--secret', 's', '-'], { input: '{}' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown signature scheme 'paypal'");
    const noSecret = await runMain(['sign', 'github', '-'], { input: '{}' });
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toContain('a secret is needed');
    const unset = await runMain(['sign', 'github', '--secret-env', 'WHK_NOT_SET_ANYWHERE', '-'], { input: '{}' });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('WHK_NOT_SET_ANYWHERE is not set');
    // Set to nothing, it was said to be unset.
    const empty = await runCli(['sign', 'github', '--secret-env', 'WHK_SET_EMPTY', '-'], { input: '{}', env: { WHK_SET_EMPTY: '' } });
    expect([empty.code, empty.stderr]).toEqual([2, 'error: the environment variable WHK_SET_EMPTY is empty\n  --secret-env names a variable holding the secret\n']);
  });

  // 13 digits, milliseconds by mistake: the headers were made, and no receiver's clock would ever be near them.
  it('sign refuses a --timestamp from 10^12 (milliseconds by mistake), exit 2 with the seconds it meant', async () => {
    const ms = await runMain(['sign', 'slack', '--secret', 's', '--timestamp', '1764504000000', '-'], { input: '{}' });
    expect([ms.code, ms.stdout, ms.stderr]).toEqual([2, '', 'error: --timestamp 1764504000000 is past the year 33000: it looks like milliseconds; schemes sign Unix seconds\n  in seconds: 1764504000\n']);
    const seconds = await runMain(['sign', 'slack', '--secret', 's', '--timestamp', '999999999999', '-'], { input: '{}' });
    expect([seconds.code, seconds.stdout.split('\n')[0]]).toEqual([0, 'X-Slack-Request-Timestamp: 999999999999']);
  });

  it('hmac: a content template that signs {timestamp} or {id} without its header named says which option names it', async () => {
    const timestamp = await runMain(['sign', 'hmac', '--secret', 'k', '--content', '{timestamp}.{body}', '-'], { input: '{}' });
    expect([timestamp.code, timestamp.stderr]).toEqual([2, 'error: the signed content has {timestamp}, so the header carrying the timestamp must be named\n  name it with --timestamp-header, e.g. --timestamp-header X-Timestamp\n']);
    const id = await runMain(['sign', 'hmac', '--secret', 'k', '--content', '{id}.{body}', '-'], { input: '{}' });
    expect([id.code, id.stderr]).toEqual([2, 'error: the signed content has {id}, so the header carrying the id must be named\n  name it with --id-header, e.g. --id-header X-Webhook-Id\n']);
  });

  it('travis: a secret that is no RSA key is exit 2 with a plain line, for sign and verify alike (whatever the headers)', async () => {
    const body = file('travis-form.txt', 'payload=%7B%7D');
    const signed = await runMain(['sign', 'travis', '--secret', 'notakey', body]);
    const verified = await runMain(['verify', 'travis', '--secret', 'notakey', '--header', 'Signature: abc', body]);
    const unsigned = await runMain(['verify', 'travis', '--secret', 'notakey', body]);
    expect(signed).toMatchObject({ code: 2, stdout: '' });
    expect(signed.stderr).toMatch(/^error: the secret for travis is not an RSA private key in PEM\n  Travis signs with an RSA private key: whk travis-key FILE creates one in FILE, then give --secret "\$\(cat FILE\)"\n$/);
    for (const result of [verified, unsigned]) {
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toMatch(/^error: the secret for travis is not an RSA key in PEM\n  give the public key Travis serves at \/config .*--secret "\$\(cat travis\.pub\)"/);
    }
  });
});

describe('whk verify', () => {
  const hello = file('hello-v.txt', 'Hello, World!');

  it('exits 0 with the right secret, and 1 saying the signature does not match with the wrong one', async () => {
    const right = await runCli(['verify', 'github', '--secret', GITHUB_SECRET, '--header', `X-Hub-Signature-256: ${GITHUB_SIGNATURE}`, hello]);
    expect(right.code, right.stderr).toBe(0);
    expect(right.stdout).toBe('valid: signature matches (github, x-hub-signature-256)\n');
    const wrong = await runMain(['verify', 'github', '--secret', 'not the secret', '--header', `X-Hub-Signature-256: ${GITHUB_SIGNATURE}`, hello]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe('invalid: signature does not match: wrong secret or changed body (github, x-hub-signature-256)\n');
    expect(wrong.stdout + wrong.stderr).not.toContain('not the secret');
  });

  it("checks Slack's documented example as of its time, and calls it expired now", async () => {
    // docs.slack.dev, "Verifying requests from Slack".
    const body = file(
      'slack.txt',
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
    );
    const args = [
      'verify', 'slack', '--secret', '8f742231b10e8888abcd99yyyzzz85a5',
      '--header', 'X-Slack-Request-Timestamp: 1531420618',
      '--header', 'X-Slack-Signature: v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
      body,
    ];
    const then = await runMain([...args, '--now', '1531420700']);
    expect(then.code, then.stderr).toBe(0);
    const now = await runMain([...args, '--json']);
    expect(now.code).toBe(1);
    const verdict = JSON.parse(now.stdout) as { verdict: string; reason: string; timestamp: number };
    expect(verdict).toMatchObject({ verdict: 'expired', timestamp: 1531420618 });
    expect(verdict.reason).toMatch(/^clock skew of \d+ s \(signed \d+ s ago; tolerance 300 s\)$/);
  });

  it('says the header is malformed, and exits 1', async () => {
    const result = await runMain(['verify', 'stripe', '--secret', 'whsec_x', '--header', 'Stripe-Signature: v1=abc', hello]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("invalid: header malformed: no t=<timestamp> in 'v1=abc'");
  });

  // Both directions against Svix's own npm library, never whk's signer checked by whk's verifier.
  it('svix: the library verifies what whk sign prints; whk verify accepts what the library signs, and refuses a changed body', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"hello":"world"}';
    const bodyFile = file('svix.json', body);
    const changedFile = file('svix-changed.json', '{"hello":"World"}');
    const signed = await runMain(['sign', 'svix', '--secret', secret, '--json', bodyFile]);
    expect(signed.code, signed.stderr).toBe(0);
    const { headers: whkHeaders } = JSON.parse(signed.stdout) as { headers: Record<string, string> };
    expect(new SvixWebhook(secret).verify(body, lower(whkHeaders))).toEqual({ hello: 'world' });
    expect(() => new SvixWebhook(secret).verify('{"hello":"World"}', lower(whkHeaders))).toThrow();

    const id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
    const at = 1_764_504_000;
    const theirs = ['--header', `svix-id: ${id}`, '--header', `svix-timestamp: ${at}`, '--header', `svix-signature: ${new SvixWebhook(secret).sign(id, new Date(at * 1000), body)}`];
    const verified = await runMain(['verify', 'svix', '--secret', secret, ...theirs, '--now', String(at + 5), bodyFile]);
    expect(verified.code, verified.stdout).toBe(0);
    const changed = await runMain(['verify', 'svix', '--secret', secret, ...theirs, '--now', String(at + 5), changedFile]);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain('signature does not match');
  });

  it('verifies a capture record as of when it arrived, by --index', async () => {
    const unsigned = captureRecord({ n: 1 });
    const signedBody = JSON.stringify({ n: 2 });
    // Signed by GitHub's own @octokit/webhooks-methods, not by whk.
    const signature = await octokitSign(GITHUB_SECRET, signedBody);
    const signed = captureRecord({ n: 2 }, { headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature } });
    const capture = file('capture.ndjson', `${JSON.stringify(unsigned)}\n${JSON.stringify(signed)}\n`);
    const second = await runCli(['verify', 'github', '--secret', GITHUB_SECRET, '--capture', capture, '--index', '2']);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    const first = await runMain(['verify', 'github', '--secret', GITHUB_SECRET, '--capture', capture, '--index', '1']);
    expect(first.code).toBe(1);
    expect(first.stdout).toBe('missing: no X-Hub-Signature-256 header (github, x-hub-signature-256)\n');
    const both = await runMain(['verify', 'github', '--secret', 's', '--capture', capture, hello]);
    expect(both.code).toBe(2);
    // Two records and no --index: which one is meant is asked, as map and kind from-capture ask it.
    const unpicked = await runMain(['verify', 'github', '--secret', GITHUB_SECRET, '--capture', capture]);
    expect(unpicked).toMatchObject({ code: 2, stdout: '' });
    expect(unpicked.stderr).toBe(`error: '${capture}' holds 2 records: pick one with --index N\n  1: POST /hook unknown; 2: POST /hook unknown\n`);
  });

  it('a record whose body went over --max-body is exit 2 saying so, not a signature that does not match', async () => {
    const whole = JSON.stringify({ n: 3, pad: 'x'.repeat(500) });
    const signature = await octokitSign(GITHUB_SECRET, whole);
    const kept = whole.slice(0, 200);
    const cut = captureRecord(null, { bodyBase64: Buffer.from(kept).toString('base64'), truncated: true, size: whole.length, status: 413, headers: { 'x-hub-signature-256': signature } });
    const capture = file('cut.ndjson', `${JSON.stringify(cut)}\n`);
    const result = await runMain(['verify', 'github', '--secret', GITHUB_SECRET, '--capture', capture]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe(`error: record 1 of '${capture}' holds only the first 200 of ${whole.length} bytes of its body: its signature cannot be checked\n  the body went over whk listen --max-body; listen with a larger one to keep whole bodies\n`);
  });

  it('a record whose receivedAt is no date is exit 2 saying so (it said "expired: clock skew of NaN s"); with --now it is checked; a scheme that signs no time never reads it', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = JSON.stringify({ n: 4 });
    const signedAt = 1800000000;
    // Signed by the scheme owner's own library.
    const signature = new StandardWebhook(secret).sign('msg_undated', new Date(signedAt * 1000), body);
    const headers = { 'content-type': 'application/json', 'webhook-id': 'msg_undated', 'webhook-timestamp': String(signedAt), 'webhook-signature': signature };
    const capture = file('undated.ndjson', `${JSON.stringify({ ...captureRecord({ n: 4 }, { headers }), receivedAt: 'yesterday' })}\n`);
    const result = await runMain(['verify', 'standard-webhooks', '--secret', secret, '--capture', capture]);
    expect([result.code, result.stdout, result.stderr]).toEqual([2, '', `error: record 1 of '${capture}' has receivedAt "yesterday", not a date: a signature's age is checked against when its request arrived\n  give --now (epoch seconds) to check it against another time\n`]);
    const dated = await runMain(['verify', 'standard-webhooks', '--secret', secret, '--capture', capture, '--now', String(signedAt + 5), '--json']);
    expect(dated.code, dated.stdout + dated.stderr).toBe(0);
    // --json's object, as the README gives it: id and timestamp where the scheme signs them.
    expect(JSON.parse(dated.stdout)).toEqual({ scheme: 'standard-webhooks', verdict: 'valid', reason: 'signature matches', header: 'webhook-signature', id: 'msg_undated', timestamp: signedAt });
    // GitHub signs no time: the record's date is never read, and --now is refused as meaningless there.
    const github = { ...captureRecord({ n: 4 }, { headers: { 'content-type': 'application/json', 'x-hub-signature-256': await octokitSign(GITHUB_SECRET, body) } }), receivedAt: 'yesterday' };
    const undated = file('undated-github.ndjson', `${JSON.stringify(github)}\n`);
    const checked = await runMain(['verify', 'github', '--secret', GITHUB_SECRET, '--capture', undated, '--json']);
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    expect(JSON.parse(checked.stdout)).toEqual({ scheme: 'github', verdict: 'valid', reason: 'signature matches', header: 'x-hub-signature-256' });
    const withNow = await runMain(['verify', 'github', '--secret', GITHUB_SECRET, '--capture', undated, '--now', '1800000000']);
    expect([withNow.code, withNow.stderr.split('\n')[0]]).toEqual([2, 'error: --now cannot be used with the github scheme: it signs no timestamp']);
    const withTolerance = await runMain(['verify', 'github', '--secret', GITHUB_SECRET, '--capture', undated, '--tolerance', '10m']);
    expect([withTolerance.code, withTolerance.stderr.split('\n')[0]]).toEqual([2, 'error: --tolerance cannot be used with the github scheme: it signs no timestamp']);
  });

  it("the owners' signatures written otherwise (upper-case hex, base64 without its padding) are invalid, saying so; as sent, valid", async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const vector of respelledVectors(now)) {
      const body = file(`respelled-${vector.scheme}.txt`, vector.body);
      const args = (headers: Record<string, string>) => [
        'verify', vector.scheme, '--secret', vector.secret,
        // --now only where the scheme signs a time (elsewhere it is refused, as it would check nothing).
        ...(SIGNS_TIME.has(vector.scheme) ? ['--now', String(vector.signedAt)] : []),
        ...Object.entries(headers).flatMap(([name, value]) => ['--header', `${name}: ${value}`]),
        ...(vector.url === undefined ? [] : ['--url', vector.url]),
        ...(vector.contentType === undefined ? [] : ['--content-type', vector.contentType]),
        body,
      ];
      const asSent = await runMain(args(vector.headers));
      const respelled = await runMain([...args(vector.respelled), '--json']);
      expect([vector.scheme, asSent.code, asSent.stdout.split(':')[0]]).toEqual([vector.scheme, 0, 'valid']);
      expect([vector.scheme, respelled.code, JSON.parse(respelled.stdout)]).toEqual([vector.scheme, 1, expect.objectContaining({ verdict: 'invalid', reason: respelledReason(vector.how) })]);
    }
  });

  it("refuses hmac's --timestamp-header without {timestamp} in --content, and --id-header without {id}, in sign, verify and listen (nothing would sign or check them); grafana's signs the timestamp", async () => {
    const body = file('hmac-unsigned.json', '{"hello":"world"}');
    const signature = `X-Signature: ${createHmacHex('s', '{"hello":"world"}')}`;
    const timestampHint = "error: --timestamp-header X-T is named, but the default --content '{body}' has no {timestamp}: the header would be neither signed nor checked\n  to sign it, put {timestamp} in the content, e.g. --content '{timestamp}.{body}'\n";
    const runs = [
      ['sign', 'hmac', '--secret', 's', '--timestamp-header', 'X-T', body],
      ['verify', 'hmac', '--secret', 's', '--timestamp-header', 'X-T', '--header', signature, '--header', 'X-T: 1000', body],
      ['listen', '--port', '0', '--timeout', '5s', '--verify', 'hmac', '--secret', 's', '--timestamp-header', 'X-T'],
    ];
    for (const args of runs) expect(await runMain(args)).toMatchObject({ code: 2, stdout: '', stderr: timestampHint });
    const id = await runMain(['verify', 'hmac', '--secret', 's', '--id-header', 'X-I', '--content', '{timestamp}.{body}', '--timestamp-header', 'X-T', '--header', signature, body]);
    expect(id).toMatchObject({ code: 2, stdout: '' });
    expect(id.stderr).toBe("error: --id-header X-I is named, but --content '{timestamp}.{body}' has no {id}: the header would be neither signed nor checked\n  to sign it, put {id} in the content, e.g. --content '{id}.{timestamp}.{body}'\n");
    // With the placeholder, the header is signed; grafana signs the timestamp its header names.
    const signed = await runMain(['sign', 'hmac', '--secret', 's', '--timestamp-header', 'X-T', '--content', '{timestamp}.{body}', '--timestamp', '1000', body]);
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.stdout).toContain('X-T: 1000\n');
    const grafana = await runMain(['sign', 'grafana', '--secret', 's', '--timestamp-header', 'X-T', '--timestamp', '1000', body]);
    expect(grafana.stdout).toBe(`X-T: 1000\nX-Grafana-Alerting-Signature: ${createHmacHex('s', '1000:{"hello":"world"}')}\n`);
  });
});

