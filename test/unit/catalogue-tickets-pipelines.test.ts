// The Jira, Jira Incident, Octopus Deploy and Harness pipeline kinds (issue 14): every event's
// sample, detection of a request by its body's event, what tells the paired kinds apart, and
// Jira's delivery (the retry count header on retries only, the same identifier on every attempt).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareRequest } from '../../src/delivery/request.js';
import { sendKind } from '../../src/delivery/chains.js';
import { detectKind, detectRequest, getKind } from '../../src/kinds/index.js';
import type { Kind } from '../../src/kinds/types.js';
import { validatePayload } from '../../src/validate/payload.js';
import { closedAfterEach, startServer } from '../helpers/server.js';

const IDS = ['jira', 'jira-incident', 'octopus-deploy', 'harness-build', 'harness-deployment'];
const FIXTURES = join(import.meta.dirname, '../../fixtures');
const fixture = (path: string): Record<string, unknown> => JSON.parse(readFileSync(join(FIXTURES, path), 'utf8')) as Record<string, unknown>;
const server = closedAfterEach(startServer);

/** Every (kind, event or variant) pair of these kinds. */
const cases = IDS.flatMap((id) => {
  const kind = getKind(id);
  return kind.events ? kind.events.map((e) => ({ kind, event: e.id as string | undefined, variant: undefined as string | undefined, name: `${id} ${e.id}` })) : kind.variants.map((v) => ({ kind, event: undefined, variant: v.id, name: `${id} ${v.id}` }));
});

describe.each(cases)('$name', ({ kind, event, variant }) => {
  const sample = (seed: number): unknown => kind.sample({ seed, event, variant });

  it('is reproducible by seed, and distinct seeds differ', () => {
    expect(JSON.stringify(sample(3))).toBe(JSON.stringify(sample(3)));
    expect(new Set([1, 2, 3, 4, 5, 6].map((seed) => JSON.stringify(sample(seed)))).size).toBe(6);
  });

  it('validates with no unknown fields and is detected, from the request with its headers, as its kind and event', () => {
    for (const seed of [1, 2, 3, 4]) {
      const payload = sample(seed);
      expect(validatePayload(payload), `seed ${seed}`).toMatchObject({ valid: true, kind: kind.id, kindSource: 'detected', issues: [], notes: [] });
      const found = detectRequest({ headers: kind.requestHeaders?.(payload, event) ?? {}, body: payload });
      expect(found.status === 'detected' && [found.kind.id, found.event]).toEqual([kind.id, event]);
    }
  });
});

