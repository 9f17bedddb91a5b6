// What the senders' own sources settle, each case naming its source: fields their code sends validate
// without a "not in the schema" note, samples fill placeholders as documented, the wire is the client's.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareRequest } from '../../src/delivery/request.js';
import { OKHTTP_REDIRECTS, OKHTTP_RESENDS } from '../../src/kinds/http-clients.js';
import { getKind } from '../../src/kinds/index.js';
import { wireBytes } from '../../src/kinds/sample.js';
import { runMain } from '../helpers/main.js';
import { extract, extractedValues } from '../../src/mapping/extract.js';
import { validatePayload } from '../../src/validate/payload.js';

const fixture = (path: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8')) as Record<string, unknown>;

/** A plain body that is whk's choice: no gzip sent, said in whk's own provenance lines and in none of the documented ones. */
function expectPlainBodyOurs(id: string): void {
  const { delivery } = getKind(id);
  expect(delivery.gzip, id).toBe('never');
  expect(delivery.provenance.ours.some((rule) => rule.startsWith('no gzip')), id).toBe(true);
  expect(delivery.provenance.documented.some((rule) => /gzip/.test(rule)), id).toBe(false);
}

/** A plain body the sender's own source settles: gzip never, 'no gzip' documented citing `source`, none of it whk's. */
function expectPlainBodyDocumented(id: string, source: string): void {
  const { delivery } = getKind(id);
  expect(delivery.gzip, id).toBe('never');
  expect(delivery.provenance.documented.some((rule) => rule.startsWith('no gzip') && rule.includes(source)), id).toBe(true);
  expect(delivery.provenance.ours.some((rule) => /gzip/.test(rule)), id).toBe(false);
}

describe('grafana-incident', () => {
  it('takes the Incident of grafana/incident-go\'s current client (incidentMembership, refs, incidentChannels) without notes', () => {
    // client.gen.go at d3474be: type Incident, IncidentRef, IncidentMembership, Assignment, IncidentChannel.
    const payload = fixture('grafana-incident/grafana.incident.updated.role.json');
    const incident = payload['incident'] as Record<string, unknown>;
    const user = incident['createdByUser'];
    delete incident['roles'];
    incident['incidentType'] = 'internal';
    incident['refs'] = [{ key: 'com.atlassian.jira', ref: 'OPS-19', url: 'https://acme.atlassian.net/browse/OPS-19' }];
    incident['incidentMembership'] = { assignments: [{ user, role: { roleID: 3, orgID: '1', name: 'observer', description: 'Watching the incident', important: false, mandatory: false, archived: false, createdAt: '2023-03-09T11:09:44Z', updatedAt: '2023-03-09T11:09:44Z' }, roleID: 3 }], totalAssignments: 1, totalParticipants: 0 };
    incident['incidentChannels'] = [{ provider: 'slack', channelID: 'C05ABCDEF', teamID: 'T01ABCDEF' }];
    expect(validatePayload(payload)).toMatchObject({ valid: true, kind: 'grafana-incident', notes: [] });
  });
});

describe('grafana-incident (grafana/incident-go webhook.go)', () => {
  // ParseWebhook and VerifySignature read the request body with io.ReadAll and json.Unmarshal it, the
  // signature hashing those bytes: Grafana's own handler takes a plain JSON body, no decompression.
  it('no gzip is from the sender\'s code: incident-go reads the body as plain JSON', () => {
    expectPlainBodyDocumented('grafana-incident', 'webhook.go');
  });
});

describe('grafana-incident samples', () => {
  it('carry the test payload\'s taskList: its three system tasks, to do and counted, made just before the incident', () => {
    // grafana/incident-go webhook_test.go testPayload: incident.taskList {tasks, todoCount 3, doneCount 0}; client.gen.go's Incident has TaskList.
    const published = (fixture('grafana-incident/grafana.incident.updated.role.json')['incident'] as { taskList: { tasks: Record<string, unknown>[] } }).taskList;
    const shape = (list: { tasks: Record<string, unknown>[] }) => ({ ...list, tasks: list.tasks.map(({ taskID, immutable, text, status, authorUser, assignedUser }) => ({ taskID, immutable, text, status, authorUser, assignedUser })) });
    const incident = getKind('grafana-incident');
    for (const event of incident.events?.map((e) => e.id) ?? []) {
      for (const seed of [1, 2, 3]) {
        const sample = incident.sample({ seed, event }) as { incident: { createdTime: string; taskList: { tasks: { createdTime: string; modifiedTime: string }[] } } };
        const { taskList } = sample.incident;
        expect(shape(taskList as never), `${event} seed ${seed}`).toEqual(shape(published));
        const times = taskList.tasks.flatMap((task) => [task.createdTime, task.modifiedTime]);
        expect(times.every((time) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/.test(time))).toBe(true);
        expect([...times].sort()).toEqual(times);
        expect(times.every((time) => time < sample.incident.createdTime)).toBe(true);
      }
    }
  });
});

describe('dynatrace', () => {
  it('fills ImpactedEntity with the problem and its entity, as Dynatrace\'s placeholder list and a real delivery have it', () => {
    // builtin:problem.notifications (dynatrace-oss/terraform-provider-dynatrace web_hook.go): "{ImpactedEntity}: A short
    // description of the problem and impacted entity"; the Perform 2022 lab's real delivery (azide0x37/perform-2022-hot-aiops
    // keptn_event.sh): "Memory resources exhausted on Process com.dynatrace.easytravel.business.backend.jar easytravel-*-x*".
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      for (const event of ['OPEN', 'RESOLVED']) {
        const sample = getKind('dynatrace').sample({ seed, event }) as { ImpactedEntity: string; ImpactedEntities: { name: string }[]; ProblemTitle: string };
        expect(sample.ImpactedEntity).toMatch(new RegExp(`^${sample.ProblemTitle} on [A-Z][a-z]+ `));
        expect(sample.ImpactedEntity.endsWith(` ${sample.ImpactedEntities[0]?.name}`)).toBe(true);
      }
    }
  });

  it('maps the service from the impacted entity\'s name, not from the sentence', () => {
    const kind = getKind('dynatrace');
    const sample = kind.sample({ seed: 3, event: 'OPEN' }) as { ImpactedEntities: { name: string }[] };
    expect(extractedValues(extract(sample, kind.mapping!))['service']).toBe(sample.ImpactedEntities[0]?.name);
  });
});

