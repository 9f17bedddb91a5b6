// Reliability under load, with the real `whk listen --save` binary: 5,000 POSTs over 50 connections,
// and a stop (SIGTERM, SIGKILL) in the middle of such a load. The capture file must hold every
// acknowledged request, and be whole NDJSON (every line parses) however the process ended.
import { readFile } from 'node:fs/promises';

import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { metricAlert } from '../../src/kinds/metric-alert.js';
import type { CaptureRecord } from '../../src/capture/record.js';
import { listenHarness } from '../helpers/cli.js';
import { runLoad } from '../helpers/load.js';

const TOTAL = 5000;
const CONNECTIONS = 50;
// A few distinct bodies, plain and gzipped, one not JSON: the load goes through every step.
const alerts = Array.from({ length: 8 }, (_, i) => JSON.stringify(metricAlert.sample({ seed: i + 1 })));
const requestFor = (n: number): { body: string | Buffer; headers?: Record<string, string> } => {
  const body = alerts[n % alerts.length] as string;
  if (n % 10 === 3) return { body: gzipSync(body), headers: { 'content-encoding': 'gzip' } };
  if (n % 97 === 5) return { body: '{"not": json' };
  return { body, headers: { 'content-type': 'application/json' } };
};

const { file, listen } = listenHarness({ timeoutMs: 60_000 });

/**
 * Every line of the capture file parsed; a line that does not parse fails the test here. `torn`: the
 * process was killed (SIGKILL), and Linux ends a write to a file short when a fatal signal arrives in
 * the middle of it, so the file may end in part of a line: a record not yet written whole, so not
 * yet answered. It is left out; every whole line must still parse.
 */
async function readCaptures(file: string, torn = false): Promise<CaptureRecord[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const whole = torn ? text.slice(0, text.lastIndexOf('\n') + 1) : text;
  expect(whole === '' || whole.endsWith('\n')).toBe(true);
  return whole
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as CaptureRecord);
}

const numbers = (records: CaptureRecord[]): number[] => records.map((r) => Number(r.query['n']));

describe('reliability: load on whk listen --save (real binary)', () => {
  it(`${TOTAL} POSTs over ${CONNECTIONS} connections: the capture holds exactly the acknowledged requests`, async () => {
    const save = file('load.ndjson');
    const { cli, url } = await listen(['--save', save, '--count', String(TOTAL)]);
    const load = await runLoad(url, { total: TOTAL, connections: CONNECTIONS, request: requestFor });
    const result = await cli.exited;
    expect(load.failed).toBe(0);
    expect(load.acknowledged.size).toBe(TOTAL);
    // One invalid body in 97 makes --count exit 1; everything else is valid.
    expect(result.code).toBe(1);
    const records = await readCaptures(save);
    expect(records).toHaveLength(TOTAL);
    expect(new Set(numbers(records))).toEqual(load.acknowledged);
    expect(records.every((r) => r.status === 200)).toBe(true);
    const invalid = records.filter((r) => !r.valid).map((r) => Number(r.query['n']));
    expect(invalid.sort((a, b) => a - b)).toEqual([...load.acknowledged].filter((n) => n % 97 === 5 && n % 10 !== 3).sort((a, b) => a - b));
    expect(records.filter((r) => r.encoding === 'gzip')).toHaveLength(TOTAL / 10);
    expect(result.stderr).toContain(`${TOTAL} requests: ${TOTAL - invalid.length} valid, ${invalid.length} invalid`);
  });

  // Fires a load of TOTAL requests and sends `signal` once `after` of them are acknowledged.
  async function stopUnderLoad(signal: NodeJS.Signals, after: number) {
    const save = file(`${signal}.ndjson`);
    const { cli, url } = await listen(['--save', save]);
    let signalled = false;
    const load = await runLoad(url, {
      total: TOTAL,
      connections: CONNECTIONS,
      request: requestFor,
      onAnswer: (acknowledged) => {
        if (!signalled && acknowledged >= after) {
          signalled = true;
          cli.child.kill(signal);
        }
      },
    });
    const result = await cli.exited;
    const records = await readCaptures(save, signal === 'SIGKILL');
    return { load, result, records };
  }

  it('SIGTERM in the middle of the load: nothing acknowledged is missing, the file is whole, exit 0', async () => {
    const { load, result, records } = await stopUnderLoad('SIGTERM', TOTAL / 2);
    expect(result.code).toBe(0);
    // It stopped in the middle: some requests were refused after the signal.
    expect(load.acknowledged.size).toBeGreaterThanOrEqual(TOTAL / 2);
    expect(load.failed).toBeGreaterThan(0);
    const recorded = new Set(numbers(records));
    expect([...load.acknowledged].filter((n) => !recorded.has(n))).toEqual([]);
    // Each request is recorded once, and the summary counts what the file holds.
    expect(recorded.size).toBe(records.length);
    expect(result.stderr).toMatch(new RegExp(`\\n${records.length} requests: \\d+ valid, \\d+ invalid`));
    // A request answered before the stop and recorded has the status it was answered with.
    for (const record of records) {
      const status = load.statuses.get(Number(record.query['n']));
      if (status !== undefined) expect(record.status).toBe(status);
    }
  });

  it('even SIGKILL in the middle of the load loses no acknowledged record: the answer waits for the write', async () => {
    const { load, result, records } = await stopUnderLoad('SIGKILL', TOTAL / 2);
    expect(result.signal).toBe('SIGKILL');
    const recorded = new Set(numbers(records));
    expect(load.acknowledged.size).toBeGreaterThanOrEqual(TOTAL / 2);
    expect([...load.acknowledged].filter((n) => !recorded.has(n))).toEqual([]);
  });
});
