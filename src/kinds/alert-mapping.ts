// The default mapping of an alert kind: the seven fields an incident platform extracts (title and
// status required unless they have a default), each given by its path in the kind's payload.
import type { FieldType, TemplateSpec } from '../mapping/spec.js';

const SLOTS = ['title', 'severity', 'status', 'service', 'description', 'link', 'timestamp'] as const;
type Slot = (typeof SLOTS)[number];
type SlotSpec = string | { path: string; orElse?: readonly string[]; type?: FieldType; default?: unknown };

const REQUIRED = new Set<Slot>(['title', 'status']);

export function alertMapping(paths: Record<Slot, SlotSpec>): TemplateSpec {
  return {
    fields: SLOTS.map((name) => {
      const spec = paths[name];
      const { path, orElse, type = 'string', default: fallback } = typeof spec === 'string' ? { path: spec } : spec;
      return { name, path, ...(orElse === undefined ? {} : { orElse }), type, ...(fallback === undefined ? (REQUIRED.has(name) ? { required: true } : {}) : { default: fallback }) };
    }),
  };
}