describe('dynatrace ProblemDetailsJSON', () => {
  it('is the Problems API v1 problem: displayName with its P-, CLOSED once resolved', () => {
    // azide0x37/perform-2022-hot-aiops exercises/scripts/keptn_event.sh, "Sample data from a real problem":
    // State RESOLVED with ProblemDetails {"displayName":"P-22011", "status":"CLOSED", ...}.
    for (const event of ['OPEN', 'RESOLVED']) {
      const { ProblemDetailsJSON: details } = getKind('dynatrace').sample({ seed: 5, event }) as { ProblemDetailsJSON: { displayName: string; status: string } };
      expect(details.displayName).toMatch(/^P-\d+$/);
      // The same delivery's ProblemID is that display number too: "ProblemID":"P-22011".
      expect((getKind('dynatrace').sample({ seed: 5, event }) as { ProblemID: string }).ProblemID).toBe(details.displayName);
      expect(details.status).toBe(event === 'OPEN' ? 'OPEN' : 'CLOSED');
    }
  });
});

describe('Harness notifications (harness-core WebhookSenderImpl over `new OkHttpClient()`)', () => {
  it.each(['harness-build', 'harness-deployment', 'harness-slo'])('%s goes as OkHttp sends it: the body\'s charset, Accept, redirects and re-sends', (id) => {
    const kind = getKind(id);
    const payload = kind.sample({ seed: 1 });
    // RequestBody.create("application/json; charset=utf-8", …): OkHttp's BridgeInterceptor writes it over the header map's.
    const request = prepareRequest(kind.delivery, 'http://127.0.0.1/', Buffer.from(JSON.stringify(payload)));
    expect(request.headers['Content-Type']).toBe('application/json; charset=utf-8');
    // addBasicHeadersIfNotProvided puts Accept: */* in every notification.
    expect(kind.requestHeaders?.(payload)).toEqual({ Accept: '*/*' });
    expect(kind.delivery).toMatchObject({ followRedirects: true, redirects: OKHTTP_REDIRECTS, resends: OKHTTP_RESENDS });
  });

  it.each(['harness-build', 'harness-deployment', 'harness-slo'])("%s: the 10 s is OkHttp's default per connect, read and write (the sender's), its use as one deadline for the whole attempt whk's", (id) => {
    // OkHttpClient.kt Builder (okhttp 4.9.2): connectTimeout, readTimeout, writeTimeout 10_000, callTimeout 0.
    const { delivery, doubts } = getKind(id);
    expect(delivery.timeoutMs).toBe(10_000);
    expect(delivery.whkChoices).not.toContain('timeout');
    expect(delivery.provenance.documented.some((rule) => rule.startsWith('the 10 s timeout: ') && rule.includes('callTimeout 0'))).toBe(true);
    expect(delivery.provenance.ours.some((rule) => rule.startsWith('the 10 s bounds the whole attempt'))).toBe(true);
    expect(doubts.some((doubt) => doubt.includes('each read'))).toBe(true);
  });

  it.each(['harness-build', 'harness-deployment', 'harness-slo'])('%s is sent once, from the source: a failed notification is stored with shouldRetry false and no retry iterator is registered', (id) => {
    // NotificationServiceImpl: setShouldRetry(!(isNotificationRequestFailed(…) || …trivialResponseWithNoRetries));
    // NotificationServiceSetup.registerIterators: the NotificationRetryHandler line is commented out.
    const { delivery } = getKind(id);
    expect(delivery.retry.maxAttempts).toBe(1);
    expect(delivery.whkChoices).not.toContain('retry');
    expect(delivery.provenance.documented.some((rule) => rule.startsWith('no retry: ') && rule.includes('NotificationServiceSetup.registerIterators'))).toBe(true);
    expect(delivery.provenance.ours.some((rule) => /retr/.test(rule))).toBe(false);
  });
});

describe('Harness notifications: the body as WebhookSenderImpl builds it', () => {
  // sendJSONMessage: RequestBody.create(APPLICATION_JSON, message), posted as it is; OkHttp compresses
  // no request body, its gzip is only the answer's Accept-Encoding.
  it.each(['harness-build', 'harness-deployment', 'harness-slo'])('%s: no gzip is from the sender\'s code', (id) => {
    expectPlainBodyDocumented(id, 'RequestBody.create');
  });
});

describe('Harness FME (the "Webhook for Metric Alerts" and "Webhook for Impressions" docs)', () => {
  // Both docs: after a non-200 response the sender waits 300 ms and retries once; neither says what
  // follows no response at all (a timeout, a refused connection), which whk retries the same way.
  it.each(['metric-alert', 'impressions'])("%s: the documented retry follows a non-200 answer; its retry after no answer is whk's", (id) => {
    const { delivery } = getKind(id);
    expect(delivery.retry).toMatchObject({ maxAttempts: 2, initialDelayMs: 300 });
    expect(delivery.provenance.documented).toContain('success is status 200 exactly; after a non-200 answer wait 300 ms and retry once');
    expect(delivery.provenance.documented.some((rule) => /\bon failure/.test(rule))).toBe(false);
    expect(delivery.provenance.ours.some((rule) => rule.startsWith('a timeout or a failed connection is retried'))).toBe(true);
  });

  it("metric-alert: no gzip is whk's, the metric-alert doc naming none (gzip is the impressions doc's)", () => {
    expectPlainBodyOurs('metric-alert');
  });
});

describe('metaplane-incident (docs.metaplane.dev "Webhooks", every stored snapshot)', () => {
  // The page names no Content-Encoding and says nothing of compression: a plain body is whk's.
  it("no gzip is whk's, the doc naming none", () => {
    expectPlainBodyOurs('metaplane-incident');
  });
});

