// The schema whk kind from-capture infers from one payload: types, required keys, array items merged.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { inferSchema } from '../../src/kinds/infer-schema.js';
import { customKind } from '../../src/kinds/custom.js';
import { validatePayload } from '../../src/validate/payload.js';

describe('inferSchema', () => {
  it('types every value, requires every key, and leaves extra keys allowed', () => {
    expect(inferSchema({ a: 1, b: 1.5, c: 'x', d: true, e: null, f: [] })).toEqual({
      type: 'object',
      properties: { a: { type: 'integer' }, b: { type: 'number' }, c: { type: 'string' }, d: { type: 'boolean' }, e: { type: 'null' }, f: { type: 'array' } },
      required: ['a', 'b', 'c', 'd', 'e', 'f'],
    });
  });

  it('merges array elements: keys all of them have are required, integers and numbers are numbers, other mixes are anyOf', () => {
    expect(inferSchema([{ a: 1, b: 'x' }, { a: 2.5 }])).toEqual({ type: 'array', items: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'string' } }, required: ['a'] } });
    expect(inferSchema([1, 'x', null, 2])).toEqual({ type: 'array', items: { anyOf: [{ type: 'integer' }, { type: 'string' }, { type: 'null' }] } });
    expect(inferSchema([[1], []])).toEqual({ type: 'array', items: { type: 'array', items: { type: 'integer' } } });
  });

  it('merges an array of many elements in one pass, an anyOf keeping one option per type', () => {
    expect(inferSchema(['s', { a: 1 }, 2, { b: 'x', a: 1.5 }, 'https://example.com'])).toEqual({
      type: 'array',
      items: { anyOf: [{ type: 'string' }, { type: 'object', properties: { a: { type: 'number' }, b: { type: 'string' } }, required: ['a'] }, { type: 'integer' }] },
    });
    // Merged as a copy of all before per element, 20,000 objects of a key each (a 250 kB body) held
    // whk kind from-capture for minutes (past the test's timeout, which then fails it); mixed with a
    // string, each object was an anyOf option of its own. In one pass, well under a second.
    const many = Array.from({ length: 20_000 }, (_, i) => ({ [`k${i}`]: i }));
    const items = (inferSchema(many) as { items: { properties: object; required: string[] } }).items;
    expect([Object.keys(items.properties).length, items.required]).toEqual([20_000, []]);
    const mixed = (inferSchema(['s', ...many]) as { items: { anyOf: { properties?: object }[] } }).items.anyOf;
    expect(mixed.map((option) => Object.keys(option.properties ?? {}).length)).toEqual([0, 20_000]);
  });

  it('names a format only where the value clearly is one; strings of different formats merge to plain strings', () => {
    expect(inferSchema('2026-01-05T10:00:00.123+01:00')).toEqual({ type: 'string', format: 'date-time' });
    expect(inferSchema('2026-01-05')).toEqual({ type: 'string' });
    expect(inferSchema('9D8F3A2E-6B1C-4C7E-9F00-1A2B3C4D5E6F')).toEqual({ type: 'string', format: 'uuid' });
    expect(inferSchema('https://example.com/x?y=1')).toEqual({ type: 'string', format: 'uri' });
    expect(inferSchema('mailto:a@example.com')).toEqual({ type: 'string' });
    expect(inferSchema(['https://example.com', 'plain'])).toEqual({ type: 'array', items: { type: 'string' } });
  });

  it('names no format whk\'s own check of it refuses, so a kind made of the payload accepts it', () => {
    // The shapes it looks for take hour 24, February 30 and '|' (RFC 3986 has no place for it);
    // JSON Schema's uuid is any hex digits, version digit or not.
    const payload = { at: '2026-01-05T24:00:00Z', feb: '2025-02-29T10:00:00Z', pipe: 'https://example.com/a|b', id: '11111111-1111-1111-1111-111111111111', ok: '2026-01-05T10:00:00Z' };
    const schema = inferSchema(payload) as { properties: Record<string, unknown> };
    expect(schema.properties).toEqual({ at: { type: 'string' }, feb: { type: 'string' }, pipe: { type: 'string' }, id: { type: 'string', format: 'uuid' }, ok: { type: 'string', format: 'date-time' } });
    const kind = customKind({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...schema }, { source: 'x.schema.json' });
    expect(validatePayload(payload, { kind: kind.id, kinds: [kind] })).toMatchObject({ valid: true, issues: [] });
  });

  it('keeps a key named __proto__ as data, described under patternProperties (a properties rule of that name ajv never applies)', () => {
    const payload = JSON.parse('[{"__proto__": {"x": 1}, "a": 1}, {"__proto__": {"x": 2, "y": "s"}}]') as unknown;
    const schema = inferSchema(payload) as { items: { properties: Record<string, unknown>; patternProperties: Record<string, unknown>; required: string[] } };
    expect(Object.keys(schema.items.properties)).toEqual(['a']);
    expect(schema.items.patternProperties).toEqual({ '^__proto__$': { type: 'object', properties: { x: { type: 'integer' }, y: { type: 'string' } }, required: ['x'] } });
    expect(schema.items.required).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(schema.items.properties)).toBe(Object.prototype);
    const kind = customKind({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...schema }, { source: 'x.schema.json' });
    expect(validatePayload(payload, { kind: kind.id, kinds: [kind] })).toMatchObject({ valid: true });
    const wrong = JSON.parse('[{"__proto__": {"x": "no"}}]') as unknown;
    expect(validatePayload(wrong, { kind: kind.id, kinds: [kind] }).issues).toEqual([{ path: '$[0].__proto__.x', message: 'expected integer, got string' }]);
  });

  it('accepts the payload it came from, under Ajv 2020 in strict mode', () => {
    const payload = { id: '9d8f3a2e-6b1c-4c7e-9f00-1a2b3c4d5e6f', at: '2026-01-05T10:00:00Z', n: [1, 2.5], tags: [{ k: 'a' }, { k: 'b', v: null }] };
    const ajv = new Ajv2020({ strict: true, validateFormats: false });
    const validate = ajv.compile(inferSchema(payload));
    expect(validate(payload)).toBe(true);
    expect(validate({ ...payload, n: ['x'] })).toBe(false);
  });
});
