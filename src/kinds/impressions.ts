// Harness FME (formerly Split) impressions webhook: a bare JSON array of impressions, batched and
// gzipped by the sender.
import type { z } from 'zod';
import type { Random } from '../util/prng.js';
import { sampleInstant } from './common.js';
import { FME_DELIVERY, FME_DOCUMENTED_RETRY, FME_GZIP, FME_GZIP_HOSTS_READING, FME_RETRY_WITHOUT_ANSWER } from './harness-fme.js';
import { isRecord } from '../util/json.js';
import { defineKind, type GenerateContext } from './define.js';
import { lazySchema, type Built } from '../util/zod.js';

// Anything below this is epoch seconds, not milliseconds (1e11 ms is March 1973).
const MIN_EPOCH_MS = 1e11;

const NEGATIVE = 'expected epoch milliseconds, got a negative time';
const SECONDS = 'expected epoch milliseconds (this looks like seconds)';

/** One impression's schema, built on first use (util/zod.ts). */
export const impressionSchema = lazySchema((z) => {
  // A negative time is before 1970, not seconds: said apart.
  const epochMs = z
    .number()
    .int()
    .refine((value) => value >= 0, { message: NEGATIVE })
    .refine((value) => value < 0 || value >= MIN_EPOCH_MS, { message: SECONDS });

  return z
    .object({
      key: z.string(),
      split: z.string(),
      environmentId: z.string(),
      environmentName: z.string(),
      treatment: z.string(),
      time: epochMs,
      // "Optional" in the newer doc; whether it comes absent, null or equal to key is unknown.
      bucketingKey: z.string().nullish(),
      label: z.string(),
      machineName: z.string().nullish(),
      machineIp: z.string().nullish(),
      // The flag's change number; an evaluation with no known definition (label "not ready") has none,
      // which SDKs leave out; whether the webhook then says null, 0 or nothing is unknown: all accepted.
      splitVersionNumber: z
        .number()
        .int()
        .refine((value) => value >= 0, { message: NEGATIVE })
        .refine((value) => value <= 0 || value >= MIN_EPOCH_MS, { message: SECONDS })
        .nullish(),
      sdk: z.string(),
      sdkVersion: z.string(),
      // The SDKs carry impression properties as stringified JSON, never as an object.
      properties: z.string({ error: 'must be a string (stringified JSON) or null, not an object' }).nullish(),
    })
    .loose();
});

/** The batch: a bare array of impressions. */
export const impressionsSchema = lazySchema((z) => z.array(impressionSchema()));

export type Impression = z.infer<Built<typeof impressionSchema>>;
export type Impressions = z.infer<Built<typeof impressionsSchema>>;

export const DEFAULT_IMPRESSION_COUNT = 5;

const FLAGS: readonly { name: string; treatments: readonly string[] }[] = [
  { name: 'new_checkout_flow', treatments: ['on', 'off'] },
  { name: 'onboarding_v2', treatments: ['on', 'off'] },
  { name: 'search_ranking_ml', treatments: ['control', 'bm25', 'ltr_v3'] },
  { name: 'pricing_page_redesign', treatments: ['v1', 'v2'] },
  { name: 'survey_incentive', treatments: ['on', 'off'] },
  { name: 'new_cover_photo', treatments: ['on', 'off'] },
];
// Labels as the SDKs write them in normal operation: rule outcomes plus condition labels copied from
// flag definitions. A ready SDK drops the impression of a flag it does not know instead of sending
// "definition not found" (javascript-commons utils/inputValidation/splitExistance.ts, since renamed definitionExistence.ts; sdkClient/client.ts).
const RULE_LABELS = ['default rule', 'default rule', 'in segment all', 'in segment beta_users', 'whitelisted'];
const OUTCOME_LABELS = ['killed', 'not in split'];
// The backend splits the SDK's "<sdk>-<version>" header at the dash. `withProperties`: releases
// that can attach impression properties, which came in JS 11.2.0, Java 4.15.0, Ruby 8.7.0, Python
// 10.4.0 and .NET 7.12.0 (each SDK's CHANGES.txt); the Go SDK has none, so never carries them.
const SDKS: readonly { sdk: string; versions: readonly string[]; withProperties: readonly string[]; server: boolean }[] = [
  { sdk: 'java', versions: ['4.13.1', '4.12.0', '4.11.1'], withProperties: ['4.16.0', '4.15.0'], server: true },
  { sdk: 'nodejs', versions: ['11.0.3', '10.28.0', '10.18.0'], withProperties: ['11.8.0', '11.2.0'], server: true },
  { sdk: '.NET_CORE', versions: ['7.6.0', '7.9.0'], withProperties: ['7.12.0', '7.13.0'], server: true },
  { sdk: 'python', versions: ['10.2.0', '9.7.0'], withProperties: ['10.4.0', '10.5.0'], server: true },
  { sdk: 'go', versions: ['6.6.0', '6.4.0'], withProperties: [], server: true },
  { sdk: 'ruby', versions: ['8.4.0', '8.3.1'], withProperties: ['8.7.0', '8.9.0'], server: true },
  { sdk: 'javascript', versions: ['11.0.1', '10.26.0'], withProperties: ['11.8.0', '11.2.0'], server: false },
];
const PROPERTIES_SDKS = SDKS.filter((choice) => choice.withProperties.length > 0);
const ENVIRONMENTS = ['Prod-Default', 'Production', 'Staging', 'prod-eu'];
const HOSTS = ['ip-10-0-3-17', 'checkout-api-6f7d9c', 'DESKTOP-68UF13O', 'web-2.prod.internal'];
const PLANS = ['free', 'pro', 'enterprise'];

