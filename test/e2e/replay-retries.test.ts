// `whk replay --retries N`: the retries asked for are made after any failure, whatever failures the
// record's kind's sender would retry (Alertmanager 5xx and timeouts, Bitbucket 5xx answers only).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureRecord } from '../helpers/capture.js';
import { runCli } from '../helpers/cli.js';
import { serversClosedAfterEach } from '../helpers/server.js';

const server = serversClosedAfterEach();

/** A capture of an alertmanager, a bitbucket and a kindless record. */
async function capture(): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'whk-replay-retries-')), 'kinds.ndjson');
  const records = [
    captureRecord({ status: 'firing' }, { kind: 'alertmanager' }),
    captureRecord({ push: {} }, { kind: 'bitbucket', headers: { 'content-type': 'application/json', 'x-event-key': 'repo:push' } }),
    captureRecord({ x: 1 }),
  ];
  await writeFile(file, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
  return file;
}

/** A port nothing listens on: a connection to it is refused. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const attemptsOf = (stdout: string): number[] => stdout.trim().split('\n').map((line) => (JSON.parse(line) as { attempts: unknown[] }).attempts.length);

describe('whk replay --retries (real binary)', () => {
  it('retries a 4xx answer and a refused connection for every record, those of kinds whose sender would not', async () => {
    const source = await capture();
    const target = await server([404]);
    const answered = await runCli(['replay', source, '--url', target.url, '--retries', '2', '--json']);
    expect(answered.code).toBe(1);
    expect(attemptsOf(answered.stdout)).toEqual([3, 3, 3]);
    expect(target.requests).toHaveLength(9);
    const refused = await runCli(['replay', source, '--url', `http://127.0.0.1:${await closedPort()}/`, '--retries', '1', '--json']);
    expect(refused.code).toBe(1);
    expect(attemptsOf(refused.stdout)).toEqual([2, 2, 2]);
  });

  it("refuses retries a replayed kind's doubled waits cannot make (exit 2, nothing sent); a kind not replayed does not count", async () => {
    const source = await capture();
    const target = await server([200]);
    const refused = await runCli(['replay', source, '--url', target.url, '--retries', '30']);
    expect([refused.code, refused.stdout]).toEqual([2, '']);
    expect(refused.stderr.trim().split('\n')).toEqual([
      "error: 30 retries: alertmanager's retries double their wait from 500ms, so retry 24 would wait 1165.1h, past 596h, the longest wait whk takes",
      '  give --retries 23 or fewer (the last waiting 582.5h)',
    ]);
    expect(target.requests).toHaveLength(0);
    // The kindless record's retries wait 300 ms each: 30 of them are no bound's business.
    const kindless = await runCli(['replay', source, '--url', target.url, '--retries', '30', '--kind', 'unknown', '--json']);
    expect(kindless.code).toBe(0);
    // Nor does a kind whose records --index leaves out: only the records picked are re-sent.
    const indexed = await runCli(['replay', source, '--url', target.url, '--retries', '30', '--index', '2-3', '--json']);
    expect(indexed.code).toBe(0);
    expect(attemptsOf(indexed.stdout)).toEqual([1, 1]);
  });
});
