// The fast accept path must never disagree with zod: whatever it accepts, zod accepts. And it must
// actually be fast for real payloads: every kind's samples and valid fixtures are accepted by it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { listKinds } from '../../src/kinds/index.js';
import { acceptsFast } from '../../src/validate/fast-accept.js';
import { parseJsonLenient } from '../../src/util/json.js';
import { mutate } from '../helpers/mutate.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures', import.meta.url));
const schemaOf = (kind: ReturnType<typeof listKinds>[number], payload: unknown) => kind.schemaFor?.(payload) ?? kind.schema;


describe('acceptsFast', () => {
  it('accepts every sample of every kind and variant, and every valid fixture', () => {
    for (const kind of listKinds()) {
      for (const variant of kind.variants) {
        for (let seed = 1; seed <= 20; seed++) {
          const sample = kind.sample({ seed, variant: variant.id, count: 5 });
          expect(acceptsFast(schemaOf(kind, sample), sample), `${kind.id} ${variant.id} seed ${seed}`).toBe(true);
        }
      }
      for (const file of readdirSync(join(FIXTURES, kind.id)).filter((f) => f.endsWith('.json') && !f.endsWith('.expect.json'))) {
        const parsed = parseJsonLenient(readFileSync(join(FIXTURES, kind.id, file), 'utf8'));
        if (!parsed.ok) continue;
        const schema = schemaOf(kind, parsed.value);
        expect(acceptsFast(schema, parsed.value), `${kind.id}/${file}`).toBe(schema.safeParse(parsed.value).success);
      }
    }
  });

  it('rejects every invalid fixture (zod gives the issues)', () => {
    for (const kind of listKinds()) {
      const dir = join(FIXTURES, kind.id, 'invalid');
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
        const parsed = parseJsonLenient(readFileSync(join(dir, file), 'utf8'));
        if (!parsed.ok) continue;
        expect(acceptsFast(schemaOf(kind, parsed.value), parsed.value), `${kind.id}/invalid/${file}`).toBe(false);
      }
    }
  });

  it('never accepts what zod rejects: mutated samples of every kind', () => {
    const kinds = listKinds();
    const replacement = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom(null, undefined, '', 0, -1, 1.5, 1e11, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, 'SIGNIFICANCE', 'ALERT_POLICY', 'firing', '2026-01-01T00:00:00Z', [], {}),
    );
    fc.assert(
      fc.property(fc.nat(kinds.length - 1), fc.nat(50), fc.nat(), replacement, fc.boolean(), (k, seed, pick, value, remove) => {
        const kind = kinds[k] as (typeof kinds)[number];
        const variant = kind.variants[seed % kind.variants.length]?.id;
        const payload = mutate(kind.sample({ seed, variant, count: 3 }), pick, value, remove);
        // Both the schema the payload claims and the kind's whole schema.
        for (const schema of new Set([schemaOf(kind, payload), kind.schema])) {
          if (acceptsFast(schema, payload)) expect(schema.safeParse(payload).success).toBe(true);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('never accepts what zod rejects: schema constructs against arbitrary values', () => {
    const schemas: z.ZodType[] = [
      z.object({ a: z.string(), b: z.number().int().optional(), c: z.enum(['x', 'y']).nullable() }),
      z.object({ a: z.string() }).strict(),
      z.object({ a: z.literal('A') }).loose(),
      z.array(z.number().min(0).max(10)).min(1),
      z.union([z.string().email(), z.number().positive()]),
      z.discriminatedUnion('t', [z.object({ t: z.literal('a'), n: z.number() }), z.object({ t: z.literal('b'), s: z.string() })]),
      z.string().transform((s) => s.length),
      z.iso.datetime({ offset: true }),
      z.object({ n: z.number() }).refine((o) => o.n > 0),
      z.record(z.string(), z.number()),
      z.record(z.string(), z.object({ a: z.string() }).nullable()),
      z.record(z.string().min(2), z.number()),
      z.record(z.enum(['a', 'b']), z.number()),
      z.tuple([z.string(), z.number()]),
      z.string().nullish(),
      z.boolean().default(true),
      z.object({ v: z.unknown(), d: z.string().default('x'), o: z.unknown().optional() }),
      // Plain leaves, which the object test writes in place instead of calling a test per field.
      z.object({ n: z.number(), b: z.boolean().optional(), z: z.null(), s: z.string().nullish(), m: z.number().nullable().optional(), a: z.any() }).loose(),
      // A refinement whose result is truthy or falsy without being a boolean.
      z.number().refine((n) => (n > 0 ? 'yes' : '')),
    ];
    fc.assert(
      fc.property(fc.nat(schemas.length - 1), fc.oneof(fc.anything(), fc.jsonValue(), fc.record({ a: fc.string(), b: fc.oneof(fc.integer(), fc.boolean()), c: fc.constantFrom('x', 'y', null), t: fc.constantFrom('a', 'b'), n: fc.double(), s: fc.oneof(fc.string(), fc.constantFrom(null, undefined, 1)), z: fc.constantFrom(null, undefined, 0), m: fc.oneof(fc.double(), fc.constantFrom(null, undefined, '1')) }, { requiredKeys: [] })), (i, value) => {
        const schema = schemas[i] as z.ZodType;
        if (acceptsFast(schema, value)) expect(schema.safeParse(value).success).toBe(true);
      }),
      { numRuns: 3000 },
    );
    // And it does say yes where it should.
    expect(acceptsFast(schemas[0] as z.ZodType, { a: 'x', b: 2, c: null, extra: 1 })).toBe(true);
    expect(acceptsFast(schemas[0] as z.ZodType, { a: 'x', b: 2.5, c: null })).toBe(false);
    expect(acceptsFast(schemas[3] as z.ZodType, [])).toBe(false);
    expect(acceptsFast(schemas[7] as z.ZodType, '2026-01-01T00:00:00Z')).toBe(true);
    expect(acceptsFast(schemas[7] as z.ZodType, '2026-01-01 00:00:00')).toBe(false);
    expect(acceptsFast(schemas[8] as z.ZodType, { n: -1 })).toBe(false);
    // A record of string keys is tested here, to its first bad value; `__proto__` is skipped as zod skips it.
    const record = schemas[9] as z.ZodType;
    expect(acceptsFast(record, { a: 1, b: 2 })).toBe(true);
    expect(acceptsFast(record, { a: 1, b: '2' })).toBe(false);
    for (const text of ['{"__proto__":"x","a":1}', '{"__proto__":1}', '{"constructor":1}', '{"constructor":"x"}']) {
      const value: unknown = JSON.parse(text);
      expect([text, acceptsFast(record, value)]).toEqual([text, record.safeParse(value).success]);
    }
    expect(acceptsFast(record, Object.create(null))).toBe(false);
    expect(acceptsFast(schemas[10] as z.ZodType, { x: { a: 'y' }, z: null })).toBe(true);
    // zod wants a required key present even when its schema takes undefined (z.unknown()).
    const unknownField = schemas[16] as z.ZodType;
    expect(unknownField.safeParse({}).success).toBe(false);
    expect(acceptsFast(unknownField, {})).toBe(false);
    expect(acceptsFast(unknownField, { v: undefined })).toBe(unknownField.safeParse({ v: undefined }).success);
    expect(acceptsFast(unknownField, { v: 1 })).toBe(true);
    const leaves = schemas[17] as z.ZodType;
    const plain = { n: 1.5, z: null, a: undefined };
    expect(acceptsFast(leaves, plain)).toBe(true);
    expect(acceptsFast(leaves, { ...plain, b: true, s: null, m: null, more: 1 })).toBe(true);
    for (const wrong of [{ n: Number.NaN }, { n: Number.POSITIVE_INFINITY }, { n: '1' }, { b: 'yes' }, { z: undefined }, { s: 1 }, { m: '1' }]) {
      expect(acceptsFast(leaves, { ...plain, ...wrong }), JSON.stringify(wrong)).toBe(false);
      expect(leaves.safeParse({ ...plain, ...wrong }).success, JSON.stringify(wrong)).toBe(false);
    }
    // The same leaves outside an object, where each is its own test, not written in place.
    for (const [schema, right, wrong] of [
      [z.number(), 1.5, Number.NaN],
      [z.number().nullable().optional(), null, '1'],
      [z.string().nullish(), undefined, 1],
      [z.boolean(), false, 'false'],
      [z.null(), null, undefined],
    ] as const) {
      expect(acceptsFast(schema, right)).toBe(true);
      expect(acceptsFast(schema, wrong)).toBe(false);
      expect(schema.safeParse(wrong).success).toBe(false);
    }
    const refined = schemas[18] as z.ZodType;
    expect([acceptsFast(refined, 2), acceptsFast(refined, -2), acceptsFast(refined, 0)]).toEqual([true, false, false]);
    // An async refinement is zod's to run (a sync parse refuses it): never accepted here.
    expect(acceptsFast(z.string().refine(async () => true), 'x')).toBe(false);
    // A required key must be there, whatever its schema takes (z.any()).
    expect(acceptsFast(leaves, { n: 1, z: null })).toBe(leaves.safeParse({ n: 1, z: null }).success);
  });
});
