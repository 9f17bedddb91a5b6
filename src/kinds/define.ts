// defineKind: a kind file declares what sets its sender apart; the frame every kind shares (variant
// and event choice, the seeded random, the plain JSON POST profile, the event header) is filled here.
import type { z } from 'zod';
import { isRecord } from '../util/json.js';
import { zod } from '../util/zod.js';
import { createRandom, type Random } from '../util/prng.js';
import { eventNamed, pickEvent, pickVariant, variantScope } from './common.js';
import type { Claims, DeliveryProfile, Kind, KindEvent, RetryPolicy, Variant } from './types.js';

/** Sent where the sender's own User-Agent is unknown; kinds that copy their sender's set their own. */
export const WHK_USER_AGENT = 'whk';

export type DeliveryDefinition = Pick<DeliveryProfile, 'success' | 'retry' | 'timeoutMs' | 'provenance'> & Partial<DeliveryProfile>;

/** The retry policy of a sender that makes one attempt and never retries by itself. */
export const NO_RETRY: RetryPolicy = { maxAttempts: 1, initialDelayMs: 0, backoff: 'fixed' };

/**
 * The delivery of a sender that publishes no success rule, retries, timeout, User-Agent or
 * Content-Type: any 2xx, one attempt, 10 s, whk's User-Agent and JSON, each whk's choice. `documented`
 * is what the sender's pages do say; `profile` adds what else sets it apart (a signature); `ours`, what
 * else an audit found the pages silent on.
 */
export function unpublishedDelivery(documented: readonly string[], profile: Partial<DeliveryDefinition> = {}, ours: readonly string[] = []): DeliveryDefinition {
  return {
    success: '2xx',
    retry: NO_RETRY,
    timeoutMs: 10_000,
    whkChoices: ['success', 'retry', 'timeout', 'user-agent'],
    ...profile,
    provenance: { documented, ours: ['success is any 2xx; no retry; the 10 s timeout; User-Agent (not published)', 'Content-Type: application/json', ...ours] },
  };
}

/** A delivery profile from what sets a sender apart; the rest takes the plain JSON POST defaults. */
export function defineDelivery(profile: DeliveryDefinition): DeliveryProfile {
  // A sender that publishes nothing on redirects is modelled as not following them: whk's choice, said so.
  const redirects = profile.followRedirects === undefined && !(profile.whkChoices ?? []).includes('redirects') ? ['redirects' as const] : [];
  // A plain body that whk's own provenance lines give ('no gzip: …', where no source names compression)
  // is marked as the numbers are: `whk kinds` printed a bare 'no gzip' for it.
  const gzip = (profile.gzip ?? 'never') === 'never' && profile.provenance.ours.some((line) => line.startsWith('no gzip')) ? ['gzip' as const] : [];
  const choices = [...(profile.whkChoices ?? []), ...redirects, ...gzip];
  return {
    method: 'POST',
    contentType: 'application/json',
    gzip: 'never',
    batching: null,
    atLeastOnce: false,
    signature: null,
    auth: [],
    pauseByDefault: false,
    autoDisable: null,
    userAgent: WHK_USER_AGENT,
    followRedirects: false,
    connectionClose: false,
    ...profile,
    whkChoices: choices,
  };
}

/** What a generator is given: the seed's random source, the checked variant, the event, the count. */
export interface GenerateContext {
  seed: number;
  random: Random;
  variant: string;
  event?: string | undefined;
  count?: number | undefined;
  /**
   * The own variant of the sender's release asked for (`senderVersion`), when another variant is
   * sent: what of the payload differs by release (HertzBeat's labels and tags) follows this line.
   */
  line?: string | undefined;
}

/**
 * A schema as a kind file gives it: built, or a function that builds it (a lazySchema, so zod loads
 * only when something validates: util/zod.ts).
 */
export type SchemaDefinition<S extends z.ZodType = z.ZodType> = S | (() => S);