describe('bigpanda (docs "Webhook Incident Object" and "Resolved")', () => {
  // active is false once the incident has no active alert or was resolved by hand; "Resolved" lists a
  // user's resolve and a collaboration tool's beside all alerts ok. status is the most severe status of
  // the incident's alerts, so only all alerts ok make it ok.
  const incident = (status: string, alerts: string[]): Record<string, unknown> => ({
    id: '0f16dd9b67a943838ad79981', status, active: false, severity: 'critical', flapping: false,
    alerts: alerts.map((alertStatus, i) => ({ id: `a${i}`, status: alertStatus, host: `web-${i}`, check: 'CPU load above 90%' })),
  });

  it('takes an incident resolved by hand while an alert is still critical (not active, status critical)', () => {
    expect(validatePayload(incident('critical', ['critical', 'ok']), { kind: 'bigpanda' })).toMatchObject({ valid: true, issues: [] });
  });

  it("no gzip is whk's: the Notifications Webhook pages name no compression", () => {
    expectPlainBodyOurs('bigpanda');
  });

  it("rejects a status other than ok when every alert is ok: the status is the most severe of the alerts'", () => {
    const result = validatePayload(incident('critical', ['ok', 'ok']), { kind: 'bigpanda' });
    expect(result.valid).toBe(false);
    expect(result.issues.map((issue) => issue.path)).toEqual(['$.status']);
  });
});

describe('dynatrace, new-relic and opsgenie (their webhook pages)', () => {
  // Dynatrace "Webhook integration", New Relic "Workflow variables" and its webhook destination pages,
  // Opsgenie "Webhook Integration": each names the JSON body and none a compression or Content-Encoding.
  it.each(['dynatrace', 'new-relic', 'opsgenie'])("%s: no gzip is whk's, the pages naming none", (id) => {
    expectPlainBodyOurs(id);
  });
});

describe('lacework (FortiCNAPP "Custom webhook alert channel")', () => {
  // The page (and Lacework's docs.lacework.net page before it) shows the POST and its JSON body and
  // names no compression or Content-Encoding: a plain body is whk's.
  it("no gzip is whk's, the page naming none", () => {
    expectPlainBodyOurs('lacework');
  });

  // No Lacework or FortiCNAPP page says the POST is unsigned; the channel's settings hold only its URL
  // (Terraform's lacework_alert_channel_webhook: name, webhook_url, enabled; go-sdk WebhookDataV2:
  // webhookUrl), so there is no secret to sign with: an unsigned POST is whk's reading, not the docs'.
  it("no signature is whk's reading, no page saying so", () => {
    const { delivery } = getKind('lacework');
    expect(delivery.signature ?? null).toBeNull();
    expect(delivery.provenance.documented.some((rule) => /signature/.test(rule))).toBe(false);
    expect(delivery.provenance.ours.some((rule) => rule.startsWith("no signature: whk's reading"))).toBe(true);
  });
});

describe('octopus-deploy (Octopus docs "Subscriptions", the 2019 blog, OctopusClients)', () => {
  // The "Subscriptions" page names no signature either way. The Octopus blog (OctopusDeploy/blog
  // blog/2019-05/notifications-with-subscriptions-and-webhooks, "Authorization") secures its endpoint only
  // with a token in the subscription's custom header, and EventNotificationSubscription.cs holds no
  // secret: an unsigned POST is whk's reading of them, not a documented fact.
  it("no signature is whk's reading, no page saying so", () => {
    const { delivery } = getKind('octopus-deploy');
    expect(delivery.signature ?? null).toBeNull();
    expect(delivery.provenance.documented.some((rule) => /signature/.test(rule))).toBe(false);
    expect(delivery.provenance.ours.some((rule) => rule.startsWith("no signature: whk's reading"))).toBe(true);
  });

  // Neither the "Subscriptions" page nor the blog names compression or a Content-Encoding.
  it("no gzip is whk's, the pages naming none", () => {
    expectPlainBodyOurs('octopus-deploy');
  });
});

describe('octopus-deploy samples (the 2019 blog\'s DeploymentStarted delivery)', () => {
  type Event = { Message: string; MessageReferences: { StartIndex: number; Length: number }[] };
  // The text between one linked document and the next in Event.Message, as MessageReferences place them.
  const glue = ({ Message, MessageReferences: refs }: Event): string[] => refs.slice(1).map((ref, i) => Message.slice((refs[i]?.StartIndex ?? 0) + (refs[i]?.Length ?? 0), ref.StartIndex));

  it('join the message\'s links with the blog\'s words, two spaces before "for" included', () => {
    // OctopusDeploy/blog blog/2019-05/notifications-with-subscriptions-and-webhooks: "… (#3) started  for …",
    // the project reference at 33 after the 19-character title.
    const published = glue((fixture('octopus-deploy/deployment-started.blog-2019.json')['Payload'] as { Event: Event }).Event);
    expect(published).toEqual([' started  for ', ' release ', ' to ']);
    for (let seed = 1; seed <= 20; seed++) {
      const sample = getKind('octopus-deploy').sample({ seed, variant: 'deployment-started' }) as { Payload: { Event: Event } };
      expect([seed, glue(sample.Payload.Event)]).toEqual([seed, published]);
    }
  });
});

describe('alertsite (SmartBear\'s status table and "JSON Alerts")', () => {
  // SmartBear's AlertSite for Magento extension (package author SmartBear Software; mirrored as
  // OpenMageModuleFostering/smartbear_alertsite), Model/Alertsiteapi.php $_statuses: the code each
  // status_text belongs to. 7 is also the JSON Alerts page's example; 0 is "no error" (Alert Delivery Methods).
  const STATUSES: Record<string, string> = {
    '0': 'Site responded normally to all tests',
    '1': 'TCP connection failed',
    '2': 'Test timed out',
    '3': 'Invalid response from server',
    '5': 'Validation failed',
    '6': 'No response from server',
    '7': 'HTTP error from web server',
  };

  it('samples pair each status with SmartBear\'s text for it, a clear alert 0 and errcount 0', () => {
    const alertsite = getKind('alertsite');
    const seen = new Set<string>();
    for (const variant of ['availability-error', 'availability-clear']) {
      for (let seed = 1; seed <= 40; seed++) {
        const { status, status_text, errcount } = alertsite.sample({ seed, variant }) as { status: string; status_text: string; errcount: string };
        expect([variant, seed, status_text]).toEqual([variant, seed, STATUSES[status]]);
        if (variant === 'availability-clear') expect([status, errcount]).toEqual(['0', '0']);
        seen.add(status);
      }
    }
    expect([...seen].sort()).toEqual(['0', '1', '6', '7']);
  });

  // The "JSON Alerts" page shows the POST and its JSON body and names no compression or Content-Encoding.
  it("no gzip is whk's, the page naming none", () => {
    expectPlainBodyOurs('alertsite');
  });
});

