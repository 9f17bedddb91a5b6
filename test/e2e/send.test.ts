// `whk send` against local servers: what goes on the wire, the lines and --json it prints, its plans
// (--dry-run, --curl), --data, seeds, hints and refusals.
// The binary (runCli) runs a witness of each way: a plain send with a retry, the HTTP parser's tier
// (node's own flags), --json, --dry-run, --curl, --data FILE, --data - from a pipe, send all, and
// bad input from commander and from an option table. The other command lines, what varies within one
// of those ways, run through main(), the binary's own path, in this process (runMain; runMain
// for a plan, whose lines send writes after a 20 ms hold the binary's exit waits for).
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSharedDispatcher } from '../../src/delivery/attempt.js';
import { metricAlert } from '../../src/kinds/metric-alert.js';
import { metaplaneIncident } from '../../src/kinds/metaplane-incident.js';
import { validatePayload } from '../../src/validate/payload.js';
import { runCli } from '../helpers/cli.js';
import { runMain } from '../helpers/main.js';
import { closedAfterEach, serversClosedAfterEach, startServer } from '../helpers/server.js';

// After-each hooks run last registered first: the shared dispatcher closes after the servers.
afterEach(async () => {
  await closeSharedDispatcher();
});
const server = serversClosedAfterEach();

/** An endpoint whose handler answers when it likes (startServer's answers each request at once). */
const rawServer = closedAfterEach(async (handle: (body: Buffer, respond: (status: number, text: string) => void) => void) => {
  const listener = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(Buffer.concat(chunks), (status, text) => res.writeHead(status).end(text)));
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(listener.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => listener.close(() => resolve()).closeAllConnections()),
  };
});

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const noStackTrace = (text: string): void => expect(text).not.toMatch(/\n\s+at /);

