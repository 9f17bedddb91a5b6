// The Harness pipeline webhook notification frame `harness-build` (CI) and `harness-deployment` (CD)
// share: one `eventData` object naming its event in `eventType`, the same envelope for both modules.
// They differ in the module segment of the URLs and in moduleInfo, which only CD executions fill.
import type { z } from 'zod';
import type { Random } from '../util/prng.js';
import { isRecord } from '../util/json.js';
import { sampleInstant } from './common.js';
import { alertMapping } from './alert-mapping.js';
import { defineKind, type DeliveryDefinition, type EventDefinition, type GenerateContext, NO_RETRY } from './define.js';
import { OKHTTP_HEADERS, OKHTTP_REDIRECTS, OKHTTP_RESENDS } from './http-clients.js';
import type { IntegrationType, Kind } from './types.js';
import { lazySchema } from '../util/zod.js';

/** The values PipelineNotificationUtils.getNodeStatus gives an execution status. */
const NODE_STATUSES = ['started', 'completed', 'succeeded', 'ended', 'failed', 'paused', 'resumed', 'aborted', 'rejected', 'expired', 'action_required'] as const;

/** Each event's eventData fields, built on first use (util/zod.ts). */
const eventShapes = lazySchema((z) => {
  /** Filled only from the execution's CD module info (ModuleInfo.java); {} or absent in the published samples. */
  const moduleInfoSchema = z
    .object({ services: z.array(z.string()).optional(), environments: z.array(z.string()).optional(), envGroups: z.array(z.string()).optional(), infrastructures: z.array(z.string()).optional() })
    .loose()
    .nullable()
    .optional();

  const identifiers = {
    accountIdentifier: z.string(),
    orgIdentifier: z.string(),
    projectIdentifier: z.string(),
    pipelineIdentifier: z.string(),
    pipelineName: z.string(),
    pipelineUrl: z.string(),
    // Java Date.toString(), e.g. "Tue Aug 20 08:14:46 GMT 2024".
    startTime: z.string(),
    // Epoch seconds in the pipeline and stage samples, milliseconds in the Trigger Failed one.
    startTs: z.number().int().nonnegative(),
  };

  const execution = {
    ...identifiers,
    planExecutionId: z.string(),
    executionUrl: z.string(),
    nodeStatus: z.enum(NODE_STATUSES),
    triggeredBy: z.object({ triggerType: z.string(), name: z.string(), email: z.string() }).loose(),
    moduleInfo: moduleInfoSchema,
  };
  const ended = { endTime: z.string(), endTs: z.number().int().nonnegative() };
  const failed = { ...ended, errorMessage: z.string() };
  const stage = { stageIdentifier: z.string(), stageName: z.string(), stepName: z.string() };

  const trigger = {
    ...identifiers,
    triggerActivityUrl: z.string(),
    triggerUrl: z.string(),
    triggerName: z.string(),
    triggerIdentifier: z.string(),
    triggerType: z.string(),
    triggerSubType: z.string(),
    errorMessage: z.string(),
  };

  return {
    PipelineStart: execution,
    PipelineEnd: { ...execution, ...ended },
    PipelineSuccess: { ...execution, ...ended },
    PipelineFailed: { ...execution, ...failed },
    StageStart: { ...execution, ...stage },
    StageSuccess: { ...execution, ...stage, ...ended },
    StageFailed: { ...execution, ...stage, ...failed },
    TriggerFailed: trigger,
  } satisfies Record<HarnessEvent, z.ZodRawShape>;
});

export const HARNESS_EVENTS = {
  PipelineStart: { description: 'a pipeline execution started' },
  PipelineEnd: { description: 'a pipeline execution ended, whatever its result' },
  PipelineSuccess: { description: 'a pipeline execution succeeded' },
  PipelineFailed: { description: 'a pipeline execution failed' },
  StageStart: { description: 'a stage started (once per selected stage)' },
  StageSuccess: { description: 'a stage succeeded' },
  StageFailed: { description: 'a stage failed' },
  TriggerFailed: { description: 'a trigger could not start the pipeline (feature flag PIPE_ENABLE_TRIGGER_FAILED_NOTIFICATION)' },
} as const;
export type HarnessEvent = keyof typeof HARNESS_EVENTS;

