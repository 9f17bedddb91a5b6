// A user's own webhook as a kind: a JSON Schema file (checked with ajv) and an example payload make
// it validatable, sendable and detectable like the built-in kinds. Loaded only when --schema is given.
import { basename } from 'node:path';
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { InputError, UsageError } from '../errors.js';
import { notJsonFile, parseJsonLenient, withoutBom } from '../util/json.js';
import { schemaOfIssues, toIssue, type AjvIssue } from './ajv-issues.js';
import { firstInexactInteger, isStackOverflow } from '../util/deep-json.js';
import { inexactNumberTexts, stringifyWithTexts, textsWithin } from '../util/number-texts.js';
import { checkLoop, compileOverflow } from './schema-loops.js';
import { protoPropertyRule } from './proto-rule.js';
import { schemaProblem } from './schema-errors.js';
import { unlistedFields } from './json-schema-fields.js';
import { createPatternEngine, PatternStopped, stoppedIssue, type PatternEngine, type PatternEngineOptions } from './pattern-engine.js';
import { KIND_IDS } from './ids.js';
import { uniqueItemsKeyword } from './unique-items.js';
import { FORMATS } from './formats.js';
import { isRecord } from '../util/json.js';
import { defineKind, NO_RETRY } from './define.js';
import type { SenderDescription } from './from-capture.js';
import type { Kind } from './types.js';
import { readInputText } from '../util/read-input.js';
import { hasLongNode, WINDOW } from '../util/windowed.js';
import { sentHeaderProblem } from '../util/sendable-header.js';
import { groupDigits } from '../util/units.js';

export interface CustomKindOptions {
  /** Where the schema came from, for messages and the kind's `follows`. */
  source: string;
  /** An example payload: what `send` delivers and `sample` prints. */
  example?: unknown;
  /** The digits written of the example's integers past 2^53 (by path), which send delivers as written. */
  exampleTexts?: ReadonlyMap<string, string>;
  /** Internal (tests): the pattern engine's limits and clock; whk's PATTERN_LIMITS otherwise. */
  patterns?: PatternEngineOptions;
}

function compile(schema: Record<string, unknown>, source: string, patterns: PatternEngine, allErrors = true): ValidateFunction {
  const dialect = typeof schema['$schema'] === 'string' ? schema['$schema'] : '';
  // Every pattern ajv tests (pattern, patternProperties, propertyNames) goes through whk's engine, so a
  // backtracking one cannot hang whk on a sender's value.
  // ownProperties: `required` and `properties` must not find "toString" on Object.prototype.
  const options: Options = { ownProperties: true, allErrors, strict: false, verbose: true, logger: false, formats: FORMATS, code: { regExp: patterns.regExp } };
  const ajv = dialect.includes('2020-12') ? new Ajv2020(options) : dialect.includes('2019-09') ? new Ajv2019(options) : new Ajv(options);
  // ajv's own compares every pair of object items: quadratic in what a sender sends.
  ajv.removeKeyword('uniqueItems').addKeyword(uniqueItemsKeyword);
  const proto = allErrors ? protoPropertyRule(schema) : undefined;
  if (proto !== undefined) throw new UsageError(`cannot use the JSON Schema in '${source}': ${proto}: a rule for a key named "__proto__" under properties is never applied (ajv, which checks schemas, drops it), so any value would pass`, 'write it as "patternProperties": {"^__proto__$": {…}}, which is applied');
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    if (isStackOverflow(error)) {
      const { message, hint } = compileOverflow(schema);
      throw new UsageError(`cannot use the JSON Schema in '${source}': ${message}`, hint);
    }
    const problem = schemaProblem(ajv, schema, error);
    throw new UsageError(`cannot use the JSON Schema in '${source}': ${problem.message}`, problem.hint);
  }
  // The first-error validator (allErrors false) compiles a schema the first compile already checked.
  const loop = allErrors ? checkLoop(schema, validate) : undefined;
  if (loop !== undefined) throw new UsageError(`cannot use the JSON Schema in '${source}': ${loop}, so it cannot check any payload`, 'a $ref back to the schema must sit under "properties" or "items", where it checks a part of the payload');
  return validate;
}

