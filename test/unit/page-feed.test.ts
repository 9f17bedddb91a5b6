// listen --ui: requests answered before the page is up reach it first, in order; later ones go straight on.
import { describe, expect, it } from 'vitest';
import { createPageFeed } from '../../src/commands/page-feed.js';
import { captureRecord } from '../helpers/capture.js';

describe('the page feed of listen --ui', () => {
  it('holds what arrives before the page, hands it over in order, then passes on the requests of each turn together', async () => {
    const feed = createPageFeed((error) => {
      throw error;
    });
    const seen: (number | undefined)[] = [];
    feed.event({ type: 'request', record: captureRecord({ n: 1 }, { seq: 1 }), line: 'one' });
    feed.event({ type: 'warning', message: 'not a request' });
    feed.event({ type: 'request', record: captureRecord({ n: 2 }, { seq: 2 }), placement: { offset: 10, bytes: 5 } });
    expect(seen).toEqual([]);
    feed.attach((record, line, placement) => seen.push(record.seq, line === 'one' ? -1 : placement?.offset));
    expect(seen).toEqual([1, -1, 2, 10]);
    feed.event({ type: 'request', record: captureRecord({ n: 3 }, { seq: 3 }) });
    feed.event({ type: 'request', record: captureRecord({ n: 4 }, { seq: 4 }), line: 'one' });
    // Handed over once the turn's answers are written (a microtask behind them), not one by one.
    expect(seen).toEqual([1, -1, 2, 10]);
    await Promise.resolve();
    expect(seen).toEqual([1, -1, 2, 10, 3, undefined, 4, -1]);
    // Each turn's requests are handed over in their own turn.
    feed.event({ type: 'request', record: captureRecord({ n: 5 }, { seq: 5 }) });
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(seen).toEqual([1, -1, 2, 10, 3, undefined, 4, -1, 5, undefined]);
  });

  it('a request the page throws on is told as a subscriber error; the others of its turn still reach the page', async () => {
    const errors: string[] = [];
    const feed = createPageFeed((error) => errors.push(error instanceof Error ? error.message : String(error)));
    const seen: (number | undefined)[] = [];
    feed.attach((record) => {
      if (record.seq === 2) throw new Error('the page could not list #2');
      seen.push(record.seq);
    });
    for (const seq of [1, 2, 3]) feed.event({ type: 'request', record: captureRecord({ n: seq }, { seq }) });
    await Promise.resolve();
    expect(seen).toEqual([1, 3]);
    expect(errors).toEqual(['the page could not list #2']);
  });
});
