// Pieces shared by the kind modules: reproducible instants for samples, variant and event choice,
// the bound on the notes of unlisted fields.
import { UsageError } from '../errors.js';
import { randomFrom, type Random } from '../util/prng.js';
import { suggestionHint } from '../util/suggest.js';
import type { KindEvent, Variant } from './types.js';

const SAMPLE_EPOCH_START = Date.UTC(2026, 0, 5);
const SAMPLE_EPOCH_SPAN_MS = 300 * 24 * 3600 * 1000;

/**
 * whk's bound: the most fields a payload's notes name as unlisted by its schema. Both walks (a kind's
 * zod schema, validate/unknown-fields.ts; a JSON Schema, json-schema-fields.ts) find one more, so
 * the notes can say there are more than they name.
 */
export const UNLISTED_NAMED = 20;
export const UNLISTED_FOUND = UNLISTED_NAMED + 1;

/** An instant in 2026 chosen by the seed, so samples never depend on the clock. */
export function sampleInstant(random: Random): number {
  return SAMPLE_EPOCH_START + Math.floor(random.next() * SAMPLE_EPOCH_SPAN_MS);
}

type VariantScope = {
  id: string;
  variants: readonly { id: string }[];
  defaultVariant: string;
  events?: readonly KindEvent[] | undefined;
  /** The event named, when it has no variants of its own (github's push): the kind's are its. */
  event?: string | undefined;
};

export function pickVariant(kind: VariantScope, variant: string | undefined): string {
  const chosen = variant ?? kind.defaultVariant;
  if (kind.variants.some((v) => v.id === chosen)) return chosen;
  const known = kind.variants.map((v) => v.id);
  // A variant of another event (github's closed, a pull_request action) is named with its event.
  const owners = (kind.events ?? []).filter((e) => e.variants?.some((v) => v.id === chosen)).map((e) => e.id);
  const owned = `'${chosen}' is a variant of \`event\` ${owners.join(', ')}`;
  if (kind.event === undefined) {
    const hint = owners.length === 0 ? undefined : `${owned}: give it with ${owners.length === 1 ? 'that event' : 'one of those'}`;
    throw new UnknownVariantError(kind.id, chosen, known, hint);
  }
  // The event named has none of its own: said, with where the variant belongs.
  const named = `${kind.id} ${kind.event}`;
  const list = known.length <= 1 ? `${named} has no variants` : `variants of ${named}: ${known.join(', ')}`;
  throw new UnknownVariantError(named, chosen, known, owners.length === 0 ? suggestionHint(chosen, known, list) : `${list}; ${owned}`);
}

/**
 * The variants --variant chooses among: the event's own when it has some (pull_request: opened,
 * closed…), else the kind's. `named`: the event was named (not the default), so a refusal names it.
 */
export function variantScope(
  kind: { id: string; variants: readonly Variant[]; defaultVariant: string; events?: readonly KindEvent[] | undefined },
  event: KindEvent | undefined,
  named = false,
): VariantScope {
  const first = event?.variants?.[0];
  if (!event?.variants || !first) return named && event ? { ...scopeOf(kind), event: event.id } : kind;
  return { id: `${kind.id} ${event.id}`, variants: event.variants, defaultVariant: event.defaultVariant ?? first.id, events: kind.events };
}

function scopeOf(kind: VariantScope): VariantScope {
  return { id: kind.id, variants: kind.variants, defaultVariant: kind.defaultVariant, events: kind.events };
}

/**
 * The event a name stands for: its id, or the value its sender puts in the event header (GitLab's
 * 'Push Hook' for push), matched as the header is sent, case and all. An id wins over a header value.
 */
export function eventNamed<E extends KindEvent>(events: readonly E[] | undefined, name: string | undefined): E | undefined {
  if (name === undefined || !events) return undefined;
  return events.find((e) => e.id === name) ?? eventSentAs(events, name);
}

/** The event whose sender writes this value in its event header (its header value, else its id). */
export function eventSentAs<E extends KindEvent>(events: readonly E[] | undefined, value: string): E | undefined {
  return events?.find((e) => (e.header ?? e.id) === value);
}

/** The event of a kind with events (its default when none is named); a usage error for an unknown one. */
export function pickEvent(kind: { id: string; events?: readonly KindEvent[] | undefined; defaultEvent?: string | undefined }, event: string | undefined): KindEvent {
  const events = kind.events ?? [];
  const chosen = event ?? kind.defaultEvent ?? events[0]?.id;
  const found = eventNamed(events, chosen);
  if (!found) {
    throw events.length === 0
      ? new UsageError(`${kind.id} has no events`, 'only kinds whose sender names its events take one (see whk kinds)', 'event')
      : new UsageError(`unknown event '${chosen}' for ${kind.id}`, suggestionHint(chosen ?? '', eventNames(events), `events of ${kind.id}: ${events.map(eventLabel).join(', ')}`), 'event');
  }
  return found;
}

/** Every name an event may be chosen by: the ids, then the header values that differ from them. */
function eventNames(events: readonly KindEvent[]): string[] {
  return [...events.map((e) => e.id), ...events.flatMap((e) => (e.header !== undefined && e.header !== e.id ? [e.header] : []))];
}

/** An event as people read it: its id, with the header value the sender sends when that differs (push ("Push Hook")). */
export function eventLabel(event: { id: string; header?: string | undefined }): string {
  return event.header !== undefined && event.header !== event.id ? `${event.id} ("${event.header}")` : event.id;
}

export class UnknownVariantError extends UsageError {
  constructor(kind: string, variant: string, known: readonly string[], hint?: string) {
    super(`unknown variant '${variant}' for ${kind}`, hint ?? suggestionHint(variant, known, `variants of ${kind}: ${known.join(', ')}`), 'variant');
  }
}

/** Rounds to a sensible number of decimals so samples read like real data. */
export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/**
 * A v4-shaped UUID drawn from the given parts (a payload, a salt): the ids senders put in headers
 * (GitLab's X-Gitlab-Event-UUID, Bitbucket's X-Request-UUID), the same for the same seeded payload.
 */
export function derivedUuid(...parts: unknown[]): string {
  return randomFrom(JSON.stringify(parts)).uuid();
}

const openSchemas = new WeakSet<object>();

/**
 * Marks an object schema whose fields beyond the named ones are still the sender's documented fields
 * (a REST entity sent "in the same shape the REST API returns"), so validation does not note them as
 * unknown; the named fields are still checked and walked.
 */
export function openFields<T extends object>(schema: T): T {
  openSchemas.add(schema);
  return schema;
}

/** Whether openFields marked this schema. */
export function hasOpenFields(schema: object): boolean {
  return openSchemas.has(schema);
}
