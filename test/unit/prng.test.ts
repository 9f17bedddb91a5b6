import { describe, expect, it } from 'vitest';
import { createRandom, randomFrom } from '../../src/util/prng.js';

// Draws recorded from the generator as it was (closures, hex digits drawn as floats) before it
// became a class drawing them as integers: the same seed must still give the same samples.
describe('seeded random', () => {
  it('gives the draws it always gave for a seed', () => {
    const draws = (seed: number): unknown[] => {
      const r = createRandom(seed);
      return [r.next(), r.int(1, 6), r.pick(['a', 'b', 'c']), r.chance(0.5), r.hex(8), r.uuid(), r.uuid()];
    };
    expect(draws(0)).toEqual([0.3588899802416563, 1, 'c', false, '14076884', 'e5134d3a-fcde-4e84-9fad-b72b05dfd164', 'a0f529a9-2d82-47f3-8fdf-3729e233e7d1']);
    expect(draws(42)).toEqual([0.4813160905614495, 6, 'c', false, 'bf8ab89e', 'ab84ff53-3a39-414a-a1bb-5c9aa4d58cf3', '66565e8d-9427-4a54-865f-ed3ecd5c7e53']);
    expect(draws(2 ** 31 - 1)).toEqual([0.16999932751059532, 1, 'b', true, 'ad1b84a1', '161ff77b-87b7-4793-80fe-0deaff81c85d', '2976ab30-4baa-4243-8895-9727e7364ddc']);
    const fromText = randomFrom('alert-1');
    expect([fromText.uuid(), fromText.next()]).toEqual(['4aaf14fe-d097-40bf-9245-967801f42493', 0.2788683269172907]);
  });

  it('gives the same 10,000 uuids in a row as it always did', () => {
    const r = createRandom(7);
    let hash = 0;
    for (let i = 0; i < 10_000; i++) {
      const uuid = r.uuid();
      for (let k = 0; k < uuid.length; k++) hash = (hash * 31 + uuid.charCodeAt(k)) >>> 0;
    }
    expect(hash).toBe(3218634677);
  });

  it('seeds of 2^32 and more are seeds of their own, not their low 32 bits again; seeds below keep their draws', () => {
    const first = (seed: number): number => createRandom(seed).next();
    expect(first(2 ** 32)).not.toBe(first(0));
    expect(first(2 ** 32 + 1)).not.toBe(first(1));
    expect(first(2 ** 33 + 42)).not.toBe(first(42));
    expect(first(Number.MAX_SAFE_INTEGER)).not.toBe(first(2 ** 32 - 1));
    // Unchanged: 0 .. 2^32 - 1, and negative seeds above -2^32.
    expect(first(2 ** 32 - 1)).toBe(0.9919345872476697);
    expect(first(-1)).toBe(first(2 ** 32 - 1));
  });

  it('gives each seed of 2^32 in a row its own serial, under any salt, and draws nothing for it', () => {
    for (const [from, salt] of [[0, undefined], [2 ** 32 - 50_000, 'deployment-failed'], [2 ** 40 + 7, 'event RESOLVED']] as const) {
      const serials = new Set(Array.from({ length: 100_000 }, (_, i) => createRandom(from + i, salt).serial()));
      expect(serials.size).toBe(100_000);
    }
    expect(createRandom(3, 'a').serial()).not.toBe(createRandom(3, 'b').serial());
    const r = createRandom(42);
    expect([r.serial(), r.serial(), r.next()]).toEqual([createRandom(42).serial(), createRandom(42).serial(), createRandom(42).next()]);
  });

  it('refuses to pick from an empty list', () => {
    expect(() => createRandom(1).pick([])).toThrow('pick from an empty list');
  });
});