describe('cloudwatch-alarm (SNS Developer Guide, "HTTP/HTTPS notification JSON format")', () => {
  // The guide's example Notification request (awsdocs/amazon-sns-developer-guide
  // doc_source/sns-message-and-json-formats.md; the same layout in SendMessageToHttp.prepare.md): one
  // field a line, two spaces in, a space either side of the colon, no newline after the brace.
  const EXAMPLE = [
    '{',
    '  "Type" : "Notification",',
    '  "MessageId" : "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",',
    '  "TopicArn" : "arn:aws:sns:us-west-2:123456789012:MyTopic",',
    '  "Subject" : "My First Message",',
    '  "Message" : "Hello world!",',
    '  "Timestamp" : "2012-05-02T00:54:06.655Z",',
    '  "SignatureVersion" : "1",',
    '  "Signature" : "EXAMPLEw6JRNwm1LFQL4ICB0bnXrdB8ClRMTQFGBqwLpGbM78tJ4etTwC5zU7O3tS6tGpey3ejedNdOJ+1fkIp9F2/LmNVKb5aFlYq+9rk9ZiPph5YlLmWsDcyC5T+Sy9/umic5S0UQc2PEtgdpVBahwNOdMW4JPwk0kAJJztnc=",',
    '  "SigningCertURL" : "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem",',
    '  "UnsubscribeURL" : "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-west-2:123456789012:MyTopic:c9135db0-26c4-47ec-8998-413945fb5a96"',
    '}',
  ].join('\n');

  // The example requests list every header they carry ("HTTP/HTTPS headers", "Step 1"): no Content-Encoding.
  it('no gzip is documented, by the example requests\' headers', () => {
    expectPlainBodyDocumented('cloudwatch-alarm', 'example requests');
  });

  // "Fanout Amazon SNS notifications to HTTPS endpoints": Basic and Digest authentication from the URL's
  // user:password, the endpoint able to answer 401; SNS answers the challenge, where whk sends Basic at
  // once. "Amazon SNS message delivery retries": SNS applies jitter, where whk waits 20 s exactly.
  it('says which parts of authentication and the retry wait are AWS\'s and which are whk\'s', () => {
    const { delivery, doubts } = getKind('cloudwatch-alarm');
    expect(delivery.auth).toEqual(['basic']);
    expect(delivery.provenance.documented.some((rule) => rule.startsWith('Basic or Digest authentication') && rule.includes('Fanout Amazon SNS notifications to HTTPS endpoints'))).toBe(true);
    expect(delivery.provenance.ours.some((rule) => rule.startsWith('Authorization: Basic on every attempt, the first included'))).toBe(true);
    expect(delivery.provenance.ours.some((rule) => rule.startsWith('the retries exactly 20 s apart'))).toBe(true);
    expect(doubts.some((doubt) => doubt.includes("401 challenge") && doubt.includes('first request carries no Authorization'))).toBe(true);
    expect(doubts.some((doubt) => doubt.startsWith('SNS applies jitter to its retries'))).toBe(true);
  });

  it("writes the envelope's bytes as the guide's example request does", () => {
    const kind = getKind('cloudwatch-alarm');
    expect(wireBytes(kind, JSON.parse(EXAMPLE), 'alarm').toString()).toBe(EXAMPLE);
    for (const variant of ['alarm', 'ok']) {
      const sample = kind.sample({ seed: 3, variant }) as Record<string, unknown>;
      const lines = wireBytes(kind, sample, variant).toString().split('\n');
      expect(lines).toEqual(['{', ...Object.entries(sample).map(([name, value], i, all) => `  ${JSON.stringify(name)} : ${JSON.stringify(value)}${i < all.length - 1 ? ',' : ''}`), '}']);
    }
  });
});

describe('servicenow and servicenow-incident', () => {
  it.each(['servicenow', 'servicenow-incident'])('%s sends the User-Agent ServiceNow documents for RESTMessageV2, not whk\'s', (id) => {
    // ServiceNow API reference, RESTMessageV2: 'The User-Agent value is "ServiceNow/1.0".'
    const kind = getKind(id);
    const request = prepareRequest(kind.delivery, 'http://127.0.0.1/', Buffer.from(JSON.stringify(kind.sample({ seed: 1 }))));
    expect(request.headers['User-Agent']).toBe('ServiceNow/1.0');
    expect(kind.delivery.whkChoices).not.toContain('user-agent');
  });

  // Harness's curl test and a receiver's capture (pharriso/ansible-eda demos/servicenow_incident/README.md,
  // a script that set no header) both carry X-SNC-Integration-Source, a 32-hex sys_id, beside ServiceNow/1.0.
  it.each(['servicenow', 'servicenow-incident'])('%s sends the X-SNC-Integration-Source RESTMessageV2 adds to every call', (id) => {
    const kind = getKind(id);
    expect(kind.requestHeaders?.(kind.sample({ seed: 1 }))).toEqual({ 'X-SNC-Integration-Source': expect.stringMatching(/^[0-9a-f]{32}$/) as unknown });
    expect(kind.delivery.provenance.documented.some((rule) => rule.startsWith('X-SNC-Integration-Source: ') && rule.includes('ansible-eda'))).toBe(true);
  });

  it("servicenow: no script is published, so its JSON Content-Type and plain body are whk's", () => {
    expectPlainBodyOurs('servicenow');
    expect(getKind('servicenow').delivery.provenance.ours.some((rule) => rule.startsWith('Content-Type: application/json'))).toBe(true);
  });

  // Both rules on Harness's "ServiceNow Integration for Runbooks" page set Content-Type: application/json,
  // post JSON.stringify of their object with one execute() and only log the status.
  it('servicenow-incident: one attempt, JSON and a plain body are the published rules\', not whk\'s', () => {
    const { delivery } = getKind('servicenow-incident');
    expect(delivery.retry.maxAttempts).toBe(1);
    expect(delivery.whkChoices).not.toContain('retry');
    expect(delivery.whkChoices).not.toContain('gzip');
    expect(delivery.provenance.documented.some((rule) => rule.startsWith('no retry: both rules call execute() once'))).toBe(true);
    expect(delivery.provenance.documented.some((rule) => rule.startsWith('Content-Type: application/json, set by both published rules'))).toBe(true);
    expect(delivery.provenance.ours.some((rule) => /retr|Content-Type|gzip/.test(rule))).toBe(false);
  });
});

