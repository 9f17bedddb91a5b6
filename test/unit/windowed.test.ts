// Long arrays checked a window at a time (src/util/windowed.ts): the same issues as zod's own,
// at their real indexes, and a bound on how many are kept. A 3 MB impressions batch of a million
// `{}` made zod keep nine million issues and ran whk out of memory.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { impressions } from '../../src/kinds/impressions.js';
import { getKind, listKinds } from '../../src/kinds/index.js';
import { acceptsFast } from '../../src/validate/fast-accept.js';
import { validatePayload } from '../../src/validate/payload.js';
import { checkWindowed, MAX_ISSUES } from '../../src/util/windowed.js';

const item = z.object({ id: z.number(), tags: z.array(z.string()), kind: z.union([z.literal('a'), z.object({ b: z.number() })]) });
const schema = z.object({ items: z.array(item).min(1), more: z.array(z.array(z.number())), name: z.string() });

/** A payload of `n` items, every third bad in a way of its own, with an array of arrays too. */
function payload(n: number, seed: number): unknown {
  const items = Array.from({ length: n }, (_, i) => {
    const bad = (i + seed) % 3 === 0;
    return { id: bad && i % 2 ? 'x' : i, tags: bad ? ['t', i] : ['t'], kind: bad ? { b: 'no' } : 'a' };
  });
  const more = Array.from({ length: n + seed }, (_, i) => (i % 4 === seed % 4 ? [1, 'two'] : [i]));
  return { items, more, name: seed % 2 ? 'n' : 5 };
}

const sorted = (issues: readonly unknown[]): string[] => issues.map((issue) => JSON.stringify(issue)).sort();

describe('checkWindowed', () => {
  it('finds the issues zod finds, at their real indexes, whatever the window', () => {
    for (const seed of [0, 1, 2, 3]) {
      for (const n of [1, 4, 9, 10, 23]) {
        const value = payload(n, seed);
        const parsed = schema.safeParse(value);
        const windowed = checkWindowed(schema, value, 10_000, 3);
        expect([seed, n, windowed.success]).toEqual([seed, n, parsed.success]);
        if (!parsed.success && !windowed.success) expect(sorted(windowed.issues)).toEqual(sorted(parsed.error.issues));
      }
    }
  });

  it('keeps a length check true to the whole array, and an issue outside the long arrays once', () => {
    const value = { items: Array.from({ length: 7 }, (_, i) => ({ id: i, tags: [], kind: 'a' })), more: [], name: 1 };
    expect(checkWindowed(schema, value, 10_000, 3)).toEqual({ success: false, issues: [expect.objectContaining({ path: ['name'] })], stopped: false });
    expect(checkWindowed(schema, { ...value, name: 'n' }, 10_000, 3)).toEqual({ success: true });
  });

  it('keeps the bound on a payload without long arrays too', () => {
    const value = { items: Array.from({ length: 20 }, () => ({})), more: [], name: 'n' };
    const verdict = checkWindowed(schema, value, 10);
    expect(verdict).toMatchObject({ success: false, stopped: true });
    expect(!verdict.success && verdict.issues.length).toBe(10);
    expect(checkWindowed(schema, { ...value, items: [{}] }, 10)).toMatchObject({ success: false, stopped: false });
  });

  it('stops at the bound, and says it stopped', () => {
    const value = { items: Array.from({ length: 50 }, () => ({})), more: [], name: 'n' };
    const verdict = checkWindowed(schema, value, 10, 3);
    expect(verdict).toMatchObject({ success: false, stopped: true });
    expect(!verdict.success && verdict.issues.length).toBe(10);
  });
});

// Objects with more keys than the window: a record's values, a fixed shape's keys spread among many others.
const labels = z.record(z.string(), z.string());
const wideSchema = z.object({ status: z.enum(['firing', 'resolved']), labels, groups: z.array(z.object({ labels, name: z.string() })), receiver: z.string() });

/** A payload whose objects have `n` keys, every fifth value bad, its required keys among the others. */
function widePayload(n: number, seed: number): unknown {
  const map = (offset: number): Record<string, unknown> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, (i + seed + offset) % 5 === 0 ? i : `v${i}`]));
  const top: Record<string, unknown> = { ...map(0), labels: map(1), groups: [{ labels: map(2), name: 'g' }, { labels: map(3) }] };
  // The fixed shape's keys among the extra ones, at the front, the middle and the end.
  top['status'] = seed % 2 ? 'firing' : 'nope';
  if (seed !== 3) top['receiver'] = 'r';
  return Object.fromEntries(Object.entries(top).sort(([a], [b]) => ((a.length * 7 + b.length * 3 + seed) % 3) - 1));
}

