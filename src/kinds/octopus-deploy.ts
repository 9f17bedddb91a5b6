// Octopus Deploy subscription webhook (the Harness AI SRE "Octopus Deploy" template): one POST per
// audited event, wrapped as EventType "SubscriptionPayload"; what happened is Payload.Event.Category.
import type { z } from 'zod';
import { isRecord } from '../util/json.js';
import { sampleInstant } from './common.js';
import { alertMapping } from './alert-mapping.js';
import { defineKind, type GenerateContext, NO_RETRY } from './define.js';
import { lazySchema, type Built } from '../util/zod.js';

/** The field types the schemas below share, built on first use (util/zod.ts). */
const fieldTypes = lazySchema((z) => {
  // .NET DateTimeOffset with 7 fractional digits: 2019-04-26T18:37:44.1581725+00:00.
  const instant = z.iso.datetime({ offset: true });
  // Octopus 2019 serialized enums as numbers ("Type": 0), 2020 as strings ("Type": "Event").
  const enumValue = z.union([z.number().int(), z.string()]);
  // The docs' skeleton shows the batch counters as strings, real payloads as numbers.
  const count = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/, 'expected a count')]);
  const links = z.record(z.string(), z.unknown());
  // A .NET TimeSpan: "00:00:10".
  const timeSpan = z.string().regex(/^(\d+\.)?\d{2}:\d{2}:\d{2}(\.\d+)?$/, 'expected a TimeSpan such as 00:00:10');
  // The custom header's value is a PropertyValueResource since Octopus made it sensitive (OctopusClients
  // a644bc0f, 2026-01-06, "Support sensitive webhook header value"): its converter writes a plain value as
  // a string and a sensitive one as a SensitiveValue object, of which reads set only HasValue.
  const headerValue = z.union([z.string(), z.object({ HasValue: z.boolean(), NewValue: z.string().nullable().optional(), Hint: z.string().nullable().optional() }).loose()]);
  return { instant, enumValue, count, links, timeSpan, headerValue };
});

const filterSchema = lazySchema((z) =>
  z
    .object({
      Users: z.array(z.string()),
      Projects: z.array(z.string()),
      ProjectGroups: z.array(z.string()).optional(),
      Environments: z.array(z.string()),
      EventGroups: z.array(z.string()),
      EventCategories: z.array(z.string()),
      EventAgents: z.array(z.string()),
      Tenants: z.array(z.string()),
      Tags: z.array(z.string()),
      DocumentTypes: z.array(z.string()),
    })
    .loose(),
);

const subscriptionSchema = lazySchema((z) => {
  const { instant, enumValue, links, timeSpan, headerValue } = fieldTypes();
  return z
    .object({
      Id: z.string(),
      Name: z.string(),
      Type: enumValue,
      IsDisabled: z.boolean(),
      EventNotificationSubscription: z
        .object({
          Filter: filterSchema(),
          EmailTeams: z.array(z.string()),
          EmailFrequencyPeriod: z.string(),
          EmailPriority: enumValue,
          EmailDigestLastProcessed: instant.nullable(),
          EmailDigestLastProcessedEventAutoId: z.number().nullable(),
          EmailShowDatesInTimeZoneId: z.string(),
          WebhookURI: z.string(),
          WebhookTeams: z.array(z.string()),
          WebhookTimeout: timeSpan.optional(),
          WebhookHeaderKey: z.string().nullable().optional(),
          WebhookHeaderValue: headerValue.nullable().optional(),
          WebhookLastProcessed: instant.nullable(),
          WebhookLastProcessedEventAutoId: z.number().nullable(),
          // Slack subscriptions (OctopusClients 7f913748 and e1b1d637, June 2026; SlackChannelId and
          // SlackChannelName gave way to the lists in 6365b2e1, July 2026).
          SlackChannelIds: z.array(z.string()).optional(),
          SlackChannelNames: z.array(z.string()).optional(),
          SlackChannelId: z.string().nullable().optional(),
          SlackChannelName: z.string().nullable().optional(),
          SlackFrequencyPeriod: timeSpan.optional(),
          SlackDigestFormat: enumValue.optional(),
          SlackDigestLastProcessed: instant.nullable().optional(),
          SlackDigestLastProcessedEventAutoId: z.number().nullable().optional(),
        })
        .loose(),
      SpaceId: z.string().nullable(),
      Links: links,
    })
    .loose();
});