describe('jira and jira-incident', () => {
  const jira = getKind('jira');
  const incident = getKind('jira-incident');

  it('send the Jira Cloud headers; the identifier is a UUID fixed by the callback, so retries and re-sends keep it', () => {
    const payload = jira.sample({ seed: 5, event: 'comment_updated' });
    const headers = jira.requestHeaders?.(payload, 'comment_updated') ?? {};
    expect(headers).toMatchObject({ 'User-Agent': 'Atlassian Webhook HTTP Client', 'X-Atlassian-Webhook-Flow': 'Primary' });
    expect(headers['X-Atlassian-Webhook-Identifier']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(jira.requestHeaders?.(structuredClone(payload))['X-Atlassian-Webhook-Identifier']).toBe(headers['X-Atlassian-Webhook-Identifier']);
    expect(jira.requestHeaders?.(jira.sample({ seed: 6, event: 'comment_updated' }))['X-Atlassian-Webhook-Identifier']).not.toBe(headers['X-Atlassian-Webhook-Identifier']);
    expect(headers).not.toHaveProperty('X-Atlassian-Webhook-Retry');
  });

  it('sign as the docs\' known answer says: X-Hub-Signature: sha256=<hex HMAC-SHA256>', () => {
    // Secret and payload from the Jira Cloud "Webhooks" page (secure admin webhooks).
    const request = prepareRequest(jira.delivery, 'http://127.0.0.1/', Buffer.from('Hello World!'), { secret: "It's a Secret to Everybody" });
    expect(request.headers['X-Hub-Signature']).toBe('sha256=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9');
    expect(incident.delivery.signature).toEqual(jira.delivery.signature);
  });

  it('resolve an issue as a captured Jira Cloud move to Done does: issue_generic, resolution then status, the resolution set', () => {
    type Updated = { issue_event_type_name: string; changelog: { items: { field: string; toString: string | null }[] }; issue: { fields: { resolution: { id: string; name: string } | null; resolutiondate: string | null; status: { statusCategory: { key: string } } } } };
    const shape = (payload: Updated) => ({
      event: payload.issue_event_type_name,
      changed: payload.changelog.items.map((item) => [item.field, item.toString]),
      resolution: payload.issue.fields.resolution && [payload.issue.fields.resolution.id, payload.issue.fields.resolution.name],
      resolved: typeof payload.issue.fields.resolutiondate === 'string',
      category: payload.issue.fields.status.statusCategory.key,
    });
    const captured = shape(fixture('jira/issue-updated-generic.mattermost.json') as unknown as Updated);
    expect(captured).toEqual({ event: 'issue_generic', changed: [['resolution', 'Done'], ['status', 'Done']], resolution: ['10000', 'Done'], resolved: true, category: 'done' });
    const samples = Array.from({ length: 40 }, (_, seed) => jira.sample({ seed, event: 'jira:issue_updated' }) as Updated);
    const resolving = samples.filter((payload) => payload.changelog.items.some((item) => item.field === 'resolution'));
    expect(resolving.length).toBeGreaterThan(0);
    for (const payload of resolving) expect({ ...shape(payload), changed: shape(payload).changed.map(([field]) => field) }).toEqual({ ...captured, changed: ['resolution', 'status'] });
    // Until an issue is resolved, it has no resolution.
    for (const payload of samples.filter((p) => !resolving.includes(p))) expect([payload.issue.fields.resolution, payload.issue.fields.resolutiondate]).toEqual([null, null]);
  });

  it('tell an incident issue from any other by its issue type, for issue and comment events alike', () => {
    const story = fixture('jira/comment-created.mattermost.json');
    expect(detectKind(story)).toMatchObject({ kind: { id: 'jira' }, event: 'comment_created' });
    const asIncident = structuredClone(story) as { issue: { fields: { issuetype: { name: string } } } };
    asIncident.issue.fields.issuetype.name = '[System] Incident';
    expect(detectKind(asIncident)).toMatchObject({ kind: { id: 'jira-incident' }, event: 'comment_created' });
    expect(validatePayload(asIncident)).toMatchObject({ valid: true, kind: 'jira-incident' });
    // A worklog callback carries no issue: it can only be jira.
    expect(detectKind(fixture('jira/worklog-created.zulip.json'))).toMatchObject({ kind: { id: 'jira' }, event: 'worklog_created' });
  });

  // fixtures/jira/invalid/issue-created-server-timestamp-text.json (mobitel-ltd/jira-to-matrix) was
  // unknown: the shape test asked for a numeric timestamp before the schema could say it is wrong.
  it('tell a callback naming a Jira event by it whatever its timestamp holds, and judge the timestamp; another event needs the number', () => {
    const server = fixture('jira/invalid/issue-created-server-timestamp-text.json');
    expect(detectKind(server)).toMatchObject({ status: 'detected', kind: { id: 'jira' }, event: 'jira:issue_created' });
    expect(validatePayload(server).issues).toEqual([{ path: '$.timestamp', message: 'expected number, got string' }]);
    const story = fixture('jira/comment-created.mattermost.json');
    const asIncident = structuredClone(story) as { issue: { fields: { issuetype: { name: string } } }; timestamp: unknown };
    asIncident.issue.fields.issuetype.name = '[System] Incident';
    asIncident.timestamp = '1700000000000';
    expect(detectKind(asIncident)).toMatchObject({ status: 'detected', kind: { id: 'jira-incident' }, event: 'comment_created' });
    expect(detectKind({ timestamp: '2026-01-01', webhookEvent: 'jira:version_released', version: {} })).toMatchObject({ status: 'detected', kind: { id: 'jira' } });
    // An event whk does not model, and not of Jira's own jira: names, is Jira's by its number only.
    expect(detectKind({ timestamp: '2026-01-01', webhookEvent: 'sprint_started', sprint: {} })).toMatchObject({ status: 'unknown' });
    expect(detectKind({ timestamp: 1_700_000_000_000, webhookEvent: 'sprint_started', sprint: {} })).toMatchObject({ status: 'detected', kind: { id: 'jira' } });
  });

  it('jira-incident, when asked for, says an issue that is not an incident is the wrong issue type', () => {
    const result = validatePayload(fixture('jira/issue-created.mattermost.json'), { kind: 'jira-incident' });
    expect(result.valid).toBe(false);
    expect(result.issues).toContainEqual({ path: '$.issue.fields.issuetype', message: expect.stringContaining('incident issue type') });
  });

  it('check the catalogue\'s other events as Jira callbacks only, and refuse an event Jira does not document', () => {
    const sprint = { timestamp: 1_700_000_000_000, webhookEvent: 'sprint_started', sprint: { id: 4, state: 'active' } };
    expect(detectKind(sprint)).toMatchObject({ kind: { id: 'jira' }, event: 'sprint_started' });
    expect(validatePayload(sprint)).toMatchObject({ valid: true, kind: 'jira', notes: ['$.sprint is not in the schema (a newer sender field?)'] });
    expect(validatePayload({ ...sprint, timestamp: '2026-01-01' }, { kind: 'jira' }).issues.map((i) => i.path)).toContain('$.timestamp');
    expect(validatePayload({ ...sprint, webhookEvent: 'sprint_exploded' }).valid).toBe(false);
  });

  it('take the REST shape\'s other fields (resolution, customfield_*, iconUrl...) as the sender\'s, yet note an unknown envelope field', () => {
    for (const [kind, file] of [['jira', 'jira/issue-created.mattermost.json'], ['jira', 'jira/comment-created.mattermost.json'], ['jira', 'jira/worklog-created.zulip.json']] as const) {
      expect(validatePayload(fixture(file)), file).toMatchObject({ valid: true, kind, issues: [], notes: [] });
    }
    const incident = getKind('jira-incident').sample({ seed: 2 }) as { issue: { fields: Record<string, unknown> & { issuetype: Record<string, unknown> } } };
    const withRest = { ...incident, issue: { ...incident.issue, fields: { ...incident.issue.fields, resolution: null, customfield_10010: 'x', issuetype: { ...incident.issue.fields.issuetype, iconUrl: 'https://acme.atlassian.net/i.png' } } } };
    expect(validatePayload(withRest)).toMatchObject({ valid: true, kind: 'jira-incident', notes: [] });
    expect(validatePayload({ ...withRest, brandNew: 1 }).notes).toEqual(['$.brandNew is not in the schema (a newer sender field?)']);
  });

  it('name the ids of the entities a changelog item changes, as captured deliveries and the docs\' example do', () => {
    // Mattermost's captures: status "3" -> "10002", resolution -> "10000", priority -> "2"; summary keeps null ids.
    for (const kind of [jira, incident]) {
      for (const event of ['jira:issue_created', 'jira:issue_updated']) {
        for (let seed = 1; seed <= 12; seed++) {
          const { changelog, issue, user } = kind.sample({ seed, event }) as { changelog: { items: { field: string; from: string | null; to: string | null; fromString: string | null }[] }; issue: { fields: { status: { id: string }; priority: { id: string } } }; user: { accountId: string } };
          for (const item of changelog.items) {
            const to = { status: issue.fields.status.id, priority: issue.fields.priority.id, assignee: user.accountId, resolution: expect.stringMatching(/^\d+$/), summary: null }[item.field];
            expect(item.to, `${kind.id} ${event} seed ${seed} ${item.field}`).toEqual(to);
            if (item.field === 'status') expect(item.from).toMatch(/^\d+$/);
          }
        }
      }
    }
  });

  it('give every entity the id its self URL ends with, as captured Jira Cloud bodies do (issuetype/10101 with id "10101")', () => {
    /** [self, id] of every object whose self URL ends with a number. */
    const numbered = (value: unknown, found: [string, unknown][] = []): [string, unknown][] => {
      if (Array.isArray(value)) value.forEach((v) => numbered(v, found));
      else if (value !== null && typeof value === 'object') {
        const { self, id } = value as { self?: unknown; id?: unknown };
        if (typeof self === 'string' && /\/\d+$/.test(self)) found.push([self, id]);
        Object.values(value).forEach((v) => numbered(v, found));
      }
      return found;
    };
    const captured = numbered(['jira/issue-created.mattermost.json', 'jira/comment-created.mattermost.json', 'jira/issue-updated-generic.mattermost.json'].map(fixture));
    expect(captured.filter(([self]) => /\/(issuetype|project)\//.test(self)).length).toBeGreaterThan(4);
    for (const [self, id] of captured) expect(self.endsWith(`/${String(id)}`), self).toBe(true);
    for (const kind of [jira, incident]) {
      for (const event of kind.events?.map((e) => e.id) ?? []) {
        for (let seed = 1; seed <= 40; seed++) {
          const entities = numbered(kind.sample({ seed, event }));
          for (const [self, id] of entities) expect(self.endsWith(`/${String(id)}`), `${kind.id} ${event} seed ${seed}: ${self} has id ${String(id)}`).toBe(true);
        }
      }
    }
  });

  it('carry on comment callbacks the issue with the six fields Jira Cloud puts there, as in captured deliveries', () => {
    // zulip/zulip jira fixtures comment_created.json and mattermost-plugin-jira webhook-cloud-comment-*.json.
    const six = ['assignee', 'issuetype', 'priority', 'project', 'status', 'summary'];
    expect(Object.keys((fixture('jira/comment-created.mattermost.json') as { issue: { fields: object } }).issue.fields).sort()).toEqual(six);
    for (const kind of [jira, incident]) {
      for (const event of ['comment_created', 'comment_updated', 'comment_deleted']) {
        const { issue } = kind.sample({ seed: 4, event }) as { issue: { fields: object } };
        expect(Object.keys(issue.fields).sort(), `${kind.id} ${event}`).toEqual(six);
      }
    }
  });

  it('validate an event against that event\'s schema: a comment callback sent as an issue event fails', () => {
    const comment = fixture('jira/comment-created.mattermost.json');
    expect(validatePayload(comment, { kind: 'jira', event: 'jira:issue_created' }).issues.map((i) => i.path)).toEqual(expect.arrayContaining(['$.webhookEvent', '$.user']));
    expect(incident.events?.map((e) => e.id)).not.toContain('worklog_created');
  });
});

describe('jira delivery: retries carry X-Atlassian-Webhook-Retry, the first attempt does not', () => {
  it('retries 503, 409, 425, 408, 429 and 502 with the count, keeping the identifier; a 400 is final', async () => {
    const target = await server([503, 409, 425, 200]);
    const [result] = await sendKind({ kind: getKind('jira'), url: target.url, seed: 2, retryDelayMs: 1 });
    expect(result?.delivered).toBe(true);
    expect(target.requests.map((r) => r.headers['x-atlassian-webhook-retry'])).toEqual([undefined, '1', '2', '3']);
    expect(new Set(target.requests.map((r) => r.headers['x-atlassian-webhook-identifier'])).size).toBe(1);
    expect(new Set(target.requests.map((r) => r.body.toString('utf8'))).size).toBe(1);

    // The rest of the statuses Atlassian lists as retried: 408, 429 and any 5xx.
    const more = await server([408, 429, 502, 200]);
    const [retried] = await sendKind({ kind: getKind('jira'), url: more.url, seed: 2, retryDelayMs: 1 });
    expect(retried?.delivered).toBe(true);
    expect(more.requests.map((r) => r.headers['x-atlassian-webhook-retry'])).toEqual([undefined, '1', '2', '3']);

    const refusing = await server([400, 200]);
    const [dropped] = await sendKind({ kind: getKind('jira'), url: refusing.url, seed: 2, retryDelayMs: 1 });
    expect(dropped?.delivered).toBe(false);
    expect(refusing.requests).toHaveLength(1);
  });

  it('other kinds\' retries stay byte-identical, headers included', async () => {
    const target = await server([500, 200]);
    await sendKind({ kind: getKind('alertmanager'), url: target.url, seed: 2, retryDelayMs: 1 });
    expect(target.requests).toHaveLength(2);
    expect(target.requests[1]?.headers).toEqual({ ...target.requests[0]?.headers });
  });
});

describe('harness-build and harness-deployment', () => {
  // OkHttp's BridgeInterceptor sets okhttp/<version> when no User-Agent is given: that much is stated
  // by OkHttp's source; only the version (and so the value) is unknown, which is why whk sends its own.
  it('says what OkHttp would send as User-Agent, not that no source states it', () => {
    const ours = getKind('harness-build').delivery.provenance.ours.join('\n');
    expect(ours).toMatch(/okhttp\/<its version> \(BridgeInterceptor\)/);
    expect(ours).not.toMatch(/no source states it/);
  });

  it('tell CI from CD by the module in the URLs, and CD module info wins', () => {
    const published = fixture('harness-deployment/stage-start.harness-docs.json') as { eventData: Record<string, unknown> };
    const toCi = (value: unknown): unknown => (typeof value === 'string' ? value.replace('/cd/orgs/', '/ci/orgs/') : value);
    const ci = { eventData: Object.fromEntries(Object.entries(published.eventData).map(([k, v]) => [k, toCi(v)])) };
    expect(detectKind(ci)).toMatchObject({ kind: { id: 'harness-build' }, event: 'StageStart' });
    expect(validatePayload(ci)).toMatchObject({ valid: true, kind: 'harness-build' });
    const withCdInfo = { eventData: { ...ci.eventData, moduleInfo: { services: ['checkout'], environments: ['prod'] } } };
    expect(detectKind(withCdInfo)).toMatchObject({ kind: { id: 'harness-deployment' } });
  });

  it('keep a CI payload with a broken pipelineUrl CI, told by its executionUrl', () => {
    const build = getKind('harness-build').sample({ seed: 1 }) as { eventData: Record<string, unknown> };
    const broken = { eventData: { ...build.eventData, pipelineUrl: 5 } };
    expect(validatePayload(broken)).toMatchObject({ valid: false, kind: 'harness-build', issues: [{ path: '$.eventData.pipelineUrl', message: 'expected string, got number' }] });
  });

  it('send the same envelope: build samples carry no CD data and ci URLs, deployment samples CD module info', () => {
    const build = getKind('harness-build').sample({ seed: 8 }) as { eventData: Record<string, unknown> };
    const deployment = getKind('harness-deployment').sample({ seed: 8 }) as { eventData: Record<string, unknown> };
    expect(build.eventData['moduleInfo']).toEqual({});
    expect(build.eventData['executionUrl']).toContain('/ci/orgs/');
    expect(deployment.eventData['moduleInfo']).toMatchObject({ services: [expect.any(String)], environments: [expect.any(String)], envGroups: [] });
    expect(Object.keys(build.eventData)).toEqual(Object.keys(deployment.eventData));
    expect(build.eventData['startTime']).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} GMT \d{4}$/);
  });

  // The published samples are of a pipeline with no CD data, as a CI one is: moduleInfo {} on pipeline
  // events and Stage Start, none on the stage-end ones. harness-core's ModuleInfo sets envGroups only
  // at the pipeline level.
  const PUBLISHED: Record<string, string> = { PipelineStart: 'pipeline-start', PipelineEnd: 'pipeline-end', PipelineSuccess: 'pipeline-success', PipelineFailed: 'pipeline-failed', StageStart: 'stage-start', StageSuccess: 'stage-success', StageFailed: 'stage-failed', TriggerFailed: 'trigger-failed' };
  it.each(Object.entries(PUBLISHED))('%s: build samples have the published sample\'s fields in its order, deployment samples add CD module info', (event, file) => {
    const published = fixture(`harness-deployment/${file}.harness-docs.json`) as { eventData: Record<string, unknown> };
    const build = getKind('harness-build').sample({ seed: 3, event }) as { eventData: Record<string, unknown> };
    const deployment = getKind('harness-deployment').sample({ seed: 3, event }) as { eventData: Record<string, unknown> };
    expect(Object.keys(build.eventData)).toEqual(Object.keys(published.eventData));
    expect(build.eventData['moduleInfo']).toEqual(published.eventData['moduleInfo']);
    if (event === 'TriggerFailed') return;
    expect(Object.keys(deployment.eventData).filter((k) => k !== 'moduleInfo')).toEqual(Object.keys(published.eventData).filter((k) => k !== 'moduleInfo'));
    expect(Object.keys(deployment.eventData['moduleInfo'] as Record<string, unknown>)).toEqual(event.startsWith('Stage') ? ['services', 'environments', 'infrastructures'] : ['services', 'environments', 'envGroups', 'infrastructures']);
  });

  it('accept startTs in milliseconds, as the published Trigger Failed sample has it', () => {
    const sample = fixture('harness-deployment/trigger-failed.harness-docs.json') as { eventData: { startTs: number } };
    expect(sample.eventData.startTs).toBeGreaterThan(1e12);
    expect(validatePayload(sample)).toMatchObject({ valid: true, kind: 'harness-deployment' });
  });
});

describe('octopus-deploy', () => {
  const octopus: Kind = getKind('octopus-deploy');

  it('accepts enums as numbers (2019) and as strings (2020), and batch counters as strings (the docs\' skeleton)', () => {
    const blog = fixture('octopus-deploy/deployment-started.blog-2019.json') as { Payload: { Subscription: { Type: unknown }; TotalEventsInBatch: unknown } };
    expect(blog.Payload.Subscription.Type).toBe(0);
    expect(validatePayload(blog)).toMatchObject({ valid: true, kind: 'octopus-deploy' });
    const sample = octopus.sample({ seed: 4 }) as typeof blog;
    expect(sample.Payload.Subscription.Type).toBe('Event');
    expect(validatePayload({ ...sample, Payload: { ...sample.Payload, TotalEventsInBatch: '3' } })).toMatchObject({ valid: true });
    expect(validatePayload({ ...sample, Payload: { ...sample.Payload, TotalEventsInBatch: 'three' } }).issues.map((i) => i.path)).toContain('$.Payload.TotalEventsInBatch');
  });

  it('accepts the custom header value as a string or, once sensitive, as a SensitiveValue object (OctopusClients PropertyValueResource)', () => {
    const docs = fixture('octopus-deploy/document-created.docs-2020.json') as { Payload: { Subscription: { EventNotificationSubscription: Record<string, unknown> } } };
    const withValue = (value: unknown): unknown => ({
      ...docs,
      Payload: { ...docs.Payload, Subscription: { ...docs.Payload.Subscription, EventNotificationSubscription: { ...docs.Payload.Subscription.EventNotificationSubscription, WebhookHeaderKey: 'X-Token', WebhookHeaderValue: value } } },
    });
    expect(validatePayload(withValue('abc'))).toMatchObject({ valid: true, kind: 'octopus-deploy' });
    expect(validatePayload(withValue({ HasValue: true, NewValue: null, Hint: null }))).toMatchObject({ valid: true, kind: 'octopus-deploy', issues: [] });
    expect(validatePayload(withValue(42)).issues.map((i) => i.path)).toContain('$.Payload.Subscription.EventNotificationSubscription.WebhookHeaderValue');
  });

  it('knows the newer fields of OctopusClients\' models: Event.IpAddress and the subscription\'s Slack fields', () => {
    const docs = fixture('octopus-deploy/document-created.docs-2020.json') as { Payload: { Subscription: { EventNotificationSubscription: Record<string, unknown> }; Event: Record<string, unknown> } };
    const slack = { SlackChannelIds: ['C0123'], SlackChannelNames: ['#deploys'], SlackFrequencyPeriod: '01:00:00', SlackDigestFormat: 'Summary', SlackDigestLastProcessed: null, SlackDigestLastProcessedEventAutoId: null };
    const payload = {
      ...docs,
      Payload: { ...docs.Payload, Event: { ...docs.Payload.Event, IpAddress: '203.0.113.7' }, Subscription: { ...docs.Payload.Subscription, EventNotificationSubscription: { ...docs.Payload.Subscription.EventNotificationSubscription, ...slack } } },
    };
    expect(validatePayload(payload)).toMatchObject({ valid: true, kind: 'octopus-deploy', issues: [], notes: [] });
  });

  it('links the audit screen as Octopus does: the subscription\'s filter, from its last run to the batch, in whole seconds', () => {
    type Payload = { Payload: { ServerAuditUri: string; BatchProcessingDate: string; Subscription: { EventNotificationSubscription: { WebhookLastProcessed: string; Filter: Record<string, string[]> } } } };
    const seconds = (time: string): string => `${time.slice(0, 19).replace(/:/g, '%3a')}.%2b00%3a00`;
    const query = ({ Payload: p }: Payload): string => {
      const { Filter: f, WebhookLastProcessed: last } = p.Subscription.EventNotificationSubscription;
      const pairs: [string, string[] | undefined][] = [['environments', f['Environments']], ['triggerGroups', f['EventGroups']], ['eventCategories', f['EventCategories']], ['documentTypes', f['DocumentTypes']]];
      return [...pairs.flatMap(([name, values]) => (values ?? []).map((v) => `${name}=${v}`)), `from=${seconds(last)}`, `to=${seconds(p.BatchProcessingDate)}`].join('&');
    };
    // The rule holds for the published deliveries (2019 blog, 2020 docs), so samples must follow it too.
    for (const name of ['deployment-started.blog-2019.json', 'document-created.docs-2020.json']) {
      const published = fixture(`octopus-deploy/${name}`) as Payload;
      expect(published.Payload.ServerAuditUri.split('?')[1]).toBe(query(published));
    }
    for (const variant of octopus.variants.map((v) => v.id)) {
      const sample = octopus.sample({ seed: 2, variant }) as Payload;
      expect(sample.Payload.ServerAuditUri.split('?')[1]).toBe(query(sample));
    }
  });

  it('is at-least-once, deduplicated by the audit event\'s id', () => {
    const sample = octopus.sample({ seed: 4, variant: 'deployment-failed' }) as { Payload: { Event: { Id: string; Category: string } } };
    expect(sample.Payload.Event.Category).toBe('DeploymentFailed');
    expect(octopus.delivery.atLeastOnce).toBe(true);
    expect(octopus.idempotencyId?.(sample)).toBe(sample.Payload.Event.Id);
  });
});
