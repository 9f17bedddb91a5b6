import { describe, expect, it } from 'vitest';
import { createRowLog } from '../../src/inspector/row-log.js';

describe('row log', () => {
  it('keeps rows as one JSON array and reads each back by its place', () => {
    const log = createRowLog(16);
    expect(log.json().toString()).toBe('[]');
    const a = log.append('[1,"a"]');
    const b = log.append('[2,"ü ✓ 𝄞"]');
    expect(log.text(a, b)).toBe('[1,"a"]');
    expect(log.text(b, log.end)).toBe('[2,"ü ✓ 𝄞"]');
    expect(JSON.parse(log.json().toString())).toEqual([[1, 'a'], [2, 'ü ✓ 𝄞']]);
  });

  it('drops the oldest rows, reuses their room and grows past it, every kept row intact', () => {
    const log = createRowLog(64);
    const kept: { at: number; text: string }[] = [];
    for (let i = 0; i < 2000; i++) {
      // Rows of varied length and width (multi-byte characters), a window of at most 50 kept.
      const text = JSON.stringify([i, 'é'.repeat(i % 7), 'x'.repeat((i * 37) % 300)]);
      kept.push({ at: log.append(text), text });
      if (kept.length > 50) {
        kept.shift();
        log.dropBefore((kept[0] as { at: number }).at);
      }
      if (i % 97 === 0) {
        kept.forEach((row, k) => expect(log.text(row.at, kept[k + 1]?.at ?? log.end)).toBe(row.text));
        expect(JSON.parse(log.json().toString())).toEqual(kept.map((row) => JSON.parse(row.text)));
      }
    }
  });

  // Read as a string, 10,000 rows were decoded and encoded again for every answer (~11 ms of CPU by
  // hand); they go as the bytes kept, copied, as the log's own move under an answer being written.
  it('gives the rows as their bytes, a copy that later appends and moves leave as it was', () => {
    const log = createRowLog(16);
    log.append('[1,"ü"]');
    const json = log.json();
    expect(Buffer.isBuffer(json)).toBe(true);
    expect(json.toString()).toBe('[[1,"ü"]]');
    for (let i = 2; i < 100; i++) log.dropBefore(log.append(`[${i}]`));
    expect(json.toString()).toBe('[[1,"ü"]]');
    expect(log.json().toString()).toBe('[[99]]');
  });

  it('refuses to read a row it no longer keeps', () => {
    const log = createRowLog(16);
    const a = log.append('[1]');
    const b = log.append('[2]');
    log.dropBefore(b);
    expect(() => log.text(a, b)).toThrow('no longer kept');
    expect(log.json().toString()).toBe('[[2]]');
  });
});
