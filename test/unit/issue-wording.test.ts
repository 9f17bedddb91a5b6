// validate/issues.ts: zod's length issues in whk's words. A length that must be exact (`.length(n)`,
// a set's `.size(n)`, a tuple) is said as that length, missed either way: "at least 3" for a string
// that must be exactly 3 long sent the user to add characters that would then be too many.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toIssues } from '../../src/validate/issues.js';

const said = (schema: z.ZodType, value: unknown): string[] => {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : toIssues(parsed.error.issues, [], schema).map((issue) => `${issue.path} ${issue.message}`);
};

describe('a length zod checks is said as whk words it', () => {
  it.each<[string, z.ZodType, unknown, string]>([
    ['a string of exactly 3, short', z.object({ code: z.string().length(3) }), { code: 'ab' }, '$.code must be exactly 3 characters long'],
    ['a string of exactly 3, long', z.object({ code: z.string().length(3) }), { code: 'abcd' }, '$.code must be exactly 3 characters long'],
    ['an array of exactly 2, long', z.array(z.number()).length(2), [1, 2, 3], '$ must have exactly 2 items'],
    ['a set of exactly 1', z.set(z.number()).size(1), new Set([1, 2]), '$ must have exactly 1 item'],
    ['a pair, short', z.object({ tags: z.array(z.tuple([z.string(), z.string()])) }), { tags: [['a', 'b'], ['c']] }, '$.tags[1] must have exactly 2 items'],
    ['a pair, long', z.tuple([z.string(), z.string()]), ['a', 'b', 'c'], '$ must have exactly 2 items'],
    // Not exact: bounds, a tuple with an optional item.
    ['at least 2', z.array(z.number()).min(2), [1], '$ must have at least 2 items'],
    ['at most 5 characters', z.string().max(5), 'abcdef', '$ must be at most 5 characters long'],
    ['a tuple with an optional item, short', z.tuple([z.string(), z.string().optional()]), [], '$ must have at least 1 item'],
    ['a tuple with an optional item, long', z.tuple([z.string(), z.string().optional()]), ['a', 'b', 'c'], '$ must have at most 2 items'],
  ])('%s', (_name, schema, value, line) => {
    expect(said(schema, value)).toEqual([line]);
  });
});
