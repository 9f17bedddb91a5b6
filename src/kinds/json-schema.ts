// A kind's JSON Schema (draft 2020-12), produced by zod 4's own converter.
import { z } from 'zod';
import type { Kind } from './types.js';

export function jsonSchemaOf(kind: Kind): Record<string, unknown> {
  const schema = z.toJSONSchema(kind.schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  return { ...schema, $id: `https://whk.dev/schemas/${kind.id}.json`, title: kind.title, description: `Follows: ${kind.follows}` };
}
