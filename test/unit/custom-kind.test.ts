// Custom kinds: a JSON Schema (drafts 07 / 2019-09 / 2020-12) turned into a Kind that validates with
// whk's paths and messages, detects its payloads by shape, and samples its example.
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { customKind, loadCustomKind } from '../../src/kinds/custom.js';
import { detectKind, listKinds } from '../../src/kinds/index.js';
import { validatePayload } from '../../src/validate/payload.js';
import { InputError, UsageError } from '../../src/errors.js';

const EXAMPLES = join(import.meta.dirname, '../../examples');
const order = { event: 'order.created', orderId: 'ord_1', total: 3, createdAt: '2026-03-04T10:15:30Z' };

describe('custom kinds', () => {
  it('validates with whk paths and plain messages', async () => {
    const kind = await loadCustomKind(join(EXAMPLES, 'order.schema.json'), join(EXAMPLES, 'order.json'));
    expect(kind.id).toBe('shop-order-event');
    expect(validatePayload(kind.sample({ seed: 1 }), { kind: kind.id, kinds: [kind] })).toMatchObject({ valid: true, kind: 'shop-order-event' });
    const result = validatePayload({ ...order, total: 'x', currency: 'GBP', createdAt: 'soon', items: [{}] }, { kind: kind.id, kinds: [kind] });
    expect(result.issues).toEqual([
      { path: '$.total', message: 'expected number, got string' },
      { path: '$.currency', message: 'expected one of "EUR", "USD"' },
      { path: '$.createdAt', message: 'must match format "date-time"' },
      { path: '$.items[0].sku', message: 'required property is missing' },
    ]);
  });

  it('is detected by its required properties and consts, among the built-in kinds, even when invalid', async () => {
    const kind = await loadCustomKind(join(EXAMPLES, 'order.schema.json'));
    const kinds = [kind, ...listKinds()];
    expect(detectKind({ ...order, total: -1 }, kinds)).toMatchObject({ status: 'detected', kind: { id: kind.id } });
    expect(detectKind({ ...order, event: 'order.deleted' }, kinds).status).toBe('unknown');
    expect(detectKind(listKinds()[1]?.sample({ seed: 1 }), kinds)).toMatchObject({ status: 'detected', kind: { id: listKinds()[1]?.id } });
  });

  it('picks the dialect from $schema and never shadows a built-in id', () => {
    const draft7 = customKind({ $schema: 'http://json-schema.org/draft-07/schema#', title: 'alertmanager', type: 'object', required: ['a'], properties: { a: { type: 'integer' } } }, { source: 'x.json' });
    expect(draft7.id).toBe('custom-alertmanager');
    expect(draft7.schema.safeParse({ a: 1.5 }).success).toBe(false);
    const named = customKind({ $schema: 'https://json-schema.org/draft/2019-09/schema', type: 'object', examples: [{ a: 1 }] }, { source: '/tmp/my-hook.schema.json' });
    expect(named.id).toBe('my-hook');
    expect(named.sample({ seed: 0 })).toEqual({ a: 1 });
    // No required properties or consts: the schema itself is the shape test.
    expect(named.looksLike({ a: 1 })).toBe(true);
    expect(named.looksLike([1])).toBe(false);
  });

  it('"x-whk" (what whk kind from-capture writes) sets the content type, form field, User-Agent and headers sent', () => {
    const kind = customKind({ title: 'ci', type: 'object', examples: [{ id: 1 }], 'x-whk': { contentType: 'application/x-www-form-urlencoded', formField: 'payload', userAgent: 'CI/1', headers: { 'X-CI-Event': 'build' } } }, { source: 'ci.json' });
    expect(kind.delivery).toMatchObject({ contentType: 'application/x-www-form-urlencoded', formField: 'payload', userAgent: 'CI/1' });
    expect(kind.requestHeaders?.({ id: 1 })).toEqual({ 'X-CI-Event': 'build' });
    expect(customKind({ title: 'plain', examples: [{}] }, { source: 'p.json' }).requestHeaders).toBeUndefined();
    for (const bad of [[], { contentType: 'application/xml' }, { userAgent: 3 }, { headers: { a: 1 } }]) {
      expect(() => customKind({ title: 'x', 'x-whk': bad }, { source: 'x.json' })).toThrow(UsageError);
    }
  });

  it('refuses unusable input: a broken schema (exit 2), a missing file, no example to send', async () => {
    expect(() => customKind({ type: 'object', properties: { a: { $ref: '#/nope' } } }, { source: 'bad.json' })).toThrow(UsageError);
    await expect(loadCustomKind(join(EXAMPLES, 'nope.json'))).rejects.toThrow(InputError);
    expect(() => customKind({ type: 'object' }, { source: 'x.json' }).sample({ seed: 1 })).toThrow(/has no example payload/);
  });
  // A field the user's schema does not list is the user's own news: a note worded for their schema,
  // never an issue (unless the schema closes the object), and none where the schema lists no fields.
  it('notes the fields its JSON Schema does not list, through $ref, allOf, anyOf, items and patternProperties', () => {
    const kind = customKind(
      {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string' }, owner: { $ref: '#/$defs/person' }, tags: { type: 'array', items: { $ref: '#/$defs/tag' } }, free: { type: 'object' }, open: { type: 'object', properties: { a: {} }, additionalProperties: true } },
        patternProperties: { '^x-': {} },
        allOf: [{ properties: { region: { type: 'string' } } }],
        $defs: { person: { anyOf: [{ properties: { name: {} } }, { properties: { email: {} } }] }, tag: { properties: { key: {} } } },
      },
      { source: 'hook.schema.json' },
    );
    const payload = { id: '1', region: 'eu', 'x-trace': 1, owner: { name: 'a', email: 'b', phone: 'c' }, tags: [{ key: 'k', value: 'v' }], free: { any: 1 }, open: { b: 1 }, extra: true };
    expect(validatePayload(payload, { kind: kind.id, kinds: [kind] })).toMatchObject({
      valid: true,
      notes: ['$.owner.phone is not in your schema', '$.tags[0].value is not in your schema', '$.extra is not in your schema'],
    });
    const closed = customKind({ type: 'object', required: ['id'], properties: { id: {} }, additionalProperties: false }, { source: 'closed.json' });
    expect(validatePayload({ id: 1, extra: true }, { kind: closed.id, kinds: [closed] })).toMatchObject({ valid: false, notes: [] });
  });

  // ajv keys each pattern by its engine's toString(): whk's engine must give one key per pattern.
  it('tests each pattern through whk\'s engine: values, patternProperties keys and propertyNames, each its own', () => {
    const kind = customKind(
      { type: 'object', properties: { a: { pattern: '^a+$' }, b: { pattern: '^b+$' } }, patternProperties: { '^n_': { type: 'number' } }, propertyNames: { pattern: '^[a-z_]+$' } },
      { source: 'p.json' },
    );
    const long = 'a'.repeat(30);
    expect(validatePayload({ a: long, b: 'b'.repeat(30), n_x: 1 }, { kind: kind.id, kinds: [kind] }).valid).toBe(true);
    expect(validatePayload({ a: 'b', b: long, n_y: 'one', Up: 1 }, { kind: kind.id, kinds: [kind] }).issues).toEqual([
      { path: '$', message: 'must match pattern "^[a-z_]+$"' },
      { path: '$', message: 'property name must be valid' },
      { path: '$.a', message: 'must match pattern "^a+$"' },
      { path: '$.b', message: 'must match pattern "^b+$"' },
      { path: '$.n_y', message: 'expected number, got string' },
    ]);
  });

  // Many values each just under the time one test may take would add up: one payload's tests share
  // a budget (here on a virtual clock: each test on the main thread takes 5 ms of it).
  it('stops checking a payload whose pattern tests took its whole budget, with an issue naming where', () => {
    let clock = 0;
    const patterns = { limits: { testMs: 100, payloadMs: 15, directLength: 10 }, now: () => (clock += 5) };
    const kind = customKind({ type: 'array', items: { pattern: '^v' } }, { source: 'list.json', patterns });
    const issues = validatePayload(['v1', 'v2', 'v3', 'v4', 'v5'], { kind: kind.id, kinds: [kind] }).issues;
    expect(issues).toEqual([{ path: '$[3]', message: "pattern ^v was stopped on a 2-character value: the schema's patterns had taken 15 ms on this payload in all (they backtrack)" }]);
    // The next payload has the whole budget again.
    expect(validatePayload(['v1', 'v2'], { kind: kind.id, kinds: [kind] }).valid).toBe(true);
  });

  // A schema that refers to itself follows a payload as deep as it goes: 50,000 levels ran ajv out of
  // stack, and whk listen answered 500 (an internal error) to every such delivery.
  // ajv's own uniqueItems compares every pair of object items; whk's (unique-items.ts) must give
  // its verdicts and messages, in one pass.
  it('uniqueItems: the verdict and the pair ajv names, key order aside, and a large array of objects in one pass', () => {
    const native = new Ajv({ allErrors: true });
    const schema = { type: 'object', properties: { list: { type: 'array', uniqueItems: true } } };
    const kind = customKind(schema, { source: 'u.json' });
    const cases: unknown[][] = [
      [{ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }],
      [1, '1', true, 'true', null, 'null', [], {}, [1], { 0: 1 }],
      [1, 2, 1, 2],
      [{ a: 1 }, { a: 2 }, { a: 1 }, 3, { a: 2 }],
      [[1, 2], [2, 1], [1, 2]],
      [1.5, 15e-1],
      ['x', 'y'],
    ];
    const validate = native.compile(schema);
    for (const list of cases) {
      validate({ list });
      const expected = (validate.errors ?? []).map((error) => ({ path: '$.list', message: error.message }));
      expect({ list, issues: validatePayload({ list }, { kind: kind.id, kinds: [kind] }).issues }).toEqual({ list, issues: expected });
    }
    // Pair by pair, 30,000 objects are 4.5·10⁸ deep comparisons (about a minute: past the test's
    // timeout, which then fails it, as a hang would not); in one pass, tens of milliseconds.
    const many = Array.from({ length: 30_000 }, (_, i) => ({ id: i, tags: ['a', 'b'] }));
    expect(validatePayload({ list: many }, { kind: kind.id, kinds: [kind] }).issues).toEqual([]);
    many.push({ tags: ['a', 'b'], id: 7 });
    // Past 10,000 items the validator stops at its first error, and says so (whk's bound).
    expect(validatePayload({ list: many }, { kind: kind.id, kinds: [kind] }).issues).toEqual([
      { path: '$.list', message: 'must NOT have duplicate items (items ## 7 and 30000 are identical)' },
      { path: '$', message: "checked up to its first issue: it holds an array of more than 10,000 elements or an object of more than 10,000 keys (whk's bound)" },
    ]);
  });

  it('a format check judges a value of ten million characters at its path (no pattern to run out of stack)', () => {
    const kind = customKind({ title: 'mail', type: 'object', properties: { to: { type: 'string', format: 'email' } } }, { source: 'mail.json' });
    // A pattern keeping a backtrack entry per "1." (zod's email) overflows V8's stack here.
    const result = validatePayload({ to: `${'1.'.repeat(5_000_000)}x` }, { kind: kind.id, kinds: [kind] });
    expect(result).toMatchObject({ valid: false, issues: [{ path: '$.to', message: 'must match format "email"' }] });
  });

  it('an array past 10,000 elements is judged by a validator that stops at its first error, not an error per element', () => {
    // ajv keeps an error per missing field of each element: a million for a million {} (3 MB).
    const kind = customKind({ title: 'rows', type: 'array', items: { type: 'object', required: ['a'] }, uniqueItems: true }, { source: 'rows.json' });
    const check = (rows: unknown[]) => validatePayload(rows, { kind: kind.id, kinds: [kind] });
    const rows = Array.from({ length: 10_001 }, (_, i) => ({ a: i }));
    expect(check(rows)).toMatchObject({ valid: true, issues: [] });
    const said = "checked up to its first issue: it holds an array of more than 10,000 elements or an object of more than 10,000 keys (whk's bound)";
    expect(check([...rows.slice(0, 5_000), {}, ...rows.slice(5_000)]).issues).toEqual([{ path: '$[5000].a', message: 'required property is missing' }, { path: '$', message: said }]);
    // The verdict is the whole array's: a repeat 10,000 items apart is found.
    expect(check([...rows, { a: 0 }]).issues).toEqual([expect.objectContaining({ path: '$' }), { path: '$', message: said }]);
    // At 10,000 every error is found, and the first 1,000 kept, as for any kind.
    expect(check(Array.from({ length: 10_000 }, () => ({}))).issues).toHaveLength(1_001);
    // An object of more than 10,000 keys too: ajv would keep an error per bad value.
    const labels = customKind({ title: 'labels', type: 'object', additionalProperties: { type: 'string' } }, { source: 'labels.json' });
    const map = Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`k${i}`, i === 0 ? 'v' : i]));
    expect(validatePayload(map, { kind: labels.id, kinds: [labels] }).issues).toEqual([{ path: '$.k1', message: 'expected string, got number' }, { path: '$', message: said }]);
  });

  // The walk for fields the schema does not list went down every child, even where the schema says
  // nothing: `whk validate --schema` crashed on a sender's body nested 100,000 deep, and whk listen
  // answered it 500.
  it('a payload nested deep where its schema says nothing is judged valid, its notes found, not a crash', () => {
    const nested = (levels: number, leaf: Record<string, unknown> = {}): Record<string, unknown> => {
      let value: Record<string, unknown> = leaf;
      for (let i = 0; i < levels; i++) value = { a: value };
      return value;
    };
    const deep = nested(100_000);
    for (const schema of [{ title: 'mine', type: 'object', required: ['a'] }, { title: 'mine', type: 'object', properties: { a: {} }, unevaluatedProperties: false }]) {
      const kind = customKind(schema, { source: 'mine.json' });
      expect(validatePayload(deep, { kind: kind.id, kinds: [kind] })).toMatchObject({ valid: true, notes: [] });
    }
    // A schema that refers to itself is followed as far as whk's bound (256 levels), and notes what it lists not.
    const tree = customKind({ title: 'tree', type: 'object', properties: { a: { $ref: '#' } } }, { source: 'tree.json' });
    expect(validatePayload(nested(2, { extra: 1 }), { kind: tree.id, kinds: [tree] }).notes).toEqual([expect.stringContaining('$.a.a.extra')]);
    expect(validatePayload(nested(2_000, { extra: 1 }), { kind: tree.id, kinds: [tree] })).toMatchObject({ valid: true, notes: [] });
  });

  it('a payload nested deeper than a recursive schema can be followed is invalid with the reason, not a crash', () => {
    const node = { type: 'object', properties: { child: { $ref: '#' } } };
    const deep: Record<string, unknown> = {};
    let at = deep;
    for (let i = 0; i < 50_000; i++) at = (at['child'] = {}) as Record<string, unknown>;
    for (const schema of [{ title: 'tree', required: ['child'], ...node }, { title: 'tree', ...node }]) {
      const kind = customKind(schema, { source: 'tree.json' });
      expect(validatePayload(deep, { kind: kind.id, kinds: [kind] })).toMatchObject({ valid: false, issues: [{ message: 'the stack ran out checking it against the schema: it is nested too deep' }] });
      expect(() => detectKind(deep, [kind])).not.toThrow();
    }
  });
  // A $ref loop or a schema nested hundreds deep ran ajv out of stack; whk said "Maximum call stack
  // size exceeded" with a hint about drafts, and {"$ref": "#"} loaded but judged every payload too deep.
  it('refuses a schema whose $refs loop, or that nests too deep to compile, saying which (exit 2)', () => {
    const refused = (schema: Record<string, unknown>): UsageError => {
      try {
        customKind(schema, { source: 's.json' });
      } catch (error) {
        if (error instanceof UsageError) return error;
        throw error;
      }
      throw new Error('the schema was accepted');
    };
    expect(refused({ $defs: { a: { $ref: '#/$defs/b' }, b: { $ref: '#/$defs/a' } }, $ref: '#/$defs/a' }).message).toBe("cannot use the JSON Schema in 's.json': its $refs loop (#/$defs/a → #/$defs/b → #/$defs/a)");
    expect(refused({ definitions: { a: { $ref: '#/definitions/b' }, b: { $ref: '#/definitions/a' } }, $ref: '#/definitions/a' }).message).toContain('its $refs loop (#/definitions/a → #/definitions/b → #/definitions/a)');
    let deep: Record<string, unknown> = { type: 'object' };
    for (let i = 0; i < 5_000; i++) deep = { type: 'object', properties: { a: deep } };
    const tooDeep = refused(deep);
    expect(tooDeep.message).toBe("cannot use the JSON Schema in 's.json': it nests too deep for whk to compile");
    expect(tooDeep.hint).not.toContain('drafts');
    expect(refused({ title: 'self', $ref: '#' }).message).toBe("cannot use the JSON Schema in 's.json': its $refs loop (# → #), so it cannot check any payload");
    expect(refused({ title: 'self', allOf: [{ $ref: '#' }] }).message).toContain('it refers to itself without going into the payload');
    // Recursion that goes into the payload is fine.
    const tree = customKind({ title: 'tree', type: 'object', properties: { child: { $ref: '#' } } }, { source: 'tree.json' });
    expect(validatePayload({ child: { child: {} } }, { kind: tree.id, kinds: [tree] })).toMatchObject({ valid: true });
  });
  // ajv looked properties up with `in`: {} had "constructor" and "toString" (a function) from Object.prototype.
  it('required and properties see only the payload\'s own properties, not Object.prototype\'s', () => {
    const required = customKind({ title: 't', type: 'object', required: ['constructor', 'toString'] }, { source: 't.json' });
    expect(validatePayload({}, { kind: required.id, kinds: [required] }).issues).toEqual([
      { path: '$.constructor', message: 'required property is missing' },
      { path: '$.toString', message: 'required property is missing' },
    ]);
    expect(required.looksLike({})).toBe(false);
    expect(validatePayload({ constructor: 1, toString: 'x' }, { kind: required.id, kinds: [required] })).toMatchObject({ valid: true });
    const typed = customKind({ title: 't', type: 'object', properties: { toString: { type: 'string' } } }, { source: 't.json' });
    expect(validatePayload({}, { kind: typed.id, kinds: [typed] })).toMatchObject({ valid: true, issues: [] });
    expect(validatePayload({ toString: 1 }, { kind: typed.id, kinds: [typed] }).issues).toEqual([{ path: '$.toString', message: 'expected string, got number' }]);
  });
  // undici refused them at every send ('invalid header key'); --dry-run printed a value across two lines.
  it('"x-whk" headers that cannot go on the wire are refused when the schema is loaded, naming the header', () => {
    const refusal = (headers: Record<string, string>): string => {
      try {
        customKind({ title: 'x', examples: [{}], 'x-whk': { headers } }, { source: 'x.json' });
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error('the schema was accepted');
    };
    expect(refusal({ 'bad name': 'x' })).toBe('cannot use the JSON Schema in \'x.json\': "x-whk" headers: "bad name" is not a header name');
    expect(refusal({ 'X-A': 'a\nb' })).toBe('cannot use the JSON Schema in \'x.json\': "x-whk" headers: the value of X-A holds a line break or NUL');
    expect(refusal({ 'X-A': '\u2603' })).toContain('the value of X-A holds a control character or one past U+00FF');
  });
});

