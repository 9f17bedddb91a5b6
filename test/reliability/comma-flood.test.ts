// Issue 19.6: a 10 MB body of commas. The lenient trailing-comma repair made one warning per comma
// (ten million), copied the text a character at a time, and the warnings were spread into one call:
// the event loop stalled for seconds and the request ended in a stack overflow (a 500).
import { describe, expect, it } from 'vitest';
import { startReceiver } from '../../src/receiver/server.js';
import { MAX_REPAIR_WARNINGS, parseJsonLenient } from '../../src/util/json.js';

const MB10 = 10 * 1024 * 1024;

describe('reliability: a body of millions of commas', () => {
  it('the repair keeps the first warnings with their lines and counts the rest in one', () => {
    const commas = MB10 - 2;
    const result = parseJsonLenient(`[${','.repeat(commas)}]`);
    expect(result).toMatchObject({ ok: true, value: [] });
    if (!result.ok) return;
    expect(result.warnings).toHaveLength(MAX_REPAIR_WARNINGS + 1);
    expect(result.warnings[0]).toEqual({ line: 1, message: 'repaired a doubled comma (not valid JSON)' });
    expect(result.warnings.at(-1)?.message).toBe(`repaired ${commas - MAX_REPAIR_WARNINGS} more commas (not valid JSON); only the first ${MAX_REPAIR_WARNINGS} are listed`);
  });

  it('commas on many lines: the counted warning names the last repaired line', () => {
    const result = parseJsonLenient(`{"a":[1${',\n'.repeat(100)}]}`);
    expect(result).toMatchObject({ ok: true, value: { a: [1] } });
    if (!result.ok) return;
    expect(result.warnings.slice(0, 2).map((w) => w.line)).toEqual([1, 2]);
    expect(result.warnings.at(-1)).toEqual({ line: 100, message: `repaired ${100 - MAX_REPAIR_WARNINGS} more commas (not valid JSON); only the first ${MAX_REPAIR_WARNINGS} are listed` });
  });

  it('the receiver answers each shape (no 500), and a small request between them is answered too', async () => {
    const errors: string[] = [];
    const receiver = await startReceiver({ onEvent: (event) => event.type === 'error' && errors.push(event.message) });
    try {
      const bodies = [',' .repeat(MB10), `[${','.repeat(MB10 - 2)}]`, `{"a":1${','.repeat(MB10 - 10)}}`];
      const statuses = await Promise.all([
        ...bodies.map(async (body) => (await fetch(receiver.url, { method: 'POST', body, headers: { 'content-type': 'application/json' } })).status),
        fetch(receiver.url, { method: 'POST', body: '{"small":true}' }).then((response) => response.status),
      ]);
      expect(errors).toEqual([]);
      expect(statuses).toEqual([200, 200, 200, 200]);
      // Two bodies are 10 MB long and arrive in either order: the bare commas are the one left unparsed.
      const unparsed = receiver.requests.filter((record) => record.size === MB10 && record.body === null);
      expect(unparsed).toHaveLength(1);
      expect(unparsed[0]?.issues[0]?.message).toMatch(/^not valid JSON/);
      const parsed = receiver.requests.filter((r) => r.size === MB10 && r.body !== null);
      expect(parsed).toHaveLength(1);
      for (const record of parsed) {
        expect(record.warnings).toHaveLength(MAX_REPAIR_WARNINGS + 1);
        expect(record.warnings.at(-1)).toMatch(/^line 1: repaired \d+ more commas/);
      }
      expect(receiver.requests.filter((r) => r.body !== null).map((r) => r.body)).toEqual(expect.arrayContaining([[], { a: 1 }, { small: true }]));
    } finally {
      await receiver.close();
    }
  }, 60_000);
});
