// Loads one kind's module by its id, so a command about one named kind (sample, schema) does not
// load every kind's schema; detection, which needs them all, uses the registry in index.ts.
import { KIND_IDS, KIND_LOADERS, unknownKindError, type KindId } from './ids.js';
import type { Kind } from './types.js';

const isKindId = (id: string): id is KindId => (KIND_IDS as readonly string[]).includes(id);

/** The kind with this id, loading only its module; a usage error naming the known kinds otherwise. */
export async function loadKind(id: string): Promise<Kind> {
  if (!isKindId(id)) throw unknownKindError(id);
  return KIND_LOADERS[id]();
}