const eventSchema = lazySchema((z) => {
  const { instant, links } = fieldTypes();
  return z
    .object({
      Id: z.string(),
      RelatedDocumentIds: z.array(z.string()),
      Category: z.string().min(1),
      UserId: z.string(),
      Username: z.string(),
      IsService: z.boolean(),
      IdentityEstablishedWith: z.string(),
      UserAgent: z.string(),
      Occurred: instant,
      Message: z.string(),
      MessageHtml: z.string(),
      MessageReferences: z.array(z.object({ ReferencedDocumentId: z.string(), StartIndex: z.number().int(), Length: z.number().int() }).loose()),
      Comments: z.string().nullable(),
      Details: z.string().nullable(),
      // EventResource.IpAddress, "the IP address of the user that created the event" (OctopusClients #728, 2023).
      IpAddress: z.string().nullable().optional(),
      SpaceId: z.string().nullable(),
      Links: links,
    })
    .loose();
});

/** The payload's schema, built on first use (util/zod.ts). */
export const octopusSchema = lazySchema((z) => {
  const { instant, count } = fieldTypes();
  return z
    .object({
      Timestamp: instant,
      EventType: z.literal('SubscriptionPayload'),
      Payload: z
        .object({
          // "null unless the publicly-accessible URL has been set".
          ServerUri: z.string().nullable(),
          ServerAuditUri: z.string().nullable(),
          BatchProcessingDate: instant,
          Subscription: subscriptionSchema(),
          Event: eventSchema(),
          // Since Octopus 3.12.5.
          BatchId: z.string().optional(),
          TotalEventsInBatch: count.optional(),
          EventNumberInBatch: count.optional(),
        })
        .loose(),
    })
    .loose();
});

export type OctopusPayload = z.infer<Built<typeof octopusSchema>>;

// What joins the deployment's title to its project in Event.Message: the blog's 2019 DeploymentStarted
// has two spaces before "for" (its project reference starts at 33 after a 19-character title).
const CATEGORIES: Record<string, { category: string; verb: string }> = {
  'deployment-started': { category: 'DeploymentStarted', verb: ' started  for ' },
  'deployment-succeeded': { category: 'DeploymentSucceeded', verb: ' succeeded for ' },
  'deployment-failed': { category: 'DeploymentFailed', verb: ' failed for ' },
};
const PROJECTS = ['Accounting Database', 'Checkout Web', 'Search API', 'Orders Worker'];
const ENVIRONMENTS = ['Dev', 'Test', 'Staging', 'Prod'];

/** .NET's round-trip format: seven fractional digits and an explicit +00:00. */
function dotnetTime(ms: number, ticks: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_m, millis: string) => `.${millis}${String(ticks).padStart(4, '0')}+00:00`);
}

/** The audit screen's time in Octopus's link: whole seconds, then ".+00:00", escaped in lower case. */
function auditTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace(/:/g, '%3a')}.%2b00%3a00`;
}

/**
 * Payload.ServerAuditUri: the audit screen filtered as the subscription is, from its last run to this
 * batch (the blog's 2019, the docs' 2020 and a 2023 delivery all build it so).
 */
function auditUri(server: string, filter: { Environments: string[]; EventGroups: string[]; EventCategories: string[]; DocumentTypes: string[] }, from: number, to: number): string {
  const params: [string, string[]][] = [['environments', filter.Environments], ['triggerGroups', filter.EventGroups], ['eventCategories', filter.EventCategories], ['documentTypes', filter.DocumentTypes]];
  const query = params.flatMap(([name, values]) => values.map((value) => `${name}=${value}`));
  return `${server}/#/configuration/audit?${[...query, `from=${auditTime(from)}`, `to=${auditTime(to)}`].join('&')}`;
}

// When the subscription last ran and when this batch was made, from the event: the audit link spans the two.
const LAST_RUN_MS = -30_000;
const BATCH_MS = 6_000;

