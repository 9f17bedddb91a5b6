// One entry point for samples: a kind's generator (for its event, when it has events) plus --set overrides.
import { UsageError } from '../errors.js';
import { applyParsedAssignments, formatPath, parseAssignment, type Assignment } from '../util/json-path.js';
import { assignedNumberTexts } from '../util/assigned-numbers.js';
import { stringifyWithTexts } from '../util/number-texts.js';
import { pickEvent } from './common.js';
import type { Kind } from './types.js';
import { groupDigits } from '../util/units.js';

export interface SampleRequest {
  seed: number;
  variant?: string | undefined;
  count?: number | undefined;
  set?: readonly string[] | undefined;
  /** For kinds with events: which event (default: the kind's default event). */
  event?: string | undefined;
  /** The sender's release line, when another variant is sent (SampleOptions). */
  line?: string | undefined;
}

/**
 * The most records one batch may hold (whk's bound, far past any sender's batch): a batch is one
 * body built in memory, and 100 million impressions took 2.5 GB and never finished.
 */
export const MAX_RECORDS_PER_BATCH = 100_000;

/**
 * What each command refused a batch past the bound can do instead: send sends more batches of it;
 * sample prints one batch, so a smaller `count` is all it has.
 */
const OVER_BATCH_HINTS = {
  send: 'a batch is one body built in memory; send more batches with `rate` and `total`',
  sample: `a sample is one batch built in memory; give a \`count\` of at most ${groupDigits(MAX_RECORDS_PER_BATCH)}`,
} as const;

/** Refuses a batch over MAX_RECORDS_PER_BATCH, with the hint of the command asking; for other kinds `count` is a number of payloads, sent one by one. */
export function checkBatchCount(kind: Kind, count: number | undefined, command: keyof typeof OVER_BATCH_HINTS): void {
  if (count !== undefined && count > MAX_RECORDS_PER_BATCH && kind.delivery.batching !== null) {
    throw new UsageError(`\`count\`: at most ${groupDigits(MAX_RECORDS_PER_BATCH)} records in one ${kind.id} batch, got ${groupDigits(count)}`, OVER_BATCH_HINTS[command]);
  }
}

/**
 * A printed sample is one payload: `count` sizes a batch, so for a kind that sends one payload per
 * request it would change nothing (send's `count` is a number of payloads; sample has no such use).
 */
export function checkSampleCount(kind: Kind, count: number | undefined): void {
  if (count !== undefined && kind.delivery.batching === null) {
    throw new UsageError(`\`count\` sizes a batch, and ${kind.id} sends one payload per request`, 'a sample is one payload; another `seed` gives another');
  }
}

export function generateSample(kind: Kind, request: SampleRequest): unknown {
  // Send checks its count first, in its own words (delivery/plan.ts); what reaches here unchecked is a sample.
  checkBatchCount(kind, request.count, 'sample');
  // A kind without events takes none: naming one is a usage error, not something silently dropped.
  if (request.event !== undefined) pickEvent(kind, request.event);
  const payload = kind.sample({ seed: request.seed, variant: request.variant, count: request.count, event: request.event, line: request.line });
  return request.set && request.set.length > 0 ? applyKindAssignments(kind, payload, request.set) : payload;
}

/**
 * `set` as a kind takes it. A batch kind's payload is a batch of records (impressions): a path that
 * begins with a name sets that field in every record (`treatment=off`), as a stream sets it in each
 * event; one that begins with an index is the batch's own (`[0].key` the first record's, `[3]={…}`
 * adds one). Other kinds take each path from the payload's root. In order, each on the batch the
 * ones before it left.
 */
export function applyKindAssignments<T>(kind: Kind, payload: T, set: readonly string[]): T {
  let result: unknown = payload;
  for (const assignment of set.map(parseAssignment)) result = applyParsedAssignments(result, eachRecord(kind, result, assignment));
  return result as T;
}

/** The assignment as it applies to `payload`: once per record, at the record's index, when it names a field of a batch's records. */
function eachRecord(kind: Kind, payload: unknown, assignment: Assignment): Assignment[] {
  if (kind.delivery.batching === null || !Array.isArray(payload) || typeof assignment.path[0] !== 'string') return [assignment];
  return payload.map((_, index) => ({ path: [index, ...assignment.path], value: assignment.value }));
}

/**
 * The digits of the integers past 2^53 a payload `set` changed is to carry, by path (as
 * assignedNumberTexts, from `base`, the user's JSON's): a batch's per-record assignments at each
 * record's index.
 */
export function kindAssignedTexts(kind: Kind, payload: unknown, set: readonly string[], base?: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  if (kind.delivery.batching === null || !Array.isArray(payload)) return assignedNumberTexts(set, base);
  const records = payload.length;
  return assignedNumberTexts(
    set.flatMap((raw) => {
      const { path } = parseAssignment(raw);
      if (typeof path[0] !== 'string') return [raw];
      // The path from a record, at each record's index ('key' becomes '$[i].key'), as formatPath writes it.
      const value = raw.slice(raw.indexOf('='));
      return Array.from({ length: records }, (_, index) => `${formatPath([index, ...path])}${value}`);
    }),
    base,
  );
}

/**
 * A stream of a batch kind sets each event as it is generated, before batches form: a path that
 * begins with an index names no record there, and is refused saying how to set a field of every one.
 */
export function checkStreamAssignments(kind: Kind, set: readonly string[]): void {
  if (kind.delivery.batching === null) return;
  for (const raw of set) {
    const { path } = parseAssignment(raw);
    if (typeof path[0] !== 'number') continue;
    const rest = path.length > 1 && typeof path[1] === 'string' ? formatPath(path.slice(1)).replace(/^\$\.?/, '') : undefined;
    throw new UsageError(`\`set\` '${raw}': a stream sets each ${kind.id} record as it is generated, before batches form, so a batch index names none`, rest === undefined ? 'give the path of a field in a record, which sets it in every one' : `give the path from a record, ${rest}=…, which sets it in every one`);
  }
}

const NO_TEXTS: ReadonlyMap<string, string> = new Map();

/**
 * The bytes a generated payload goes out as: the sender's own rendering of it for the variant (a
 * template's output, Go's JSON escapes), else its JSON. `texts`: the digits of the integers past 2^53
 * a `set` gave, by path (util/assigned-numbers.ts), written as given; a sender's rendering writes
 * the parsed double, so one given to a rendered payload is refused rather than changed unsaid.
 */
export function wireBytes(kind: Kind, payload: unknown, variant: string, texts: ReadonlyMap<string, string> = NO_TEXTS): Buffer {
  const rendered = kind.render?.(payload, variant);
  // No texts (no such number given, as in nearly every send): JSON.stringify alone, with no walk for them.
  if (rendered === undefined) return Buffer.from(texts.size === 0 ? JSON.stringify(payload) : stringifyWithTexts(payload, texts).text);
  const [path, digits] = texts.entries().next().value ?? [];
  if (digits !== undefined) {
    throw new UsageError(`\`set\` ${path}: ${digits} is past 2^53, and ${kind.id}'s ${variant} payload is written as its sender writes it, which carries only the nearest double (${Number(digits)})`, `give it as a JSON string (${path?.replace(/^\$\.?/, '')}='"${digits}"'), or send the payload as \`data\``);
  }
  return Buffer.from(rendered);
}
