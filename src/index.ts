// The public API: `import { kinds, sample, validate, send, stream, listen, check, replay } from 'whk'`.
// Typed, and never prints. Functions that touch the network load their modules on first call.
import { getKind, listKinds } from './kinds/index.js';
import type { Kind } from './kinds/types.js';
import { pickEvent } from './kinds/common.js';
import { checkSampleCount, generateSample } from './kinds/sample.js';
import { freshSeed } from './util/prng.js';
import { hasCycle } from './util/deep-json.js';
import { UsageError } from './errors.js';
import { validatePayload, type ValidationResult } from './validate/payload.js';
import { checkAssigned } from './validate/assigned.js';
import { withApiFieldNames } from './api/send.js';
import { checkInt } from './api/options.js';
import { frozenKind } from './api/kinds.js';
import { checkRequired, checkShape, type Shape } from './api/shape.js';

export type { Kind, KindEvent, IntegrationType, DeliveryProfile, Variant } from './kinds/types.js';
export type { ValidationResult } from './validate/payload.js';
export type { Issue } from './validate/issues.js';
export type { CaptureRecord, RequestShape } from './capture/record.js';
export { WhkError, UsageError, InputError, CheckFailedError, CancelledError } from './errors.js';
export { send, type SendOptions, type SendResult, type Attempt, type DeliveryResult, type Auth, type GzipMode } from './api/send.js';
export { stream, type StreamOptions, type StreamSummary, type StreamEvent, type StreamStatus, type StreamHandle } from './api/stream.js';
export { listen, type ListenOptions, type Listener, type ReceiverSummary } from './api/listen.js';
export { check, type CheckOptions, type ContractInput, type ContractReport, type CheckResult, type CheckDelivery, type CheckRequest, type CheckCommand } from './api/check.js';
export { replay, type ReplayOptions, type ReplayResult } from './api/replay.js';

/**
 * The kinds whk knows, with their variants, events and delivery profiles. A frozen copy of the
 * registry, each entry a frozen copy of its kind (data and all; its zod schemas copies of whk's, its
 * functions the registry's own): a caller's kinds.splice(), kinds.length = 0, kinds[0].id = 'x' or
 * kinds[0].schema.shape.x = z.any() would otherwise unknow a kind, or change its validation, for sample(), send() and detection.
 */
export const kinds: readonly Readonly<Kind>[] = Object.freeze(listKinds().map(frozenKind));

export interface SampleOptions {
  /** Same seed, same payload. Default: random. */
  seed?: number;
  variant?: string;
  event?: string;
  /** Records per batch, for batch kinds (impressions). */
  count?: number;
  /** 'path=value' overrides. */
  set?: readonly string[];
  /**
   * false: return the sample even when `set` makes it invalid for the kind (the CLI's --no-validate).
   * Default true: such a sample is refused with a CheckFailedError naming `set` and the first issue.
   * A sample without `set` is valid by construction, and is not checked.
   */
  validate?: boolean;
}

const sampleShape: Shape<SampleOptions> = { seed: 'number', variant: 'string', event: 'string', count: 'number', set: 'strings', validate: 'boolean' };

/** A schema-correct sample payload of a kind (of one of its events, for kinds with events). */
export function sample(kind: string, options?: SampleOptions): unknown {
  checkRequired('kind', kind, 'string');
  const given = checkShape('sample()', options, sampleShape);
  // The flags' rules (whk sample --seed, --count): a seed or count the CLI refuses is refused here too.
  const seed = checkInt(given.seed, 'seed') ?? freshSeed();
  const count = checkInt(given.count, 'count', 1);
  const found = getKind(kind);
  checkSampleCount(found, count);
  const payload = generateSample(found, { ...given, seed, count });
  // As `whk sample` checks it: a `set` must leave a payload of the kind.
  if ((given.set?.length ?? 0) > 0 && given.validate !== false) withApiFieldNames(() => checkAssigned(found, payload, given.event));
  return payload;
}

export interface ValidateOptions {
  kind?: string;
  event?: string;
}

const validateShape: Shape<ValidateOptions> = { kind: 'string', event: 'string' };

/** Validates a parsed payload against its kind (detected when not given), and for kinds with events against the event's schema. */
export function validate(payload: unknown, options?: ValidateOptions): ValidationResult {
  const { kind, event } = checkShape('validate()', options, validateShape);
  // As in sample() and send(): an event the kind does not have (or one for a kind that has none) is
  // the caller's mistake, refused with a did-you-mean; judged against the kind's whole schema, it passed.
  if (kind !== undefined && event !== undefined) pickEvent(getKind(kind), event);
  // A payload is parsed JSON: one that holds itself is none, and walking it never ended.
  if (hasCycle(payload)) throw new UsageError('invalid `payload`: it holds itself (a cycle), which no JSON payload can', 'validate the parsed JSON, e.g. JSON.parse(body)');
  return validatePayload(payload, { kind, event });
}
