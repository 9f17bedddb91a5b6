// What `whk replay` (and `whk send`, which shares its line's words) says of a record on its line and
// in its errors: why a 2xx failed, and what a filter that matches nothing or `unknown` means.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureRecord } from '../helpers/capture.js';
import { runCli } from '../helpers/cli.js';
import { serversClosedAfterEach } from '../helpers/server.js';
import type { CaptureRecord } from '../../src/capture/record.js';

const server = serversClosedAfterEach();

/** A capture file of these records. */
async function captureOf(records: readonly CaptureRecord[]): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'whk-replay-lines-')), 'capture.ndjson');
  await writeFile(file, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
  return file;
}

describe('whk replay lines (real binary)', () => {
  it("a 2xx its kind does not count as delivered (metric-alert: status 200 only) fails saying the kind's rule, in replay and in send", async () => {
    const source = await captureOf([captureRecord({ type: 'METRIC_ALERT' }, { kind: 'metric-alert' }), captureRecord({ x: 1 })]);
    const target = await server([202]);
    const replayed = await runCli(['replay', source, '--url', target.url]);
    expect(replayed.code).toBe(1);
    const lines = replayed.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^✖ #1 POST \/hook metric-alert → 202 \(\d+ms\)  failed \(not a success for metric-alert: status 200 only\)  /);
    expect(lines[1]).toMatch(/  delivered  /);
    const sent = await runCli(['send', 'metric-alert', '--url', target.url, '--no-retry']);
    expect(sent.code).toBe(1);
    expect(sent.stdout).toContain('failed (not a success for metric-alert: status 200 only)');
  });

  it("--kind unknown picks the records of no kind, as their lines name them", async () => {
    const source = await captureOf([captureRecord({ type: 'METRIC_ALERT' }, { kind: 'metric-alert' }), captureRecord({ x: 1 }, { path: '/plain' })]);
    const target = await server([200]);
    const picked = await runCli(['replay', source, '--url', target.url, '--kind', 'unknown']);
    expect(picked.code, picked.stderr).toBe(0);
    expect(picked.stdout).toMatch(/^✔ #2 POST \/plain unknown → 200 /);
    expect(picked.stderr).toContain('1 replayed: 1 delivered');
    // A file with no such record: nothing to replay, as for a known kind the file does not hold.
    const none = await runCli(['replay', await captureOf([captureRecord({ type: 'METRIC_ALERT' }, { kind: 'metric-alert' })]), '--url', target.url, '--kind', 'unknown']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('nothing to replay');
  });

  it('--path that matches no record says why it may not have (a query, no leading /) and the paths the file holds', async () => {
    const source = await captureOf([captureRecord({ x: 1 }, { path: '/get/q', query: { a: '1' } }), captureRecord({ x: 2 }, { path: '/res/1' })]);
    const target = await server([200]);
    const withQuery = await runCli(['replay', source, '--url', target.url, '--path', '/get/q?a=1']);
    expect([withQuery.code, withQuery.stderr.trim().split('\n')[1]]).toEqual([1, "  the query is not part of the path: --path '/get/q'; the file's paths: /get/q, /res/1"]);
    const relative = await runCli(['replay', source, '--url', target.url, '--path', 'res/*']);
    expect(relative.stderr.trim().split('\n')[1]).toBe("  a path begins with '/': --path '/res/*'; the file's paths: /get/q, /res/1");
    const near = await runCli(['replay', source, '--url', target.url, '--path', '/res/2']);
    expect(near.stderr.trim().split('\n')[1]).toBe("  did you mean '/res/1'? the file's paths: /get/q, /res/1");
    // A path the file holds, left out by another filter: nothing said of the path.
    const other = await runCli(['replay', source, '--url', target.url, '--path', '/res/1', '--index', '1']);
    expect([other.code, other.stderr.trim().split('\n')]).toEqual([1, [`error: nothing to replay: no record in '${source}' matches the filters`]]);
    expect(target.requests).toHaveLength(0);
  });
});