interface SdkInstance {
  sdk: string;
  sdkVersion: string;
  machineName: string | null;
  machineIp: string | null;
}

function sdkInstance(random: Random, properties: boolean): SdkInstance {
  const choice = random.pick(properties ? PROPERTIES_SDKS : SDKS);
  // Browser SDKs have no machine to report.
  const server = choice.server;
  return {
    sdk: choice.sdk,
    sdkVersion: random.pick(properties ? choice.withProperties : choice.versions),
    machineName: server ? random.pick(HOSTS) : null,
    machineIp: server ? `10.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}` : null,
  };
}

function generate({ random, variant, count = DEFAULT_IMPRESSION_COUNT }: GenerateContext): Impressions {
  const start = sampleInstant(random);
  const environment = { id: random.uuid(), name: random.pick(ENVIRONMENTS) };
  // One batch usually mixes a couple of SDK instances reporting to the same environment.
  const properties = variant === 'with-properties';
  const instances = [sdkInstance(random, properties), sdkInstance(random, properties)];
  const flagVersions = new Map(FLAGS.map((flag) => [flag.name, start - random.int(3_600_000, 30 * 24 * 3_600_000)]));
  const impressions: Impressions = [];
  let time = start;
  for (let i = 0; i < count; i++) {
    time += random.int(5, 2000);
    const flag = random.pick(FLAGS);
    const instance = random.pick(instances);
    const outcome = random.chance(0.15) ? random.pick(OUTCOME_LABELS) : undefined;
    const label = outcome ?? random.pick(RULE_LABELS);
    // Killed and not-in-split serve the default treatment.
    const treatment = outcome ? (flag.treatments[flag.treatments.length - 1] as string) : random.pick(flag.treatments);
    const key = random.chance(0.5) ? `user_${random.int(1, 9999)}` : random.uuid();
    const impression: Impression = {
      key,
      split: flag.name,
      environmentId: environment.id,
      environmentName: environment.name,
      treatment,
      time,
      label,
      splitVersionNumber: flagVersions.get(flag.name) as number,
      sdk: instance.sdk,
      sdkVersion: instance.sdkVersion,
    };
    if (variant !== 'minimal') {
      impression.bucketingKey = random.chance(0.2) ? `account_${random.int(1, 500)}` : null;
      impression.machineName = instance.machineName;
      impression.machineIp = instance.machineIp;
      impression.properties = properties ? JSON.stringify({ plan: random.pick(PLANS), sessionLength: random.int(1, 3600) }) : null;
    }
    // Keep key order as the doc lists the fields, so samples read like real batches.
    impressions.push(ordered(impression));
  }
  return impressions;
}

const FIELD_ORDER = ['key', 'split', 'environmentId', 'environmentName', 'treatment', 'time', 'bucketingKey', 'label', 'machineName', 'machineIp', 'splitVersionNumber', 'sdk', 'sdkVersion', 'properties'];

