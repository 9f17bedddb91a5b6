// `whk kinds`: the kinds with their template, variants, events and delivery profiles.
import type { CliContext } from '../context.js';
import { getKind, listKinds } from '../kinds/index.js';
import { INTEGRATION_TYPES } from '../kinds/integration-types.js';
import { createOutput } from '../ui/output.js';
import { renderKinds } from '../ui/render-kinds.js';
import { parseOptions } from '../options/schema.js';


/** The kinds named (each checked: an unknown one is a usage error naming the kinds), or every kind. */
export function describeKinds(ids: readonly string[] = []) {
  const kinds = ids.length === 0 ? listKinds() : [...new Set(ids)].map(getKind);
  return kinds.map((kind) => ({
    id: kind.id,
    title: kind.title,
    follows: kind.follows,
    template: kind.template ?? null,
    integrationType: kind.integrationType ?? null,
    // The mapped fields a mapping of this kind must fill (its integration type's), and where that list comes from.
    requiredMappedFields: kind.integrationType ? INTEGRATION_TYPES[kind.integrationType] : null,
    variants: kind.variants,
    defaultVariant: kind.defaultVariant,
    eventHeader: kind.eventHeader ?? null,
    events: (kind.events ?? []).map((event) => ({ id: event.id, description: event.description, header: event.header ?? event.id, variants: event.variants ?? null })),
    defaultEvent: kind.defaultEvent ?? null,
    sampleFilters: (kind.sampleFilters ?? []).map((filter) => ({ name: filter.name, description: filter.description, choices: filter.choices ? Object.keys(filter.choices) : null })),
    delivery: kind.delivery,
    // Who writes the body: what a note on a field its schema does not list says (validate).
    bodyOrigin: kind.bodyOrigin,
    senderVersions: kind.senderVersions ?? null,
    doubts: kind.doubts,
    mapping: kind.mapping ?? null,
  }));
}

export async function runKinds(context: CliContext, ids: string[], raw: unknown): Promise<number> {
  const options = parseOptions({}, raw);
  const output = createOutput(context, options);
  const kinds = describeKinds(ids);
  if (output.json) output.jsonLine(kinds);
  else renderKinds(output, kinds);
  return 0;
}
