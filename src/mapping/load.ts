// Reading a mapping file: JSON, then the mapping schema, then the kinds it names. Every problem is
// an input error (exit 2) naming the file and the first thing wrong with it. A file holds one
// mapping (for every request, or for its `kind`'s) or one mapping per kind under "kinds".
import { InputError } from '../errors.js';
import { readInputText } from '../util/read-input.js';
import { notJsonFile, parseJsonLenient } from '../util/json.js';
import { firstProblems, toIssues } from '../validate/issues.js';
import type { z } from 'zod';
import { resolveMapping, type KindLookup, type Mapping } from './resolve.js';
import { mappingSchemas, type MappingSetSpec, type MappingSpec } from './spec.js';

const HINT = 'a mapping is {"fields": [{"name": "title", "path": "alerts[0].labels.alertname", "type": "string", "required": true}]}, or {"kind": "alertmanager", "fields": [...], "mapped": [...]} (see the README)';

function parseWith<T>(schema: z.ZodType<T>, value: unknown, source: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = firstProblems(parsed.error.issues);
    const said = toIssues(first, [], schema).map((issue) => `${issue.path} ${issue.message}`);
    throw new InputError(`invalid mapping file '${source}': ${said.length > 0 ? said.join('; ') : 'not a mapping'}`, ownHint(first) ?? HINT);
  }
  return parsed.data;
}

/** The hint a problem carries (a path's, from spec.ts): more use than the file's shape, which was not at fault. */
function ownHint(issues: readonly z.core.$ZodIssue[]): string | undefined {
  const hints = issues.map((issue) => (issue.code === 'custom' ? (issue.params as { hint?: unknown } | undefined)?.hint : undefined));
  return hints.find((hint): hint is string => typeof hint === 'string');
}

function parseJson(text: string, source: string): unknown {
  const json = parseJsonLenient(text);
  if (!json.ok) throw new InputError(notJsonFile('mapping file', source, json), HINT);
  return json.value;
}

/** One mapping (the file's single form). */
export function parseMapping(text: string, source: string): MappingSpec {
  return parseWith(mappingSchemas().mappingSpecSchema, parseJson(text, source), source);
}

export type MappingFile = { single: MappingSpec } | { perKind: MappingSetSpec };

export function parseMappingFile(text: string, source: string): MappingFile {
  const value = parseJson(text, source);
  const perKind = value !== null && typeof value === 'object' && !Array.isArray(value) && 'kinds' in value;
  const { mappingSetSchema, mappingSpecSchema } = mappingSchemas();
  return perKind ? { perKind: parseWith(mappingSetSchema, value, source) } : { single: parseWith(mappingSpecSchema, value, source) };
}

/** The mappings of a file, by the kind of the request they apply to. */
export interface MappingSet {
  /** The mapping for a payload of this kind (null: no kind told); undefined when the file has none for it. */
  forKind(kind: string | null): Mapping | undefined;
  /** The kinds the file maps; null for one mapping without a kind (it applies to every request). */
  kinds: readonly string[] | null;
  /** The file's one mapping, when it holds one rather than one per kind. */
  single: Mapping | null;
}

export function resolveMappingFile(file: MappingFile, lookup: KindLookup, source: string): MappingSet {
  const where = `invalid mapping file '${source}'`;
  if ('single' in file) {
    const mapping = resolveMapping(file.single, lookup, where);
    if (mapping.kind === null) return { forKind: () => mapping, kinds: null, single: mapping };
    return { forKind: (kind) => (kind === mapping.kind ? mapping : undefined), kinds: [mapping.kind], single: mapping };
  }
  const byKind = new Map(Object.entries(file.perKind.kinds).map(([kind, spec]) => [kind, resolveMapping({ ...spec, kind }, lookup, `${where} (kinds.${kind})`)]));
  return { forKind: (kind) => (kind === null ? undefined : byKind.get(kind)), kinds: [...byKind.keys()], single: null };
}

export async function loadMappingSet(file: string, lookup: KindLookup): Promise<MappingSet> {
  const text = await readInputText(file, 'mapping file');
  return resolveMappingFile(parseMappingFile(text, file), lookup, file);
}
