import { spawn } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { recovering, serversClosedAfterEach } from '../helpers/server.js';

const server = serversClosedAfterEach();

describe('whk send --rate (real binary)', () => {
  it('--json: state changes as events, then the summary; every impression delivered', async () => {
    const endpoint = await recovering(1200, { start: server });
    const result = await runCli([
      'send', 'impressions', '--url', endpoint.url, '--json',
      '--rate', '100/s', '--duration', '3s', '--flush-interval', '100ms', '--retry-delay', '50ms',
      '--pause-min-attempts', '4', '--pause-cooldown', '300ms', '--pause-max', '600ms',
    ]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const states = lines.filter((l) => l['type'] === 'state');
    expect(states[0]).toMatchObject({ from: 'closed', to: 'paused', cooldownMs: 300, integration: `impressions ${endpoint.url}/` });
    expect(states.map((s) => s['to'])).toContain('probing');
    expect(states.at(-1)).toMatchObject({ from: 'probing', to: 'closed' });
    for (const state of states) expect(state['time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const summary = lines.at(-1);
    expect(summary).toMatchObject({ type: 'summary', generated: 300, delivered: 300, failed: 0, queued: 0, dropped: 0, cancelled: false });
    expect(Object.keys(summary ?? {})).toEqual(expect.arrayContaining(['generated', 'batches', 'delivered', 'retried', 'failed', 'pausedMs', 'queued', 'dropped']));
  });

  it('human output: timestamped state changes on stderr, the summary on stdout', async () => {
    const endpoint = await recovering(600, { start: server });
    const result = await runCli([
      'send', 'impressions', '--url', endpoint.url,
      '--rate', '100/s', '--total', '150', '--batch-size', '10', '--retry-delay', '20ms',
      '--pause-min-attempts', '2', '--pause-cooldown', '700ms',
    ]);
    expect(result.code).toBe(0);
    // A pause names what the receiver last did, and so does the summary.
    expect(result.stderr).toMatch(/^\d\d:\d\d:\d\d\.\d{3} closed → paused {2}2 errors in 2 attempts within 60s; last failed attempt: 500; next probe in 700ms$/m);
    expect(result.stderr).toMatch(/^\d\d:\d\d:\d\d\.\d{3} probing → closed {2}the probe succeeded: delivery resumes$/m);
    expect(result.stdout).toMatch(/^generated 150 in 15 batches, delivered 150, failed 0, retried \d+, paused [\d.]+m?s, queued 0, dropped 0 \(\d+ requests in [\d.]+m?s\); last failed attempt: 500\n$/);
  });

  it('tells the seed it drew, and --seed with it sends the same impressions again', async () => {
    const [first, again] = [await server([200]), await server([200])];
    const args = ['--rate', '100/s', '--total', '30', '--flush-interval', '100ms'];
    const drawn = await runCli(['send', 'impressions', '--url', first.url, ...args]);
    const seed = /^seed (\d+) \(pass --seed \1 to send the same payloads again\)$/m.exec(drawn.stderr)?.[1];
    expect(seed).toBeDefined();
    const given = await runCli(['send', 'impressions', '--url', again.url, ...args, '--seed', seed ?? '']);
    expect(given.stderr).not.toMatch(/^seed /m);
    const records = (endpoint: typeof first): unknown[] => endpoint.requests.flatMap((r) => JSON.parse(gunzipSync(r.body).toString()) as unknown[]);
    expect(records(first)).toHaveLength(30);
    expect(records(again)).toEqual(records(first));
  });

  it('names the rate as given, and says so when this machine could not hold it', async () => {
    const endpoint = await server([200]);
    // Ten million impressions a second for 100 ms: a million, far past what one process builds in that time.
    const result = await runCli(['send', 'impressions', '--url', endpoint.url, '--rate', '36000000000/h', '--duration', '100ms']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^streaming impressions to \S+ at 36000000000\/h for 100ms$/m);
    expect(result.stderr).toMatch(/^warning: the rate was not held: \d+ of 1000000 events generated in 100ms \(this machine could not build them faster\)$/m);
    const generated = Number(/^generated (\d+)/.exec(result.stdout)?.[1]);
    expect(generated).toBeLessThan(1_000_000);
    expect(endpoint.requests.flatMap((r) => JSON.parse(gunzipSync(r.body).toString()) as unknown[])).toHaveLength(generated);
  });

  it('Ctrl-C ends the stream with the summary and exit 130', async () => {
    // Interrupt once the stream has delivered something. Batches go out one at a time, so the
    // second request arriving means the first was answered and counted.
    let secondArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (secondArrived = resolve));
    const endpoint = await server((_, index) => {
      if (index === 1) secondArrived();
      return 200;
    });
    const child = spawn(process.execPath, [BIN, 'send', 'impressions', '--url', endpoint.url, '--rate', '50/s', '--flush-interval', '200ms', '--json'], {
      env: { ...process.env, NO_COLOR: '1', CI: '1' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await arrived;
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number | boolean>;
    expect(summary).toMatchObject({ type: 'summary', cancelled: true });
    expect(summary['generated']).toBeGreaterThan(0);
    expect(summary['delivered']).toBeGreaterThan(0);
    // A batch whose answer was still coming is cut off in flight: counted apart, as it may have arrived.
    expect(summary['generated']).toBe(Number(summary['delivered']) + Number(summary['failed']) + Number(summary['queued']) + Number(summary['dropped']) + Number(summary['cutOff']));
  });

  it('--set applies to each impression of a stream, checked on them before the stream starts', async () => {
    const endpoint = await server([200]);
    const args = ['send', 'impressions', '--url', endpoint.url, '--rate', '100/s', '--total', '5', '--flush-interval', '50ms', '--seed', '1'];
    const [fine, invalid] = await Promise.all([runCli([...args, '--set', 'key=tagged']), runCli([...args, '--set', 'key=5'])]);
    expect(fine.code).toBe(0);
    expect(invalid.code).toBe(1);
    // The value read as JSON is said for a record's field as for a payload's ($[0].key is key=5's).
    expect(invalid.stderr.split('\n')).toEqual(['error: --set makes an invalid impressions payload: $[0].key: expected string, got number (and 4 more issues) (--set reads its value as JSON, and 5 is a number)', "  for the string, give it in JSON quotes: --set 'key=\"5\"'", '']);
    const sent = endpoint.requests.map((request) => JSON.parse(gunzipSync(request.body).toString()) as { key: unknown }[]).flat();
    expect(sent.map((impression) => impression.key)).toEqual(Array(5).fill('tagged'));
  });
});
