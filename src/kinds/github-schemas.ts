// GitHub's payloads judged by the maintained JSON Schemas of @octokit/webhooks-schemas (one draft-07
// file, 344 definitions). Loaded on first use, never at import, so `whk --help` and the other kinds'
// commands never pay for it; compiled per definition (`<event>$<action>`, `<event>$event`) and kept:
// the whole oneOf takes ~10 s to compile, one event's definition well under a second.
import { createRequire } from 'node:module';
import type { Ajv as AjvInstance, ValidateFunction } from 'ajv';
import { formatPath } from '../util/json-path.js';
import { isRecord } from '../util/json.js';
import { toIssue, type AjvIssue } from './ajv-issues.js';

export const SCHEMAS_PACKAGE = '@octokit/webhooks-schemas';

// ajv, ajv-formats and the schema file are CommonJS; zod's checks are synchronous, so they are
// required on demand rather than imported.
const require = createRequire(import.meta.url);
const SCHEMA_ID = 'octokit-webhooks';

interface Loaded {
  ajv: AjvInstance;
  definitions: Readonly<Record<string, unknown>>;
}

let loaded: Loaded | undefined;
const validators = new Map<string, ValidateFunction>();

function load(): Loaded {
  if (loaded) return loaded;
  const { Ajv } = require('ajv') as typeof import('ajv');
  const { default: addFormats } = require('ajv-formats') as typeof import('ajv-formats');
  const { definitions } = require(SCHEMAS_PACKAGE) as { definitions: Record<string, unknown> };
  // inlineRefs off: a definition many events reach (a repository, a user) is compiled once as a
  // function of its own and shared, not copied into each event's code. By hand: pull_request opened
  // compiled in 45 against 154 ms after push; the package's 329 examples and a broken copy of each
  // judged in 1.1 against 2.6 s, every verdict the same.
  const ajv = new Ajv({ allErrors: true, strict: true, verbose: true, logger: false, inlineRefs: false });
  addFormats(ajv);
  // The package's own annotation for its TypeScript types; its README has ajv register it.
  ajv.addKeyword('tsAdditionalProperties');
  // Only the definitions: a root with the oneOf of every event would compile all of them.
  ajv.addSchema({ $id: SCHEMA_ID, definitions });
  loaded = { ajv, definitions };
  return loaded;
}

function validatorOf(key: string): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    validate = load().ajv.getSchema(`${SCHEMA_ID}#/definitions/${key}`);
    if (!validate) throw new Error(`${SCHEMAS_PACKAGE} has no definition ${key}`);
    validators.set(key, validate);
  }
  return validate;
}

/** The actions the schemas know for an event (`pull_request` → opened, closed, ...). */
export function actionsOf(event: string): string[] {
  const prefix = `${event}$`;
  return Object.keys(load().definitions)
    .filter((key) => key.startsWith(prefix) && key !== `${event}$event`)
    .map((key) => key.slice(prefix.length));
}

/** The definition for this event and the payload's action, or the issue that says why there is none. */
function definitionFor(event: string, payload: unknown): { key: string } | { issue: AjvIssue } {
  const { definitions } = load();
  const action = isRecord(payload) ? payload['action'] : undefined;
  if (typeof action === 'string' && `${event}$${action}` in definitions) return { key: `${event}$${action}` };
  const actions = actionsOf(event);
  if (actions.length === 0 && `${event}$event` in definitions) return { key: `${event}$event` };
  if (actions.length === 0) return { issue: { path: [], message: `${SCHEMAS_PACKAGE} has no schema for the ${event} event` } };
  if (action === undefined) return { issue: { path: ['action'], message: 'required property is missing' } };
  return { issue: { path: ['action'], message: `expected one of the ${event} actions ${actions.map((a) => JSON.stringify(a)).join(', ')}` } };
}

export interface Verdict {
  issues: AjvIssue[];
  /** Properties the schema closes its object to: new upstream fields, notes rather than failures. */
  notes: string[];
}

/**
 * The payload judged against its event's definition. A payload whose only faults are properties the
 * schema does not list is valid with notes (SPEC: unknown new fields are notes); any other fault
 * makes it invalid, with every error ajv reports, the unlisted properties included.
 */
export function judge(event: string, payload: unknown): Verdict {
  const definition = definitionFor(event, payload);
  if ('issue' in definition) return { issues: [definition.issue], notes: [] };
  const validate = validatorOf(definition.key);
  if (validate(payload)) return { issues: [], notes: [] };
  const errors = validate.errors ?? [];
  const unlisted = errors.filter((error) => error.keyword === 'additionalProperties');
  if (unlisted.length === errors.length) return { issues: [], notes: unlisted.map((error) => formatPath(toIssue(error).path)) };
  return { issues: errors.map(toIssue), notes: [] };
}

/**
 * The JSON Schema of these events as `whk schema` prints it: a oneOf over each event's definition
 * (any of its actions) and the definitions they reach, as the package states them (its closed
 * objects closed: this is the package's verdict, without whk's notes for unlisted fields).
 */
export function eventsJsonSchema(events: readonly string[]): Record<string, unknown> {
  const { definitions } = load();
  const roots = events.map((event) => (`${event}_event` in definitions ? `${event}_event` : `${event}$event`));
  const reached = new Map<string, unknown>();
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (!isRecord(node)) return node;
    const ref = node['$ref'];
    if (typeof ref === 'string' && ref.startsWith('#/definitions/')) reach(ref.slice('#/definitions/'.length));
    // The package's annotation for its TypeScript types is no JSON Schema keyword.
    return Object.fromEntries(Object.entries(node).flatMap(([key, value]) => (key === 'tsAdditionalProperties' ? [] : [[key, visit(value)]])));
  };
  const reach = (key: string): void => {
    if (reached.has(key)) return;
    reached.set(key, null);
    reached.set(key, visit(definitions[key]));
  };
  for (const root of roots) reach(root);
  return { oneOf: roots.map((root) => ({ $ref: `#/definitions/${root}` })), definitions: Object.fromEntries([...reached].sort(([a], [b]) => a.localeCompare(b))) };
}
