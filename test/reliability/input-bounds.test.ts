// Issues 19.12 to 19.14: input that is not what it claims. The line reader copied the partial line
// for every chunk (the square of a long line's length; replay's reader too); text that is not JSON,
// binary, /dev/zero or a huge single string made `validate` run out of memory or never end; and
// --data, --schema and map read any file whole, without a cap. Each now fails with one line: content
// that is not JSON as one invalid payload (exit 1), a file past a bound as an input error (exit 2).
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readCaptures } from '../../src/capture/read.js';
import { readLines } from '../../src/validate/lines.js';
import { captureRecord } from '../helpers/capture.js';
import { expectUsageLine, listenHarness, runCli, startCli, type CliResult } from '../helpers/cli.js';

const { file } = listenHarness();

afterEach(() => {
  vi.restoreAllMocks();
});

/** Bytes Buffer.concat copies while `work` runs. */
async function bytesCopied(work: () => Promise<void>): Promise<number> {
  const concat = Buffer.concat.bind(Buffer);
  let copied = 0;
  vi.spyOn(Buffer, 'concat').mockImplementation((list, length) => {
    const joined = concat(list, length);
    copied += joined.length;
    return joined;
  });
  await work();
  return copied;
}

describe('reliability: a long line is joined once (19.12)', () => {
  it('readLines: a 1 MB line in 1 kB chunks copies its bytes a bounded number of times', async () => {
    const line = 'x'.repeat(1024 * 1024);
    const chunks = function* (): Generator<Buffer> {
      for (let at = 0; at < line.length; at += 1024) yield Buffer.from(line.slice(at, at + 1024));
      yield Buffer.from('\nnext\n');
    };
    const seen: number[] = [];
    const copied = await bytesCopied(async () => {
      for await (const found of readLines(Readable.from(chunks()))) seen.push(found.text.length);
    });
    expect(seen).toEqual([line.length, 4]);
    // The probe sees the one join (so the bound below is not met by copying some other way unseen).
    expect(copied).toBeGreaterThanOrEqual(line.length);
    expect(copied).toBeLessThanOrEqual(2 * line.length);
  });

  it("replay's reader: a record of 4 MB read in the stream's chunks is joined once", async () => {
    const path = file('big.ndjson');
    const record = JSON.stringify(captureRecord({ pad: 'y'.repeat(4 * 1024 * 1024) }));
    await writeFile(path, `${record}\n`);
    let count = 0;
    const copied = await bytesCopied(async () => {
      count = (await readCaptures(path)).length;
    });
    expect(count).toBe(1);
    expect(copied).toBeGreaterThanOrEqual(record.length);
    expect(copied).toBeLessThanOrEqual(2 * record.length);
  });
});

describe('reliability: a capture file that is mostly not records', () => {
  it('a line that cannot be JSON (a log line) is told "not JSON" without JSON.parse (each failure builds an error and its stack)', async () => {
    const path = file('mostly-log.ndjson');
    const log = Array.from({ length: 1_000 }, (_, i) => `2026-12-02 INFO line ${i}`);
    await writeFile(path, `${JSON.stringify(captureRecord({ a: 1 }))}\n${log.join('\n')}\n`);
    const skipped: string[] = [];
    const parse = vi.spyOn(JSON, 'parse');
    const records = await readCaptures(path, { skip: ({ problem }) => void skipped.push(problem) });
    expect(records).toHaveLength(1);
    expect(skipped).toEqual(log.map(() => 'not JSON'));
    // The record, and no log line (the probe counts: the record's own parse is seen).
    expect(parse.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(parse.mock.calls.length).toBeLessThan(10);
  });

  it('lines that may be JSON by their ends are judged by parsing them, as before', async () => {
    const path = file('odd-lines.ndjson');
    const lines = ['[1]', '"text"', '-1', 'true', 'nul', '{"a":', ' \t{"a":1}', '\u00a0{"a":1}', '\ufeff{"a":1}', '#{}'];
    await writeFile(path, `${JSON.stringify(captureRecord({ a: 1 }))}\n${lines.join('\n')}\n`);
    const skipped: string[] = [];
    await readCaptures(path, { skip: ({ problem }) => void skipped.push(problem) });
    const verdict = (line: string): string => {
      try {
        JSON.parse(line);
        return 'JSON';
      } catch {
        return 'not JSON';
      }
    };
    // Each is "not JSON" exactly when JSON.parse refuses it; the JSON ones are named by what they lack.
    expect(skipped.map((problem) => (problem === 'not JSON' ? problem : 'JSON'))).toEqual(lines.map(verdict));
    expect(skipped.filter((problem) => problem !== 'not JSON').length).toBeGreaterThan(0);
  });
});

/** Content that is not JSON: one invalid payload for the file (exit 1), one line, reading stopped there. */
function expectNotJsonLine(result: CliResult, line: RegExp): void {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout.trimEnd().split('\n')).toEqual([expect.stringMatching(line)]);
  expect(result.stderr).toBe('1 payload in 1 file: 0 valid, 1 invalid · no kind ×1\n');
}