describe('checkWindowed', () => {
  it('finds the issues zod finds in objects wider than the window, by their keys, and no key of the payload said missing', () => {
    for (const seed of [0, 1, 2, 3]) {
      for (const n of [0, 2, 4, 7, 11]) {
        const value = widePayload(n, seed);
        const parsed = wideSchema.safeParse(value);
        const windowed = checkWindowed(wideSchema, value, 10_000, 3);
        expect([seed, n, windowed.success]).toEqual([seed, n, parsed.success]);
        if (!parsed.success && !windowed.success) expect(sorted(windowed.issues)).toEqual(sorted(parsed.error.issues));
      }
    }
  });

  it('shows a key named __proto__ in a wide object as data, as the whole payload has it', () => {
    // zod's own object and record checks pass such a key over; a refinement sees it.
    const noProtoKey = z.any().superRefine((value, ctx) => {
      if (Object.hasOwn(value as object, '__proto__')) ctx.addIssue({ code: 'custom', message: 'a key named __proto__' });
    });
    // As JSON.parse makes it: an own key, not the object's prototype; in the first window (of 2 keys).
    const value: unknown = JSON.parse('{"__proto__":{"x":1},"a":1,"b":2,"c":3}');
    expect(noProtoKey.safeParse(value).success).toBe(false);
    const windowed = checkWindowed(noProtoKey, value, 10_000, 2);
    expect(windowed).toMatchObject({ success: false, issues: [{ message: 'a key named __proto__', path: [] }] });
  });
});

describe('a long array below an element of a long array', () => {
  it('is seen only in that element\'s window: the payload is never called valid, and an issue says why', () => {
    const nested = z.array(z.object({ inner: z.array(z.number()).optional() }));
    // Window 3: element 5 is seen in the second window, and its own array there from its fourth number.
    const value = Array.from({ length: 7 }, (_, i) => (i === 5 ? { inner: [0, 'bad', 2, 3, 4] } : {}));
    expect(nested.safeParse(value).success).toBe(false);
    const verdict = checkWindowed(nested, value, 10_000, 3);
    expect(verdict).toEqual({ success: false, stopped: false, issues: [expect.objectContaining({ path: [], message: "not checked to its end: an array of more than 3 elements holds another array or object past 3 (whk's bound)" })] });
    // A long array beside another, or below an object, is checked whole.
    expect(checkWindowed(z.object({ a: z.array(z.number()), b: z.array(z.number()) }), { a: [1, 2, 3, 4, 5], b: [1, 2, 3, 4] }, 10_000, 3)).toEqual({ success: true });
  });
});

describe('the work a wide object costs', () => {
  it('is a window of its values, not all of them, once the bound of issues is reached', () => {
    let tested = 0;
    const counted = z.record(z.string(), z.custom<string>((value) => (tested++, typeof value === 'string')));
    const map = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    const verdict = checkWindowed(z.object({ labels: counted }), { labels: map }, 10);
    expect(verdict).toMatchObject({ success: false, stopped: true });
    // zod judges every value it is shown: the first window's, not the 100,000.
    expect(tested).toBe(10_000);
    tested = 0;
    // The fast yes stops at the first value it cannot accept, and zod is asked no more.
    expect(acceptsFast(counted, map)).toBe(false);
    expect(tested).toBe(1);
  });
});

describe('an alert group whose 800,000 labels are not strings (8 MB)', () => {
  it('is invalid with the first thousand issues, not 800,000', () => {
    const group = getKind('alertmanager').sample({ seed: 1 }) as Record<string, unknown>;
    const commonLabels = Object.fromEntries(Array.from({ length: 800_000 }, (_, i) => [`k${i.toString(36)}`, 1]));
    const result = validatePayload({ ...group, commonLabels }, { kinds: listKinds() });
    expect(result).toMatchObject({ kind: 'alertmanager', valid: false });
    expect(result.issues).toHaveLength(MAX_ISSUES + 1);
    expect(result.issues[0]).toEqual({ path: '$.commonLabels.k0', message: expect.stringMatching(/expected string/) });
  });
});

describe('a batch of a million empty impressions (3 MB)', () => {
  it('is invalid with the first issues and a line saying the check stopped, not nine million issues', () => {
    const batch = [...(impressions.sample({ seed: 1 }) as unknown[]), ...Array.from({ length: 1_000_000 }, () => ({}))];
    const result = validatePayload(batch, { kind: 'impressions', kinds: listKinds() });
    expect(result.valid).toBe(false);
    expect(result.issues).toHaveLength(MAX_ISSUES + 1);
    expect(result.issues.at(-1)).toEqual({ path: '$', message: `checking stopped after ${MAX_ISSUES} issues (whk's bound); there may be more` });
    // Detected too: the kinds that claim it are told apart on one issue each.
    expect(validatePayload(batch, { kinds: listKinds() })).toMatchObject({ kind: 'impressions', valid: false });
  });
});