function ordered(impression: Impression): Impression {
  const out: Record<string, unknown> = {};
  for (const field of FIELD_ORDER) if (field in impression) out[field] = (impression as Record<string, unknown>)[field];
  return out as Impression;
}

// The ten fields every impression carries (the rest may be absent).
const ALWAYS_PRESENT = ['key', 'split', 'environmentId', 'environmentName', 'treatment', 'time', 'label', 'splitVersionNumber', 'sdk', 'sdkVersion'];

/** A record with split or treatment and at least three of the ten always-present fields (whk's choice). */
function looksLikeImpression(item: unknown): boolean {
  if (!isRecord(item) || !('split' in item || 'treatment' in item)) return false;
  let present = 0;
  for (const field of ALWAYS_PRESENT) if (field in item && ++present === 3) return true;
  return false;
}

export const impressions = defineKind<Impressions>({
  id: 'impressions',
  title: 'Harness FME impressions',
  bodyOrigin: 'sender-code',
  follows: 'Harness FME "Webhook for impressions" doc, newest version (with delivery protection); field types from Split-authored receivers and the JS SDK',
  variants: [
    { id: 'default', description: 'a batch as server SDKs send it: bucketingKey mostly null, machineName/machineIp set (null for browser SDKs), properties null' },
    { id: 'with-properties', description: 'every impression carries impression properties as a stringified JSON object, from SDK releases that send them' },
    { id: 'minimal', description: 'only the ten always-present fields; bucketingKey, machineName, machineIp and properties absent' },
  ],
  schema: impressionsSchema,
  claims: { keys: ['split', 'treatment'], items: true },
  // Any record of the batch, not the first alone: a batch whose first record lost its split is an
  // invalid impressions batch, not five unknown payloads.
  looksLike: (payload) => Array.isArray(payload) && payload.some(looksLikeImpression),
  generate,
  delivery: {
    ...FME_DELIVERY,
    gzip: FME_GZIP,
    batching: { flushIntervalMs: 10_000, maxBatchSize: 5000 },
    pauseByDefault: true,
    whkChoices: [...FME_DELIVERY.whkChoices, 'batch-size', 'gzip-hosts', 'queue-while-paused'],
    provenance: {
      documented: [
        'POST, Content-Type: application/json',
        'batches of the impressions seen about every 10 s',
        'each body gzipped unless the URL is a Slack or Fivetran webhook',
        FME_DOCUMENTED_RETRY,
        'sustained errors (non-2xx, timeouts, connection failures) pause delivery; sporadic ones do not',
      ],
      ours: [
        'Content-Encoding: gzip on gzipped bodies (receivers by Split sniff the 1f 8b magic bytes instead)',
        FME_GZIP_HOSTS_READING,
        'at most 5000 impressions per batch (upstream documents no batch size)',
        FME_RETRY_WITHOUT_ANSWER,
        '10 s timeout per attempt',
        'User-Agent: whk (the doc names none)',
        'the pause thresholds (10 attempts, 50% errors in 60 s, 30 s cooldown doubling to 10 m)',
        'while paused, batches wait in a queue and go out after the resume, with those that failed just before the pause; the doc speaks only of "a gap in impression delivery" (a stream can drop them instead, as that gap)',
      ],
    },
  },
  doubts: [
    'The doc calls properties "reserved for future use"; the SDKs send it as stringified JSON, so a string or null is accepted and an object is not.',
    'Whether bucketingKey, machineName and machineIp come absent, null or filled when unknown is undocumented; all three are accepted.',
    'Whether the sender sets Content-Encoding: gzip is undocumented; whk sets it when gzipping and receivers should sniff the magic bytes.',
    'The success rule says 200 only while the pause rule speaks of non-2xx errors; whk retries on anything but 200.',
    'An evaluation before the SDK is ready ("not ready", treatment control) has no change number; whether the webhook gives splitVersionNumber null, 0 or leaves it out is undocumented, and all three are accepted.',
    'sdk values are the SDK prefix of "<sdk>-<version>" (java, nodejs, .NET_CORE, ...); only .NET_CORE is seen in a published record.',
  ],
});
