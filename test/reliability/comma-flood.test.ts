// Issue 19.6: a 10 MB body of commas. The lenient trailing-comma repair made one warning per comma
// (ten million), copied the text a character at a time, and the warnings were spread into one call:
// the event loop stalled for seconds and the request ended in a stack overflow (a 500). With the
// warnings bounded it still walked all 10 MB in JavaScript (~0.4 s while other requests waited), so
// the repair is now only tried on texts up to MAX_REPAIR_LENGTH (whk's choice); past it the strict
// error is the answer. These tests see that through the result: no 'repaired' warning, the reason.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startReceiver } from '../../src/receiver/server.js';
import { MAX_REPAIR_LENGTH, MAX_REPAIR_WARNINGS, parseJsonLenient } from '../../src/util/json.js';

const MB10 = 10 * 1024 * 1024;
const NOT_REPAIRED = /^not valid JSON: .* \(whk repairs stray commas only in a text up to 1 MiB\)$/;

describe('reliability: a body of millions of commas', () => {
  it('a 10 MB text of commas is not repaired: the strict error, with the reason, and no warning', () => {
    for (const text of [','.repeat(MB10), `[${','.repeat(MB10 - 2)}]`, `{"a":1${','.repeat(MB10 - 7)}}`]) {
      const result = parseJsonLenient(text);
      expect(result).toEqual({ ok: false, line: 1, message: expect.stringMatching(NOT_REPAIRED) });
    }
  });

  it('at the bound the repair still keeps the first warnings with their lines and counts the rest in one', () => {
    const commas = MAX_REPAIR_LENGTH - 2;
    const result = parseJsonLenient(`[${','.repeat(commas)}]`);
    expect(result).toMatchObject({ ok: true, value: [] });
    if (!result.ok) return;
    expect(result.warnings).toHaveLength(MAX_REPAIR_WARNINGS + 1);
    expect(result.warnings[0]).toEqual({ line: 1, what: 'a doubled comma', message: 'repaired a doubled comma (not valid JSON)' });
    expect(result.warnings.at(-1)?.message).toBe(`repaired ${commas - MAX_REPAIR_WARNINGS} more commas (not valid JSON); only the first ${MAX_REPAIR_WARNINGS} are listed`);
  });

  it('commas on many lines: the counted warning names the last repaired line', () => {
    const result = parseJsonLenient(`{"a":[1${',\n'.repeat(100)}]}`);
    expect(result).toMatchObject({ ok: true, value: { a: [1] } });
    if (!result.ok) return;
    expect(result.warnings.slice(0, 2).map((w) => w.line)).toEqual([1, 2]);
    expect(result.warnings.at(-1)).toEqual({ line: 100, what: `${100 - MAX_REPAIR_WARNINGS} more commas`, message: `repaired ${100 - MAX_REPAIR_WARNINGS} more commas (not valid JSON); only the first ${MAX_REPAIR_WARNINGS} are listed` });
  });

  it('the receiver answers each shape (no 500), records the big ones as not JSON with the reason, and answers a small request too', async () => {
    const errors: string[] = [];
    const receiver = await startReceiver({ onEvent: (event) => event.type === 'error' && errors.push(event.message) });
    try {
      const big = [','.repeat(MB10), `[${','.repeat(MB10 - 2)}]`, `{"a":1${','.repeat(MB10 - 7)}}`];
      const atBound = `[${','.repeat(MAX_REPAIR_LENGTH - 2)}]`;
      const statuses = await Promise.all([
        ...[...big, atBound].map(async (body) => (await fetch(receiver.url, { method: 'POST', body, headers: { 'content-type': 'application/json' } })).status),
        fetch(receiver.url, { method: 'POST', body: '{"small":true}' }).then((response) => response.status),
      ]);
      expect(errors).toEqual([]);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
      const unparsed = receiver.requests.filter((record) => record.size === MB10);
      expect(unparsed).toHaveLength(3);
      for (const record of unparsed) {
        expect(record.body).toBeNull();
        expect(record.warnings).toEqual([]);
        expect(record.issues).toEqual([{ path: '$', message: expect.stringMatching(NOT_REPAIRED) }]);
      }
      const repaired = receiver.requests.find((record) => record.size === MAX_REPAIR_LENGTH);
      expect(repaired?.body).toEqual([]);
      expect(repaired?.warnings).toHaveLength(MAX_REPAIR_WARNINGS + 1);
      expect(repaired?.warnings.at(-1)).toMatch(/^line 1: repaired \d+ more commas/);
      expect(receiver.requests.find((record) => record.size === 14)?.body).toEqual({ small: true });
    } finally {
      await receiver.close();
    }
  }, 60_000);

  it('whk validate of a 10 MB file of commas: one line with the reason, exit 1 (invalid), no warning', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-commas-'));
    try {
      const path = join(dir, 'commas.json');
      await writeFile(path, `[${','.repeat(MB10 - 2)}]`);
      const result = await runCli(['validate', path]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe(`${path}:1  unknown  $  not valid JSON: Unexpected token ',' (whk repairs stray commas only in a text up to 1 MiB)\n`);
      expect(result.stderr).toMatch(/^1 payload in 1 file: 0 valid, 1 invalid/);
      expect(result.stderr).not.toMatch(/repaired/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