describe('whk send (the binary, and main() in process for what varies within one way)', () => {
  it('metric-alert against 500 then 200: exactly two requests about 300 ms apart, exit 0', async () => {
    const endpoint = await server([500, 200]);
    const result = await runCli(['send', 'metric-alert', '--url', `${endpoint.url}/hook`, '--seed', '4']);
    expect(result.code).toBe(0);
    expect(endpoint.requests).toHaveLength(2);
    const gap = (endpoint.requests[1]?.at ?? 0) - (endpoint.requests[0]?.at ?? 0);
    // The binary really waits; the exact 300 ms schedule is asserted in virtual time in
    // test/integration/deliver.test.ts, through the same delivery code (runChains) this command runs.
    expect(gap).toBeGreaterThanOrEqual(280);
    expect(result.stdout).toMatch(/^✔ metric-alert {2}500 \(\d+ms\) → 200 \(\d+ms\) {2}delivered {2}no gzip {2}\d/);
    expect(result.stderr).toContain(`1 delivered, 0 failed → ${endpoint.url}/hook`);
    expect(JSON.parse(endpoint.requests[0]?.body.toString() ?? '')).toEqual(metricAlert.sample({ seed: 4 }));
  });

  it("undici's HTTP parser (WebAssembly) stays on its first code: no quarter-second compile, waited for before exiting", async () => {
    const endpoint = await server([200]);
    // V8 prints a line for each wasm function it compiles, and for TurboFan names it. 500 answers:
    // past what a tiering budget 1,000 times V8's kept on the first code (it compiled at about 300).
    const result = await runCli(['send', 'metric-alert', '--url', `${endpoint.url}/hook`, '--count', '500', '--concurrency', '20', '--json'], { nodeArgs: ['--trace-wasm-compilation-times'] });
    expect(result.code, result.stderr).toBe(0);
    expect(endpoint.requests).toHaveLength(500);
    expect(result.stdout).toContain('Compiled function');
    expect(result.stdout).not.toContain('using TurboFan');
  });

  it('--json prints one object per delivery with the attempts; a failed delivery exits 1', async () => {
    const endpoint = await server([201]);
    const result = await runCli(['send', 'metric-alert', '--url', endpoint.url, '--json', '--count', '2', '--retry-delay', '10ms']);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({
      index: 1,
      kind: 'metric-alert',
      variant: 'alert-policy',
      event: null,
      stage: 1,
      url: `${endpoint.url}/`,
      attempts: [
        { status: 201, ms: expect.any(Number), error: null },
        { status: 201, ms: expect.any(Number), error: null },
      ],
      delivered: false,
      gzip: false,
      bytes: endpoint.requests[0]?.body.length,
      idempotencyId: null,
      duplicate: false,
      notSent: null,
      seed: expect.any(Number),
    });
    expect(lines[1]?.['seed']).toBe(lines[0]?.['seed']);
    expect(lines[1]?.['index']).toBe(2);
    expect(endpoint.requests).toHaveLength(4);
  });

  // With --concurrency lines come as deliveries end: each carried the run's seed and nothing of its
  // place, so no line could be tied to its payload (seed + n - 1). The receiver answers payload 1 only once
  // payload 3 has come, which is after payload 2's line: the lines are out of plan order.
  it('--json with --concurrency: each line carries its payload\'s index in the run, the lines as they end', async () => {
    const seed = 40;
    // Payload n (from 1, as `index` counts) is drawn from seed + n - 1.
    const payloadOf = (body: Buffer): number => [1, 2, 3, 4].find((n) => JSON.stringify(metricAlert.sample({ seed: seed + n - 1 })) === body.toString()) ?? -1;
    // Answers 400 'payload n' (no retry: one attempt each), holding payload 1's answer until payload 3 comes.
    const held: (() => void)[] = [];
    const endpoint = await rawServer((body, respond) => {
      const n = payloadOf(body);
      const answer = (): void => respond(400, `payload ${n}`);
      if (n === 1) held.push(answer);
      else answer();
      if (n === 3) held.splice(0).forEach((release) => release());
    });
    const result = await runMain(['send', 'metric-alert', '--url', endpoint.url, '--json', '--count', '4', '--concurrency', '2', '--no-retry', '--seed', String(seed)]);
    expect(result.code, result.stderr).toBe(1);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { index: number; seed: number; attempts: { answer: string }[] });
    expect(lines.map((line) => line.attempts[0]?.answer)).toEqual(lines.map((line) => `payload ${line.index}`));
    expect(lines.map((line) => line.index).sort()).toEqual([1, 2, 3, 4]);
    expect(lines[0]?.index).toBe(2);
    expect(lines.every((line) => line.seed === seed)).toBe(true);
  });

  it('a failed attempt shows the receiver\'s answer: status and the first 200 bytes of its body', async () => {
    const long = `{"error":"database\nis down","detail":"${'x'.repeat(300)}"}`;
    const endpoint = await server(() => ({ status: 503, body: long, headers: { 'content-type': 'application/json' } }));
    const result = await runMain(['send', 'metric-alert', '--url', endpoint.url, '--retry-delay', '10ms', '--seed', '3']);
    expect(result.code).toBe(1);
    const shown = `503 «{"error":"database is down","detail":"${'x'.repeat(200 - 38)}…»`;
    expect(result.stdout).toMatch(new RegExp(`^✖ metric-alert {2}${escape(shown)} \\(\\d+ms\\) → ${escape(shown)} \\(\\d+ms\\) {2}failed`));
    // Without a terminal only a wait of 10 s or more is said: this 10 ms one passes silently.
    expect(result.stderr).not.toContain('next attempt');
    const json = JSON.parse((await runMain(['send', 'metric-alert', '--url', endpoint.url, '--no-retry', '--seed', '3', '--json'])).stdout) as { attempts: { answer: string }[]; seed: number };
    expect(json.attempts[0]?.answer).toBe(long.slice(0, 200));
    expect(json.seed).toBe(3);
  });

  it('an accepted attempt carries no answer', async () => {
    const endpoint = await server(() => ({ status: 200, body: 'ok thanks' }));
    const result = await runMain(['send', 'metric-alert', '--url', endpoint.url, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).attempts).toEqual([{ status: 200, ms: expect.any(Number), error: null }]);
  });

  it('two sends run by main() at once in one process: one ending does not cut the other\'s request in flight', async () => {
    // The first send's request is held until the second send has ended (the wizard, the API's users
    // and these tests run main() in their own process, where a dispatcher shared by both runs was
    // ended by whichever finished first).
    let release = (): void => {};
    const arrived = new Promise<void>((resolve) => {
      release = resolve;
    });
    const heldAnswers: (() => void)[] = [];
    const slow = await rawServer((_body, respond) => {
      heldAnswers.push(() => respond(200, 'ok'));
      release();
    });
    const quick = await server([200]);
    const first = runMain(['send', 'metric-alert', '--url', slow.url, '--no-retry', '--seed', '1']);
    await arrived;
    const second = await runMain(['send', 'metric-alert', '--url', quick.url, '--no-retry', '--seed', '2']);
    expect(second.code, second.stderr).toBe(0);
    heldAnswers.splice(0).forEach((answer) => answer());
    const firstResult = await first;
    expect(firstResult.code, firstResult.stdout + firstResult.stderr).toBe(0);
    expect(firstResult.stdout).toMatch(/^✔ metric-alert {2}200 /);
  });
  it('connection refused is a failed delivery with a plain reason (exit 1)', async () => {
    const closed = await startServer();
    await closed.close();
    const result = await runMain(['send', 'metric-alert', '--url', closed.url, '--no-retry']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`✖ metric-alert  connection refused by 127.0.0.1:${closed.port}`);
    noStackTrace(result.stderr);
    // After the tally, what it may mean: on this machine, whk can be the receiver.
    expect(result.stderr.trimEnd().split('\n').slice(-2)).toEqual([
      `0 delivered, 1 failed → ${closed.url}/`,
      `nothing listens on 127.0.0.1:${closed.port}: is the receiver running, on that port? (whk listen --port ${closed.port} runs one)`,
    ]);
    // Over https whk listen is not the answer (it serves http), and replay says it too.
    const tls = await runMain(['send', 'metric-alert', '--url', `https://127.0.0.1:${closed.port}/hook`, '--no-retry']);
    expect(tls.stderr.trimEnd().split('\n').at(-1)).toBe(`nothing listens on 127.0.0.1:${closed.port}: is the receiver running, on that port?`);
  });

  it('--dry-run sends nothing and prints the request; --json gives it as one object', async () => {
    const endpoint = await server([200]);
    const text = await runCli(['send', 'metric-alert', '--url', endpoint.url, '--dry-run', '--seed', '2', '--header', 'X-Env: ci']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/\nContent-Type: application\/json\nUser-Agent: whk\nX-Env: ci\n\n\{"type":"METRIC_ALERT"/);
    const json = await runMain(['send', 'metric-alert', '--url', endpoint.url, '--dry-run', '--json', '--seed', '2', '--gzip', 'always']);
    const view = JSON.parse(json.stdout) as { headers: Record<string, string>; body: string; bodyEncoding: string };
    expect(view.bodyEncoding).toBe('base64');
    expect(view.headers['Content-Encoding']).toBe('gzip');
    expect(endpoint.requests).toHaveLength(0);
  });

  it('--curl prints a command that sends the same bytes and headers when run', async () => {
    const endpoint = await server([200]);
    for (const gzip of ['never', 'always']) {
      // The binary prints the first command; the second, gzipped, is the same printer's in process.
      const planned = await (gzip === 'never' ? runCli : runMain)(['send', 'metric-alert', '--url', `${endpoint.url}/c`, '--curl', '--seed', '9', '--gzip', gzip, '--header', "X-Quote: it's"]);
      expect(planned.code).toBe(0);
      const dry = await runMain(['send', 'metric-alert', '--url', `${endpoint.url}/c`, '--dry-run', '--json', '--seed', '9', '--gzip', gzip]);
      const view = JSON.parse(dry.stdout) as { body: string; bodyEncoding: 'utf8' | 'base64' };
      await promisify(execFile)('sh', ['-c', planned.stdout]);
      const received = endpoint.requests.at(-1);
      expect(received?.body.equals(Buffer.from(view.body, view.bodyEncoding))).toBe(true);
      expect(received?.headers['x-quote']).toBe("it's");
      expect(received?.headers['content-encoding']).toBe(gzip === 'always' ? 'gzip' : undefined);
    }
    expect(endpoint.requests).toHaveLength(2);
  });

  it('--curl --timeout carries the timeout as curl\'s --max-time, in seconds: the command gives up on a receiver that never answers', async () => {
    const silent = await rawServer(() => {});
    const planned = await runMain(['send', 'metric-alert', '--url', silent.url, '--curl', '--seed', '9', '--timeout', '300ms']);
    expect(planned.code).toBe(0);
    expect(planned.stdout).toMatch(/^curl -sS --globoff --max-time 0\.3 -X POST /);
    // curl's exit 28: the operation timed out (without --max-time it waited on the receiver for ever).
    const run = await promisify(execFile)('sh', ['-c', planned.stdout]).then(() => 0, (error: { code?: number }) => error.code);
    expect(run).toBe(28);
    // Without --timeout the command is as before: the kind's default is whk's, not the command's.
    const plain = await runMain(['send', 'metric-alert', '--url', silent.url, '--curl', '--seed', '9']);
    expect(plain.stdout).not.toContain('--max-time');
  });

  // A dry run shows the exact requests; without its seed a send afterwards sent other payloads.
  it('--dry-run and --curl without --seed tell the seed on stderr as a send does, and send the very bytes shown with it; --dry-run --json lines carry it', async () => {
    const endpoint = await server([200]);
    const told = (stderr: string): string => /^seed (\d+) \(pass --seed \1 to send the same payloads again\)$/m.exec(stderr)?.[1] ?? 'none';
    const dry = await runMain(['send', 'metric-alert', '--url', endpoint.url, '--dry-run', '--json', '--count', '2']);
    const seed = told(dry.stderr);
    const lines = dry.stdout.trim().split('\n').map((line) => JSON.parse(line) as { seed: unknown; body: string });
    expect(lines.map((line) => line.seed)).toEqual([Number(seed), Number(seed)]);
    const curl = await runMain(['send', 'metric-alert', '--url', endpoint.url, '--curl']);
    expect(told(curl.stderr)).toMatch(/^\d+$/);
    const sent = await runMain(['send', 'metric-alert', '--url', endpoint.url, '--count', '2', '--seed', seed]);
    expect(sent.code, sent.stderr).toBe(0);
    expect(endpoint.requests.map((request) => request.body.toString())).toEqual(lines.map((line) => line.body));
    const given = await runMain(['send', 'metric-alert', '--url', endpoint.url, '--dry-run', '--seed', '5']);
    expect(given.stderr).toBe('');
  });

  it('--data sends the file verbatim after validating it; an invalid one is exit 1 with its issues', async () => {
    const endpoint = await server([200]);
    const dir = await mkdtemp(join(tmpdir(), 'whk-send-'));
    const good = join(dir, 'good.json');
    const text = `${JSON.stringify(metricAlert.sample({ seed: 3 }), null, 2)}\n`;
    await writeFile(good, text);
    const sent = await runCli(['send', 'metric-alert', '--url', endpoint.url, '--data', good]);
    expect(sent.code).toBe(0);
    expect(endpoint.requests[0]?.body.toString()).toBe(text);

    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ ...metricAlert.sample({ seed: 3 }), firedAtMs: 'yesterday' }));
    const refused = await runMain(['send', 'metric-alert', '--url', endpoint.url, '--data', bad]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('$.firedAtMs');
    expect(refused.stderr).toContain('nothing was sent');
    expect(endpoint.requests).toHaveLength(1);

    const forced = await runMain(['send', 'metric-alert', '--url', endpoint.url, '--data', bad, '--no-validate']);
    expect(forced.code).toBe(0);
    expect(endpoint.requests).toHaveLength(2);

    // A trailing comma: whk can read past it, a receiver's JSON parser cannot.
    const comma = join(dir, 'comma.json');
    await writeFile(comma, text.replace(/\n}\n$/, ',\n}\n'));
    const strict = await runMain(['send', 'metric-alert', '--url', endpoint.url, '--data', comma]);
    expect([strict.code, strict.stdout]).toEqual([1, `${comma}:1  metric-alert  $  not valid JSON: line ${text.split('\n').length - 2}: a trailing comma before '}' (whk read past it to check the rest; metric-alert payloads are strict JSON)\n`]);
    expect(strict.stderr).toContain('nothing was sent');
    expect(endpoint.requests).toHaveLength(2);
  });

  it('--data whose bytes are not UTF-8 is sent as it is, with a warning saying where', async () => {
    const endpoint = await server([200]);
    const dir = await mkdtemp(join(tmpdir(), 'whk-send-'));
    const latin = join(dir, 'latin.json');
    const alert = metricAlert.sample({ seed: 3 }) as { source: object };
    const bytes = Buffer.from(JSON.stringify({ ...alert, source: { ...alert.source, name: 'caf\u00e9' } }), 'latin1');
    await writeFile(latin, bytes);
    const sent = await runMain(['send', 'metric-alert', '--url', endpoint.url, '--data', latin]);
    expect(sent.code).toBe(0);
    expect(endpoint.requests[0]?.body).toEqual(bytes);
    const at = bytes.indexOf(0xe9);
    expect(sent.stderr).toContain(`warning: --data is not valid UTF-8: byte 0xE9 at offset ${at}, in '…${bytes.subarray(at - 12, at).toString('latin1')}\\xE9"`);
    expect(sent.stderr).toContain('(JSON must be UTF-8, RFC 8259 §8.1) (sent as is)');
  });

  it('--data - reads stdin; --environment and --alert-type shape the alert like the sender filters', async () => {
    const endpoint = await server([200]);
    const piped = await runCli(['send', 'metric-alert', '--url', endpoint.url, '--data', '-', '--json'], { input: JSON.stringify(metricAlert.sample({ seed: 8 })) });
    expect(piped.code).toBe(0);
    // Every --json line has the key; --data draws nothing (it was left out).
    expect(JSON.parse(piped.stdout)).toMatchObject({ delivered: true, seed: null });
    const filtered = await runMain(['send', 'metric-alert', '--url', endpoint.url, '--environment', 'Staging', '--alert-type', 'SIGNIFICANCE']);
    expect(filtered.code).toBe(0);
    const alert = JSON.parse(endpoint.requests[1]?.body.toString() ?? '') as { data: { environment: { name: string }; alertType: string; alertPolicy: unknown } };
    expect(alert.data).toMatchObject({ environment: { name: 'Staging' }, alertType: 'SIGNIFICANCE', alertPolicy: null });
  });

  it("seed is null and unannounced when nothing is drawn from it (a --schema's example; --seed there is refused), and given when a secret may sign ids drawn from it or --duplicates draws from it", async () => {
    const endpoint = await server([200]);
    const dir = await mkdtemp(join(tmpdir(), 'whk-send-'));
    const schema = join(dir, 'mine.schema.json');
    await writeFile(schema, JSON.stringify({ title: 'mine', type: 'object', examples: [{ id: 1 }] }));
    const example = await runMain(['send', '--schema', schema, '--url', endpoint.url, '--json']);
    expect(example.code).toBe(0);
    expect(JSON.parse(example.stdout)).toMatchObject({ delivered: true, seed: null });
    const text = await runMain(['send', '--schema', schema, '--url', endpoint.url]);
    expect(text.stderr).not.toContain('--seed');
    const signed = await runMain(['send', '--schema', schema, '--url', endpoint.url, '--sign', 'standard-webhooks', '--secret', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '--json']);
    expect(signed.code).toBe(0);
    expect((JSON.parse(signed.stdout) as { seed: unknown }).seed).toEqual(expect.any(Number));
    // A seed given where nothing is drawn from it did nothing: refused, as send's other pairs that do nothing are.
    const seeded = await runMain(['send', '--schema', schema, '--url', endpoint.url, '--seed', '5']);
    expect(seeded).toMatchObject({ code: 2, stdout: '' });
    expect(seeded.stderr.split('\n')[0]).toBe("error: --seed has no effect with --schema's example: the payload is given, and nothing else is drawn from the seed");
    // --duplicates draws which deliveries go twice from the seed, a given payload's too: told, and taken.
    const incident = JSON.stringify(metaplaneIncident.sample({ seed: 4 }));
    const twice = await runMain(['send', 'metaplane-incident', '--data', '-', '--url', endpoint.url, '--duplicates', '0.5', '--count', '8', '--json'], { input: incident });
    const told = (JSON.parse(twice.stdout.split('\n')[0] ?? '') as { seed: unknown }).seed;
    expect(told).toEqual(expect.any(Number));
    const again = await runMain(['send', 'metaplane-incident', '--data', '-', '--url', endpoint.url, '--duplicates', '0.5', '--count', '8', '--json', '--seed', String(told)], { input: incident });
    expect(again.code).toBe(0);
    const duplicates = (out: string): boolean[] => out.trim().split('\n').map((line) => (JSON.parse(line) as { duplicate: boolean }).duplicate);
    expect(duplicates(again.stdout)).toEqual(duplicates(twice.stdout));
  });

  it('send all delivers one of each kind', async () => {
    const endpoint = await server([200]);
    const result = await runCli(['send', 'all', '--url', endpoint.url, '--json']);
    expect(result.code).toBe(0);
    const kinds = result.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { kind: string }).kind);
    const listed = await runMain(['kinds', '--json']);
    expect(kinds).toEqual((JSON.parse(listed.stdout) as { id: string }[]).map((k) => k.id));
    expect(endpoint.requests).toHaveLength(kinds.length);
  });

  // QA, sendmatrix 9 (found working): --duplicate-id new goes to the kinds with an idempotency id to
  // renew, as --retry-delay and --no-auto-disable go to the kinds they fit, not refused for the others.
  it('send all --duplicates 1 --duplicate-id new: metaplane-incident renews its idempotency id, the other at-least-once kinds re-send their bytes', async () => {
    const endpoint = await server([200]);
    const result = await runMain(['send', 'all', '--url', endpoint.url, '--duplicates', '1', '--duplicate-id', 'new', '--seed', '2', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { kind: string; duplicate: boolean; idempotencyId: string | null });
    const twice = lines.map((line, i) => ({ ...line, body: endpoint.requests[i]?.body.toString('base64') }));
    const duplicated = [...new Set(twice.filter((line) => line.duplicate).map((line) => line.kind))];
    expect(duplicated).toContain('metaplane-incident');
    expect(duplicated.length).toBeGreaterThan(1);
    for (const kind of duplicated) {
      const [first, again] = twice.filter((line) => line.kind === kind);
      if (kind === 'metaplane-incident') expect(again?.idempotencyId).not.toBe(first?.idempotencyId);
      else expect(again?.body).toBe(first?.body);
    }
  });

  it('impressions --count 250: one gzipped batch of 250 impressions, all valid', async () => {
    const endpoint = await server([200]);
    const result = await runMain(['send', 'impressions', '--url', endpoint.url, '--count', '250', '--json']);
    expect(result.code).toBe(0);
    const received = endpoint.requests[0];
    expect(endpoint.requests).toHaveLength(1);
    expect(received?.headers['content-encoding']).toBe('gzip');
    const batch = JSON.parse(gunzipSync(received?.body ?? Buffer.alloc(0)).toString()) as unknown[];
    expect(batch).toHaveLength(250);
    expect(validatePayload(batch, { kind: 'impressions' }).valid).toBe(true);
    expect(JSON.parse(result.stdout)).toMatchObject({ kind: 'impressions', delivered: true, gzip: true, bytes: received?.body.length });
  });

  // QA, sendmatrix 10: a name path was refused ('$' is an array) unless streamed, where it set every record.
  it('impressions --set: a field named from a record goes in every record of the batch, generated or given, as in a stream; an index path in that record only, and not in a stream', async () => {
    const endpoint = await server([200]);
    const records = (i: number): { treatment: string; label: string }[] => JSON.parse(endpoint.requests[i]?.body.toString() ?? '') as { treatment: string; label: string }[];
    const generated = await runMain(['send', 'impressions', '--url', endpoint.url, '--count', '3', '--gzip', 'never', '--seed', '4', '--set', 'treatment=off', '--set', '[2].label=last']);
    expect(generated.code, generated.stderr).toBe(0);
    expect(records(0).map((record) => record.treatment)).toEqual(['off', 'off', 'off']);
    expect(records(0).map((record) => record.label === 'last')).toEqual([false, false, true]);
    const given = await runMain(['send', 'impressions', '--url', endpoint.url, '--gzip', 'never', '--data', '-', '--set', '$.treatment=v9'], { input: JSON.stringify(records(0)) });
    expect(given.code, given.stderr).toBe(0);
    expect(records(1).map((record) => record.treatment)).toEqual(['v9', 'v9', 'v9']);
    const streamed = await runMain(['send', 'impressions', '--url', endpoint.url, '--rate', '10/s', '--total', '1', '--set', '[0].treatment=off']);
    expect(streamed).toMatchObject({ code: 2, stdout: '' });
    expect(streamed.stderr).toBe("error: --set '[0].treatment=off': a stream sets each impressions record as it is generated, before batches form, so a batch index names none\n  give the path from a record, treatment=…, which sets it in every one\n");
    expect(endpoint.requests).toHaveLength(2);
  });

  it('impressions to a Slack or Fivetran webhook: the dry run shows a plain body', async () => {
    for (const url of ['https://hooks.slack.com/services/T0/B0/x', 'https://webhooks.fivetran.com/webhooks/abc']) {
      const result = await runMain(['send', 'impressions', '--url', url, '--dry-run', '--json', '--seed', '1']);
      const view = JSON.parse(result.stdout) as { headers: Record<string, string>; body: string; bodyEncoding: string };
      expect(view.bodyEncoding).toBe('utf8');
      expect(view.headers['Content-Encoding']).toBeUndefined();
      expect(Array.isArray(JSON.parse(view.body))).toBe(true);
    }
  });

  it('metaplane-incident --lifecycle --secret --duplicates 1: opened, its duplicate, resolved, its duplicate', async () => {
    const endpoint = await server([200]);
    const result = await runMain(['send', 'metaplane-incident', '--url', endpoint.url, '--lifecycle', '--secret', 'k', '--duplicates', '1']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    // Each line names its stage: opened and resolved looked alike but for their bytes and ids.
    expect(lines.map((line) => /^✔ (metaplane-incident[^ ]*(?: \([^)]*\))?) {2}200/.exec(line)?.[1])).toEqual([
      'metaplane-incident (opened)',
      'metaplane-incident (opened, duplicate)',
      'metaplane-incident (resolved)',
      'metaplane-incident (resolved, duplicate)',
    ]);
    const statuses = endpoint.requests.map((r) => (JSON.parse(r.body.toString()) as { status: string }).status);
    expect(statuses).toEqual(['opened', 'opened', 'resolved', 'resolved']);
    expect(endpoint.requests[1]?.body.equals(endpoint.requests[0]?.body ?? Buffer.alloc(0))).toBe(true);
  });

  // check's deliveries named variant and stage; send's lines named neither, nor the event.
  it('--json lines name the variant, the event (kinds with events) and the --lifecycle stage, as check numbers it; a payload given has no variant', async () => {
    const endpoint = await server([200]);
    const named = async (args: string[]): Promise<unknown[]> => {
      // --seed with --data is refused (nothing is drawn from it for a given payload).
      const seed = args.includes('--data') ? [] : ['--seed', '1'];
      const result = await runMain(['send', ...args, '--url', endpoint.url, '--json', ...seed]);
      expect(result.code, result.stderr).toBe(0);
      return result.stdout.trim().split('\n').map((line) => {
        const { index, variant, event, stage, duplicate } = JSON.parse(line) as Record<string, unknown>;
        return { index, variant, event, stage, duplicate };
      });
    };
    expect(await named(['metaplane-incident', '--lifecycle', '--duplicates', '1'])).toEqual([
      { index: 1, variant: 'opened', event: null, stage: 1, duplicate: false },
      { index: 1, variant: 'opened', event: null, stage: 1, duplicate: true },
      { index: 1, variant: 'opened', event: null, stage: 2, duplicate: false },
      { index: 1, variant: 'opened', event: null, stage: 2, duplicate: true },
    ]);
    expect(await named(['github', '--event', 'pull_request', '--variant', 'closed'])).toEqual([{ index: 1, variant: 'closed', event: 'pull_request', stage: 1, duplicate: false }]);
    expect(await named(['metric-alert', '--count', '2'])).toEqual([1, 2].map((index) => ({ index, variant: 'alert-policy', event: null, stage: 1, duplicate: false })));
    const dir = await mkdtemp(join(tmpdir(), 'whk-send-named-'));
    const data = join(dir, 'push.json');
    await writeFile(data, (await runMain(['sample', 'github', '--seed', '2'])).stdout);
    expect(await named(['github', '--data', data])).toEqual([{ index: 1, variant: null, event: 'push', stage: 1, duplicate: false }]);
  });

  it('hertzbeat-alarm answered 404: one request, failed, exit 1', async () => {
    const endpoint = await server([404]);
    const result = await runMain(['send', 'hertzbeat-alarm', '--url', endpoint.url, '--auth-bearer', 'tok']);
    expect(result.code).toBe(1);
    expect(endpoint.requests).toHaveLength(1);
    expect(endpoint.requests[0]?.headers['authorization']).toBe('Bearer tok');
    expect(result.stdout).toMatch(/^✖ hertzbeat-alarm {2}404 \(\d+ms\) {2}failed/);
  });

  it('refused with 401 or 403: one line after the tally says what the receiver may ask for that whk can send', async () => {
    const hints = [
      [['github'], 401, "the receiver answered 401: if it checks github's signature, --secret SECRET signs each delivery as the sender does"],
      [['github', '--secret', 'shh'], 403, "the receiver answered 403 to signed deliveries: does it check github's signature with the secret given?"],
      [['travis-ci'], 401, "the receiver answered 401: if it checks travis's signature, --travis-key FILE signs each delivery as the sender does"],
      [['hertzbeat-alarm'], 401, 'the receiver answered 401: --auth-basic TOKEN or --auth-bearer TOKEN sends the Authorization header the sender can send'],
      [['hertzbeat-alarm', '--auth-bearer', 'token'], 401, "the receiver answered 401: --header 'Name: value' adds a header it may ask for (a token, an API key)"],
      [['metric-alert', '--retries', '0'], 403, "the receiver answered 403: --header 'Name: value' adds a header it may ask for (a token, an API key)"],
    ] as const;
    for (const [args, status, hint] of hints) {
      const endpoint = await server([status]);
      const result = await runMain(['send', ...args, '--url', endpoint.url, '--seed', '1']);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr.trimEnd().split('\n').slice(-2)).toEqual([`0 delivered, 1 failed → ${endpoint.url}/`, hint]);
    }
    // Another failure, or a 401 a retry got past: nothing to say.
    for (const statuses of [[500], [401, 200]]) {
      const endpoint = await server(statuses);
      const result = await runMain(['send', 'metric-alert', '--url', endpoint.url, '--seed', '1', '--retries', '1', '--retry-delay', '0']);
      expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(/^\d delivered, \d failed → /);
    }
  });

  it('bad input through the binary: exit 2, one clear line, no stack trace (the full table runs in-process)', async () => {
    const endpoint = await server([200]);
    // commander's missing option and an option table's bad value through the binary; another bad
    // value of that table in process (test/reliability/bad-input.test.ts has the whole table).
    const rows = [
      [runCli, ['send', 'metric-alert']],
      [runMain, ['send', 'metric-alert', '--url', 'ftp://example.com/']],
      [runCli, ['send', 'metric-alert', '--url', endpoint.url, '--count', '0']],
    ] as const;
    for (const [run, args] of rows) {
      const result = await run(args);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
      noStackTrace(result.stderr);
    }
    expect(endpoint.requests).toHaveLength(0);
  });

  it('--retries whose doubled waits would pass 596h: exit 2 naming the most that fit, nothing sent (a thousand doubled from 500ms wait no finite time)', async () => {
    const endpoint = await server([500]);
    const result = await runCli(['send', 'alertmanager', '--url', endpoint.url, '--retries', '2000']);
    expect([result.code, result.stdout]).toEqual([2, '']);
    expect(result.stderr.trim().split('\n')).toEqual([
      "error: 2000 retries: alertmanager's retries double their wait from 500ms, so retry 24 would wait 1165.1h, past 596h, the longest wait whk takes",
      '  give --retries 23 or fewer (the last waiting 582.5h), or a shorter --retry-delay',
    ]);
    // The kind's own 11 retries, from a longer first wait; the bound itself is taken.
    const delayed = await runMain(['send', 'pagerduty-incident', '--url', endpoint.url, '--retry-delay', '1h', '--dry-run']);
    expect([delayed.code, delayed.stderr.split('\n')[0]]).toEqual([2, "error: 11 retries: pagerduty-incident's retries double their wait from 1.0h, so retry 11 would wait 1024.0h, past 596h, the longest wait whk takes"]);
    expect((await runMain(['send', 'alertmanager', '--url', endpoint.url, '--retries', '23', '--dry-run'])).code).toBe(0);
    expect(endpoint.requests).toHaveLength(0);
  });

  it('--schema whose "x-whk" header cannot go on the wire: exit 2 naming it, nothing sent, --dry-run too', async () => {
    const endpoint = await server([200]);
    const dir = await mkdtemp(join(tmpdir(), 'whk-xwhk-'));
    const schema = join(dir, 'mine.schema.json');
    await writeFile(schema, JSON.stringify({ title: 'mine', examples: [{}], 'x-whk': { headers: { 'bad name': 'x' } } }));
    for (const extra of [[], ['--dry-run']]) {
      const result = await runMain(['send', '--schema', schema, '--url', endpoint.url, ...extra]);
      expect([result.code, result.stdout]).toEqual([2, '']);
      expect(result.stderr.split('\n')[0]).toBe(`error: cannot use the JSON Schema in '${schema}': "x-whk" headers: "bad name" is not a header name`);
    }
    expect(endpoint.requests).toHaveLength(0);
  });
});
