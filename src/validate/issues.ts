// Turns zod's issues into whk's: a '$.json.path' and one plain message each, unions flattened.
import type { z } from 'zod';
import { formatPath, type PathSegment } from '../util/json-path.js';
import { closest } from '../util/suggest.js';

export interface Issue {
  path: string;
  message: string;
}

type ZodIssue = z.core.$ZodIssue;

/**
 * The issues to report first, of a file whk reads (a contract, a mapping): the first one, or a
 * required field missing and then the unknown fields of its object. An unknown field near the
 * missing one's name ('kidn' for 'kind') is most likely it misspelled: that alone, with its
 * did-you-mean, says so. Unknown fields near it in no way (a package.json given as a contract)
 * leave the missing field to be said first: it tells what the file is not.
 */
export function firstProblems(issues: readonly ZodIssue[]): ZodIssue[] {
  const first = issues[0];
  if (first === undefined) return [];
  if (first.code !== 'invalid_type' || !first.message.endsWith('received undefined')) return [first];
  const parent = first.path.slice(0, -1).join('\u0000');
  const unknown = issues.find((issue) => issue.code === 'unrecognized_keys' && issue.path.join('\u0000') === parent);
  if (unknown?.code !== 'unrecognized_keys') return [first];
  const missing = String(first.path.at(-1));
  return unknown.keys.some((key) => closest(key, [missing]) !== undefined) ? [unknown] : [first, unknown];
}

/**
 * With `schema` (a file whk reads: a contract, a mapping), a key the schema does not have is an
 * "unknown field", with the nearest field of its object as a did-you-mean; and a tuple of a wrong
 * length is said to need exactly its length (zod's issue says at least or at most: it names no tuple).
 */
export function toIssues(zodIssues: readonly ZodIssue[], base: readonly PathSegment[] = [], schema?: z.ZodType): Issue[] {
  const out: Issue[] = [];
  for (const issue of zodIssues) {
    const path = [...base, ...(issue.path as PathSegment[])];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Report the branch that came closest, not "Invalid input": a branch of the right type
      // (object vs array...) beats one that failed at its root, then fewer issues win.
      const rank = (branch: readonly ZodIssue[]) => (branch.some(isRootTypeMismatch) ? 1_000_000 : 0) + branch.length;
      const best = [...issue.errors].sort((a, b) => rank(a) - rank(b))[0] ?? [];
      out.push(...toIssues(best, path, schema));
      continue;
    }
    const node = schema === undefined ? undefined : nodeAt(schema as unknown as SchemaNode, path);
    const message = schema !== undefined && issue.code === 'unrecognized_keys' ? unknownFields(issue.keys, fieldsOf(node)) : plainMessage(issue, node !== undefined && isExactTuple(node));
    out.push({ path: formatPath(path), message });
  }
  return out;
}

function isRootTypeMismatch(issue: ZodIssue): boolean {
  return issue.code === 'invalid_type' && issue.path.length === 0;
}

// zod's names of JSON's types where they are not JSON's: a record and a tuple are an object and an array there.
const TYPE_WORDS: Partial<Record<string, string>> = { record: 'object', tuple: 'array' };

const FORMAT_WORDS: Partial<Record<string, string>> = {
  datetime: 'an ISO 8601 date-time, e.g. 2026-03-04T10:15:30Z',
  date: 'a date, e.g. 2026-03-04',
  time: 'a time, e.g. 10:15:30',
  url: 'a URL',
  email: 'an email address',
  uuid: 'a UUID',
};