/** The kind id a name makes: lower case, runs of other characters as one '-'. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function kindId(schema: Record<string, unknown>, source: string): string {
  const fromTitle = typeof schema['title'] === 'string' ? slug(schema['title']) : '';
  const id = fromTitle || slug(basename(source).replace(/(\.schema)?\.json$/i, '')) || 'custom';
  // Never shadow a built-in kind.
  return (KIND_IDS as readonly string[]).includes(id) ? `custom-${id}` : id;
}

/** The top-level keys a payload must have (required, or fixed by a const); none means any payload may be one. */
function shapeKeys(schema: Record<string, unknown>): { required: string[]; consts: (readonly [string, string])[] } {
  const required = Array.isArray(schema['required']) ? schema['required'].filter((k): k is string => typeof k === 'string') : [];
  const properties = isRecord(schema['properties']) ? schema['properties'] : {};
  const consts = Object.entries(properties).flatMap(([key, sub]) => (isRecord(sub) && 'const' in sub ? [[key, JSON.stringify(sub['const'])] as const] : []));
  return { required, consts };
}

/**
 * Its shape test: the top-level required properties are there and the top-level consts match.
 * A schema that states neither is its own shape test.
 */
function shapeTest(schema: Record<string, unknown>, check: (payload: unknown) => readonly AjvIssue[]): (payload: unknown) => boolean {
  const { required, consts } = shapeKeys(schema);
  // A payload whose check was stopped (a pattern ran too long) is not known to be unlike: it is
  // detected, so its validation reports why.
  if (required.length === 0 && consts.length === 0) return (payload) => check(payload).every((issue) => issue.stopped === true);
  return (payload) =>
    isRecord(payload) &&
    required.every((key) => Object.prototype.hasOwnProperty.call(payload, key)) &&
    consts.every(([key, value]) => JSON.stringify(payload[key]) === value);
}

/**
 * The schema's issues with a payload. A schema that refers to itself (`$ref: '#'`) follows a payload
 * as deep as it nests, and a hostile one runs ajv out of stack: that is an issue, not a crash. So is
 * a pattern test whk stopped (it ends the check: the payload's other issues are not known).
 */
function checker(validate: ValidateFunction, firstErrorOnly: () => ValidateFunction, patterns: PatternEngine): (payload: unknown) => readonly AjvIssue[] {
  return (payload) => {
    patterns.startPayload();
    try {
      // ajv keeps an error per missing field of each element (allErrors): a million for a 3 MB array of
      // {}, each made an issue (and one per bad value of an object's keys). Past WINDOW elements or keys
      // the verdict comes from a validator that stops at its first error.
      if (hasLongNode(payload)) {
        const first = firstErrorOnly();
        if (first(payload)) return [];
        const bound = groupDigits(WINDOW);
        const said = { path: [], message: `checked up to its first issue: it holds an array of more than ${bound} elements or an object of more than ${bound} keys (whk's bound)` };
        return [...(first.errors ?? []).slice(0, 1).map(toIssue), said];
      }
      return validate(payload) ? [] : (validate.errors ?? []).map(toIssue);
    } catch (error) {
      if (error instanceof PatternStopped) return [stoppedIssue(error, payload)];
      if (!isStackOverflow(error)) throw error;
      // Format checks (formats.ts) run in one pass and user patterns on the pattern engine: nesting is left.
      return [{ path: [], message: 'the stack ran out checking it against the schema: it is nested too deep' }];
    }
  };
}

/** A kind from a parsed JSON Schema. */
export function customKind(schema: Record<string, unknown>, options: CustomKindOptions): Kind {
  const patterns = createPatternEngine(options.patterns);
  const validate = compile(schema, options.source, patterns);
  const id = kindId(schema, options.source);
  const examples = Array.isArray(schema['examples']) ? schema['examples'] : [];
  const example = options.example !== undefined ? options.example : examples[0];
  let firstErrorOnly: ValidateFunction | undefined;
  const check = checker(validate, () => (firstErrorOnly ??= compile(schema, options.source, patterns, false)), patterns);
  const zodSchema = schemaOfIssues(check);
  const { required, consts } = shapeKeys(schema);
  const sender = senderOf(schema, options.source);
  const exampleTexts = options.exampleTexts ?? new Map<string, string>();
  return defineKind<unknown>({
    id,
    title: typeof schema['title'] === 'string' ? schema['title'] : `Custom kind from ${basename(options.source)}`,
    follows: `your JSON Schema ${options.source}${typeof schema['$schema'] === 'string' ? ` (${schema['$schema']})` : ''}`,
    variants: [{ id: 'example', description: options.example !== undefined ? 'the example payload given with `data`' : 'the first of the schema\'s "examples"' }],
    schema: zodSchema,
    bodyOrigin: 'user-schema',
    notes: (payload) => notesOf(schema, payload, patterns),
    looksLike: shapeTest(schema, check),
    ...(schema['type'] === 'array' ? { arrayPayload: true } : {}),
    claims: required.length > 0 ? { keys: required } : consts.length > 0 ? { keys: consts.map(([key]) => key) } : 'any',
    generate: () => {
      if (example === undefined) throw new UsageError(`kind '${id}' has no example payload`, 'give one with `data` FILE, or add "examples" to the schema');
      return structuredClone(example);
    },
    delivery: {
      success: '2xx',
      retry: NO_RETRY,
      timeoutMs: 10_000,
      auth: ['basic', 'bearer'],
      ...(sender.contentType ? { contentType: sender.contentType } : {}),
      ...(sender.formField ? { formField: sender.formField } : {}),
      ...(sender.userAgent ? { userAgent: sender.userAgent } : {}),
      provenance: {
        documented: sender.contentType ? ['Content-Type, User-Agent and headers: as the captured request had them ("x-whk" in your schema)'] : [],
        ours: ['success is any 2xx, no retry, 10 s timeout: whk knows only your schema, not your sender'],
      },
    },
    ...(sender.headers ? { requestHeaders: () => ({ ...sender.headers }) } : {}),
    // JSON.parse read them as the nearest doubles: sent as such, a Shopify order id would be another.
    ...(exampleTexts.size > 0 ? { render: (payload: unknown) => stringifyWithTexts(payload, exampleTexts).text } : {}),
    doubts: ['A custom kind: whk knows your JSON Schema and example, nothing of the sender\'s delivery.'],
  });
}