describe('reliability: validate of input that is not JSON, or too large (19.13)', () => {
  it('a log of text lines: one invalid payload at its first line, exit 1', async () => {
    const path = file('app.log');
    await writeFile(path, Array.from({ length: 60_000 }, (_, i) => `2026-01-05T10:00:00Z INFO request ${i} served in 3 ms`).join('\n'));
    expectNotJsonLine(await runCli(['validate', path]), /app\.log:1 {2}unknown {2}\$ {2}not JSON: text \(line 1 begins '2026-01-05T10:00:00Z INFO request 0 ser…'; the next line is not JSON either\)$/);
  });

  it('binary: one invalid payload at the line of the NUL byte, exit 1', async () => {
    const path = file('image.bin');
    await writeFile(path, Buffer.concat([Buffer.from('{"a":\n\n'), Buffer.from(randomBytes(1024 * 1024).map((b) => (b === 0 || b === 10 ? 1 : b))), Buffer.alloc(16)]));
    expectNotJsonLine(await runCli(['validate', path]), /image\.bin:3 {2}unknown {2}\$ {2}not JSON: binary data \(a NUL byte at byte 1048583\)$/);
  });

  it('/dev/zero: ends, one invalid payload, exit 1', async () => {
    expectNotJsonLine(await runCli(['validate', '/dev/zero'], { timeoutMs: 60_000 }), /^\/dev\/zero:1 {2}unknown {2}\$ {2}not JSON: binary data \(a NUL byte at byte 0\)$/);
  });

  it('a single string past --max-document: one line, exit 2 (stdin too)', async () => {
    const big = `"${'z'.repeat(3 * 1024 * 1024)}"`;
    const path = file('string.json');
    await writeFile(path, big);
    expectUsageLine(await runCli(['validate', '--max-document', '1mb', path]), /'.*string\.json': line 1 is larger than 1 MiB \(--max-document\)/);
    expectUsageLine(await runCli(['validate', '--max-document', '1mb', '-'], { input: big }), /'<stdin>': line 1 is larger than 1 MiB \(--max-document\)/);
  });

  it('--max-document is at most what one JavaScript string holds (511mb): past it one line, exit 2, before reading', async () => {
    const path = file('small.json');
    await writeFile(path, '{"a":1}\n');
    // A 560 MB line under --max-document 10gb crashed ('Cannot create a string longer than 0x1fffffe8 characters').
    expectUsageLine(await runCli(['validate', '--max-document', '10gb', path]), /^error: invalid --max-document: expected a size of at most 511mb \(what is read must fit in one JavaScript string\), got '10gb'$/);
    const bound = await runCli(['validate', '--max-document', '511mb', path]);
    expect(bound.stderr).toMatch(/1 payload in 1 file/);
  });

  it('a document of many lines past --max-document: one line, exit 2; under it, validated', async () => {
    const path = file('array.json');
    await writeFile(path, `[\n${Array.from({ length: 20_000 }, (_, i) => `  {"n": ${i}, "pad": "${'p'.repeat(40)}"}`).join(',\n')}\n]\n`);
    expectUsageLine(await runCli(['validate', '--max-document', '1mb', path]), /'.*array\.json': the JSON document that starts on line 1 is larger than 1 MiB \(--max-document\)/);
    const whole = await runCli(['validate', '--max-document', '4mb', path]);
    expect(whole.code).toBe(1);
    expect(whole.stderr).toMatch(/20000 payloads in 1 file/);
  });
});

describe('reliability: --data, --schema and map read at most 64 MB (19.14)', () => {
  const LIMIT = /larger than 64 MiB, the most whk reads of an input file/;
  it.concurrent.each([
    { name: 'send --data', args: ['send', 'metric-alert', '--url', 'http://127.0.0.1:9/hook', '--data', '/dev/zero'], what: /cannot read --data '\/dev\/zero'/ },
    { name: 'validate --schema', args: ['validate', '--schema', '/dev/zero', 'x.json'], what: /cannot read JSON Schema '\/dev\/zero'/ },
    { name: 'map', args: ['map', '/dev/zero'], what: /cannot read '\/dev\/zero'/ },
  ])('$name /dev/zero: ends, one line, exit 2', async ({ args, what }) => {
    const result = await runCli(args, { timeoutMs: 60_000 });
    expectUsageLine(result, what);
    expect(result.stderr).toMatch(LIMIT);
  });
});

// A batch is one body built in memory (100 million impressions took 2.5 GB and never ended), and
// --dry-run planned every request before printing one (3 million metric alerts: 2.7 GB).
describe('reliability: --count past what memory holds', () => {
  it.concurrent.each([
    { name: 'sample', args: ['sample', 'impressions', '--count', '100000001'] },
    { name: 'send', args: ['send', 'impressions', '--url', 'http://127.0.0.1:9/hook', '--count', '100000001'] },
    { name: 'send --dry-run', args: ['send', 'impressions', '--url', 'http://127.0.0.1:9/hook', '--count', '100000001', '--dry-run'] },
  ])('$name: a batch of more than 100,000 records is one line, exit 2', async ({ args }) => {
    expectUsageLine(await runCli(args, { timeoutMs: 60_000 }), /--count: at most 100,000 records in one impressions batch, got 100,000,001/);
  });

  it('send --dry-run prints as it plans: the first of 100 million requests comes at once', async () => {
    const cli = startCli(['send', 'metric-alert', '--url', 'http://127.0.0.1:9/hook', '--count', '100000000', '--dry-run', '--json'], { timeoutMs: 60_000 });
    try {
      const [line] = await cli.waitFor(/^\{.*\}$/m, 'stdout', 30_000);
      expect(JSON.parse(line)).toMatchObject({ method: 'POST', url: 'http://127.0.0.1:9/hook' });
    } finally {
      cli.child.kill('SIGKILL');
      await cli.exited;
    }
  });
});
