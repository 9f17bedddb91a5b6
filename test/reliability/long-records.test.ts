// A record holds what it derived from the body (the parsed JSON, the text, the form, the mapped value)
// beside the body's bytes, and that can take several times the body: a text of control characters
// is six times as long in JSON. Such a record once made a line longer than whk reads back (replay
// said the acknowledged request was "not a capture record"), or longer than one string can be (the
// receiver answered 500). The line now leaves those out, says so, and keeps the body's bytes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MAX_RECORD_BYTES, type CaptureRecord } from '../../src/capture/record.js';
import { serialize } from '../../src/capture/serialize.js';
import { captureRecord } from '../helpers/capture.js';
import { listenHarness, runCli } from '../helpers/cli.js';

// Each process moves hundreds of megabytes: seconds here, more beside the suite's other files.
const SLOW = { timeoutMs: 120_000 };
const { file, listen } = listenHarness(SLOW);

/** A loopback server that counts the bytes of each body it is sent. */
async function byteCounter(): Promise<{ url: string; bodies: number[]; close(): Promise<void> }> {
  const bodies: number[] = [];
  const server = createServer((req, res) => {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      bodies.push(bytes);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, bodies, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('reliability: records longer than whk reads back', () => {
  it('an acknowledged text of 46 MB of control characters is a line replay and validate read back', async () => {
    const save = file('long.ndjson');
    const { cli, url } = await listen(['--save', save, '--max-body', '100mb', '--count', '1']);
    const body = Buffer.alloc(46_000_000, 1);
    const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'text/plain' } });
    await response.arrayBuffer();
    expect(response.status).toBe(200);
    expect((await cli.exited).code).toBe(0);

    const line = (await readFile(save, 'utf8')).trimEnd();
    expect(line).not.toContain('\n');
    expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX_RECORD_BYTES);
    const record = JSON.parse(line) as CaptureRecord;
    expect(Buffer.from(record.bodyBase64, 'base64').equals(body)).toBe(true);
    expect(record).toMatchObject({ status: 200, body: null, leftOut: ['body', 'text'] });
    expect(record).not.toHaveProperty('text');
    expect(record.warnings).toContain('the record leaves out body, text: with them its line would pass 256 MiB, more than whk reads back; bodyBase64 holds the body');

    const validated = await runCli(['validate', save], SLOW);
    expect(validated.code).toBe(1);
    expect(validated.stdout).toContain('the captured body is left out of its record (its line would have been longer than whk reads back): bodyBase64 holds the body, unjudged');

    const target = await byteCounter();
    try {
      const replayed = await runCli(['replay', save, '--url', target.url], SLOW);
      expect(replayed.code, replayed.stderr).toBe(0);
      expect(target.bodies).toEqual([body.length]);
    } finally {
      await target.close();
    }
  }, 300_000);

  it('a record longer than one string can be is written without what it derived, not thrown', () => {
    // Five fields of 110 M characters: 550 M, past the longest string (2^29 - 24): JSON.stringify throws.
    const value = 'a'.repeat(110_000_000);
    const fields: [string, string][] = ['a', 'b', 'c', 'd', 'e'].map((name) => [name, value]);
    const record = { ...captureRecord(null, { warnings: ['kept'] }), form: { fields, json: null } };
    const written = serialize(record, undefined);
    expect(written.line.length).toBeLessThan(1000);
    const parsed = JSON.parse(written.line) as CaptureRecord;
    expect(parsed).toEqual(written.record);
    expect(parsed).not.toHaveProperty('form');
    expect(parsed).toMatchObject({ bodyBase64: record.bodyBase64, body: null, leftOut: ['body', 'form'], warnings: ['kept', expect.stringMatching(/^the record leaves out body, form: /)] });
  }, 120_000);
});