/** The event's schema, built on first use (util/zod.ts). */
function eventSchema(event: HarnessEvent): () => z.ZodType {
  return lazySchema((z) => z.object({ eventData: z.object({ ...eventShapes()[event], eventType: z.literal(event) }).loose() }).loose());
}

/** The module segment of a Harness URL: .../ng/#/account/<id>/<module>/orgs/... ('cd', 'ci', ...). */
function moduleOf(url: unknown): string | undefined {
  return typeof url === 'string' ? /#\/account\/[^/]+\/([^/]+)\/orgs\//.exec(url)?.[1] : undefined;
}

function eventData(payload: unknown): Record<string, unknown> | undefined {
  return isRecord(payload) && isRecord(payload['eventData']) && typeof payload['eventData']['eventType'] === 'string' && 'accountIdentifier' in payload['eventData'] ? payload['eventData'] : undefined;
}

/** A Harness notification's module: CD when moduleInfo carries CD data or the URLs say cd; CI when they say ci. */
export function harnessModule(payload: unknown): 'ci' | 'cd' | undefined {
  const data = eventData(payload);
  if (!data) return undefined;
  const info = data['moduleInfo'];
  if (isRecord(info) && Object.keys(info).length > 0) return 'cd';
  // Either URL may tell: a broken pipelineUrl (5) leaves executionUrl's module, not CD by default.
  return (moduleOf(data['pipelineUrl']) ?? moduleOf(data['executionUrl'])) === 'ci' ? 'ci' : 'cd';
}

function harnessEventOf(payload: unknown): string | undefined {
  return eventData(payload)?.['eventType'] as string | undefined;
}

/** What one module's pipelines look like in samples. */
export interface PipelineFlavour {
  module: 'ci' | 'cd';
  pipelines: readonly { id: string; name: string; stages: readonly string[] }[];
  failures: readonly string[];
  /** CD only: services, environments, envGroups and infrastructures for moduleInfo, in ModuleInfo's order. */
  moduleInfo?(random: Random): Record<string, string[]>;
}

function harnessEvents(flavour: PipelineFlavour): EventDefinition[] {
  return (Object.keys(HARNESS_EVENTS) as HarnessEvent[]).map((id) => ({
    id,
    description: HARNESS_EVENTS[id].description,
    schema: eventSchema(id),
    generate: (context: GenerateContext) => generateNotification(context, id, flavour),
  }));
}

const ORGS = ['default', 'platform', 'payments'];
const PEOPLE = [
  ['Priya Raman', 'priya.raman@acme.example'],
  ['Jonas Becker', 'jonas.becker@acme.example'],
  ['Ana Sousa', 'ana.sousa@acme.example'],
] as const;

/** Java's Date.toString() in GMT: "Tue Aug 20 08:14:46 GMT 2024". */
function javaDate(ms: number): string {
  // toUTCString: "Tue, 20 Aug 2024 08:14:46 GMT".
  const [weekday, day, month, year, time] = new Date(ms).toUTCString().replace(',', '').split(' ') as string[];
  return `${weekday} ${month} ${day} ${time} GMT ${year}`;
}

/**
 * `moduleInfo` as harness-core fills it (ModuleInfo, WebhookNotificationServiceImpl): a CD execution's
 * services, environments and infrastructures, `envGroups` only at the pipeline level; {} for a pipeline
 * or a starting stage with no CD data, and no field for a stage that ended with none, as the published
 * samples (of such a pipeline) show. A CI pipeline is one with no CD data.
 */