function generate({ random, variant }: GenerateContext): OctopusPayload {
  const at = sampleInstant(random);
  const time = (offsetMs: number): string => dotnetTime(at + offsetMs, random.int(0, 9999));
  const server = `https://${random.pick(['deploy.acme.example', 'octopus.globex.example', 'acme.octopus.app'])}`;
  const space = `Spaces-${random.int(1, 300)}`;
  const doc = (type: string): string => `${type}-${random.int(100, 99_999)}`;
  const subscriptionId = doc('Subscriptions');
  // One payload an id (Octopus's own are a sequence): from the seed, not drawn, which 100..99,999 were
  // and two payloads of one run met in (whk's choice of number).
  const eventId = `Events-${random.serial()}`;
  const documents = variant === 'document-created';
  const event = documents ? userCreated(random, doc) : deploymentEvent(random, doc, CATEGORIES[variant] as { category: string; verb: string });
  const total = random.int(1, 3);
  const filter = { Users: [], Projects: [], ProjectGroups: [], Environments: [], EventGroups: documents ? ['Document'] : [], EventCategories: documents ? [] : Object.values(CATEGORIES).map((c) => c.category), EventAgents: [], Tenants: [], Tags: [], DocumentTypes: documents ? ['Users', 'UserRoles', 'ScopedUserRoles'] : [] };
  return {
    Timestamp: time(8_000),
    EventType: 'SubscriptionPayload',
    Payload: {
      ServerUri: server,
      ServerAuditUri: auditUri(server, filter, at + LAST_RUN_MS, at + BATCH_MS),
      BatchProcessingDate: time(BATCH_MS),
      Subscription: {
        Id: subscriptionId,
        Name: documents ? 'User and User Role Change Alert' : 'Production Deployments',
        Type: 'Event',
        IsDisabled: false,
        EventNotificationSubscription: {
          Filter: filter,
          EmailTeams: [],
          EmailFrequencyPeriod: '01:00:00',
          EmailPriority: 'Normal',
          EmailDigestLastProcessed: null,
          EmailDigestLastProcessedEventAutoId: null,
          EmailShowDatesInTimeZoneId: 'UTC',
          WebhookURI: 'https://hooks.acme.example/octopus',
          WebhookTeams: [],
          WebhookTimeout: '00:00:10',
          WebhookHeaderKey: null,
          WebhookHeaderValue: null,
          WebhookLastProcessed: time(LAST_RUN_MS),
          WebhookLastProcessedEventAutoId: random.int(10_000, 400_000),
        },
        SpaceId: space,
        Links: { Self: {} },
      },
      Event: { Id: eventId, ...event, Occurred: time(0), Comments: null, Details: null, SpaceId: event.Category === 'Created' ? null : space, Links: { Self: {} } },
      BatchId: random.uuid(),
      TotalEventsInBatch: total,
      EventNumberInBatch: random.int(1, total),
    },
  };
}

/** What an event says about itself; the id, time and links are the frame's. */
interface EventBody {
  RelatedDocumentIds: string[];
  Category: string;
  UserId: string;
  Username: string;
  IsService: boolean;
  IdentityEstablishedWith: string;
  UserAgent: string;
  Message: string;
  MessageHtml: string;
  MessageReferences: { ReferencedDocumentId: string; StartIndex: number; Length: number }[];
}

/** A deployment event with its related documents and the message references Octopus links. */
function deploymentEvent(random: GenerateContext['random'], doc: (type: string) => string, { category, verb }: { category: string; verb: string }): EventBody {
  const [deployment, project, release, environment] = [doc('Deployments'), doc('Projects'), doc('Releases'), doc('Environments')];
  const projectName = random.pick(PROJECTS);
  const env = random.pick(ENVIRONMENTS);
  const version = `${random.int(1, 12)}.${random.int(0, 40)}.${random.int(0, 300)}`;
  const title = `Deploy to ${env} (#${random.int(1, 60)})`;
  const parts: [string, string][] = [[title, deployment], [verb, ''], [projectName, project], [' release ', ''], [version, release], [' to ', ''], [env, environment]];
  let message = '';
  let html = '';
  const references: { ReferencedDocumentId: string; StartIndex: number; Length: number }[] = [];
  for (const [text, id] of parts) {
    if (id) references.push({ ReferencedDocumentId: id, StartIndex: message.length, Length: text.length });
    html += id ? `<a href='#/${id.split('-')[0]?.toLowerCase()}/${id}'>${text}</a>` : text;
    message += text;
  }
  const system = random.chance(0.6);
  return {
    RelatedDocumentIds: [deployment, project, release, environment, doc('ServerTasks'), doc('Channels'), doc('ProjectGroups')],
    Category: category,
    UserId: system ? 'users-system' : doc('Users'),
    Username: system ? 'system' : random.pick(['priya.raman@acme.example', 'jonas.becker@acme.example']),
    IsService: false,
    IdentityEstablishedWith: system ? '' : 'Session cookie',
    UserAgent: system ? 'Server' : 'OctopusClient-js/2024.1.3',
    Message: message,
    MessageHtml: html,
    MessageReferences: references,
  };
}

function userCreated(random: GenerateContext['random'], doc: (type: string) => string): EventBody {
  const user = doc('Users');
  const name = random.pick(['CI Service Account', 'Release Bot', 'Audit Reader']);
  return {
    RelatedDocumentIds: [user],
    Category: 'Created',
    UserId: doc('Users'),
    Username: 'priya.raman@acme.example',
    IsService: false,
    IdentityEstablishedWith: 'Session cookie',
    UserAgent: 'OctopusClient-js/2024.1.3',
    Message: `User ${name} has been created `,
    MessageHtml: `User <a href='#/configuration/users/${user}'>${name}</a> has been created `,
    MessageReferences: [{ ReferencedDocumentId: user, StartIndex: 5, Length: name.length }],
  };
}

