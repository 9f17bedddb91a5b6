// The JSON Schema `whk schema bitbucket` exports: zod's conversion of the ten events' schemas, each
// event's branch tied to what tells that event in the body, as whk's validation reads it
// (bitbucket.ts: bitbucketEventOf). Untied, an approval or comment body with a broken approval or
// comment passed the created/updated branches, where those keys are just more keys.
import type { z } from 'zod';
import { zodJsonSchema } from './json-schema.js';

/** The body has `key`, an object. */
const objectAt = (key: string): Record<string, unknown> => ({ type: 'object', required: [key], properties: { [key]: { type: 'object' } } });

/**
 * What each event's branch adds: an approval object makes a pull request body an approval, else a
 * comment object a comment; a body with either is no other pull request event.
 */
const TOLD_BY: Readonly<Record<string, Record<string, unknown>>> = {
  'pullrequest:comment_created': { not: objectAt('approval') },
  ...Object.fromEntries(['pullrequest:created', 'pullrequest:updated', 'pullrequest:fulfilled', 'pullrequest:rejected'].map((id) => [id, { not: { anyOf: [objectAt('approval'), objectAt('comment')] } }])),
};

/** The union of the events' schemas (converted by zod, in the events' order), each branch tied to its event. */
export function bitbucketJsonSchema(eventIds: readonly string[], union: z.ZodType): Record<string, unknown> {
  const schema = zodJsonSchema(union);
  const branches = schema['anyOf'];
  if (!Array.isArray(branches) || branches.length !== eventIds.length) throw new Error('bitbucket: the events\' union did not convert to one anyOf branch per event');
  return { ...schema, anyOf: branches.map((branch: Record<string, unknown>, i) => ({ ...branch, ...TOLD_BY[eventIds[i] as string] })) };
}