describe('servicenow-incident (Harness "ServiceNow Integration for Runbooks", its curl test and business rule)', () => {
  // The page's curl posts the body its business rule script builds with getValue: number, reported_by_email,
  // opened_at, impact, urgency, short_description, description, category, priority, sys_id, subcategory
  // (null), state, incident_url; no sys_updated_on and no work_notes.
  it('takes the published body as a ServiceNow Incident, with no issue and no note', () => {
    const published = fixture('servicenow-incident/harness-runbooks-curl-example.json');
    expect(validatePayload(published)).toMatchObject({ valid: true, kind: 'servicenow-incident', issues: [], notes: [] });
  });

  it("samples an incident as that rule writes it: the published body's keys, in its order, and its value forms", () => {
    const published = fixture('servicenow-incident/harness-runbooks-curl-example.json');
    for (const variant of ['created', 'state-change', 'resolved']) {
      for (const seed of [1, 2, 3]) {
        const sample = getKind('servicenow-incident').sample({ seed, variant }) as Record<string, unknown>;
        expect(Object.keys(sample), `${variant} seed ${seed}`).toEqual(Object.keys(published));
        expect(sample['category']).toMatch(/^[a-z]+$/);
        expect(sample['incident_url']).toMatch(new RegExp(`/nav_to\\.do\\?uri=/incident\\.do\\?sysparm_query=number=${String(sample['number'])}$`));
      }
    }
  });

  // The page's "Sync Comments to Harness AI SRE" rule on sys_journal_field posts each note as its own body.
  it.each([['work-note', 'work_notes'], ['comment', 'comments']])('samples %s as the sync rule posts it: a journal entry of note_type %s, created_on in epoch milliseconds', (variant, noteType) => {
    const keys = ['snow_incidentId', 'snow_incidentSysId', 'note_type', 'note_text', 'author', 'created_on', 'priority', 'short_description', 'note_id', 'incident_url'];
    const sample = getKind('servicenow-incident').sample({ seed: 1, variant }) as Record<string, unknown>;
    expect(Object.keys(sample)).toEqual(keys);
    expect(sample).toMatchObject({ note_type: noteType, created_on: expect.any(Number) as unknown });
    expect(validatePayload(sample)).toMatchObject({ valid: true, kind: 'servicenow-incident', issues: [], notes: [] });
  });
});

describe('datadog-monitor (Datadog docs "Webhooks" and API reference "Webhooks Integration")', () => {
  // The API documents an OAuth2 client-credentials auth method for webhooks (access_token_url, client_id,
  // client_secret, audience, scope) beside basic auth: its token reaches the receiver as a bearer token.
  it('takes --auth-bearer as an OAuth 2.0 auth method\'s token, the header being whk\'s reading', async () => {
    const { delivery } = getKind('datadog-monitor');
    expect(delivery.auth).toEqual(['basic', 'bearer']);
    expect(delivery.provenance.documented.some((rule) => rule.includes('OAuth2 client credentials auth method'))).toBe(true);
    expect(delivery.provenance.ours.some((rule) => rule.startsWith('the OAuth 2.0 token sent as Authorization: Bearer'))).toBe(true);
    const sent = await runMain(['send', 'datadog-monitor', '--url', 'http://127.0.0.1:9/', '--auth-bearer', 'abc', '--dry-run']);
    expect(sent.stderr).not.toContain('does not send an Authorization header');
    expect(sent.stdout).toContain('Authorization: Bearer abc');
  });

  it("no gzip is whk's: the doc names no compression", () => {
    expectPlainBodyOurs('datadog-monitor');
  });

  // Harness's "Datadog Integration Webhook Template" page, "Example alert payload": tags and alert_scope as arrays.
  it("takes the Harness template page's example, its tags and alert_scope arrays of strings", () => {
    const published = fixture('datadog-monitor/harness-template-page-example.json');
    expect(validatePayload(published)).toMatchObject({ valid: true, kind: 'datadog-monitor', issues: [] });
    expect(validatePayload({ ...published, tags: [1] }, { kind: 'datadog-monitor' }).issues.map((issue) => issue.path)).toEqual(['$.tags[0]']);
  });
});

describe("'no gzip' in whk kinds", () => {
  const deliveryLine = async (id: string): Promise<string> => (await runMain(['kinds', id])).stdout.split('\n').find((line) => line.startsWith('  delivery')) ?? '';

  it("is marked whk's choice where whk's own provenance lines give it, and left bare where a source does or nothing is said", async () => {
    for (const id of ['lacework', 'metric-alert', 'metaplane-incident', 'bigpanda', 'opsgenie', 'new-relic', 'dynatrace', 'octopus-deploy', 'alertsite', 'datadog-monitor', 'servicenow', 'jira', 'jira-incident']) {
      expect([id, await deliveryLine(id)]).toEqual([id, expect.stringContaining("; no gzip (whk's choice);")]);
      expect(getKind(id).delivery.whkChoices).toContain('gzip');
    }
    // grafana-incident's is from Grafana's own code, cloudwatch-alarm's from AWS's example requests,
    // github's from the docs' example delivery, the others' from their senders' code (documented).
    for (const id of ['grafana-incident', 'cloudwatch-alarm', 'github', 'alertmanager', 'grafana-alert', 'travis-ci']) {
      expect([id, await deliveryLine(id)]).toEqual([id, expect.stringContaining('; no gzip;')]);
      expect(getKind(id).delivery.whkChoices).not.toContain('gzip');
    }
  });
});