describe('a properties rule named __proto__ (ajv never applies it)', () => {
  const refused = (schema: Record<string, unknown>): string => {
    try {
      customKind(schema, { source: 'p.json' });
    } catch (error) {
      if (error instanceof UsageError) return error.message;
      throw error;
    }
    return 'compiled';
  };
  it('is refused on load, naming where it is; one in data (const, examples) or a property called "properties" is not', () => {
    const parse = (text: string): Record<string, unknown> => JSON.parse(text) as Record<string, unknown>;
    expect(refused(parse('{"type":"object","properties":{"__proto__":{"type":"integer"}},"required":["__proto__"]}'))).toBe('cannot use the JSON Schema in \'p.json\': $.properties.__proto__: a rule for a key named "__proto__" under properties is never applied (ajv, which checks schemas, drops it), so any value would pass');
    expect(refused(parse('{"$defs":{"a":{"items":[{"properties":{"__proto__":{}}}]}}}'))).toMatch(/: \$\.\$defs\.a\.items\[0\]\.properties\.__proto__: /);
    expect(refused(parse('{"const":{"properties":{"__proto__":1}},"examples":[{"properties":{"__proto__":1}}],"properties":{"properties":{"type":"object"}}}'))).toBe('compiled');
    expect(refused(parse('{"patternProperties":{"^__proto__$":{"type":"integer"}}}'))).toBe('compiled');
  });
});