function moduleInfoField(event: HarnessEvent, flavour: PipelineFlavour, random: Random): { moduleInfo?: Record<string, unknown> } {
  const isStage = event.startsWith('Stage');
  if (!flavour.moduleInfo) return isStage && event !== 'StageStart' ? {} : { moduleInfo: {} };
  const info: Record<string, unknown> = flavour.moduleInfo(random);
  if (isStage) delete info['envGroups'];
  return { moduleInfo: info };
}

function generateNotification({ random }: GenerateContext, event: HarnessEvent, flavour: PipelineFlavour): { eventData: Record<string, unknown> } {
  const account = random.hex(22).replace(/^./, 'k');
  const org = random.pick(ORGS);
  const project = random.pick(['storefront', 'billing', 'search']);
  const pipeline = random.pick(flavour.pipelines);
  const base = `https://app.harness.io/ng/#/account/${account}/${flavour.module}/orgs/${org}/projects/${project}/pipelines/${pipeline.id}`;
  const start = sampleInstant(random) - (sampleInstant(random) % 1000);
  const end = start + random.int(20, 1800) * 1000;
  const ids = { accountIdentifier: account, orgIdentifier: org, projectIdentifier: project, pipelineIdentifier: pipeline.id, pipelineName: pipeline.name };
  const error = random.pick(flavour.failures);
  if (event === 'TriggerFailed') {
    const triggerId = random.pick(['on_push', 'nightly', 'on_pr']);
    return {
      eventData: {
        ...ids,
        pipelineUrl: `${base}/pipeline-studio/`,
        triggerActivityUrl: `${base}/triggers/${triggerId}/activity-history/`,
        triggerUrl: `${base}/triggers/${triggerId}/detail/`,
        triggerName: triggerId.replace('_', ' '),
        triggerIdentifier: triggerId,
        triggerType: 'Webhook',
        triggerSubType: random.pick(['CUSTOM', 'GITHUB']),
        eventType: event,
        startTime: javaDate(start),
        startTs: Math.floor(start / 1000),
        errorMessage: `Failed while requesting Pipeline Execution through Trigger: ${error}`,
      },
    };
  }
  const execution = random.hex(22);
  const stageName = random.pick(pipeline.stages);
  const isStage = event.startsWith('Stage');
  const status = event.endsWith('Start') ? 'started' : event.endsWith('Failed') ? 'failed' : 'completed';
  const [who, email] = random.pick(PEOPLE);
  return {
    eventData: {
      ...ids,
      planExecutionId: execution,
      ...(isStage ? { stageIdentifier: stageName.toLowerCase().replace(/\W+/g, '_') } : {}),
      executionUrl: `${base}/executions/${execution}/pipeline`,
      pipelineUrl: `${base}/pipeline-studio`,
      ...(isStage ? { stepName: stageName, stageName } : {}),
      eventType: event,
      nodeStatus: status,
      triggeredBy: random.chance(0.5) ? { triggerType: 'MANUAL', name: who, email } : { triggerType: 'WEBHOOK', name: 'on_push', email: '' },
      ...moduleInfoField(event, flavour, random),
      startTime: javaDate(start),
      startTs: Math.floor(start / 1000),
      ...(status === 'started' ? {} : { endTime: javaDate(end) }),
      ...(status === 'failed' ? { errorMessage: error } : {}),
      ...(status === 'started' ? {} : { endTs: Math.floor(end / 1000) }),
    },
  };
}

/**
 * What Harness's webhook sender does (harness-core notification senders/WebhookSenderImpl.java): one
 * POST, success on 2xx, no retry of its own, through `new OkHttpClient()` (its no-argument
 * constructor), so OkHttp's defaults: redirects followed and its own re-sends after a 408 or a 503 with
 * Retry-After: 0. The body is RequestBody.create("application/json; charset=utf-8", message), and
 * OkHttp's BridgeInterceptor writes the body's media type over the header map's Content-Type. It
 * decides on response.isSuccessful() alone and reads the answer's body only to log a failure, so a
 * body cut short or stalled does not change the verdict: the status does, a 2xx at once (it returns
 * and closes the answer unread). The 10 s is OkHttp's default connect, read and write timeout each
 * (OkHttpClient.Builder), with no limit on the whole call; whk's timeout bounds the whole attempt.
 */