describe('bitbucket (Bitbucket Cloud "Event payloads" and "Troubleshoot webhooks")', () => {
  // Both pages show a JSON POST and its headers and name no compression or Content-Encoding.
  it('takes the POST of JSON from the developer "Webhook" page and its Content-Type from captured headers, no page naming one', () => {
    const { delivery } = getKind('bitbucket');
    expect(delivery.contentType).toBe('application/json');
    expect(delivery.provenance.documented.some((rule) => rule.startsWith('POST with a JSON body') && rule.includes('"Webhook" module page'))).toBe(true);
    expect(delivery.provenance.documented.some((rule) => /Manage webhooks\)$/.test(rule))).toBe(false);
    expect(delivery.provenance.ours.some((rule) => rule.startsWith('Content-Type: application/json, as captured'))).toBe(true);
  });

  it("retries only 5xx answers, at once, as whk's reading of two pages that differ and a community report", () => {
    // Troubleshoot webhooks: a 5xx answer is re-sent up to twice; Event payloads (X-Attempt-Number): a failed
    // attempt is tried up to twice more, what fails unsaid. The at-once timing is a developer's test.
    const { delivery } = getKind('bitbucket');
    expect(delivery.retry).toMatchObject({ maxAttempts: 3, initialDelayMs: 0, retryOn: '5xx-answers' });
    const notRetried = delivery.provenance.ours.find((rule) => rule.startsWith('timeouts, connection failures and 4xx are not retried'));
    expect(notRetried).toContain('Event payloads');
    expect(delivery.provenance.ours.some((rule) => rule.startsWith('retries go out at once') && rule.includes('Webhooks Retries - How to delay or re-request?'))).toBe(true);
  });

  it('cites the 5-commit limit to Event payloads and the 256 KB limit to Troubleshoot webhooks, no unread issue', () => {
    // Event payloads, repo:push: commits holds up to the 5 most recent, truncated marks a push of more
    // (quoted in jira.atlassian.com BSERV-11847); the 2023 capture lists 5 with truncated true.
    const documented = getKind('bitbucket').delivery.provenance.documented.find((rule) => rule.startsWith('payloads over 256 KB'));
    expect(documented).toContain('(Troubleshoot webhooks)');
    expect(documented).toContain('Event payloads');
    expect(documented).not.toContain('BCLOUD-22312');
    const change = (fixture('bitbucket/webhooksite-2023-repo-push.json') as { push: { changes: { commits: unknown[]; truncated: boolean }[] } }).push.changes[0];
    expect([change?.commits.length, change?.truncated]).toEqual([5, true]);
  });

  it("no gzip is whk's, the pages naming none", async () => {
    expectPlainBodyOurs('bitbucket');
    const line = (await runMain(['kinds', 'bitbucket'])).stdout.split('\n').find((l) => l.startsWith('  delivery')) ?? '';
    expect(line).toContain("; no gzip (whk's choice);");
  });
});

describe('sentry-issue-alert (getsentry/sentry app_platform_event.py and webhooks.py)', () => {
  // _send_webhook_request hands AppPlatformEvent.body, the json.dumps string, to safe_urlopen as data;
  // requests sends it as it is, and sentry_headers name no Content-Encoding: a plain body is Sentry's own.
  it('no gzip is from the sender\'s code: the json.dumps string goes as data, no Content-Encoding', () => {
    expectPlainBodyDocumented('sentry-issue-alert', 'app_platform_event.py');
  });
});

describe('sentry-issue-alert timeout (getsentry/sentry webhooks.py, options/defaults.py)', () => {
  // _send_webhook_request passes options.get("sentry-apps.webhook.timeout.sec") (default 1.0) to
  // safe_urlopen as requests' timeout: a bound on the connect and on each read, none on the whole call.
  it("the 1 s is Sentry's, per connect and read; its use as one deadline for the whole attempt is whk's", () => {
    const { delivery, doubts } = getKind('sentry-issue-alert');
    expect(delivery.timeoutMs).toBe(1_000);
    expect(delivery.whkChoices).not.toContain('timeout');
    expect(delivery.provenance.documented.some((rule) => rule.startsWith('answer within 1 second') && rule.includes('sentry-apps.webhook.timeout.sec'))).toBe(true);
    expect(delivery.provenance.ours.some((rule) => rule.startsWith('the 1 s bounds the whole attempt'))).toBe(true);
    expect(doubts.some((doubt) => doubt.includes('each read'))).toBe(true);
  });
});

describe('harness-slo ("Harness SLO Integration Webhook Template")', () => {
  // The page shows the Webhook notification method and an example body but names no HTTP method;
  // the POST is WebhookSenderImpl.sendJSONMessage's (Request.Builder().post(body)).
  it('cites the sender\'s code for the POST, the page for the method of notification and the body', () => {
    const [first] = getKind('harness-slo').delivery.provenance.documented;
    expect(first).toMatch(/^one POST with a JSON body per notification/);
    expect(first).toContain('WebhookSenderImpl.sendJSONMessage');
  });
});

describe('sentry-issue-alert custom headers (getsentry/sentry app_platform_event.py)', () => {
  // AppPlatformEvent.headers: {**custom_headers, **sentry_headers}, custom_headers parsed from the
  // SentryApp's webhook_headers; whk models none, so a doubt says so and `headers` (the CLI's --header) stands in.
  it('says that an integration\'s custom webhook headers go too, Sentry\'s own winning a clash', () => {
    expect(getKind('sentry-issue-alert').doubts.some((doubt) => doubt.includes('webhook_headers') && doubt.includes('`headers`'))).toBe(true);
  });
});