/** The fields the schema does not list; none when a patternProperties test was stopped (validation said so). */
function notesOf(schema: Record<string, unknown>, payload: unknown, patterns: PatternEngine): string[] {
  try {
    return unlistedFields(schema, payload, (pattern, key) => patterns.matches(pattern, key));
  } catch (error) {
    if (error instanceof PatternStopped) return [];
    throw error;
  }
}

const CONTENT_TYPES: readonly NonNullable<SenderDescription['contentType']>[] = ['application/json', 'text/plain; charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data'];

/** The schema's "x-whk": how the sender put the payload on the wire (whk kind from-capture writes it). */
function senderOf(schema: Record<string, unknown>, source: string): SenderDescription {
  const given = schema['x-whk'];
  if (given === undefined) return {};
  const bad = (what: string): never => {
    throw new UsageError(`cannot use the JSON Schema in '${source}': "x-whk" ${what}`, 'it is what whk kind from-capture writes: {contentType, formField, userAgent, headers}');
  };
  if (!isRecord(given)) return bad('is not an object');
  const { contentType, formField, userAgent, headers } = given;
  if (contentType !== undefined && !CONTENT_TYPES.includes(contentType as never)) bad(`contentType is not one of ${CONTENT_TYPES.join(', ')}`);
  for (const [name, value] of [['formField', formField], ['userAgent', userAgent]] as const) if (value !== undefined && typeof value !== 'string') bad(`${name} is not a string`);
  if (headers !== undefined && !(isRecord(headers) && Object.values(headers).every((v) => typeof v === 'string'))) bad('headers is not an object of strings');
  // Checked as --header is: undici would refuse it at every delivery ('invalid header key').
  for (const [name, value] of Object.entries(isRecord(headers) ? headers : {})) {
    const problem = sentHeaderProblem(name, value as string);
    if (problem) bad(`headers: ${problem.problem}`);
  }
  return given as SenderDescription;
}

async function readJson(file: string, what: string): Promise<{ value: unknown; text: string }> {
  const text = await readInputText(file, what);
  const parsed = parseJsonLenient(text);
  if (!parsed.ok) throw new InputError(notJsonFile(what, file === '-' ? '<stdin>' : file, parsed));
  return { value: parsed.value, text };
}

/** The digits of the example's integers past 2^53 as its file wrote them, by the example's paths. */
function exampleTextsOf(example: unknown, fileText: string, at: string): Map<string, string> {
  if (firstInexactInteger(example) === undefined) return new Map();
  return textsWithin(inexactNumberTexts(withoutBom(fileText)), at);
}

/** `--schema FILE [--data FILE]`: the custom kind those files describe. */
export async function loadCustomKind(schemaFile: string, dataFile?: string): Promise<Kind> {
  const { value: schema, text } = await readJson(schemaFile, 'JSON Schema');
  if (!isRecord(schema)) throw new InputError(`cannot use '${schemaFile}': a JSON Schema is an object`);
  if (dataFile !== undefined) {
    const data = await readJson(dataFile, 'example payload');
    return customKind(schema, { source: schemaFile, example: data.value, exampleTexts: exampleTextsOf(data.value, data.text, '$') });
  }
  const examples = Array.isArray(schema['examples']) ? (schema['examples'] as unknown[]) : [];
  return customKind(schema, { source: schemaFile, exampleTexts: exampleTextsOf(examples[0], text, '$.examples[0]') });
}
