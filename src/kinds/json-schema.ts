// A kind's JSON Schema (draft 2020-12): zod 4's own converter, or the kind's own JSON Schema when
// its schema is one (GitHub's maintained schemas).
import { z } from 'zod';
import type { Kind } from './types.js';

const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

export function jsonSchemaOf(kind: Kind): Record<string, unknown> {
  const schema = kind.jsonSchema ? { $schema: DRAFT_2020_12, ...kind.jsonSchema() } : (z.toJSONSchema(kind.schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>);
  return { ...schema, $id: `https://whk.dev/schemas/${kind.id}.json`, title: kind.title, description: `Follows: ${kind.follows}` };
}
