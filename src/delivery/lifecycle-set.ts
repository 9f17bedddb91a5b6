// `set` with `lifecycle`: what is set goes in every stage of the lifecycle, or the send is refused.
import { isDeepStrictEqual } from 'node:util';
import { UsageError } from '../errors.js';
import type { Kind } from '../kinds/types.js';
import { formatPath, getPath, parseAssignment } from '../util/json-path.js';

/**
 * A field a lifecycle sets anew in a later stage (Metaplane's status, updatedAt, idempotencyId, a
 * monitor's resolvedAt) cannot be set for the whole lifecycle: the value set went in the first stage
 * only (or, for status, made every stage the same). Refused, judged on the first payload without and
 * with the assignments (`payloadWith`); every other field set is carried to each stage.
 */
export function checkLifecycleSet(kind: Kind, set: readonly string[], payloadWith: (set: readonly string[]) => unknown): void {
  if (!kind.lifecycle || set.length === 0) return;
  const lifecycles = [kind.lifecycle(payloadWith([])), kind.lifecycle(payloadWith(set))];
  for (const raw of set) {
    const { path } = parseAssignment(raw);
    for (const stages of lifecycles) {
      const first = getPath(stages[0], path);
      const anew = stages.findIndex((stage) => !isDeepStrictEqual(getPath(stage, path), first));
      if (anew <= 0) continue;
      const stage = kind.lifecycleStages?.[anew] ?? `stage ${anew + 1}`;
      throw new UsageError(`\`set\` ${formatPath(path)} with \`lifecycle\`: the lifecycle sets it anew in its ${stage} stage, so the value set would not reach every stage`, 'drop `lifecycle` to send the payload as set, or leave that field to the lifecycle');
    }
  }
}