describe('a schema ajv cannot compile: one line that names where, and a hint that fits', () => {
  const refusal = (schema: Record<string, unknown>): [string, string | undefined] => {
    try {
      customKind(schema, { source: 's.json' });
    } catch (error) {
      if (error instanceof UsageError) return [error.message.replace("cannot use the JSON Schema in 's.json': ", ''), error.hint];
      throw error;
    }
    return ['compiled', undefined];
  };
  it.each([
    [{ properties: { a: { pattern: '((' } } }, '$.properties.a.pattern: "((" is not a regular expression (Unterminated group)', 'patterns are JavaScript regular expressions with the u flag'],
    [{ type: 'strin' }, '$.type: expected one of "array", "boolean", "integer", "null", "number", "object", "string"', undefined],
    [{ $schema: 'http://json-schema.org/draft-07/schema#', properties: { a: { minLength: -1 } } }, '$.properties.a.minLength: must be >= 0', undefined],
    [{ required: 'a' }, '$.required: expected array, got string', undefined],
    [{ allOf: [{}, { $ref: '#/$defs/nope' }] }, '$.allOf[1].$ref: "#/$defs/nope" leads nowhere in the schema', 'a $ref names a place in this schema, e.g. "#/$defs/name"'],
    [{ $ref: 'https://example.com/x.json' }, '$.$ref: "https://example.com/x.json" leads nowhere in the schema', 'whk reads one schema file: other files and URLs a $ref names are not fetched'],
    [{ $schema: 'http://json-schema.org/draft-04/schema#' }, 'its "$schema" "http://json-schema.org/draft-04/schema#" is not a draft whk reads', 'drafts 07, 2019-09 and 2020-12 are supported, chosen by "$schema"'],
  ])('%j', (schema, message, hint) => {
    expect(refusal(schema)).toEqual([message, hint]);
  });
});