/** An event as a kind file declares it: it may bring its own generator. */
export interface EventDefinition extends Omit<KindEvent, 'schema'> {
  schema?: SchemaDefinition;
  generate?(context: GenerateContext): unknown;
}

export interface KindDefinition<T> extends Omit<Kind<T>, 'variants' | 'defaultVariant' | 'schema' | 'schemaFor' | 'sample' | 'delivery' | 'doubts' | 'claims' | 'events'> {
  /** Default: one variant, 'default'. */
  variants?: readonly Variant[];
  /** Default: the first variant (the first event for `defaultEvent`). */
  defaultVariant?: string;
  /** Default, for kinds with events: the union of the events' schemas. */
  schema?: SchemaDefinition<z.ZodType<T>>;
  /** For kinds with events, payloads no event schema covers; undefined leaves them to the kind's schema. */
  schemaFor?(payload: unknown, event?: string): z.ZodType | undefined;
  claims: Claims;
  events?: readonly EventDefinition[];
  /** The kind's generator; an event's own generator takes its place for that event. */
  generate?(context: GenerateContext): T;
  delivery: DeliveryDefinition;
  doubts?: readonly string[];
  /**
   * The idempotency id names the event itself (Dynatrace's PID:State), so the events of one seed
   * are one subject's (a problem opened, then resolved) under ids that already differ: no event salt.
   */
  idempotencyIdNamesEvent?: boolean;
}

/** A kind's events from a table of id to description, in the table's order. */
export function eventsFrom(table: Readonly<Record<string, string>>): EventDefinition[] {
  return Object.entries(table).map(([id, description]) => ({ id, description }));
}

/**
 * An `eventOf` for a sender that names the event in a top-level body field: the field's value when
 * it is one of the table's own keys (so 'toString' or 'constructor' is never taken for an event).
 */
export function eventInField(field: string, table: Readonly<Record<string, unknown>>): (payload: unknown) => string | undefined {
  return (payload) => {
    const value = isRecord(payload) ? payload[field] : undefined;
    return typeof value === 'string' && Object.hasOwn(table, value) ? value : undefined;
  };
}

const ONE_VARIANT: readonly Variant[] = [{ id: 'default', description: 'the payload as the sender sends it' }];

export function defineKind<T>(definition: KindDefinition<T>): Kind<T> {
  const { generate, delivery, schemaFor, idempotencyIdNamesEvent, ...rest } = definition;
  const events = definition.events?.map(withSchemaOnRead);
  const variants = definition.variants ?? ONE_VARIANT;
  const kind = {
    ...rest,
    variants,
    defaultVariant: definition.defaultVariant ?? (variants[0] as Variant).id,
    claims: definition.claims,
    delivery: defineDelivery(delivery),
    doubts: definition.doubts ?? [],
    sample: (options) => {
      const event = events ? (pickEvent({ id: kind.id, events, defaultEvent: kind.defaultEvent }, options.event) as DefinedEvent) : undefined;
      const scope = variantScope(kind, event, options.event !== undefined);
      const variant = pickVariant(scope, options.variant);
      const generator = event?.generate ?? generate;
      if (!generator) throw new Error(`kind ${kind.id} has no sample generator${event ? ` for ${event.id}` : ''}`);
      const random = createRandom(options.seed, sampleSalt({ idempotencyId: definition.idempotencyId, idempotencyIdNamesEvent }, { variant, defaultVariant: scope.defaultVariant, event: event?.id, defaultEvent: kind.defaultEvent }));
      return generator({ seed: options.seed, random, variant, event: event?.id, count: options.count, line: options.line }) as T;
    },
  } as Kind<T>;
  if (!definition.schema && !definition.events?.some((event) => event.schema)) throw new Error(`kind ${definition.id} needs a schema (its own, or one per event)`);
  builtOnRead(kind, 'schema', definition.schema ? () => built(definition.schema as SchemaDefinition<z.ZodType<T>>) : () => eventsSchema(kind.events ?? []) as z.ZodType<T>);
  if (schemaFor) kind.schemaFor = (payload, event) => schemaFor(payload, event) ?? kind.schema;
  if (events) {
    kind.events = events;
    kind.defaultEvent = definition.defaultEvent ?? (events[0] as KindEvent).id;
    // An event named by its header value ('Push Hook') reaches the kind's own schemaFor as its id.
    kind.schemaFor = (payload, event) => eventSchema(kind, payload, event) ?? schemaFor?.(payload, eventNamed(events, event)?.id ?? event) ?? kind.schema;
  }
  if (definition.eventHeader) kind.requestHeaders = withEventHeader(definition.eventHeader, kind, definition.requestHeaders);
  return kind;
}