export const HARNESS_SENDER = {
  success: '2xx',
  retry: NO_RETRY,
  timeoutMs: 10_000,
  contentType: 'application/json; charset=utf-8',
  followRedirects: true,
  redirects: OKHTTP_REDIRECTS,
  resends: OKHTTP_RESENDS,
  shortBody: 'status',
  stalledBody: '2xx-at-headers',
  clientHeaders: OKHTTP_HEADERS,
  whkChoices: ['user-agent'],
} as const satisfies Omit<DeliveryDefinition, 'provenance'>;

/**
 * Why a failed Harness webhook notification is not sent again, from the public copy of harness-core
 * of December 2023 (platform-service notification-service). Its retry flag reads inverted: it is set
 * true only for a notification that went out; but nothing reads it.
 */
export const HARNESS_NO_RETRY =
  'no retry: WebhookSenderImpl sends once; the notification service stores a failed notification with shouldRetry false (NotificationServiceImpl sets it to the negation of "failed, or the no-retries response", so only one that went out gets true), and nothing acts on the flag: the registration of NotificationRetryHandler\'s iterator is commented out (NotificationServiceSetup.registerIterators), MongoMessageConsumer.onMessage drops processNewMessage\'s result, and a request seen again is found by its id and not sent again (public copy of harness-core, December 2023)';

/** The OkHttp defaults behind HARNESS_SENDER, in words (both provenance lists cite them). */
export const HARNESS_OKHTTP_NOTES = [
  'Content-Type: application/json; charset=utf-8, the media type of the body WebhookSenderImpl builds, which OkHttp writes over the application/json it puts in the header map (BridgeInterceptor)',
  'Accept-Encoding: gzip, which OkHttp\'s BridgeInterceptor adds to a request that names none (WebhookSenderImpl sets none)',
  'no gzip: WebhookSenderImpl\'s body is RequestBody.create(APPLICATION_JSON, message), the message\'s bytes as they are, and OkHttp compresses no request body (the gzip its BridgeInterceptor names is the Accept-Encoding of the answer)',
  'redirects followed and a 408, or a 503 with Retry-After: 0, sent again once by OkHttp itself, as `new OkHttpClient()` does by default (WebhookSenderImpl\'s no-argument constructor; OkHttp 4 rules: 4.9.2 in the public copy of harness-core of December 2023, the version Harness runs today not known)',
  'a body cut short or stalled: the status decides, since WebhookSenderImpl returns on isSuccessful() without reading a 2xx body and reads a failed answer\'s body only to log it, its error caught as a failure; a 2xx is decided at its headers, closing the response unread (OkHttp then discards the rest for at most 100 ms and drops the connection: Http1ExchangeCodec close(), DISCARD_STREAM_TIMEOUT_MILLIS)',
  'the 10 s timeout: WebhookSenderImpl is injected by Guice through its no-argument constructor (neither constructor is marked @Inject and no module binds the class: WebhookServiceImpl, WebhookSenderDelegateTask), whose `new OkHttpClient()` keeps OkHttp\'s defaults: 10 s to connect, 10 s for each read and 10 s for each write, and no limit on the whole call (OkHttpClient.kt Builder: connectTimeout, readTimeout, writeTimeout 10_000, callTimeout 0; the public copy of harness-core read, of December 2023, pins okhttp 4.9.2 in its WORKSPACE)',
] as const;

/** What whk does with OkHttp's per-read timeout, in words (both provenance lists cite it). */
export const HARNESS_TIMEOUT_OURS = [
  'the 10 s bounds the whole attempt (connect, send, the answer\'s headers, and the body of an answer that is not a 2xx), where OkHttp bounds each step and each read apart: a receiver that trickles its answer keeps Harness waiting past 10 s and is cut at 10 s by whk; a failed answer whose body stalls ends at whk\'s 10 s with its status, where Harness\'s log read waits 10 s after the last byte',
] as const;

