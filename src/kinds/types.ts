// What a webhook kind is: its schema, sample generator, variants and delivery profile, as data.
import type { z } from 'zod';
import type { MappingSpec } from '../mapping/spec.js';

/** Which HTTP statuses count as a successful delivery. */
export type SuccessRule = 'exactly-200' | '2xx' | 'below-400';

export interface RetryPolicy {
  /** Attempts in all, the first included (1 = no retry). */
  maxAttempts: number;
  /** Wait before the first retry. */
  initialDelayMs: number;
  /** 'fixed' waits initialDelayMs each time; 'exponential' doubles it after each retry. */
  backoff: 'fixed' | 'exponential';
  /**
   * Which failures are retried: every failure (the default), or only 'server-errors' (5xx, 429,
   * timeouts and connection failures; any other 4xx is final), as PagerDuty and Datadog document.
   */
  retryOn?: 'any-failure' | 'server-errors';
}

export interface DeliveryProfile {
  method: 'POST';
  /** SNS posts its JSON envelope as text/plain unless the subscription's delivery policy says otherwise. */
  contentType: 'application/json' | 'text/plain; charset=UTF-8';
  success: SuccessRule;
  retry: RetryPolicy;
  /** Per-attempt timeout. */
  timeoutMs: number;
  /** 'unless-slack-or-fivetran': gzip every body except to hooks.slack.com / webhooks.fivetran.com. */
  gzip: 'unless-slack-or-fivetran' | 'never';
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
}

export interface Kind<T = unknown> {
  id: string;
  title: string;
  /** The upstream sender and the version(s) of its documentation this kind follows. */
  follows: string;
  variants: readonly Variant[];
  defaultVariant: string;
  schema: z.ZodType<T>;
  /**
   * For kinds whose schema is a union of generations: the one schema this payload claims by its
   * keys. Validating against it alone reports issues at the payload's own paths.
   */
  schemaFor?(payload: unknown): z.ZodType;
  /** A cheap shape test used by detection: does this payload look like this kind at all? */
  looksLike(payload: unknown): boolean;
  sample(options: SampleOptions): T;
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
  /** Headers the real sender adds to each request besides Content-Type (e.g. Sentry-Hook-Resource). */
  requestHeaders?(payload: unknown): Record<string, string>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type DeliveryEssentials = Pick<DeliveryProfile, 'success' | 'retry' | 'timeoutMs' | 'provenance'>;

/** A delivery profile from what sets a sender apart; the rest takes the plain JSON POST defaults. */
export function defineDelivery(profile: DeliveryEssentials & Partial<DeliveryProfile>): DeliveryProfile {
  return {
    method: 'POST',
    contentType: 'application/json',
    gzip: 'never',
    batching: null,
    atLeastOnce: false,
    signature: null,
    auth: [],
    pauseByDefault: false,
    ...profile,
  };
}