describe('alertmanager (prometheus/alertmanager notify/webhook/webhook.go, notify/util.go)', () => {
  // notify/util.go request sets User-Agent and PostJSON's Content-Type on the encoder's bytes, nothing
  // else: no Content-Encoding.
  it('the JSON Content-Type and the plain body are from the sender\'s code', () => {
    expect(getKind('alertmanager').delivery.contentType).toBe('application/json');
    expect(getKind('alertmanager').delivery.provenance.documented).toContain('Content-Type: application/json (notify/util.go PostJSON)');
    expectPlainBodyDocumented('alertmanager', 'notify/util.go request');
  });

  // The webhook's Retrier is notify.Retrier{} since 0.28.0 (#3800): Check reads a non-2xx body with
  // readAll, its error dropped, after the status has decided the retry.
  it('says a non-2xx body is read whole by Retrier.Check, not that none is read', () => {
    const stalled = getKind('alertmanager').delivery.provenance.documented.find((rule) => rule.startsWith('a body that stalls'));
    expect(stalled).toContain('readAll');
    expect(stalled).not.toContain('CustomDetailsFunc reads none');
  });

  // docs/configuration.md <webhook_config> payload (0.32.0, #5011): a templated body replaces the default.
  it('says a custom payload (0.32.0+) can replace the default body', () => {
    expect(getKind('alertmanager').doubts.some((doubt) => doubt.includes('`payload`') && doubt.includes('0.32.0'))).toBe(true);
  });
});

describe('grafana-alert (grafana/alerting http/client.go, receivers/webhook/v1)', () => {
  // SendWebhook: Content-Type application/json unless the notifier names one, the body's bytes as they
  // are, User-Agent NewClient's "Grafana" (Grafana passes no WithUserAgent).
  it('the JSON Content-Type, the plain body and the User-Agent are from the sender\'s code', () => {
    const { delivery } = getKind('grafana-alert');
    expect(delivery.contentType).toBe('application/json');
    expect(delivery.provenance.documented.some((rule) => rule.startsWith('Content-Type: application/json') && rule.includes('http/client.go'))).toBe(true);
    expect(delivery.provenance.documented.some((rule) => rule.startsWith('User-Agent: Grafana') && rule.includes('NewClient'))).toBe(true);
    expectPlainBodyDocumented('grafana-alert', 'http/client.go');
  });

  // release-12.4.3's SendWebhook reads the body before the status; main since #546 (625b02b6) reads no
  // 2xx body, the webhook setting no Validation.
  it('a body cut short fails as the 12.4 line reads it, and a doubt says main since #546 delivers it', () => {
    const { delivery, doubts } = getKind('grafana-alert');
    expect(delivery.shortBody).toBe('fails');
    expect(delivery.provenance.documented.some((rule) => rule.startsWith('success is any 2xx') && rule.includes('release-12.4.3'))).toBe(true);
    expect(doubts.some((doubt) => doubt.includes('#546') && doubt.includes('625b02b6'))).toBe(true);
  });

  // http/oauth2.go: an OAuth 2.0 client-credentials token goes through oauth2.Transport, as Bearer.
  it('names the OAuth 2.0 token among the ways the Authorization header is set', () => {
    const { delivery } = getKind('grafana-alert');
    expect(delivery.auth).toContain('bearer');
    expect(delivery.provenance.documented.some((rule) => rule.startsWith('optional basic auth') && rule.includes('http/oauth2.go'))).toBe(true);
  });
});

