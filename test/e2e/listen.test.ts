// `whk listen` as a user runs it: the real binary, real sockets, exit codes, stdout and stderr.
// Each listen that hears requests or signals is its own process (startCli). The command lines that
// end without one (the refusals, a listen timed out with nothing sent, validate of the capture) run
// through main(), the binary's own path, in this process (runMain); the binary keeps a witness of a
// refused option and of a port in use.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';

import { gzipSync } from 'node:zlib';
import { Agent, request } from 'undici';
import { describe, expect, it } from 'vitest';
import { metricAlert } from '../../src/kinds/metric-alert.js';
import { readCaptures } from '../helpers/capture.js';
import { expectUsageLine, runCli, listenHarness, type CliResult } from '../helpers/cli.js';
import { runMain } from '../helpers/main.js';
import { post } from '../helpers/http.js';
import { startServer } from '../helpers/server.js';

const alert = (seed = 1): string => JSON.stringify(metricAlert.sample({ seed }));

const { file, listen } = listenHarness();


describe('whk listen (real binary)', () => {
  it('prints the readiness line, one line per request, and exits 0 after --count valid requests', async () => {
    const { cli, url } = await listen(['--count', '2']);
    expect(await post(`${url}/hooks/fme`, alert(1))).toBe(200);
    expect(await post(`${url}/hooks/fme?x=1`, gzipSync(alert(2)), { 'content-encoding': 'gzip' })).toBe(200);
    const result = await cli.exited;
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} {2}POST \/hooks\/fme {2}metric-alert {2}valid {2}\d+(\.\d)? (B|kB) {2}identity {2}→ 200$/);
    expect(lines[1]).toMatch(/POST \/hooks\/fme\?x=1 {2}metric-alert {2}valid {2}\d+ B {2}gzip {2}→ 200$/);
    expect(result.stderr).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n/);
    expect(result.stderr).toContain('2 requests: 2 valid, 0 invalid');
    expect(result.stderr).toContain('encodings: identity ×1, gzip ×1 (1 gzip)');
    expect(result.stderr).toContain('statuses answered: 200 ×2');
  });

  it('a sender gone mid-body and a malformed chunk: each said as what it is, neither recorded', async () => {
    const { cli, url } = await listen(['--count', '1']);
    const { port } = new URL(url);
    const raw = async (bytes: string): Promise<void> => {
      const socket = connect(Number(port), '127.0.0.1');
      socket.resume();
      socket.end(bytes);
      await once(socket, 'close');
    };
    await raw('POST /gone HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{"a"');
    await raw('POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\nZZ\r\n');
    expect(await post(url, alert())).toBe(200);
    const result = await cli.exited;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: POST /gone: the sender went away after 4 B, before the body ended (not recorded)');
    expect(result.stderr).toContain('warning: a request was refused with 400 before whk could read it: not valid HTTP/1.1 (Invalid character in chunk size); not recorded');
    expect(result.stderr).not.toContain('POST /chunked');
    expect(result.stderr).toContain('aborted by the sender: 1');
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
  });

  // whk's own cuts were blamed on the sender (a stalled body: 'the sender went away', counted as
  // aborted by it) or not said at all (headers past the header timeout: a 408, and 0 requests).
  it('a stalled body and stalled headers: said and counted as whk\'s own cuts (408), in the summary and --json', async () => {
    const { cli, url } = await listen(['--count', '1', '--json', '--idle-timeout', '300ms', '--header-timeout', '300ms']);
    const { port } = new URL(url);
    const stalled = async (bytes: string): Promise<string> => {
      const socket = connect(Number(port), '127.0.0.1');
      let reply = '';
      socket.on('data', (chunk: Buffer) => (reply += chunk.toString('latin1')));
      socket.write(bytes);
      await once(socket, 'close');
      return reply.split('\r\n')[0] ?? '';
    };
    expect(await stalled('POST /stall HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{"a"')).toBe('HTTP/1.1 408 Request Timeout');
    expect(await stalled('POST /slow HTTP/1.1\r\nHost: x\r\n')).toBe('HTTP/1.1 408 Request Timeout');
    await cli.waitFor(/before whk could read it: its headers/);
    expect(await post(url, alert())).toBe(200);
    const result = await cli.exited;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: POST /stall: whk dropped the request after 4 B of its body: its body sent nothing for --idle-timeout (300ms); answered 408 (not recorded)');
    expect(result.stderr).toContain('warning: a request was refused with 408 before whk could read it: its headers did not all arrive within --header-timeout (300ms); not recorded');
    expect(result.stderr).not.toContain('went away');
    expect(result.stderr).not.toContain('aborted by the sender');
    expect(result.stderr).toContain('  dropped by whk (408, not recorded): 1 body silent for --idle-timeout, 0 past the request-time limit');
    expect(result.stderr).toContain('  refused before whk could read them (not recorded): 1 headers past --header-timeout (408), 0 refused by the HTTP parser (400, 413, 431) or a CONNECT (501)');
    const events = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.find((event) => event['type'] === 'dropped')).toEqual({ type: 'dropped', method: 'POST', path: '/stall', size: 4, limit: 'idleTimeout', limitMs: 300, answered: true });
    expect(events.at(-1)).toMatchObject({ type: 'summary', requests: 1, aborted: 0, dropped: { idleTimeout: 1, requestTimeout: 0, shutdown: 0 }, refused: { headerTimeout: 1, parser: 0 } });
  });

  it('--timeout with nothing recorded says a request did come, refused', async () => {
    // The window only ends the run: the refusal comes well within it.
    const { cli, url } = await listen(['--timeout', '3s']);
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    socket.resume();
    socket.end('POST /lf HTTP/1.1\nHost: x\nContent-Length: 2\n\n{}');
    await once(socket, 'close');
    const result = await cli.exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: timed out after 3s: no request arrived whole (1 refused or cut short, not recorded: see the warnings)');
    expect(result.stderr).toContain('refused before whk could read them (not recorded): 0 headers past --header-timeout (408), 1 refused by the HTTP parser (400, 413, 431) or a CONNECT (501)');
  });

  it('exits 1 with --count when a request was invalid; an unknown one is not invalid', async () => {
    const { cli, url } = await listen(['--count', '2']);
    await post(url, '{"not": "a known kind"}');
    // A gzip header over a plain body: the decoder says so.
    await post(url, alert(), { 'content-encoding': 'gzip' });
    const result = await cli.exited;
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/unknown {2}json, keys not {2}\d+ B/);
    expect(result.stdout).toMatch(/unknown {2}invalid \$ cannot decode gzip body/);
    expect(result.stderr).toContain('2 requests: 0 valid, 1 invalid, 1 unknown');
  });

  it('--json: a listening event, one object per request (no bodies), a summary object', async () => {
    const { cli, url } = await listen(['--count', '1', '--json']);
    await post(`${url}/j`, alert(3));
    const result = await cli.exited;
    expect(result.code).toBe(0);
    const objects = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(objects.map((o) => o['type'])).toEqual(['listening', 'request', 'summary']);
    expect(objects[0]).toEqual({ type: 'listening', url });
    expect(objects[1]).toMatchObject({ method: 'POST', path: '/j', kind: 'metric-alert', valid: true, status: 200, seq: 1, encoding: 'identity' });
    expect(objects[1]).not.toHaveProperty('bodyBase64');
    // The count by kind is `kinds`, as validate's summary names it; `byKind`, whk 0.1.0's name, is still there.
    expect(objects[2]).toMatchObject({ requests: 1, valid: 1, invalid: 0, kinds: { 'metric-alert': 1 }, byKind: { 'metric-alert': 1 }, reason: 'count', exitCode: 0 });
  });

  // A body refused only once inflated holds every wire byte (its record says truncated: false), yet
  // the summary counted it as truncated.
  it('the capture file names flags, not the receiver\'s fields: a 413\'s issue says --max-body, as the printed line does', async () => {
    const captures = file('flags.ndjson');
    const { cli, url } = await listen(['--count', '1', '--max-body', '10', '--save', captures]);
    expect(await post(url, '{"aaaaaaaaaaaaaaaaaaaaaaa":1}')).toBe(413);
    const result = await cli.exited;
    const [record] = await readCaptures(captures);
    expect(record?.['issues']).toEqual([{ path: '$', message: 'body of 29 bytes exceeds --max-body (10 bytes); refused with 413, first 10 bytes recorded' }]);
    expect(result.stdout).toContain('exceeds --max-body (10 bytes)');
  });

  it('the summary counts bodies cut on the wire (truncated) apart from those refused only once inflated, in --json and on stderr', async () => {
    const { cli, url } = await listen(['--count', '2', '--json', '--max-body', '1kb']);
    const inflatesPast = gzipSync(JSON.stringify({ pad: 'x'.repeat(4000) }));
    const overOnTheWire = gzipSync(randomBytes(3000));
    expect(inflatesPast.length).toBeLessThan(1024);
    expect(await post(url, inflatesPast, { 'content-encoding': 'gzip' })).toBe(413);
    expect(await post(url, overOnTheWire, { 'content-encoding': 'gzip' })).toBe(413);
    const result = await cli.exited;
    const objects = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(objects.filter((o) => o['type'] === 'request').map((o) => o['truncated'])).toEqual([false, true]);
    expect(objects.at(-1)).toMatchObject({ type: 'summary', requests: 2, truncated: 1, refusedOnceInflated: 1 });
    expect(result.stderr).toContain('  refused for size (413): 1 truncated (over --max-body on the wire), 1 only once inflated (held whole)');
  });

  it('--timeout exits 1 when fewer than --count requests arrived', async () => {
    const { cli, url } = await listen(['--count', '2', '--timeout', '500ms']);
    await post(url, alert());
    const result = await cli.exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: timed out after 500ms: 1 of 2 requests arrived');
    const idle = await runMain(['listen', '--port', '0', '--timeout', '200ms']);
    expect(idle.code).toBe(1);
    expect(idle.stderr).toContain('no request arrived');
  });

  it('--expect makes another kind a failure (exit 1), and its own kind passes (exit 0)', async () => {
    const other = await listen(['--count', '1', '--expect', 'metric-alert']);
    await post(other.url, '{"title":"x","status":"firing","alerts":[]}');
    const failed = await other.cli.exited;
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain("expected kind 'metric-alert'");
    expect(failed.stderr).toContain('unexpected kind: 1');
    const same = await listen(['--count', '1', '--expect', 'metric-alert']);
    await post(same.url, alert());
    expect((await same.cli.exited).code).toBe(0);
  });

  it('answers a --respond sequence with Retry-After on failures', async () => {
    const { cli, url } = await listen(['--count', '3', '--respond', '500,503,200', '--retry-after', '4']);
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const response = await request(url, { method: 'POST', body: alert(i + 1) });
      await response.body.text();
      answers.push(`${response.statusCode}:${response.headers['retry-after'] ?? '-'}`);
    }
    expect(answers).toEqual(['500:4', '503:4', '200:-']);
    const result = await cli.exited;
    expect(result.stdout.split('\n').filter(Boolean).map((l) => l.slice(-3))).toEqual(['500', '503', '200']);
  });

  it('masks Authorization, Cookie and signature headers in printed output unless --show-secrets; captures keep them', async () => {
    const save = file('c.ndjson');
    const secrets = { authorization: 'Bearer sk_live_123', cookie: 'session=abc', 'x-metaplane-sig': 'f00dfeed' };
    const masked = await listen(['--count', '1', '--headers', '--save', save]);
    await post(masked.url, alert(), secrets);
    const first = await masked.cli.exited;
    expect(first.stdout).toContain('authorization: Bearer ••••');
    expect(first.stdout).toContain('cookie: ••••');
    expect(first.stdout).toContain('x-metaplane-sig: ••••');
    expect(first.stdout).not.toMatch(/sk_live_123|session=abc|f00dfeed/);
    expect((await readCaptures(save))[0]?.headers).toMatchObject(secrets);
    const json = await listen(['--count', '1', '--json']);
    await post(json.url, alert(), secrets);
    expect((await json.cli.exited).stdout).not.toMatch(/sk_live_123|session=abc|f00dfeed/);
    const shown = await listen(['--count', '1', '--headers', '--show-secrets']);
    await post(shown.url, alert(), secrets);
    const third = await shown.cli.exited;
    expect(third.stdout).toContain('authorization: Bearer sk_live_123');
    expect(third.stdout).toContain('x-metaplane-sig: f00dfeed');
  });

  it('--forward-to relays to the app and answers with its status', async () => {
    const app = await startServer([202]);
    try {
      const { cli, url } = await listen(['--count', '1', '--forward-to', `${app.url}/hook`]);
      expect(await post(`${url}/in`, alert())).toBe(202);
      const result = await cli.exited;
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/→ 202 {2}forwarded/);
      expect(app.requests[0]?.body.toString()).toBe(alert());
    } finally {
      await app.close();
    }
  });

  it('--forward-to an app that never answers: the summary says the forward failed, and --json counts it (forwardFailed)', async () => {
    const gone = await startServer();
    await gone.close();
    const { cli, url } = await listen(['--count', '1', '--json', '--forward-to', `${gone.url}/hook`]);
    expect(await post(`${url}/in`, alert())).toBe(502);
    const result = await cli.exited;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("  forward failed: 1 (the app did not answer; whk answered 502, 503 or 508: each record's forward.error says why)");
    const summary = JSON.parse(result.stdout.trimEnd().split('\n').at(-1) ?? '') as Record<string, unknown>;
    expect(summary).toMatchObject({ type: 'summary', forwardFailed: 1, statuses: { '502': 1 } });
  });

  // Stopping under load (SIGTERM, SIGKILL in the middle of 5,000 requests) is in test/reliability/load.test.ts.

  it('SIGINT prints the summary and exits 130', async () => {
    const { cli, url } = await listen([]);
    await post(url, alert());
    cli.child.kill('SIGINT');
    const result = await cli.exited;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('1 request: 1 valid, 0 invalid');
  });

  /**
   * `whk listen args` takes a POST /slow whose head ends with `rest` (Content-Length, blank line, the
   * body or part of it) and says it has it (100 Continue); then two Ctrl-C. The answer bytes it got.
   */
  async function twoSigintsWhileInFlight(args: string[], rest: string): Promise<{ result: CliResult; reply: string }> {
    const { cli, url } = await listen(args);
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString()));
    socket.on('error', () => {});
    const closed = once(socket, 'close');
    // The 100 Continue says whk has the request (its head came): it is in flight.
    socket.write(`POST /slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n${rest}`);
    while (!reply.includes('100 Continue')) await once(socket, 'data');
    cli.child.kill('SIGINT');
    // Two signals sent together may arrive as one: the second waits until the port is closed.
    while (await accepts(Number(new URL(url).port))) await new Promise((resolve) => setTimeout(resolve, 20));
    cli.child.kill('SIGINT');
    const result = await cli.exited;
    await closed;
    return { result, reply };
  }

  // The first Ctrl-C waits for the requests in flight, up to 10 s plus --delay; with --delay 5m a
  // second one did nothing either, and the user had to kill whk.
  it('a second SIGINT stops at once: the request waiting out --delay is cut, recorded as never answered', async () => {
    const save = file('cut.ndjson');
    const body = alert();
    const { result, reply } = await twoSigintsWhileInFlight(['--save', save, '--delay', '5m'], `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    expect(result.code).toBe(130);
    expect(reply).not.toMatch(/HTTP\/1\.1 200/);
    expect(result.stderr).toContain('1 request: 1 valid, 0 invalid');
    expect(result.stderr).toMatch(/statuses answered: none\n.*answers never seen: 1 \(the sender hung up first, a refusal closed its connection, or whk cut it as it stopped/);
    expect(result.stdout).toMatch(/POST \/slow .*→ 200 \(never seen\)/);
    const [record] = await readCaptures(save);
    // whk cut it, not the sender: the warning says so.
    expect(record?.warnings.join('\n')).toMatch(/^whk cut the connection as it stopped \(told to stop at once, by a second Ctrl-C or SIGTERM, or the wait for requests in flight ran out\), \d+ ms after the body arrived: the sender never saw this 200$/);
  });

  // A body whk cut off itself as it stopped was blamed on the sender: "the sender went away after 5 B",
  // counted as "aborted by the sender".
  it('a second SIGINT cutting a half-sent body: said and counted as whk\'s cut at shutdown, in the terminal, --json and the summary', async () => {
    const { result } = await twoSigintsWhileInFlight(['--json'], 'Content-Length: 20\r\n\r\n{"a":');
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('warning: POST /slow: cut off by whk at shutdown after 5 B, before the body ended (not answered, not recorded)');
    expect(result.stderr).toContain('  cut off by whk at shutdown (not answered, not recorded): 1');
    expect(result.stderr).not.toContain('went away');
    expect(result.stderr).not.toContain('aborted by the sender');
    const events = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.find((event) => event['type'] === 'dropped')).toEqual({ type: 'dropped', method: 'POST', path: '/slow', size: 5, limit: 'shutdown', answered: false });
    expect(events.at(-1)).toMatchObject({ type: 'summary', requests: 0, aborted: 0, dropped: { idleTimeout: 0, requestTimeout: 0, shutdown: 1 } });
  });

  it('1,000 concurrent POSTs: the capture file holds exactly the requests answered 2xx (and the rest as answered)', async () => {
    const save = file('thousand.ndjson');
    const { cli, url } = await listen(['--save', save, '--count', '1000', '--fail-rate', '0.2', '--seed', '9', '--quiet']);
    const agent = new Agent({ connections: 1000, pipelining: 0 });
    const body = alert(7);
    const statuses = await Promise.all(Array.from({ length: 1000 }, (_, n) => post(`${url}/c?n=${n}`, body, {}, agent)));
    await agent.close();
    const result = await cli.exited;
    // Identical bodies are retries by definition, so they are reported, and still valid.
    expect(result.code).toBe(0);
    const records = await readCaptures(save);
    expect(records).toHaveLength(1000);
    const byN = new Map(records.map((r) => [Number(r.query['n']), r.status]));
    expect(byN.size).toBe(1000);
    const answered2xx = statuses.flatMap((status, n) => (status === 200 ? [n] : []));
    const recorded2xx = records.filter((r) => r.status === 200).map((r) => Number(r.query['n']));
    expect(new Set(recorded2xx)).toEqual(new Set(answered2xx));
    expect(statuses.every((status, n) => byN.get(n) === status)).toBe(true);
    expect(answered2xx.length).toBeGreaterThan(700);
    expect(answered2xx.length).toBeLessThan(900);
  });

  it('a capture file feeds whk validate: same verdicts, lenient repairs kept as warnings', async () => {
    const save = file('feed.ndjson');
    const { cli, url } = await listen(['--count', '3', '--save', save]);
    await post(url, gzipSync(alert(4)));
    await post(url, (await readFile(new URL('../../fixtures/hertzbeat-alarm/grouped-trailing-comma.json', import.meta.url))).toString());
    const broken = JSON.parse(alert(5));
    broken.data.direction = 'SIDEWAYS';
    await post(url, JSON.stringify(broken));
    expect((await cli.exited).code).toBe(1);
    const result = await runMain(['validate', save]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/feed\.ndjson:2 {2}hertzbeat-alarm {2}warning {2}line 20: repaired a trailing comma/);
    expect(result.stdout).toMatch(/feed\.ndjson:3 {2}metric-alert {2}\$\.data\.direction /);
    expect(result.stderr).toContain('3 payloads in 1 file: 2 valid, 1 invalid');
  });

  it('an option whose effect would never show is refused, exit 2, saying why: --seed, --ui-port, --tolerance alone; --strict with --kind; --secret with a --kind that signs nothing', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--seed', '5'], /^error: --seed needs --fail-rate$/],
      [['--ui-port', '30001'], /^error: --ui-port needs --ui$/],
      [['--tolerance', '1m'], /^error: --tolerance needs --secret or --verify$/],
      [['--strict', '--kind', 'github'], /^error: --strict cannot be used with --kind: with --kind every request is of that kind, so none is unknown$/],
      [['--kind', 'metric-alert', '--secret', 's', '--reject'], /^error: --secret has nothing to verify: --kind metric-alert signs nothing, so no scheme reads the secret$/],
    ];
    const results = await Promise.all(cases.map(([args]) => runMain(['listen', '--port', '0', '--timeout', '5s', ...args])));
    results.forEach((result, i) => expectUsageLine(result, cases[i]?.[1] as RegExp));
    // With what they modify, each is taken.
    const taken = await Promise.all([['--seed', '5', '--fail-rate', '0.5'], ['--tolerance', '1m', '--secret', 's'], ['--kind', 'github', '--secret', 's', '--reject']].map((args) => runMain(['listen', '--port', '0', '--timeout', '50ms', ...args])));
    for (const result of taken) expect([result.code, result.stderr]).toEqual([1, expect.stringContaining('timed out after 50ms: no request arrived')]);
  });

  it('usage errors exit 2 with one line', async () => {
    const both = await runCli(['listen', '--status', '200', '--respond', '500,200']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give --status or --respond, not both/);
    const bad = await runMain(['listen', '--respond', '500,abc']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid --respond/);
    const kind = await runMain(['listen', '--expect', 'nope']);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/unknown kind 'nope'/);
    const { url } = await listen([]);
    const busy = await runCli(['listen', '--port', new URL(url).port]);
    expect(busy.code).toBe(2);
    expect(busy.stderr).toMatch(/port \d+ on 127\.0\.0\.1 is in use/);
    // A name that does not resolve: said in words, not as getaddrinfo's code.
    const unresolved = await runMain(['listen', '--host', 'no-such-host.invalid']);
    expect(unresolved.code).toBe(2);
    expect(unresolved.stderr).toBe("error: cannot listen on host 'no-such-host.invalid': it is not an IP address, and no address was found for the name\n  give --host an address of this machine: 127.0.0.1 (this machine only), or 0.0.0.0 (every interface)\n");
    // An IPv6 address as a URL writes it: the address inside is meant.
    const bracketed = await runMain(['listen', '--host', '[::1]']);
    expect([bracketed.code, bracketed.stderr]).toEqual([2, "error: cannot listen on host '[::1]': it is not an IP address, and no address was found for the name\n  did you mean '::1'? --host takes an IPv6 address without the brackets a URL puts around it\n"]);
    // The page on the receiver's own port: said as that, not as a port some other process holds.
    const samePort = await runMain(['listen', '--port', '23459', '--ui', '--ui-port', '23459']);
    expectUsageLine(samePort, /^error: --ui-port 23459 is --port's too: the page needs a port of its own$/);
  });
});

/** Whether a connection to the port is accepted (false once whk has stopped accepting). */
async function accepts(port: number): Promise<boolean> {
  const probe = connect(port, '127.0.0.1');
  const accepted = await new Promise<boolean>((resolve) => {
    probe.once('connect', () => resolve(true));
    probe.once('error', () => resolve(false));
  });
  probe.destroy();
  return accepted;
}
