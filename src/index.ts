// The public API: `import { kinds, sample, validate, send, listen, check, replay } from 'whk'`.
// Typed, and never prints. Functions that touch the network load their modules on first call.
import { getKind, listKinds } from './kinds/index.js';
import { generateSample } from './kinds/sample.js';
import { freshSeed } from './util/prng.js';
import { validatePayload, type ValidationResult } from './validate/payload.js';

export type { Kind, KindEvent, IntegrationType, DeliveryProfile, Variant } from './kinds/types.js';
export type { ValidationResult } from './validate/payload.js';
export type { Issue } from './validate/issues.js';
export type { CaptureRecord } from './capture/record.js';
export { WhkError, UsageError, InputError, CheckFailedError, CancelledError } from './errors.js';
export { send, type SendOptions, type SendResult, type Attempt, type DeliveryResult, type Auth, type GzipMode } from './api/send.js';
export { listen, type ListenOptions, type Listener, type ReceiverSummary } from './api/listen.js';
export { check, type CheckOptions, type ContractInput, type ContractReport, type CheckResult, type CheckDelivery, type CheckRequest, type CheckCommand } from './api/check.js';
export { replay, type ReplayOptions, type ReplayResult } from './api/replay.js';

/** The kinds whk knows, with their variants, events and delivery profiles. */
export const kinds = listKinds();

/** A schema-correct sample payload of a kind (of one of its events, for kinds with events). */
export function sample(kind: string, options: { seed?: number; variant?: string; event?: string; count?: number; set?: readonly string[] } = {}): unknown {
  return generateSample(getKind(kind), { ...options, seed: options.seed ?? freshSeed() });
}

/** Validates a parsed payload against its kind (detected when not given), and for kinds with events against the event's schema. */
export function validate(payload: unknown, options: { kind?: string; event?: string } = {}): ValidationResult {
  return validatePayload(payload, options);
}