/**
 * What salts a sample's draws (prng.ts: createRandom). A sender whose event id promises one payload
 * draws another id for each variant and each event, so two variants or two events sent with one seed
 * are two events (grafana-incident's created and updated.status were one id in other bytes, which
 * whk's own receiver flagged); the default event of the default variant keeps the seed's own draws.
 * Other kinds' variants and events of one seed stay one subject told in other ways (a HertzBeat alarm
 * as each release line renders it).
 */
function sampleSalt(
  definition: Pick<KindDefinition<unknown>, 'idempotencyId' | 'idempotencyIdNamesEvent'>,
  chosen: { variant: string; defaultVariant: string; event: string | undefined; defaultEvent: string | undefined },
): string | undefined {
  if (definition.idempotencyId === undefined) return undefined;
  const parts = chosen.variant !== chosen.defaultVariant ? [chosen.variant] : [];
  if (chosen.event !== undefined && chosen.event !== chosen.defaultEvent && definition.idempotencyIdNamesEvent !== true) parts.push(`event ${chosen.event}`);
  // A lone variant salts as its name alone, as before events did: those variants' draws stay.
  return parts.length === 0 ? undefined : parts.join(' ');
}

function eventsSchema(events: readonly KindEvent[]): z.ZodType {
  const schemas = events.flatMap((event) => (event.schema ? [event.schema] : []));
  return schemas.length === 1 ? (schemas[0] as z.ZodType) : zod().union(schemas as [z.ZodType, z.ZodType, ...z.ZodType[]]);
}

const built = <S extends z.ZodType>(schema: SchemaDefinition<S>): S => (typeof schema === 'function' ? schema() : schema);

/**
 * `key` becomes a property built the first time it is read, and kept: a kind's schema is asked for
 * only by what validates, so sending and sampling never build it (nor load zod).
 */
function builtOnRead<O extends object>(target: O, key: string, build: () => unknown): void {
  let value: { of: unknown } | undefined;
  Object.defineProperty(target, key, { enumerable: true, configurable: true, get: () => (value ??= { of: build() }).of });
}

/** An event as the kind holds it: KindEvent, with the generator it was declared with. */
type DefinedEvent = KindEvent & Pick<EventDefinition, 'generate'>;

/** The event with its schema, if a function builds it, built when first read. */
function withSchemaOnRead(event: EventDefinition): DefinedEvent {
  const { schema } = event;
  if (typeof schema !== 'function') return event as DefinedEvent;
  const copy = { ...event };
  builtOnRead(copy, 'schema', schema);
  return copy as DefinedEvent;
}

/** The schema of the event named, or of the one the payload names by itself. */
function eventSchema(kind: Kind, payload: unknown, event: string | undefined): z.ZodType | undefined {
  return eventNamed(kind.events, event ?? kind.eventOf?.(payload))?.schema;
}

/** The sender's event header goes with every request, besides the kind's own headers. */
function withEventHeader(header: string, kind: Kind, own: Kind['requestHeaders']): NonNullable<Kind['requestHeaders']> {
  return (payload, event) => {
    const named = eventNamed(kind.events, event ?? kind.eventOf?.(payload) ?? kind.defaultEvent);
    return { ...(named ? { [header]: named.header ?? named.id } : {}), ...own?.(payload, named?.id) };
  };
}
