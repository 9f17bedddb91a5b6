// JSON Schema's `uniqueItems` for a user's schema, in one pass. ajv compares every pair of items
// whose type it cannot tell from the schema (objects, arrays): a sender's array of 20,000 objects held
// whk for 25 s, and the 400,000 that fit in a 10 MB body would hold it for hours. Here each item is
// written once in a canonical form (an object's keys sorted), so equal items (as ajv's deep equality
// has them: key order aside) meet in one map. Same verdict and message as ajv's keyword.
import type { FuncKeywordDefinition, SchemaValidateFunction } from 'ajv';
import { canonicalJson } from '../util/deep-json.js';

interface Duplicate {
  /** The later item of the pair ajv names (the last item equal to one before it)... */
  i: number;
  /** ...and the nearest item before it that it equals. */
  j: number;
}

const validate: SchemaValidateFunction = (unique: unknown, data: unknown): boolean => {
  const found = unique === true && Array.isArray(data) ? lastDuplicate(data) : undefined;
  validate.errors = found ? [{ keyword: 'uniqueItems', message: `must NOT have duplicate items (items ## ${found.j} and ${found.i} are identical)`, params: { ...found } }] : [];
  return found === undefined;
};

export const uniqueItemsKeyword: FuncKeywordDefinition = { keyword: 'uniqueItems', type: 'array', schemaType: 'boolean', $data: true, errors: true, validate };

/** The pair ajv reports (it walks from the end): the last item equal to an earlier one, and the nearest such. */
function lastDuplicate(items: readonly unknown[]): Duplicate | undefined {
  const seen = new Map<string, number>();
  let found: Duplicate | undefined;
  items.forEach((item, i) => {
    const key = canonicalJson(item);
    const j = seen.get(key);
    if (j !== undefined) found = { i, j };
    seen.set(key, i);
  });
  return found;
}
