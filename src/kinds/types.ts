// What a webhook kind is: its schema, events, sample generator, variants and delivery profile, as data.
import type { z } from 'zod';
import type { MappingSpec } from '../mapping/spec.js';

/** Which HTTP statuses count as a successful delivery. */
export type SuccessRule = 'exactly-200' | '2xx' | 'below-400';

/** The integration types of an incident platform's inbound webhooks (the Harness AI SRE page's four). */
export type IntegrationType = 'alert' | 'incident' | 'build' | 'deployment';

export interface RetryPolicy {
  /** Attempts in all, the first included (1 = no retry). */
  maxAttempts: number;
  /** Wait before the first retry. */
  initialDelayMs: number;
  /** 'fixed' waits initialDelayMs each time; 'exponential' doubles it after each retry. */
  backoff: 'fixed' | 'exponential';
  /**
   * Which failures are retried: every failure (the default), or only 'server-errors' (5xx, 429,
   * timeouts and connection failures; any other 4xx is final), as PagerDuty and Datadog document;
   * or only '5xx' responses (timeouts, connection failures and any other status are final), as
   * Bitbucket Cloud documents.
   */
  retryOn?: 'any-failure' | 'server-errors' | '5xx';
  /** A header that numbers every attempt from 1 (Bitbucket's X-Attempt-Number: 1, then 2 and 3 on retries). */
  attemptNumberHeader?: string;
}

/** Gzip every body except to these hosts (whose receivers cannot inflate), or never. */
export type GzipRule = 'never' | { unlessHosts: readonly string[] };

export interface DeliveryProfile {
  method: 'POST';
  /** SNS posts its JSON envelope as text/plain unless the subscription's delivery policy says otherwise. */
  contentType: 'application/json' | 'text/plain; charset=UTF-8';
  success: SuccessRule;
  retry: RetryPolicy;
  /** Per-attempt timeout. */
  timeoutMs: number;
  gzip: GzipRule;
  /** Events are batched into one JSON array per request (impressions). */
  batching: { flushIntervalMs: number; maxBatchSize: number } | null;
  /** The sender may deliver the same payload more than once (same idempotency id, same bytes). */
  atLeastOnce: boolean;
  /** How the sender signs with a shared secret: the id of a scheme in src/signing (its headers, digest, prefix). */
  signature: { scheme: string } | null;
  /** Optional Authorization header schemes the sender supports. */
  auth: readonly ('basic' | 'bearer')[];
  /** Delivery protection (the pause, SPEC section 3) is on by default for this kind. */
  pauseByDefault: boolean;
  /** Which of the rules above are documented upstream and which are whk's choice. */
  provenance: { documented: readonly string[]; ours: readonly string[] };
}

export interface Variant {
  id: string;
  description: string;
}

export interface SampleOptions {
  seed: number;
  variant?: string | undefined;
  /** Number of records for kinds whose payload is a batch (impressions). */
  count?: number | undefined;
  /** For kinds with events: which event (default: the kind's default event). */
  event?: string | undefined;
}

/**
 * One event of a kind whose sender names the event (GitHub's push, pull_request...). What it leaves
 * out comes from the kind: its schema, its sample generator, its variants.
 */
export interface KindEvent {
  id: string;
  description: string;
  /** The value the sender puts in the kind's event header for this event (default: the id). */
  header?: string;
  schema?: z.ZodType;
  sample?(options: SampleOptions): unknown;
  variants?: readonly Variant[];
  defaultVariant?: string;
}

/**
 * How detection finds a kind without trying every kind: the top-level keys of the payload (of its
 * first element when `items`) of which the kind's shape test needs at least one. 'any': always tried.
 */
export type Claims = { keys: readonly string[]; items?: boolean } | 'any';

/**
 * A sample option a kind declares besides variant and seed: a value the sender filters on (Harness
 * FME's environment and alert type), which makes the sample one that passes that filter.
 */
export interface SampleFilter {
  /** The option's name as a field (camelCase). */
  name: string;
  description: string;
  /** The values it takes (matched ignoring case, '-' for '_'), each with the variants that carry it. */
  choices?: Readonly<Record<string, readonly string[]>>;
  /** The `path=value` assignments that make a payload carry this (normalised) value. */
  set(value: string): string[];
}

export interface Kind<T = unknown> {
  id: string;
  title: string;
  /** The upstream sender and the version(s) of its documentation this kind follows. */
  follows: string;
  /** The template's name on the Harness AI SRE webhook-integrations page, for kinds it lists. */
  template?: string;
  integrationType?: IntegrationType;
  variants: readonly Variant[];
  defaultVariant: string;
  schema: z.ZodType<T>;
  /**
   * For kinds whose schema is a union of generations or events: the one schema this payload claims
   * (by its keys, or by the event named). Validating against it alone reports issues at its own paths.
   */
  schemaFor?(payload: unknown, event?: string): z.ZodType;
  /**
   * Fields the payload has that its schema does not list, for kinds whose schema is not a zod object
   * (GitHub's JSON Schemas); other kinds' notes come from their zod schema.
   */
  notes?(payload: unknown, event?: string): string[];
  /** The kind's JSON Schema when its schema is one rather than zod's (`whk schema`; draft 2020-12 is added). */
  jsonSchema?(): Record<string, unknown>;
  /** A cheap shape test used by detection: does this payload look like this kind at all? */
  looksLike(payload: unknown): boolean;
  /** The keys that index this kind for detection; absent means 'any'. */
  claims?: Claims;
  /** The events the sender names (in the event header, or in the body for `eventOf`). */
  events?: readonly KindEvent[];
  defaultEvent?: string;
  /** The request header that names the event (X-GitHub-Event), matched ignoring case. */
  eventHeader?: string;
  /** The event a payload names by itself (Jira's webhookEvent), when no header says it. */
  eventOf?(payload: unknown): string | undefined;
  sample(options: SampleOptions): T;
  /** Options that shape the sample like the sender's own filters (see SampleFilter). */
  sampleFilters?: readonly SampleFilter[];
  delivery: DeliveryProfile;
  /** The sender's idempotency/deduplication id, for kinds that have one. */
  idempotencyId?(payload: unknown): string | undefined;
  /**
   * The payloads one event goes through over its life, in order, starting with the given one
   * (Metaplane: opened, then resolved with a new updatedAt and idempotencyId). Used by --lifecycle.
   */
  lifecycle?(payload: unknown): unknown[];
  /** Where upstream is uncertain, what whk assumes. Printed by `whk kinds` and the README. */
  doubts: readonly string[];
  /** The fields an incident platform extracts from this kind (title, severity, ...) as paths (`whk map`). */
  mapping?: MappingSpec;
  /** Headers the real sender adds to each request besides Content-Type (Sentry-Hook-Resource, the event header). */
  requestHeaders?(payload: unknown, event?: string): Record<string, string>;
}
