// The public API imported by package name, as a user's test would: `whk` resolves through
// package.json "exports" (Node's package self-reference) to the built dist/index.js.
import { spawn } from 'node:child_process';
import { createHmac, generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import { readFile, mkdtemp, realpath, writeFile } from 'node:fs/promises';
import { createServer, get } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { verify as octokitVerify } from '@octokit/webhooks-methods';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { CheckFailedError, InputError, UsageError, check, kinds, listen, replay, sample, send, validate } from 'whk';
import { closedAfterEach } from '../helpers/server.js';

const started = closedAfterEach((options: Parameters<typeof listen>[0] = {}) => listen(options));

describe("import { listen, send } from 'whk'", () => {
  it('records a gzipped impressions batch sent in-process, with the capture fields', async () => {
    const listener = await started();
    expect(listener.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const result = await send('impressions', { url: `${listener.url}/impressions?env=ci`, seed: 7, count: 4 });
    expect(result).toMatchObject({ kind: 'impressions', seed: 7, delivered: true });
    expect(result.attempts).toEqual([{ status: 200, ms: expect.any(Number), error: null }]);
    expect(result.deliveries).toHaveLength(1);
    expect(result.deliveries[0]).toMatchObject({ gzip: true, delivered: true, duplicate: false });

    const [record] = await listener.waitFor(1, { timeout: '5s' });
    expect(record).toMatchObject({ method: 'POST', path: '/impressions', query: { env: 'ci' }, kind: 'impressions', valid: true, encoding: 'gzip', status: 200, truncated: false });
    expect(record?.headers['content-encoding']).toBe('gzip');
    const expected = sample('impressions', { seed: 7, count: 4 });
    expect(record?.body).toEqual(expected);
    expect(JSON.parse(gunzipSync(Buffer.from(record?.bodyBase64 ?? '', 'base64')).toString('utf8'))).toEqual(expected);
    expect(listener.requests).toHaveLength(1);
    expect(listener.summary()).toMatchObject({ requests: 1, valid: 1, gzip: 1, kinds: { impressions: 1 } });
    // `byKind`, whk 0.1.0's name for the count by kind, is still read.
    expect(listener.summary().byKind).toEqual({ impressions: 1 });
  });

  it("follows the kind's retry rule against a scripted answer: 500 then 200 is two attempts, delivered", async () => {
    const listener = await started({ respond: [500, 200] });
    const result = await send('metric-alert', { url: listener.url, seed: 1, retryDelay: '20ms' });
    expect(result.delivered).toBe(true);
    expect(result.attempts.map((a) => a.status)).toEqual([500, 200]);
    expect(listener.requests.map((r) => r.status)).toEqual([500, 200]);
    // The retry is byte-identical.
    expect(listener.requests[0]?.bodyBase64).toBe(listener.requests[1]?.bodyBase64);
  });

  it('says a run its signal aborted is cancelled: what was sent, the one in flight cut off, no more, not delivered', async () => {
    const controller = new AbortController();
    let arrived = 0;
    // Answers the first delivery, and aborts the run while the second waits for its answer.
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => (++arrived === 1 ? res.end() : controller.abort()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const result = await send('metric-alert', { url, seed: 1, count: 4, signal: controller.signal });
      expect(result).toMatchObject({ cancelled: true, delivered: false });
      expect(result.deliveries.map((d) => d.attempts.map((a) => a.status ?? a.error))).toEqual([[200], ['cancelled']]);
      expect(arrived).toBe(2);
      const whole = await send('metric-alert', { url: (await started()).url, seed: 1, count: 2, signal: new AbortController().signal });
      expect(whole).toMatchObject({ cancelled: false, delivered: true });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('signs as a Twilio SharedKey given sharedKey, as twilio-node checks one: the settings header, the hash it names', async () => {
    const listener = await started();
    const result = await send('metric-alert', { url: `${listener.url}/hook`, seed: 1, sign: 'twilio', secret: 'shared-key-secret', sharedKey: 'webhooks_sharedkey_01' });
    const [record] = await listener.waitFor(1, { timeout: '5s' });
    const settings = String(record?.headers['x-twilio-webhooks-signature-settings']);
    expect(settings).toBe('key=webhooks_sharedkey_01,algorithm=HMAC_SHA256');
    const body = Buffer.from(record?.bodyBase64 ?? '', 'base64').toString('utf8');
    const signature = String(record?.headers['x-twilio-signature']);
    // The URL it was sent to, with the bodySHA256 twilio-node checks the body against.
    expect(twilio.validateRequestWithBody('shared-key-secret', signature, result.deliveries[0]?.url ?? '', body, twilio.getSignatureAlgorithm(settings))).toBe(true);
    await expect(send('metric-alert', { url: listener.url, sign: 'twilio', secret: 's', sharedKey: 'a,b' })).rejects.toThrow('invalid `sharedKey`');
  });

  it('reports a delivery that failed in the result instead of throwing', async () => {
    const listener = await started({ respond: 201 });
    const result = await send('metric-alert', { url: listener.url, retry: false });
    expect(result.delivered).toBe(false);
    expect(result.attempts.map((a) => a.status)).toEqual([201]);
  });

  it('gitlab: deliveries after 4 consecutive failures are reported not sent, unless autoDisable is false', async () => {
    const listener = await started({ respond: 500 });
    const result = await send('gitlab', { url: listener.url, seed: 2, count: 6 });
    expect(result.delivered).toBe(false);
    expect(result.deliveries.map((d) => d.notSent === null)).toEqual([true, true, true, true, false, false]);
    // Each its payload's place in the run from 1 (drawn from seed + index - 1), those not sent too.
    expect(result.deliveries.map((d) => d.index)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result.deliveries[5]).toMatchObject({ attempts: [], delivered: false, notSent: expect.stringMatching(/^GitLab disables a webhook after 4 consecutive failures/) });
    expect(listener.requests).toHaveLength(4);
    const all = await send('gitlab', { url: listener.url, seed: 2, count: 6, autoDisable: false });
    expect(all.deliveries.every((d) => d.notSent === null && d.attempts.length === 1)).toBe(true);
    expect(listener.requests).toHaveLength(10);
  });

  it('signed at-least-once deliveries: the duplicate and the signature show in the records', async () => {
    const listener = await started({ secret: 's3cret' });
    const result = await send('metaplane-incident', { url: listener.url, seed: 3, secret: 's3cret', duplicates: 1 });
    expect(result.deliveries.map((d) => [d.index, d.duplicate])).toEqual([[1, false], [1, true]]);
    const records = await listener.waitFor(2, { timeout: 5000 });
    expect(records.map((r) => r.signature?.verdict)).toEqual(['valid', 'valid']);
    expect(records[1]?.duplicateOf).toBe(1);
    expect(records[1]?.duplicateBy).toBe('idempotency-id');
  });

  it('waitFor rejects with CheckFailedError when the timeout passes first', async () => {
    const listener = await started();
    await expect(listener.waitFor(1, { timeout: '50ms' })).rejects.toBeInstanceOf(CheckFailedError);
    await expect(listener.waitFor(1, { timeout: '50ms' })).rejects.toThrow(/0 of 1 requests arrived/);
  });

  it('requests is a frozen snapshot: a caller changing it cannot take records from the listener', async () => {
    const listener = await started({ retain: 2 });
    await send('metric-alert', { url: listener.url, seed: 1 });
    const first = listener.requests;
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => (first as unknown[]).splice(0)).toThrow(TypeError);
    expect(() => (first as unknown[]).push({})).toThrow(TypeError);
    expect(listener.requests).toHaveLength(1);
    expect(await listener.waitFor(1)).toHaveLength(1);
    // Read again with no request since: the same snapshot, so reading it per index in a loop copies it once.
    expect(listener.requests).toBe(first);
    await send('metric-alert', { url: listener.url, seed: 2 });
    await send('metric-alert', { url: listener.url, seed: 3 });
    // A new request makes a new snapshot; the one read before stays as it was.
    expect(listener.requests.map((record) => record.seq)).toEqual([2, 3]);
    expect(first.map((record) => record.seq)).toEqual([1]);
    // The records are frozen too, to the last level: a caller's edit changed the listener's own.
    const [record] = listener.requests;
    expect(() => Object.assign(record as object, { kind: 'tampered' })).toThrow(TypeError);
    expect(() => Object.assign((record as { body: object }).body, { type: 'X' })).toThrow(TypeError);
    expect(() => Object.assign((record as { body: { data: { metric: object } } }).body.data.metric, { name: 'X' })).toThrow(TypeError);
    expect(listener.requests[0]?.kind).toBe('metric-alert');
  });

  it('save writes the same records to a capture file', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'whk-api-')), 'captures.ndjson');
    const listener = await started({ save: file });
    await send('hertzbeat-alarm', { url: listener.url, seed: 2, variant: 'flat' });
    await listener.close();
    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { kind: string; bodyBase64: string });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.kind).toBe('hertzbeat-alarm');
    expect(lines[0]?.bodyBase64).toBe(listener.requests[0]?.bodyBase64);
  });

  it('bad options are UsageErrors with one-line messages', async () => {
    await expect(send('metric-alert', { url: 'ftp://example.com' })).rejects.toBeInstanceOf(UsageError);
    await expect(send('no-such-kind', { url: 'http://127.0.0.1:1' })).rejects.toThrow(/unknown kind 'no-such-kind'/);
    await expect(send('metric-alert', { url: 'http://127.0.0.1:1', timeout: 'soon' })).rejects.toThrow("invalid `timeout`: expected a duration like '300ms', '30s' or '2m', got 'soon'");
    // Milliseconds as a number, with the flag's rules: a timeout of 0 cannot be met, and Node's timers stop at 2^31 - 1 ms.
    await expect(send('metric-alert', { url: 'http://127.0.0.1:1', timeout: 0 })).rejects.toThrow("invalid `timeout`: expected a duration above 0, got 0");
    await expect(send('metric-alert', { url: 'http://127.0.0.1:1', retryDelay: 2 ** 31 })).rejects.toThrow(/^invalid `retryDelay`: expected a duration of at most 596h/);
    await expect(listen({ respond: [700] })).rejects.toThrow(/HTTP status from 200 to 599/);
    await expect(listen({ respond: [100] })).rejects.toThrow(/HTTP status from 200 to 599 \(a 1xx is an interim response, not a final answer\)/);
    await expect(listen({ routes: { '/a': [] } })).rejects.toThrow(/invalid `routes` '\/a': give at least one status/);
    await expect(listen({ routes: { '/a': 700 } })).rejects.toThrow(/HTTP status from 200 to 599/);
    await expect(listen({ routes: { '/a?x=1': 500 } })).rejects.toThrow("invalid `routes`: a route matches the path alone, never the query: '/a?x=1' could never match (leave out '?x=1')");
    // A body is recorded as base64 in one string: a larger limit would fail the requests it let in.
    await expect(listen({ maxBody: 2 ** 30 })).rejects.toThrow('invalid `maxBody`: expected a size of at most 100mb (its capture record holds it twice, as base64 and parsed, in one line whk reads back whole), got 1073741824');
    // A route's value of another type is named, not a TypeError ('200' as '2', '0', '0'; null not iterable).
    for (const [value, shown] of [[null, 'null'], ['200', "'200'"], [[[200]], '[[200]]']] as const) {
      await expect(listen({ routes: { '/a': value as never } })).rejects.toThrow(new UsageError(`invalid \`routes\` '/a': expected a status or an array of statuses, got ${shown}`));
    }
  });

  it("listen's keys are checked as it starts, as `whk listen` checks its flags: no receiver that fails every request", async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    for (const travisPublicKey of ['not a key', ec]) {
      const refused = listen({ travisPublicKey });
      await expect(refused).rejects.toBeInstanceOf(UsageError);
      await expect(refused).rejects.toThrow(/^invalid `travisPublicKey`: it holds no RSA key in PEM$/);
    }
    await expect(listen({ verify: ['standard-webhooks'], secret: 'whsec_not base64!' })).rejects.toThrow(/^the secret is not base64 after whsec_$/);
    // An RSA key verifies: Travis's Signature over the form's payload field.
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const listener = await started({ travisPublicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() });
    const payload = '{"id":1}';
    const signature = cryptoSign('sha1', Buffer.from(payload), privateKey).toString('base64');
    await fetch(listener.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', signature }, body: new URLSearchParams({ payload }).toString() });
    const [record] = await listener.waitFor(1, { timeout: 5000 });
    expect(record?.signature).toMatchObject({ scheme: 'travis', verdict: 'valid' });
  });

  it("listen() takes the settings of hmac and grafana as whk listen does (signatureHeader, timestampHeader, …)", async () => {
    // One scheme may be given as itself, as one secret is (`secret: 's'`), or in an array.
    const listener = await started({ verify: 'hmac', secret: 's3cret', signatureHeader: 'X-My-Sig', prefix: 'sha256=' });
    const body = '{"id":1}';
    const signature = `sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`;
    await fetch(listener.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-my-sig': signature }, body });
    const [record] = await listener.waitFor(1, { timeout: 5000 });
    expect(record?.signature).toMatchObject({ scheme: 'hmac', verdict: 'valid' });
    // A setting no verify scheme reads is refused, as the CLI refuses it.
    await expect(listen({ verify: ['github'], secret: 's', timestampHeader: 'X-Ts' })).rejects.toBeInstanceOf(UsageError);
    // hmac's timestampHeader with no {timestamp} in content would sign nothing: refused, as the CLI refuses it.
    await expect(listen({ verify: ['hmac'], secret: 's', timestampHeader: 'X-Ts' })).rejects.toThrow("`timestampHeader` X-Ts is named, but the default `content` '{body}' has no {timestamp}");
  });

  it('send() and replay() take those settings as listen() does: what they sign with them, listen() calls valid', async () => {
    const settings = { content: '{id}.{timestamp}.{body}', signatureHeader: 'X-My-Sig', timestampHeader: 'X-My-Ts', idHeader: 'X-My-Id', encoding: 'base64', prefix: 'v1=' } as const;
    const listener = await started({ verify: ['hmac'], secret: 'k', ...settings });
    expect(await send('metric-alert', { url: listener.url, sign: 'hmac', secret: 'k', ...settings, seed: 3 })).toMatchObject({ delivered: true });
    const [sent] = await listener.waitFor(1, { timeout: 5000 });
    const capture = join(await mkdtemp(join(tmpdir(), 'whk-api-')), 'sent.ndjson');
    await writeFile(capture, `${JSON.stringify(sent)}\n`);
    // To a listener of its own: in the same second, the same id and time again is a replayed message.
    const second = await started({ verify: ['hmac'], secret: 'k', ...settings });
    const [replayed] = await replay(capture, { url: second.url, sign: 'hmac', secret: 'k', ...settings });
    expect(replayed).toMatchObject({ delivered: true, refused: null });
    const [resent] = await second.waitFor(1, { timeout: 5000 });
    expect([sent?.signature?.verdict, resent?.signature?.verdict]).toEqual(['valid', 'valid']);
    expect(resent?.headers['x-my-id']).toBe(sent?.headers['x-my-id']);
    // As the CLI refuses them: a setting its scheme does not read, and one with nothing signed.
    await expect(send('metric-alert', { url: listener.url, sign: 'github', secret: 's', timestampHeader: 'X-Ts' })).rejects.toThrow('`timestampHeader` cannot be used with the github scheme');
    await expect(replay(capture, { url: listener.url, timestampHeader: 'X-Ts' })).rejects.toThrow('`timestampHeader` is a setting of signing, and nothing is signed');
  });

  it("a request whose headers stall is answered 408 naming whk's header timeout, not `headerTimeout`, an option listen() does not take", async () => {
    const listener = await started();
    // Half a request's headers, then nothing: the receiver's header timeout (10 s, whk's own through the API) ends it.
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(listener.port, '127.0.0.1', () => socket.write('POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\n'));
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toEqual({ error: "its headers did not all arrive within whk's header timeout (10s)" });
    await expect(listen({ headerTimeout: '1s' } as never)).rejects.toThrow('listen(): unknown option `headerTimeout`');
  });

  it('listen({ routes }) answers per path; the rest get `respond`', async () => {
    const listener = await started({ respond: 201, routes: { '/split': [500, 200], '/hooks/*': 202 } });
    const statuses: number[] = [];
    for (const path of ['/split', '/split', '/hooks/gh', '/else']) {
      const response = await fetch(`${listener.url}${path}`, { method: 'POST', body: `{"n":"${path}"}` });
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    expect(statuses).toEqual([500, 200, 202, 201]);
  });

  it('kinds, sample and validate come from the same entry point', () => {
    expect(kinds.map((k) => k.id)).toEqual(expect.arrayContaining(['metric-alert', 'impressions', 'metaplane-incident', 'hertzbeat-alarm']));
    const payload = sample('metric-alert', { seed: 5, variant: 'significance' });
    expect(validate(payload)).toMatchObject({ valid: true, kind: 'metric-alert', kindSource: 'detected' });
    expect(validate({ type: 'METRIC_ALERT' }, { kind: 'metric-alert' }).valid).toBe(false);
  });

  it('check() runs a contract in-process: a receiver contract against a listener', async () => {
    const strict = await started({ respond: [200, 409] });
    const report = await check([{ name: 'dedup-safe', send: { kind: 'metaplane-incident', url: strict.url, variants: ['opened'], retries: 0 } }]);
    expect(report).toMatchObject({ name: 'whk check', passed: 0, failed: 1, ok: false, cancelled: false });
    expect(report.checks[0]).toMatchObject({ index: 1, name: 'dedup-safe', form: 'receiver', ok: false, problems: ['opened (duplicate): 409 «{"seq":2,"kind":"metaplane-incident","valid":true}»; expected it accepted (any 2xx)'] });
    expect(report.checks[0]?.deliveries?.map((d) => [d.duplicate, d.attempts.map((a) => a.status)])).toEqual([[false, [200]], [true, [409]]]);
    await expect(check({ checks: [{ send: { kind: 'metaplane-incident', url: 'nope' } }] })).rejects.toBeInstanceOf(InputError);
  });

  /** A capture file of an impressions batch (gzipped) to /a and a metric alert to /b; its receiver's records. */
  async function twoCaptures(): Promise<{ file: string; original: Awaited<ReturnType<typeof started>> }> {
    const file = join(await mkdtemp(join(tmpdir(), 'whk-api-')), 'captures.ndjson');
    const original = await started({ save: file });
    await send('impressions', { url: `${original.url}/a`, seed: 4, count: 3 });
    await send('metric-alert', { url: `${original.url}/b`, seed: 4 });
    await original.close();
    return { file, original };
  }

  it("check({ env, cwd }) reads `secretEnv` from that env, not this process's, and runs sender commands there with it", async () => {
    const name = 'WHK_API_CHECK_CONTEXT_SECRET';
    expect(process.env[name]).toBeUndefined();
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'whk-api-cwd-')));
    const verifying = await started({ secret: 'ctx-s3cret' });
    const whk = fileURLToPath(new URL('../../bin/whk.js', import.meta.url));
    // The command sees exactly the env given (WHK_URL added): no PATH, so node is named by its path.
    const sends = `test "$(pwd -P)" = '${dir}' && '${process.execPath}' '${whk}' send metaplane-incident --url {url} --seed 1 --variant opened --secret-env ${name} --quiet`;
    const report = await check(
      [
        { name: 'receiver', send: { kind: 'metaplane-incident', url: verifying.url, variants: ['opened'], duplicates: false, retries: 0, secretEnv: name } },
        { name: 'sender', listen: { secretEnv: name, expect: { kind: 'metaplane-incident', count: 1, within: '20s' } }, run: sends },
      ],
      { env: { [name]: 'ctx-s3cret' }, cwd: dir },
    );
    expect(report.checks.map((c) => [c.name, c.ok, c.problems])).toEqual([['receiver', true, []], ['sender', true, []]]);
    expect((await verifying.waitFor(1, { timeout: '5s' })).map((r) => r.signature?.verdict)).toEqual(['valid']);
  });

  it("check(path, { cwd }) reads a relative contract path from `cwd`, where its commands run, not from this process's directory", async () => {
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'whk-api-cwd-')));
    expect(process.cwd()).not.toBe(dir);
    const receiver = await started();
    const contract = { checks: [{ name: 'read from cwd', send: { kind: 'metaplane-incident', url: receiver.url, variants: ['opened'], duplicates: false, retries: 0 } }] };
    await writeFile(join(dir, 'contract.json'), JSON.stringify(contract));
    const report = await check('contract.json', { cwd: dir });
    expect(report.checks.map((c) => [c.name, c.ok])).toEqual([['read from cwd', true]]);
    // One that is not there is looked for in `cwd`, and the message says where.
    const missing = await check('gone.json', { cwd: dir }).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(InputError);
    expect((missing as InputError).message).toBe(`cannot read contract '${join(dir, 'gone.json')}': no such file`);
  });

  it('replay() re-sends a capture file byte-identical and reports each record', async () => {
    const { file, original } = await twoCaptures();
    const target = await started();
    const results = await replay(file, { url: target.url, index: [1] });
    expect(results).toMatchObject([{ index: 1, path: '/a', kind: 'impressions', gzip: true, delivered: true, refused: null }]);
    expect(target.requests.map((r) => r.bodyBase64)).toEqual([original.requests[0]?.bodyBase64]);
    expect(target.requests[0]?.encoding).toBe('gzip');
  });

  it('replay() signs anew with sign and secret: the owner\'s verifier accepts what arrives; sign without secret is a UsageError', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'whk-api-')), 'captures.ndjson');
    const original = await started({ save: file });
    await send('metric-alert', { url: original.url, seed: 4 });
    await original.close();
    const target = await started();
    const results = await replay(file, { url: target.url, sign: 'github', secret: 'gh-secret' });
    expect(results).toMatchObject([{ index: 1, delivered: true, refused: null }]);
    const arrived = target.requests[0];
    const body = Buffer.from(arrived?.bodyBase64 ?? '', 'base64').toString('utf8');
    expect(await octokitVerify('gh-secret', body, String(arrived?.headers['x-hub-signature-256']))).toBe(true);
    await expect(replay(file, { url: target.url, sign: 'github' })).rejects.toThrow(UsageError);
    // `secret` alone: the scheme that checked the record, or its kind's own; a metric alert has neither.
    expect(await replay(file, { url: target.url, secret: 'gh-secret' })).toMatchObject([{ delivered: false, refused: 'cannot sign it: no scheme checked its signature when it arrived, and its kind signs with none (give `sign` to name the scheme)' }]);
    expect(target.requests).toHaveLength(1);
  });

  it('replay() with set changes each JSON body first (refusing one it does not fit); a set of another type is a UsageError', async () => {
    const { file } = await twoCaptures();
    const target = await started();
    const results = await replay(file, { url: target.url, set: ['data.environment.name=Replayed'] });
    expect(results).toMatchObject([
      { index: 1, kind: 'impressions', delivered: true, refused: null },
      { index: 2, kind: 'metric-alert', gzip: false, delivered: true, refused: null },
    ]);
    // The alert's field changed; the batch's records (impressions) each took it, as send()'s set does.
    const [batch, alert] = target.requests;
    expect((batch?.body as { data: { environment: { name: string } } }[]).map((record) => record.data.environment.name)).toEqual(['Replayed', 'Replayed', 'Replayed']);
    expect([alert?.kind, alert?.valid, (alert?.body as { data: { environment: { name: string } } }).data.environment.name]).toEqual(['metric-alert', true, 'Replayed']);
    // One it does not fit is refused, the rest go: an index names no element of the alert, an object.
    const indexed = await replay(file, { url: target.url, set: ['[0].split=replayed'] });
    expect(indexed).toMatchObject([
      { index: 1, delivered: true, refused: null },
      { index: 2, delivered: false, refused: expect.stringMatching(/^`set` does not fit it: cannot set '\$\[0\]\.split'/) },
    ]);
    await expect(replay(file, { url: target.url, set: 'a=1' as unknown as string[] })).rejects.toThrow(UsageError);
  });

  it('send() closes its connections before it resolves (nothing left for the user to clean up)', async () => {
    // A server that would keep an idle connection for a minute, as many do.
    const connections: { socket: Socket; ended: boolean }[] = [];
    let endedBeforeMarker: boolean[] | undefined;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url === '/marker') endedBeforeMarker = connections.filter((c) => c.socket !== req.socket).map((c) => c.ended);
        res.writeHead(200).end();
      });
    });
    server.on('connection', (socket: Socket) => {
      const connection = { socket, ended: false };
      connections.push(connection);
      socket.on('end', () => (connection.ended = true));
      socket.on('close', () => (connection.ended = true));
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const result = await send('metric-alert', { url: `http://127.0.0.1:${port}/hook`, seed: 1 });
      expect(result.delivered).toBe(true);
      // send() closed its connection before resolving, so its end reached the server before a
      // request on a connection opened afterwards; a kept-alive socket would still be open then.
      await new Promise<void>((resolve) => get({ host: '127.0.0.1', port, path: '/marker', agent: false }, (res) => res.resume().on('end', resolve)));
      expect(endedBeforeMarker).toEqual([true]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("a script that only calls send() ends right after it (no socket or timer holds the process)", async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200).end());
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const script = fileURLToPath(new URL('../fixtures/api/send-and-exit.mjs', import.meta.url));
      const child = spawn(process.execPath, [script, `http://127.0.0.1:${port}/hook`], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.on('close', (exit) => {
          clearTimeout(timer);
          resolve(exit);
        });
      });
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const line = JSON.parse(stdout) as { delivered: boolean; holding: string[] };
      expect(line.delivered).toBe(true);
      // When send() resolved, only the script's own output pipes held the loop: no socket, no timer.
      expect(line.holding.filter((resource) => resource !== 'PipeWrap' && resource !== 'TTYWrap')).toEqual([]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