describe('pagerduty-incident (PagerDuty/developer-docs Webhook Behavior, Verifying Signatures, v3 Overview)', () => {
  // Each documented line names its page; the captured delivery's headers (drudge/n8n-nodes-pagerduty-trigger
  // README) show content-type application/json and a content-length, no content-encoding.
  it('cites the page behind each documented line, the Content-Type among the captured headers', () => {
    const { delivery } = getKind('pagerduty-incident');
    expect(delivery.contentType).toBe('application/json');
    const uncited = delivery.provenance.documented.filter((rule) => !/\((Webhook Behavior|Verifying Signatures|PagerDuty\/developer-docs|drudge\/)/.test(rule));
    expect(uncited).toEqual([]);
    expect(delivery.provenance.documented.some((rule) => rule.includes('Content-Type: application/json') && rule.includes('drudge/n8n-nodes-pagerduty-trigger'))).toBe(true);
  });

  it("no gzip is whk's, no page naming compression", async () => {
    expectPlainBodyOurs('pagerduty-incident');
    const line = (await runMain(['kinds', 'pagerduty-incident'])).stdout.split('\n').find((l) => l.startsWith('  delivery')) ?? '';
    expect(line).toContain("; no gzip (whk's choice);");
  });

  // Webhook Behavior "Permanent Errors": TLS errors but an expired certificate are not retried; Overview
  // "Custom Headers": a subscription's custom_headers go with each delivery.
  it('says where whk differs: TLS errors retried, custom headers not sent of its own accord', () => {
    const { doubts } = getKind('pagerduty-incident');
    expect(doubts.some((doubt) => doubt.includes('TLS errors') && doubt.includes('expired certificate'))).toBe(true);
    expect(doubts.some((doubt) => doubt.includes('custom_headers') && doubt.includes('`headers`'))).toBe(true);
  });
});

describe('jira and jira-incident (Jira Cloud "Webhooks" and the Cloud Fortified "Webhook delivery success rate" page)', () => {
  // Webhooks: a webhook sends a JSON callback by default; the Cloud Fortified page: a webhook is an HTTP
  // POST request from Atlassian's infrastructure. Neither names a Content-Type: application/json is whk's.
  it.each(['jira', 'jira-incident'])('%s cites the POST of JSON to Atlassian\'s pages and keeps its Content-Type as whk\'s', (id) => {
    const { delivery } = getKind(id);
    expect(delivery.contentType).toBe('application/json');
    expect(delivery.provenance.documented.some((rule) => rule.startsWith('one POST per callback with a JSON body') && rule.includes('"Webhook delivery success rate"'))).toBe(true);
    expect(delivery.provenance.ours.some((rule) => rule.startsWith('Content-Type: application/json'))).toBe(true);
    expect(delivery.provenance.documented.some((rule) => rule.includes('Content-Type'))).toBe(false);
  });
});

describe('jira and jira-incident: the body', () => {
  // Neither the Webhooks page nor the retry announcement names compression or a Content-Encoding.
  it.each(['jira', 'jira-incident'])("%s: no gzip is whk's, the pages naming none", (id) => {
    expectPlainBodyOurs(id);
  });
});

describe('travis-ci (travis-ci/travis-tasks lib/travis/task.rb)', () => {
  // #http: f.request :url_encoded, f.response :follow_redirects, f.adapter :net_http: no middleware compresses the form.
  it("no gzip is from the sender's code: Faraday's url_encoded form over net_http", () => {
    expectPlainBodyDocumented('travis-ci', 'task.rb#http');
  });
});

describe('travis-ci MS Teams targets (travis-ci/travis-tasks lib/travis/addons/webhook/task.rb, 5aee444)', () => {
  // #send_webhook: a target flagged in params[:msteams] gets msteams_payload.to_json as application/json, no Signature.
  it('says that a target marked for Microsoft Teams gets a JSON body whk does not send', () => {
    expect(getKind('travis-ci').doubts.some((doubt) => doubt.includes('Microsoft Teams') && doubt.includes('5aee444') && doubt.includes('no Signature'))).toBe(true);
  });
});

describe('jira and jira-incident success (the retry announcement, "Webhook delivery success rate")', () => {
  // The announcement lists the statuses retried; the Cloud Fortified metric counts 200 and 204 as good. Neither
  // says which answers end a delivery, so any 2xx is whk's reading and `whk kinds` marks it.
  it.each(['jira', 'jira-incident'])("%s marks any 2xx as whk's choice, as its provenance says", async (id) => {
    const { delivery } = getKind(id);
    expect(delivery.whkChoices).toContain('success');
    expect(delivery.provenance.ours.some((rule) => rule.startsWith('success is any 2xx: whk\'s reading'))).toBe(true);
    const line = (await runMain(['kinds', id])).stdout.split('\n').find((l) => l.startsWith('  delivery')) ?? '';
    expect(line).toContain("success: any 2xx (whk's choice);");
  });
});

describe('travis-ci timeout (travis-tasks task.rb, faraday request_timeout, faraday-net_http configure_request)', () => {
  // #send_webhook sets req.options.timeout = DEFAULT_TIMEOUT (60); Faraday hands it to Net::HTTP as its
  // open_timeout, read_timeout and write_timeout: a bound on each step and each read, none on the whole request.
  it("the 60 s is Travis's, per connect, read and write; its use as one deadline for the whole attempt is whk's", () => {
    const { delivery, doubts } = getKind('travis-ci');
    expect(delivery.timeoutMs).toBe(60_000);
    expect(delivery.whkChoices).not.toContain('timeout');
    expect(delivery.provenance.documented.some((rule) => rule.startsWith('the 60 s timeout: ') && rule.includes('configure_request'))).toBe(true);
    expect(delivery.provenance.ours.some((rule) => rule.startsWith('the 60 s bounds the whole attempt'))).toBe(true);
    expect(doubts.some((doubt) => doubt.includes('each read'))).toBe(true);
  });
});

describe('github (GitHub Docs "Webhook events and payloads", "Creating webhooks")', () => {
  it('no gzip is the docs\' example delivery: its headers (Content-Type, Content-Length) carry no Content-Encoding', () => {
    expectPlainBodyDocumented('github', '"Example delivery"');
  });

  it('cites each page for what it gives of the JSON POST: the example delivery, the two content types, the recommendation', () => {
    // Webhook events and payloads shows a POST with Content-Type application/json and recommends nothing;
    // Creating webhooks offers application/json or application/x-www-form-urlencoded; the recommendation
    // of application/json is on the Marketplace page "Configuring a webhook to notify you of plan changes".
    const post = getKind('github').delivery.provenance.documented.find((rule) => rule.startsWith('POST with a JSON body')) ?? '';
    expect(post).toContain('"Example delivery"');
    expect(post).toContain('Creating webhooks');
    expect(post).toContain('"Configuring a webhook to notify you of plan changes"');
  });
});

describe('gitlab (gitlabhq app/services/web_hook_service.rb at 017a6c12, GitLab 18.2)', () => {
  // make_request posts Gitlab::Json::LimitedEncoder.encode(request_payload) as the body, build_headers sets
  // Content-Type application/json and no Content-Encoding, and HTTParty (Net::HTTP) compresses no request body.
  it('takes the JSON body, its Content-Type and its plain bytes from the code that sends it', () => {
    const { delivery } = getKind('gitlab');
    expect(delivery.contentType).toBe('application/json');
    expect(delivery.provenance.documented.some((rule) => rule.startsWith('Content-Type: application/json') && rule.includes('build_headers'))).toBe(true);
    expectPlainBodyDocumented('gitlab', 'web_hook_service.rb');
  });

  it('signs with a signing token under the Idempotency-Key as webhook-id, as GitLab MR 230944 sends it', async () => {
    // gitlab-org/gitlab MR 230944 ("Add webhook HMAC signing token"): webhook-id equals the Idempotency-Key
    // value, signed in {webhook-id}.{timestamp}.{body}; the Webhooks doc's header table gives both the same example.
    for (const args of [['--seed', '3'], ['--seed', '4', '--event', 'pipeline'], ['--seed', '5', '--count', '2']]) {
      const sent = await runMain(['send', 'gitlab', '--url', 'http://127.0.0.1:9/', '--secret', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '--dry-run', ...args]);
      expect(sent.code, sent.stderr).toBe(0);
      const keys = [...sent.stdout.matchAll(/^Idempotency-Key: (.+)$/gm)].map((match) => match[1]);
      const ids = [...sent.stdout.matchAll(/^webhook-id: (.+)$/gm)].map((match) => match[1]);
      expect(keys.length, args.join(' ')).toBeGreaterThan(0);
      expect(ids, args.join(' ')).toEqual(keys);
    }
  });
});

describe('gitlab custom headers and templates (gitlabhq app/services/web_hook_service.rb)', () => {
  // make_request posts build_custom_headers.merge(build_headers): the webhook's own headers go too,
  // GitLab's winning a clash; request_payload renders custom_webhook_template in place of the data.
  it("says that a webhook's custom headers go too and a custom template replaces the body; the User-Agent cites the code", () => {
    const { doubts } = getKind('gitlab');
    expect(doubts.some((doubt) => doubt.includes('build_custom_headers.merge(build_headers)') && doubt.includes('`headers`'))).toBe(true);
    expect(doubts.some((doubt) => doubt.includes('custom_webhook_template'))).toBe(true);
    expect(doubts.some((doubt) => doubt.includes('User-Agent') && doubt.includes('build_headers') && !doubt.includes('real traffic'))).toBe(true);
  });
});
