// `whk listen --verify` and `whk send --sign` through the real binary: what the owners' libraries
// sign is valid; a changed body invalid, an old timestamp expired, the same signed message again replayed; --reject
// answers 401 to each of those; what `whk send --sign` puts on the wire passes.
// Each `whk listen` that hears requests runs as its own process (startCli); the binary also runs a
// witness of each way of the commands run beside it: send --sign to a listener, send --dry-run making
// a key, verify --capture, a listen refused as it starts. The other command lines (samples, sends,
// signs and verifies that differ in scheme or data, the other refusals) run through main(), the
// binary's own path, in this process (runMain).
import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import twilio from 'twilio';
import { stat, writeFile } from 'node:fs/promises';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { readCaptures } from '../helpers/capture.js';
import { expectUsageLine, listenHarness, runCli } from '../helpers/cli.js';
import { runMain } from '../helpers/main.js';
import { post } from '../helpers/http.js';
import { respelledReason, respelledVectors } from '../helpers/respelled-vectors.js';

const { file, listen } = listenHarness();
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const BODY = '{"type":"user.created","data":{"id":"u_1"}}';

const postJson = (url: string, body: string, headers: Record<string, string>): Promise<number> => post(url, body, { 'content-type': 'application/json', ...headers });

describe('whk listen --verify (real binary)', () => {
  it('valid, replayed, invalid, expired and missing, each answered 401 with --reject but the valid ones', async () => {
    const save = file('signed.ndjson');
    const { cli, url } = await listen(['--verify', 'standard-webhooks', '--secret', SECRET, '--reject', '--count', '6', '--save', save]);
    const sender = new Webhook(SECRET);
    const signed = (id: string, at: Date, body = BODY) => ({ 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': sender.sign(id, at, body) });

    const first = signed('msg_1', new Date());
    expect(await postJson(url, BODY, first)).toBe(200);
    // An at-least-once re-delivery: same id, a new timestamp and signature, as the sender signs each attempt.
    expect(await postJson(url, BODY, signed('msg_1', new Date(Date.now() + 2000)))).toBe(200);
    // A replay: the first request's very headers again.
    expect(await postJson(url, BODY, first)).toBe(401);
    expect(await postJson(url, BODY.replace('u_1', 'u_2'), signed('msg_2', new Date()))).toBe(401);
    expect(await postJson(url, BODY, signed('msg_3', new Date(Date.now() - 3_600_000)))).toBe(401);
    expect(await postJson(url, BODY, {})).toBe(401);

    const result = await cli.exited;
    expect(result.code).toBe(1);
    const saved = await readCaptures(save);
    expect(saved.map((r) => [r.signature?.verdict, r.status])).toEqual([
      ['valid', 200],
      ['valid', 200],
      ['replayed', 401],
      ['invalid', 401],
      ['expired', 401],
      ['missing', 401],
    ]);
    // The README's claim: a re-delivery's new timestamp and signature do not hide it from duplicate
    // detection, which looks at the body (and the id), never at the signature bytes. After a 2xx it
    // is a duplicate; once the last answer to that body was a 401, a retry of the first.
    expect(saved.map((r) => [r.duplicateOf, r.duplicateBy, r.retryOf])).toEqual([
      [null, null, null],
      [saved[0]?.seq, 'body', null],
      [saved[0]?.seq, 'body', null],
      [null, null, null],
      [null, null, saved[0]?.seq],
      [null, null, saved[0]?.seq],
    ]);
    expect(result.stderr).toContain('signatures: 2 valid, 1 invalid, 1 expired, 1 replayed, 1 missing');
    // Signed an hour before it was sent: at least 3600 s of skew by the time it is checked.
    expect(Number(/clock skew of (\d+) s/.exec(result.stdout)?.[1])).toBeGreaterThanOrEqual(3600);
  });

  it('without a secret, requests that came signed are counted as not checked: the kind\'s own header, or any scheme\'s for a body of no kind', async () => {
    const { cli, url } = await listen(['--count', '4']);
    const github = (await runMain(['sample', 'github', '--seed', '3', '--compact'])).stdout.trim();
    const signature = `sha256=${'0'.repeat(64)}`;
    expect(await postJson(url, github, { 'x-github-event': 'push', 'x-hub-signature-256': signature })).toBe(200);
    expect(await postJson(url, github, { 'x-github-event': 'push' })).toBe(200);
    // A body of no kind signed by Standard Webhooks, and one that names a scheme of no kind's: counted by its header.
    const sender = new Webhook(SECRET);
    const now = new Date();
    expect(await postJson(url, BODY, { 'webhook-id': 'msg_9', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': sender.sign('msg_9', now, BODY) })).toBe(200);
    // metric-alert's sender signs nothing: a header of another scheme beside it is not its signature.
    const alert = (await runMain(['sample', 'metric-alert', '--seed', '3', '--compact'])).stdout.trim();
    expect(await postJson(url, alert, { 'x-hub-signature-256': signature })).toBe(200);
    const result = await cli.exited;
    expect(result.stderr).toContain('  signatures: 2 came signed, not checked (--secret checks them)\n');
    expect(result.stderr).not.toMatch(/signatures: \d+ valid/);
  });

  it('takes one secret per scheme: a Stripe delivery signed by the stripe library and a GitHub one from whk send --sign', async () => {
    const save = file('two.ndjson');
    const { cli, url } = await listen(['--verify', 'stripe', '--secret', 'whsec_stripe', '--verify', 'github', '--secret', 'gh-secret', '--count', '2', '--save', save]);
    // A body of a known kind, so the session's exit code speaks of the signatures alone.
    const body = (await runMain(['sample', 'hertzbeat-alarm', '--seed', '2', '--compact'])).stdout.trim();
    const header = new Stripe('sk_test_not_used').webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_stripe' });
    expect(await postJson(url, body, { 'stripe-signature': header })).toBe(200);
    const sent = await runCli(['send', 'hertzbeat-alarm', '--url', `${url}/gh`, '--sign', 'github', '--secret', 'gh-secret', '--seed', '3']);
    expect(sent.code, sent.stderr).toBe(0);
    expect((await cli.exited).code).toBe(0);
    expect((await readCaptures(save)).map((r) => [r.signature?.scheme, r.signature?.verdict])).toEqual([
      ['stripe', 'valid'],
      ['github', 'valid'],
    ]);
  });

  it("--sign names the scheme for every kind, travis-ci's too: its secret is --secret, never the --travis-key PEM", async () => {
    const key = file('send-sign.pem');
    expect((await runMain(['travis-key', key])).code).toBe(0);
    for (const args of [['send', 'travis-ci'], ['send', 'all', '--travis-key', key]]) {
      const dry = await runMain([...args, '--url', 'http://127.0.0.1:9/h', '--sign', 'github', '--secret', 'gh-secret', '--seed', '6', '--dry-run', '--json']);
      expect(dry.code, dry.stderr).toBe(0);
      const requests = dry.stdout.trim().split('\n').map((line) => JSON.parse(line) as { headers: Record<string, string>; body: string });
      const travis = requests.find((request) => request.headers['User-Agent'] === 'Travis CI Notifications');
      expect(await octokitVerify('gh-secret', travis?.body ?? '', travis?.headers['X-Hub-Signature-256'] ?? '')).toBe(true);
    }
    const keyElsewhere = await runMain(['send', 'metric-alert', '--url', 'http://127.0.0.1:9/h', '--travis-key', key, '--dry-run']);
    expect([keyElsewhere.code, keyElsewhere.stderr]).toEqual([2, "error: --travis-key applies to Travis CI's scheme only\n  send travis-ci, or sign with --sign travis\n"]);
  });

  // A private key was written with nothing said, where whk travis-key says it.
  it('send --travis-key FILE makes a missing key (mode 0600) with --dry-run too, and says so once on stderr', async () => {
    const key = file('made-by-send.pem');
    const args = ['send', 'travis-ci', '--url', 'http://127.0.0.1:9/h', '--travis-key', key, '--seed', '1', '--dry-run'];
    const made = await runCli(args);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toBe(`created '${key}': a new RSA private key (mode 0600)\n`);
    expect(made.stdout).toMatch(/^Signature: /m);
    expect((await stat(key)).mode & 0o777).toBe(0o600);
    // Through main(): the same bytes as the binary printed, the key now there and said nothing of.
    const again = await runMain(args);
    expect([again.code, again.stderr, again.stdout]).toEqual([0, '', made.stdout]);
  });

  it('send --sign twilio --shared-key: twilio-node accepts the request as a SharedKey one, and listen --verify twilio calls it valid', async () => {
    const sharedKey = ['--sign', 'twilio', '--secret', 'key-secret', '--shared-key', 'webhooks_sharedkey_01', '--seed', '5'];
    const dry = await runMain(['send', 'metric-alert', '--url', 'http://127.0.0.1:9/sms', ...sharedKey, '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const request = JSON.parse(dry.stdout.trim()) as { url: string; headers: Record<string, string>; body: string };
    const settings = request.headers['X-Twilio-Webhooks-Signature-Settings'];
    expect(settings).toBe('key=webhooks_sharedkey_01,algorithm=HMAC_SHA256');
    expect(twilio.validateRequestWithBody('key-secret', request.headers['X-Twilio-Signature'] ?? '', request.url, request.body, twilio.getSignatureAlgorithm(settings))).toBe(true);

    const save = file('twilio-shared-key.ndjson');
    const { cli, url } = await listen(['--verify', 'twilio', '--secret', 'key-secret', '--count', '1', '--save', save]);
    const sent = await runMain(['send', 'metric-alert', '--url', `${url}/sms`, ...sharedKey]);
    expect(sent.code, sent.stderr).toBe(0);
    expect((await cli.exited).code).toBe(0);
    expect((await readCaptures(save)).map((r) => r.signature?.verdict)).toEqual(['valid']);
  });

  it("whk send's retry after a refusal passes --reject: the same id, signed anew at its attempt", async () => {
    const save = file('retried.ndjson');
    const { cli, url } = await listen(['--verify', 'standard-webhooks', '--secret', SECRET, '--reject', '--respond', '500,200', '--count', '2', '--save', save]);
    // One retry a second later (a signed timestamp is whole seconds, so the retry's is another).
    const sent = await runMain(['send', 'metaplane-incident', '--url', url, '--sign', 'standard-webhooks', '--secret', SECRET, '--seed', '4', '--retries', '1', '--retry-delay', '1s']);
    expect(sent.code, sent.stderr).toBe(0);
    expect((await cli.exited).code).toBe(0);
    const saved = await readCaptures(save);
    expect(saved.map((r) => [r.signature?.verdict, r.status, r.retryOf])).toEqual([
      ['valid', 500, null],
      ['valid', 200, saved[0]?.seq],
    ]);
    expect(saved[1]?.headers['webhook-id']).toBe(saved[0]?.headers['webhook-id']);
    expect(saved[1]?.headers['webhook-timestamp']).not.toBe(saved[0]?.headers['webhook-timestamp']);
  });

  it('one payload sent three times (send --data --count 3) is three messages: each its own id, each valid', async () => {
    const save = file('three.ndjson');
    const { cli, url } = await listen(['--verify', 'standard-webhooks', '--secret', SECRET, '--count', '3', '--save', save]);
    const data = file('alert.json');
    await writeFile(data, (await runMain(['sample', 'metric-alert', '--seed', '5', '--compact'])).stdout);
    const sent = await runMain(['send', 'metric-alert', '--url', url, '--data', data, '--count', '3', '--sign', 'standard-webhooks', '--secret', SECRET]);
    expect(sent.code, sent.stderr).toBe(0);
    expect((await cli.exited).code).toBe(0);
    const saved = await readCaptures(save);
    expect(saved.map((r) => r.signature?.verdict)).toEqual(['valid', 'valid', 'valid']);
    expect(new Set(saved.map((r) => r.headers['webhook-id'])).size).toBe(3);
  });

  it('twilio behind a tunnel: the https URL Twilio signed (Host and X-Forwarded-Proto) is valid in listen, and in verify --capture', async () => {
    const save = file('twilio.ndjson');
    const { cli, url } = await listen(['--verify', 'twilio', '--secret', 'tok', '--count', '1', '--save', save]);
    // What ngrok or cloudflared forward: the public Host, the scheme Twilio used in X-Forwarded-Proto.
    const params = { From: '+15550001111', Body: 'hi' };
    const signature = twilio.getExpectedTwilioSignature('tok', 'https://abc.ngrok-free.app/sms?x=1', params);
    const headers = { host: 'abc.ngrok-free.app', 'x-forwarded-proto': 'https', 'x-twilio-signature': signature, 'content-type': 'application/x-www-form-urlencoded' };
    expect(await post(`${url}/sms?x=1`, new URLSearchParams(params).toString(), headers)).toBe(200);
    expect((await cli.exited).code).toBe(0);
    expect((await readCaptures(save)).map((r) => r.signature?.verdict)).toEqual(['valid']);
    const verified = await runCli(['verify', 'twilio', '--secret', 'tok', '--capture', save]);
    expect(verified).toMatchObject({ code: 0, stdout: 'valid: signature matches (twilio, x-twilio-signature)\n' });
    // Without a capture's Host, the URL must be given: a usage error, not a verdict.
    const bare = await runMain(['verify', 'twilio', '--secret', 'tok', '--header', `X-Twilio-Signature: ${signature}`, save]);
    expect(bare).toMatchObject({ code: 2, stdout: '' });
    expect(bare.stderr).toBe('error: Twilio signs the request URL, and no --url was given\n  give the URL the sender posted to, query included, e.g. --url https://example.com/sms\n');
  });

  it('twilio: a signature that does not match names the URL whk rebuilt and checked against, in listen and in verify', async () => {
    const save = file('twilio-mismatch.ndjson');
    const { cli, url } = await listen(['--verify', 'twilio', '--secret', 'tok', '--count', '1', '--save', save]);
    const params = { From: '+15550001111', Body: 'hi' };
    // Signed for https, and the proxy passed the Host but not X-Forwarded-Proto: whk rebuilds http.
    const signature = twilio.getExpectedTwilioSignature('tok', 'https://abc.ngrok.app/sms?foo=1', params);
    expect(await post(`${url}/sms?foo=1`, new URLSearchParams(params).toString(), { host: 'abc.ngrok.app', 'x-twilio-signature': signature, 'content-type': 'application/x-www-form-urlencoded' })).toBe(200);
    const { stdout } = await cli.exited;
    // whk listen's record names the flag, as its printed line does (listen() of the API: the field).
    const issue = `signature x-twilio-signature does not match the body and --secret for the URL http://abc.ngrok.app/sms?foo=1 (Twilio signs the URL: behind a proxy, check the Host and X-Forwarded-Proto it passes)`;
    expect((await readCaptures(save))[0]?.issues.map((entry) => entry.message)).toEqual([issue]);
    expect(stdout).toContain(issue);
    const verified = await runMain(['verify', 'twilio', '--secret', 'tok', '--capture', save]);
    expect(verified).toMatchObject({ code: 1, stdout: 'invalid: signature does not match: wrong secret or changed body, or Twilio signed another URL than http://abc.ngrok.app/sms?foo=1 (twilio, x-twilio-signature)\n' });
  });

  it('twilio with a query of escapes, repeats and a bare name: valid in listen and in verify --capture (the URL as sent, not rebuilt)', async () => {
    const save = file('twilio-query.ndjson');
    const { cli, url } = await listen(['--verify', 'twilio', '--secret', 'tok', '--count', '1', '--save', save]);
    const query = 'Name=a%20b&x=1&Name=c&flag';
    const params = { From: '+15550001111', Body: 'hi' };
    const signature = twilio.getExpectedTwilioSignature('tok', `https://abc.ngrok-free.app/sms?${query}`, params);
    const headers = { host: 'abc.ngrok-free.app', 'x-forwarded-proto': 'https', 'x-twilio-signature': signature, 'content-type': 'application/x-www-form-urlencoded' };
    expect(await post(`${url}/sms?${query}`, new URLSearchParams(params).toString(), headers)).toBe(200);
    expect((await cli.exited).code).toBe(0);
    expect((await readCaptures(save)).map((r) => [r.signature?.verdict, r.rawQuery])).toEqual([['valid', query]]);
    const verified = await runMain(['verify', 'twilio', '--secret', 'tok', '--capture', save]);
    expect(verified).toMatchObject({ code: 0, stdout: 'valid: signature matches (twilio, x-twilio-signature)\n' });
  });

  it("the owners' signatures written otherwise are invalid over a real socket, saying so; as sent, valid (Standard Webhooks' 2021 vector: expired)", async () => {
    const vectors = respelledVectors(Math.floor(Date.now() / 1000));
    const save = file('respelled.ndjson');
    const pairs = vectors.flatMap((vector) => ['--verify', vector.scheme, '--secret', vector.secret]);
    const { cli, url } = await listen([...pairs, '--count', String(vectors.length * 2), '--save', save]);
    for (const vector of vectors) {
      // Twilio's URL as a tunnel passes it on: its Host, and X-Forwarded-Proto for the https.
      const target = vector.url === undefined ? new URL('/hook', url) : new URL(vector.url);
      const addressed: Record<string, string> = vector.url === undefined ? {} : { host: target.host, 'x-forwarded-proto': 'https' };
      const headers = { 'content-type': vector.contentType ?? 'application/json', ...addressed };
      for (const signed of [vector.headers, vector.respelled]) await post(`${url}${target.pathname}${target.search}`, vector.body, { ...headers, ...signed });
    }
    await cli.exited;
    const verdicts = (await readCaptures(save)).map((r) => [r.signature?.scheme, r.signature?.verdict, r.signature?.reason]);
    expect(verdicts).toEqual(vectors.flatMap((vector) => [
      [vector.scheme, vector.scheme === 'standard-webhooks' ? 'expired' : 'valid', expect.any(String)],
      [vector.scheme, 'invalid', respelledReason(vector.how)],
    ]));
  });

  it("--verify hmac and grafana take sign's settings: a header of its own naming, Grafana's contact point's timestamp header", async () => {
    const save = file('settings.ndjson');
    const settings = ['--signature-header', 'X-My-Sig', '--timestamp-header', 'X-My-Ts', '--content', '{id}.{timestamp}.{body}', '--algorithm', 'sha512', '--encoding', 'base64', '--prefix', 'v=', '--id-header', 'X-My-Id'];
    const { cli, url } = await listen(['--verify', 'hmac', '--secret', 'hmac-key', '--verify', 'grafana', '--secret', 'grafana-key', ...settings, '--count', '2', '--save', save]);
    const signed = async (args: string[]) => {
      const result = await runMain(['sign', ...args, '--json', '-'], { input: BODY });
      expect(result.code, result.stderr).toBe(0);
      return (JSON.parse(result.stdout) as { headers: Record<string, string> }).headers;
    };
    // Grafana reads the signature and timestamp headers; sign refuses the settings it does not read.
    const hmac = await signed(['hmac', '--secret', 'hmac-key', ...settings]);
    const grafana = await signed(['grafana', '--secret', 'grafana-key', '--signature-header', 'X-My-Sig', '--timestamp-header', 'X-My-Ts']);
    expect(await postJson(url, BODY, hmac)).toBe(200);
    expect(await postJson(url, BODY, grafana)).toBe(200);
    await cli.exited;
    expect((await readCaptures(save)).map((r) => [r.signature?.scheme, r.signature?.verdict])).toEqual([
      ['hmac', 'valid'],
      ['grafana', 'valid'],
    ]);
  });

  it('refuses those settings, exit 2, where no --verify scheme reads them, and a template that makes no scheme, as it starts', async () => {
    const refused = async (args: string[]) => {
      const result = await runMain(['listen', '--port', '0', '--timeout', '5s', ...args]);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      return result.stderr;
    };
    expect(await refused(['--secret', 's', '--signature-header', 'X-My-Sig'])).toBe('error: --signature-header cannot be used without --verify\n  it is a setting of --verify grafana and hmac\n');
    expect(await refused(['--verify', 'github', '--secret', 's', '--timestamp-header', 'X-Ts'])).toBe('error: --timestamp-header cannot be used with --verify github\n  it is a setting of --verify grafana and hmac\n');
    expect(await refused(['--verify', 'grafana', '--verify', 'stripe', '--secret', 's', '--algorithm', 'sha1'])).toBe('error: --algorithm cannot be used with --verify grafana, stripe\n  it is a setting of --verify hmac\n');
    expect(await refused(['--verify', 'hmac', '--secret', 's', '--content', '{timestamp}.{body}'])).toBe(
      'error: the signed content has {timestamp}, so the header carrying the timestamp must be named\n  name it with --timestamp-header, e.g. --timestamp-header X-Timestamp\n',
    );
    expect(await refused(['--verify', 'hmac', '--secret', 's', '--signature-header', 'X My Sig'])).toMatch(/^error: invalid --signature-header 'X My Sig': not an HTTP header name\n/);
  });

  it('a signature header sent twice: listen and verify --header twice give the one verdict, in either order', async () => {
    const save = file('twice.ndjson');
    const { cli, url } = await listen(['--verify', 'github', '--secret', 'gh-secret', '--count', '2', '--save', save]);
    const right = await octokitSign('gh-secret', BODY);
    const wrong = `sha256=${'0'.repeat(64)}`;
    const orders = [[right, wrong], [wrong, right]];
    for (const [first = '', second = ''] of orders) {
      // Two header lines of one name, as a sender or a proxy may send them.
      const response = await request(url, { method: 'POST', body: BODY, headers: ['content-type', 'application/json', 'x-hub-signature-256', first, 'x-hub-signature-256', second] });
      await response.body.text();
    }
    await cli.exited;
    const heard = (await readCaptures(save)).map((r) => [r.signature?.verdict, r.signature?.reason]);
    const body = file('twice.json');
    await writeFile(body, BODY);
    const checked = await Promise.all(orders.map(async ([first = '', second = '']) => {
      const result = await runMain(['verify', 'github', '--secret', 'gh-secret', '--header', `X-Hub-Signature-256: ${first}`, '--header', `x-hub-signature-256: ${second}`, '--json', body]);
      const { verdict, reason } = JSON.parse(result.stdout) as { verdict: string; reason: string };
      return [verdict, reason];
    }));
    expect(checked).toEqual(heard);
    expect(heard.map(([verdict, reason]) => [verdict, reason?.replace(/\(.*\)/, '(…)')])).toEqual([
      ['invalid', 'header malformed: the header came 2 times (…): a sender sends one signature'],
      ['invalid', 'header malformed: the header came 2 times (…): a sender sends one signature'],
    ]);
  });

  it('refuses a secret its scheme can never verify with as it starts: one line, exit 2, nothing listened for', async () => {
    for (const [scheme, secret] of [['standard-webhooks', 'whsec_not base64!'], ['svix', 'whsec_%%'], ['gitlab', 'whsec_not base64!']] as const) {
      const result = await runMain(['listen', '--port', '0', '--timeout', '5s', '--verify', 'github', '--secret', 'gh', '--verify', scheme, '--secret', secret]);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toBe('error: the secret is not base64 after whsec_\n  a Standard Webhooks secret is whsec_ followed by base64 (ed25519 keys start whsk_ or whpk_)\n');
    }
    const ed25519 = await runMain(['listen', '--port', '0', '--timeout', '5s', '--verify', 'standard-webhooks', '--secret', 'whpk_abc']);
    expect(ed25519).toMatchObject({ code: 2, stdout: '' });
    expect(ed25519.stderr).toMatch(/^error: the whpk_ key is not 32 bytes of base64\n/);
  });

  it('--travis-public-key alone is what --reject goes by: an unsigned Travis request 401, a signed one 200; with --verify (whose schemes never read it) it is refused', async () => {
    const key = file('travis.pem');
    expect((await runMain(['travis-key', key])).code).toBe(0);
    const { cli, url } = await listen(['--travis-public-key', key, '--reject', '--count', '2']);
    const unsigned = await runMain(['send', 'travis-ci', '--url', `${url}/t`, '--no-retry', '--seed', '1']);
    expect(unsigned.code).toBe(1);
    const signed = await runMain(['send', 'travis-ci', '--url', `${url}/t`, '--no-retry', '--seed', '2', '--travis-key', key]);
    expect(signed.code, signed.stderr).toBe(0);
    const ended = await cli.exited;
    const lines = ended.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/travis-ci .*the Signature header is missing \(the travis key was given\).* → 401  signature missing$/);
    expect(lines[1]).toMatch(/travis-ci .* → 200(  signature valid)?$/);
    expect(ended.stderr).toContain('signatures: 1 valid, 0 invalid, 1 missing');

    const withVerify = await runCli(['listen', '--port', '0', '--travis-public-key', key, '--verify', 'github', '--secret', 's']);
    expectUsageLine(withVerify, /^error: --travis-public-key cannot be used with --verify: each --verify scheme takes its --secret$/);
  });

  // verify --tolerance with such a scheme is refused (sign-verify e2e); listen took it without a word.
  it('refuses --tolerance where no scheme that checks the signatures signs a timestamp, as verify does; takes it where one may', async () => {
    const listenWith = (...args: string[]) => runMain(['listen', '--port', '0', '--tolerance', '10m', ...args]);
    expectUsageLine(await listenWith('--verify', 'github', '--secret', 's'), /^error: --tolerance cannot be used with the github scheme: it signs no timestamp$/);
    // --secret alone checks --kind's own scheme.
    expectUsageLine(await listenWith('--kind', 'github', '--secret', 's'), /^error: --tolerance cannot be used with the github scheme: it signs no timestamp$/);
    expectUsageLine(await listenWith('--verify', 'github', '--verify', 'shopify', '--secret', 'a', '--secret', 'b'), /^error: --tolerance cannot be used with the github and shopify schemes: none of them signs a timestamp$/);
    // What a scheme signs hangs on its secret and settings: the hint says how it would sign one.
    const token = await listenWith('--verify', 'gitlab', '--secret', 'plain-token');
    expectUsageLine(token, /^error: --tolerance cannot be used with the gitlab scheme: it signs no timestamp$/);
    expect(token.stderr).toContain('it signs one with a signing token');
    // One scheme that signs a timestamp reads it; without --kind, any kind's scheme may.
    for (const args of [['--verify', 'github', '--verify', 'stripe', '--secret', 'a', '--secret', 'b'], ['--secret', 's']]) {
      const taken = await listenWith(...args, '--timeout', '1ms');
      expect([taken.code, taken.stderr], args.join(' ')).toEqual([1, expect.stringContaining('timed out after 1ms')]);
    }
  });

  it('refuses --reject without a secret, and mismatched --verify and --secret counts', async () => {
    const reject = await runMain(['listen', '--port', '0', '--reject']);
    expect(reject.code).toBe(2);
    expect(reject.stderr).toContain('--reject needs --secret');
    const counts = await runMain(['listen', '--port', '0', '--verify', 'github', '--verify', 'slack', '--verify', 'stripe', '--secret', 'a', '--secret', 'b']);
    expect(counts.code).toBe(2);
    expect(counts.stderr).toContain('3 --verify schemes and 2 --secret values');
    // In the singular, and with no --secret at all, it reads as English.
    const one = await runMain(['listen', '--port', '0', '--verify', 'github', '--secret', 'a', '--secret', 'b']);
    expect([one.code, one.stderr.split('\n')[0]]).toEqual([2, 'error: 1 --verify scheme and 2 --secret values']);
    const none = await runMain(['listen', '--port', '0', '--verify', 'github']);
    expect([none.code, none.stderr.split('\n')[0]]).toEqual([2, 'error: --verify needs --secret']);
  });
});