/** The doubt that follows from it, for each Harness kind. */
export const HARNESS_TIMEOUT_DOUBT = "OkHttp's 10 s timeouts bound the connect, each read and each write, with no limit on the whole call; whk ends the attempt 10 s after it started, so a receiver that answers slowly but steadily can fail under whk and pass under Harness.";

const HARNESS_DELIVERY: DeliveryDefinition = {
  ...HARNESS_SENDER,
  provenance: {
    documented: [
      'one POST with the event as a JSON object (Harness docs "Add a pipeline notification strategy", Webhook Notifications)',
      'Accept: */* unless the user set it; success is a 2xx, OkHttp\'s isSuccessful (harness-core WebhookSenderImpl, public mirrors)',
      HARNESS_NO_RETRY,
      ...HARNESS_OKHTTP_NOTES,
      'custom headers (fixed values or expressions) are the user\'s own, set per notification rule (same docs page)',
      'no signature (none documented, none in WebhookSenderImpl)',
    ],
    ours: [
      ...HARNESS_TIMEOUT_OURS,
      'User-Agent: whk; OkHttp, given none, sends okhttp/<its version> (BridgeInterceptor): okhttp/4.9.2 by the public copy of harness-core of December 2023, but the version Harness runs today is not known',
    ],
  },
};

/** Doubts both Harness kinds share. */
const HARNESS_DOUBTS = [
  HARNESS_TIMEOUT_DOUBT,
  'Harness publishes no page for the AI SRE "Harness Build" and "Harness Deployment" templates; both are assumed to receive Harness\'s own pipeline webhook notification.',
  'PipelinePaused and PipelineResumed exist in Harness\'s code, with no published body; StepFailed had one on an earlier version of the docs page (a failed stage\'s fields plus stepIdentifier, no stageName), later dropped from it. None of the three is modelled.',
  'The published Trigger Failed sample gives startTs in milliseconds while the others use seconds; both are accepted, samples send seconds.',
  'Every published sample was started by hand (triggeredBy triggerType MANUAL with a name and email); the samples\' WEBHOOK triggeredBy (the trigger\'s identifier as name, an empty email) is whk\'s guess.',
  'With custom notification templates a user can replace the body entirely; only the default body is covered.',
];

/** The fields an incident platform extracts from a pipeline notification. */
const HARNESS_MAPPING = alertMapping({
  title: 'eventData.pipelineName',
  severity: 'eventData.eventType',
  // Only TriggerFailed has no nodeStatus, and it is a failure.
  status: { path: 'eventData.nodeStatus', default: 'failed' },
  service: 'eventData.projectIdentifier',
  description: 'eventData.errorMessage',
  link: 'eventData.executionUrl',
  timestamp: { path: 'eventData.startTs', type: 'number' },
});

/** What sets the CI or the CD kind apart; events, detection, headers, delivery and mapping are the frame's. */
export interface PipelineKindSpec {
  id: string;
  title: string;
  template: string;
  integrationType: IntegrationType;
  follows: string;
  flavour: PipelineFlavour;
  doubts: readonly string[];
}

export function definePipelineKind(spec: PipelineKindSpec): Kind {
  const { flavour, doubts, ...rest } = spec;
  return defineKind({
    ...rest,
    // Harness builds the body in code unless the user sets a custom notification template.
    bodyOrigin: 'sender-code-or-template',
    events: harnessEvents(flavour),
    eventOf: harnessEventOf,
    claims: { keys: ['eventData'] },
    looksLike: (payload) => harnessModule(payload) === flavour.module,
    requestHeaders: () => ({ Accept: '*/*' }),
    delivery: HARNESS_DELIVERY,
    doubts: [...doubts, ...HARNESS_DOUBTS],
    mapping: HARNESS_MAPPING,
  }) as Kind;
}
