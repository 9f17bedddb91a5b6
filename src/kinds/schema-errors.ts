// Why ajv could not compile a user's JSON Schema, in one line that names where in the schema the
// problem is, as the mapping file's errors do ('$.properties.a.pattern: …'): ajv says a bad pattern
// without its place, a bad keyword in its meta-schema's words ('data/type must …', three ways), and a
// dangling $ref from its id. The hint is the one that fits the problem, not a list of drafts for all.
import type { Ajv } from 'ajv';
import { formatPath, type PathSegment } from '../util/json-path.js';
import { toIssue } from './ajv-issues.js';
import { subschemas } from './schema-walk.js';

export interface SchemaProblem {
  message: string;
  hint?: string;
}

const DRAFTS = 'drafts 07, 2019-09 and 2020-12 are supported, chosen by "$schema"';

/** What is wrong with `schema`, which `ajv` refused to compile with `error`. */
export function schemaProblem(ajv: Pick<Ajv, 'validateSchema' | 'errors'>, schema: Record<string, unknown>, error: unknown): SchemaProblem {
  const text = error instanceof Error ? error.message : String(error);
  if (/^no schema with key or ref /.test(text)) return { message: `its "$schema" ${JSON.stringify(schema['$schema'])} is not a draft whk reads`, hint: DRAFTS };
  // The meta-schema's first complaint, in whk's words at whk's path: one line, not ajv's alternatives.
  if (/^schema is invalid/.test(text) && ajv.validateSchema(schema) === false) {
    const first = ajv.errors?.[0];
    if (first) {
      const issue = toIssue(first);
      return { message: `${formatPath(issue.path)}: ${issue.message}` };
    }
  }
  const pattern = badPattern(schema);
  if (/^Invalid regular expression/.test(text) && pattern) return { message: `${formatPath(pattern.path)}: ${pattern.problem}`, hint: 'patterns are JavaScript regular expressions with the u flag' };
  const ref = /^can't resolve reference (.*) from id /.exec(text)?.[1];
  if (ref !== undefined) {
    const at = refPath(schema, ref);
    const where = at === undefined ? 'its $ref ' : `${formatPath(at)}: `;
    return { message: `${where}${JSON.stringify(ref)} leads nowhere in the schema`, hint: ref.startsWith('#') ? 'a $ref names a place in this schema, e.g. "#/$defs/name"' : 'whk reads one schema file: other files and URLs a $ref names are not fetched' };
  }
  return { message: text };
}

/** The first pattern (a `pattern`, or a patternProperties key) JavaScript cannot compile, and why. */
function badPattern(schema: Record<string, unknown>): { path: PathSegment[]; problem: string } | undefined {
  for (const [node, path] of subschemas(schema)) {
    const candidates: [string, PathSegment[]][] = [];
    if (typeof node['pattern'] === 'string') candidates.push([node['pattern'], [...path, 'pattern']]);
    const keyed = node['patternProperties'];
    if (keyed !== null && typeof keyed === 'object') for (const key of Object.keys(keyed)) candidates.push([key, [...path, 'patternProperties', key]]);
    for (const [source, at] of candidates) {
      try {
        new RegExp(source, 'u');
      } catch (error) {
        return { path: at, problem: `${JSON.stringify(source)} is not a regular expression (${error instanceof Error ? error.message.replace(/^Invalid regular expression: \/.*\/u: /s, '') : String(error)})` };
      }
    }
  }
  return undefined;
}

/** Where the first $ref naming `ref` is. */
function refPath(schema: Record<string, unknown>, ref: string): PathSegment[] | undefined {
  for (const [node, path] of subschemas(schema)) if (node['$ref'] === ref) return [...path, '$ref'];
  return undefined;
}
