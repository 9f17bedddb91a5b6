// A kind's template as the page's "JSON view" shows it: the fields it extracts with their paths and
// the values they take in a sample payload, the mapped fields its integration type requires, and the
// sample itself (the paths of custom fields are read off it).
import { INTEGRATION_TYPES, type RequiredMappedField } from '../kinds/integration-types.js';
import type { IntegrationType, Kind } from '../kinds/types.js';
import { extract, type ExtractedField } from './extract.js';

export interface TemplateView {
  kind: string;
  /** The template's name as the Harness AI SRE page spells it; null for kinds it does not list. */
  template: string | null;
  integrationType: IntegrationType | null;
  fields: ExtractedField[];
  /** The mapped fields the integration type requires, and whether that list is whk's choice. */
  required: { fields: readonly RequiredMappedField[]; whkChoice: boolean; source: string } | null;
  seed: number;
  sample: unknown;
}

export function templateView(kind: Kind, seed: number): TemplateView {
  const sample = kind.sample({ seed });
  const type = kind.integrationType ?? null;
  const spec = type === null ? null : INTEGRATION_TYPES[type];
  return {
    kind: kind.id,
    template: kind.template ?? null,
    integrationType: type,
    fields: kind.mapping ? extract(sample, kind.mapping).fields : [],
    required: spec === null ? null : { fields: spec.required, whkChoice: spec.whkChoice, source: spec.source },
    seed,
    sample,
  };
}
