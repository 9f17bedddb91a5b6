// From a mapping as written to the mapping applied: the template's selected fields and the custom
// ones become the extracted fields; the integration type's required mapped fields are added (filled
// from the extracted field of the same name unless the file says otherwise) before the custom mapped
// fields. What cannot work whatever the payload (an unknown kind, a field the template lacks, `from`
// naming no extracted field) is an input error here; what a payload leaves empty is a problem later.
import { InputError } from '../errors.js';
import { knownKindsHint } from '../kinds/ids.js';
import { INTEGRATION_TYPES } from '../kinds/integration-types.js';
import type { IntegrationType, Kind } from '../kinds/types.js';
import { parseQuery, type PathStep } from '../util/json-path.js';
import type { FieldType, MappedFieldSpec, MappingField, MappingSpec, TemplateField, TemplateSpec } from './spec.js';

export interface ExtractedFieldRule extends MappingField {
  steps: PathStep[];
  /** A template field's paths read in turn when `path` finds nothing, parsed. */
  orElse?: { path: string; steps: PathStep[] }[];
  /** 'template' for the kind's own field, 'custom' for the file's. */
  origin: 'template' | 'custom';
}

export interface MappedFieldRule {
  name: string;
  description: string | null;
  type: FieldType | null;
  default: unknown;
  /** The extracted field it is filled from, or null. */
  from: string | null;
  path: string | null;
  steps: PathStep[] | null;
  /** Required by the integration type. */
  required: boolean;
}

/** A mapping ready to apply to payloads. */
export interface Mapping {
  kind: string | null;
  integrationType: IntegrationType | null;
  extracted: ExtractedFieldRule[];
  /** Null in the one-stage form (no kind, no integration type, no mapped fields). */
  mapped: MappedFieldRule[] | null;
}

export type KindLookup = (id: string) => Kind | undefined;

const rule = ({ orElse, ...field }: TemplateField, origin: ExtractedFieldRule['origin']): ExtractedFieldRule => ({
  ...field,
  steps: parseQuery(field.path),
  ...(orElse === undefined ? {} : { orElse: orElse.map((path) => ({ path, steps: parseQuery(path) })) }),
  origin,
});

/** The fields of the one-stage form, or of a kind's template alone, as a mapping. */
export function fieldsMapping(spec: TemplateSpec): Mapping {
  return { kind: null, integrationType: null, extracted: spec.fields.map((f) => rule(f, 'custom')), mapped: null };
}

export function resolveMapping(spec: MappingSpec, lookup: KindLookup, where: string): Mapping {
  const kind = spec.kind === undefined ? undefined : lookup(spec.kind);
  if (spec.kind !== undefined && !kind) throw new InputError(`${where}: unknown kind '${spec.kind}'`, knownKindsHint(spec.kind));
  const extracted = [...templateFields(spec, kind, where), ...(spec.fields ?? []).map((f) => rule(f, 'custom'))];
  // A custom field of a template field's name reads it from your path instead.
  const byName = new Map(extracted.map((f) => [f.name, f]));
  const fields = [...byName.values()];
  const integrationType = spec.integrationType ?? kind?.integrationType ?? null;
  if (fields.length === 0 && integrationType === null && (spec.mapped ?? []).length === 0) {
    // {"mapped": []} names no kind: its hint said "the  kind has no template fields".
    const why = kind ? `the ${kind.id} kind has no template fields` : 'it names no kind and maps no field';
    throw new InputError(`${where}: the mapping extracts nothing`, `${why}: give fields [{"name", "path"}]`);
  }
  // No integration type and no mapped fields: the one-stage form, without a mapped stage.
  const mapped = integrationType === null && spec.mapped === undefined ? null : mappedRules(spec.mapped ?? [], integrationType, new Set(byName.keys()), where);
  return { kind: kind?.id ?? null, integrationType, extracted: fields, mapped };
}

function templateFields(spec: MappingSpec, kind: Kind | undefined, where: string): ExtractedFieldRule[] {
  if (!kind) return [];
  const template = kind.mapping?.fields ?? [];
  if (spec.select === undefined) return template.map((f) => rule(f, 'template'));
  // A kind with no template (metric-alert, a kind of your own): "'title' is not a field of its template; its fields: none".
  if (template.length === 0) throw new InputError(`${where}: select picks fields of a kind's template, and ${kind.id} has none`, 'give your own fields [{"name", "path"}] instead (whk kinds shows which kinds have a template)');
  return spec.select.map((name) => {
    const field = template.find((f) => f.name === name);
    if (!field) throw new InputError(`${where}: '${name}' is not a field of the ${kind.id} template`, `its fields: ${template.map((f) => f.name).join(', ') || 'none'}`);
    return rule(field, 'template');
  });
}

function mappedRules(given: readonly MappedFieldSpec[], type: IntegrationType | null, extracted: ReadonlySet<string>, where: string): MappedFieldRule[] {
  const required = type === null ? [] : INTEGRATION_TYPES[type].required;
  const requiredNames = new Set(required.map((r) => r.name));
  const byName = new Map(given.map((field) => [field.name, field]));
  return [
    ...required.map((r) => mappedRule({ description: r.description, type: r.type, ...byName.get(r.name), name: r.name }, true, extracted, where)),
    ...given.filter((field) => !requiredNames.has(field.name)).map((field) => mappedRule(field, false, extracted, where)),
  ];
}

function mappedRule(field: MappedFieldSpec, required: boolean, extracted: ReadonlySet<string>, where: string): MappedFieldRule {
  if (field.from !== undefined && !extracted.has(field.from)) {
    throw new InputError(`${where}: mapped field '${field.name}' is filled from '${field.from}', which is not an extracted field`, `extracted fields: ${[...extracted].join(', ') || 'none'}`);
  }
  // Without from or path, the extracted field of the same name fills it (the page's default mapping).
  const from = field.from ?? (field.path === undefined && extracted.has(field.name) ? field.name : null);
  if (!required && from === null && field.path === undefined && field.default === undefined) {
    throw new InputError(`${where}: mapped field '${field.name}' has nothing to fill it`, "give it from (an extracted field's name), path or default");
  }
  return {
    name: field.name,
    description: field.description ?? null,
    type: field.type ?? null,
    default: field.default,
    from,
    path: field.path ?? null,
    steps: field.path === undefined ? null : parseQuery(field.path),
    required,
  };
}
