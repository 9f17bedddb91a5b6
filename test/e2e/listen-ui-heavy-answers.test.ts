// `whk listen --ui` through the real binary: the page's heavy answers (a diff of two records of a few
// MB, a large record's detail) are made off the thread the receiver answers on, so a webhook arriving meanwhile is answered,
// and recorded, before the diff is (the order of events, no durations measured).
import { describe, expect, it } from 'vitest';
import { listenHarness } from '../helpers/cli.js';

const { file, listen } = listenHarness();

// ~3.8 MB of JSON each, 300,000 pretty lines (compared as their first 50,000), differing every 50th item.
const body = (seed: number) => JSON.stringify({ items: Array.from({ length: 60_000 }, (_, i) => ({ id: i, name: `item-${i}-${(i * seed) % 997}`, tags: ['a', 'b'], v: i % 50 === 0 ? seed : i })) });
// ~4 MB of integers past 2^53, each drawn with the digits sent (read again from the body's text, all of it).
const longNumbers = (seed: number) => `{"ids":[${Array.from({ length: 200_000 }, (_, i) => `1234567890123${String(i * seed).padStart(6, '0')}`).join(',')}]}`;

describe('listen --ui heavy answers', () => {
  // Two asked at once are made one after the other (turns.ts): the webhook is sent once the first has
  // arrived, when the second is being made.
  it.each([
    ['a diff of two large records', '/api/diff?a=1&b=2', body],
    ["a large record's detail", '/api/records/1', longNumbers],
  ])('answers and records a webhook that arrives while %s is being made, before it', async (_, asked, body) => {
    const { cli, url } = await listen(['--ui', '--save', file('captures.ndjson')]);
    const ui = (await cli.waitFor(/inspector: (http:\/\/127\.0\.0\.1:\d+)\//))[1] as string;
    for (const [path, seed] of [['/a', 1], ['/b', 2]] as const) {
      expect((await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(seed) })).status).toBe(200);
    }
    const events: string[] = [];
    const first = fetch(ui + asked).then((response) => response.text());
    const second = fetch(ui + asked).then(async (response) => {
      expect(response.status).toBe(200);
      await response.text();
      events.push('heavy answer');
    });
    expect((await first).length).toBeGreaterThan(50_000);
    const hook = await fetch(`${url}/late`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"late":true}' });
    expect(hook.status).toBe(200);
    events.push('webhook answered');
    const rows = await (await fetch(`${ui}/api/rows`)).text();
    if (rows.includes('"/late"')) events.push('webhook recorded');
    await second;
    expect(events).toEqual(['webhook answered', 'webhook recorded', 'heavy answer']);
  });
});