/** zod's issue in whk's words; `exactTuple`: the value at its path must be a tuple of one length, which zod's length issue does not say. */
function plainMessage(issue: ZodIssue, exactTuple = false): string {
  // A discriminated union with no matching tag.
  if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) {
    return `expected one of ${issue.options.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (issue.code === 'invalid_type') {
    // A schema's own wording (given with `error:`) says more than the generic one.
    if (!issue.message.startsWith('Invalid input')) return issue.message;
    const received = /received (-?\w+)/.exec(issue.message)?.[1];
    // zod says a fraction where a whole number belongs is "expected int, received number".
    if (issue.expected === 'int' && received === 'number') return 'expected a whole number, got a fraction';
    // A JSON number past a double (1e400, -1e400) is read as ±Infinity: a number as sent, said as one.
    if (received === 'Infinity' || received === '-Infinity') return `expected ${issue.expected}, got a number too large for a double (it reads as ${received})`;
    const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
    return received === 'undefined' ? `required ${expected} is missing` : `expected ${expected}, got ${received ?? 'another type'}`;
  }
  // zod's own words for a format ("Invalid ISO datetime", "Invalid URL"), in whk's: what was expected.
  if (issue.code === 'invalid_format' && issue.message.startsWith('Invalid')) {
    const format = FORMAT_WORDS[issue.format];
    if (format !== undefined) return `expected ${format}`;
  }
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  if (issue.code === 'too_big' || issue.code === 'too_small') {
    // A schema's own wording (`.min(1, 'a mapping needs at least one field')`) says more than the generic one.
    if (!/^Too (big|small): /.test(issue.message)) return issue.message;
    const bound = issue.code === 'too_big' ? issue.maximum : issue.minimum;
    // An exact length (`.length(n)`, a tuple) missed either way is said as the length it must have.
    const exact = issue.exact === true || (exactTuple && issue.origin === 'array');
    const word = exact ? 'exactly' : issue.code === 'too_big' ? 'at most' : 'at least';
    const strict = issue.inclusive === false ? (issue.code === 'too_big' ? 'less than' : 'more than') : word;
    if (issue.origin === 'array' || issue.origin === 'set') return `must have ${strict} ${bound} item${Number(bound) === 1 ? '' : 's'}`;
    if (issue.origin === 'string') return `must be ${strict} ${bound} character${Number(bound) === 1 ? '' : 's'} long`;
    return `must be ${strict} ${bound}`;
  }
  return issue.message.replace(/^Invalid input: /, '');
}

/** "unknown field 'x'", and " (did you mean 'y'?)" for the first key that is close to a known field. */
function unknownFields(keys: readonly string[], fields: readonly string[]): string {
  const near = keys.map((key) => closest(key, fields)).find((name) => name !== undefined);
  return `unknown field${keys.length === 1 ? '' : 's'} ${keys.map((k) => `'${k}'`).join(', ')}${near === undefined ? '' : ` (did you mean '${near}'?)`}`;
}

interface SchemaNode {
  def: { type: string; innerType?: SchemaNode; in?: SchemaNode; shape?: Record<string, SchemaNode>; element?: SchemaNode; valueType?: SchemaNode; items?: SchemaNode[]; rest?: SchemaNode | null };
}

/** The node at `path` in a schema (through optional, default, a transform's input, arrays, tuples and records), unwrapped; undefined where it cannot be told (a union). */
function nodeAt(schema: SchemaNode, path: readonly PropertyKey[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = schema;
  for (const segment of [...path, undefined]) {
    // A transform is a pipe whose fields are its input's.
    while (node?.def.innerType || node?.def.in) node = node.def.innerType ?? node.def.in;
    if (!node || segment === undefined) break;
    const def: SchemaNode['def'] = node.def;
    node = def.type === 'array' ? def.element : def.type === 'record' ? def.valueType : def.type === 'tuple' ? (def.items?.[Number(segment)] ?? def.rest ?? undefined) : def.shape?.[String(segment)];
  }
  return node;
}

/** The field names of an object node. */
function fieldsOf(node: SchemaNode | undefined): string[] {
  return node?.def.type === 'object' ? Object.keys(node.def.shape ?? {}) : [];
}

/** A tuple of one length: no rest, no optional item. */
function isExactTuple(node: SchemaNode): boolean {
  return node.def.type === 'tuple' && (node.def.rest ?? undefined) === undefined && (node.def.items ?? []).every((item) => item.def.type !== 'optional');
}