/** The audit event's id: the blog's receiver deduplicates on it. */
function eventIdOf(payload: unknown): string | undefined {
  const event = isRecord(payload) && isRecord(payload['Payload']) ? payload['Payload']['Event'] : undefined;
  return isRecord(event) && typeof event['Id'] === 'string' ? event['Id'] : undefined;
}

export const octopusDeploy = defineKind<OctopusPayload>({
  id: 'octopus-deploy',
  title: 'Octopus Deploy subscription webhook',
  bodyOrigin: 'sender-code',
  template: 'Octopus Deploy',
  integrationType: 'alert',
  follows:
    'Octopus docs "Subscriptions" (webhook notifications: the payload structure and properties) with its "webhook-slack" example (2020, enums as strings), the Octopus blog "Adding notifications for every production deployment" (OctopusDeploy/blog blog/2019-05/notifications-with-subscriptions-and-webhooks, 2019, enums as numbers), OctopusDeploy/Issues #3892, #5090, #5411, #7216, and the subscription and event models of OctopusDeploy/OctopusClients (source/Octopus.Server.Client/Model: EventNotificationSubscription.cs, EventResource.cs, PropertyValueResource.cs)',
  variants: [
    { id: 'deployment-started', description: 'DeploymentStarted: a deployment began (the blog\'s example)' },
    { id: 'deployment-succeeded', description: 'DeploymentSucceeded' },
    { id: 'deployment-failed', description: 'DeploymentFailed' },
    { id: 'document-created', description: 'Created: a document (here a user) was created (the docs\' example)' },
  ],
  schema: octopusSchema,
  claims: { keys: ['EventType'] },
  looksLike: (payload) => isRecord(payload) && payload['EventType'] === 'SubscriptionPayload' && isRecord(payload['Payload']),
  generate,
  idempotencyId: eventIdOf,
  delivery: {
    success: '2xx',
    retry: NO_RETRY,
    timeoutMs: 10_000,
    atLeastOnce: true,
    whkChoices: ['success', 'retry', 'user-agent'],
    provenance: {
      documented: [
        'one POST per event with a JSON body (Octopus docs "Subscriptions": "sent per event")',
        'the subscription\'s timeout (WebhookTimeout), 00:00:10 in both published examples and the default of OctopusClients\' EventNotificationSubscription (TimeSpan.FromSeconds(10)); configurable since Issues #3892',
        'events may be sent more than once ("we can offer no guarantees"): deduplicate on Payload.Event.Id',
        'one optional custom header per subscription (WebhookHeaderKey / WebhookHeaderValue), sent as a request header since Issues #5090 and #5411; it is the user\'s own to add',
      ],
      ours: [
        'success is any 2xx (Issues #7216 treats a 404 as a failure; no rule is published)',
        'no retry: Issues #3892 mentions retries after a timeout, but no count or delay is published',
        'Content-Type: application/json (the docs say only "a JSON payload")',
        'no gzip: neither the "Subscriptions" page nor the blog names compression or a Content-Encoding',
        // No Octopus page says the POST is unsigned; what they say leaves nothing to sign with.
        'no signature: whk\'s reading (no Octopus page names one; the blog\'s "Authorization" section authenticates the webhook only by a token in the custom header, and the subscription model, OctopusClients EventNotificationSubscription.cs, holds no secret)',
      ],
    },
  },
  doubts: [
    'Category names beyond DeploymentStarted/Succeeded/Failed and Created are published only as display names ("Deployment queued"); any non-empty Category is accepted.',
    'Octopus 2019 sent enums as numbers and 2020 as strings; both validate, samples send strings. The docs\' skeleton shows the batch counters as strings; both validate, samples send numbers.',
    'In a batch, a failed delivery stops the later events of that batch (Issues #7216, open); whk sends each event on its own.',
    'User-Agent and retry behaviour of the server are unpublished.',
    'Event.Message is published only for DeploymentStarted (the 2019 blog: two spaces before "for", which samples keep); the succeeded and failed wording, one space, is whk\'s, and whether newer servers still write the two spaces is unknown.',
    'Fields newer than the published bodies are read from OctopusClients\' models, which mirror the server\'s resources (no published body shows them): Event.IpAddress (2023), the subscription\'s Slack fields (2026), and a sensitive custom header value, serialized as a SensitiveValue object ({"HasValue": true, ...}) instead of a string (2026). All validate; samples send none of them and WebhookHeaderValue null.',
  ],
  mapping: alertMapping({
    title: 'Payload.Event.Message',
    severity: 'Payload.Event.Category',
    status: 'Payload.Event.Category',
    service: 'Payload.Subscription.Name',
    description: 'Payload.Event.Message',
    link: 'Payload.ServerAuditUri',
    timestamp: 'Payload.Event.Occurred',
  }),
});
