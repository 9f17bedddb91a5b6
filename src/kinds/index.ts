// The registry of kinds: list them, get one by id, and detect the kind of a request or a payload.
import { detectKind as detectPayload, detectRequest as detectInRequest, type Detection, type RequestHeaders } from './detect.js';
import { KIND_IDS, KIND_LOADERS, unknownKindError } from './ids.js';
import type { Kind } from './types.js';

/** Every kind, loaded through the id list's loaders, in its order (detection names candidates in it). */
export const KINDS: readonly Kind[] = await Promise.all(KIND_IDS.map((id) => KIND_LOADERS[id]()));

export function listKinds(): readonly Kind[] {
  return KINDS;
}

export function findKind(id: string): Kind | undefined {
  return KINDS.find((kind) => kind.id === id);
}

/** The kind with this id, or a usage error naming the known kinds. */
export function getKind(id: string): Kind {
  const kind = findKind(id);
  if (!kind) throw unknownKindError(id);
  return kind;
}

export type { Detection, RequestHeaders } from './detect.js';

/** Which kind is this payload (a file's line, a body without its request)? See detect.ts. */
export function detectKind(payload: unknown, kinds: readonly Kind[] = KINDS): Detection {
  return detectPayload(payload, kinds);
}

/** Which kind and event is this request: its event header first, then its body. See detect.ts. */
export function detectRequest(request: { headers: RequestHeaders; body: unknown }, kinds: readonly Kind[] = KINDS): Detection {
  return detectInRequest(request, kinds);
}
