// The kind model: defineKind's defaults, kinds with events (sample, schema and headers per event),
// and detection of a request by its event header and of a payload by the keys kinds claim.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UsageError } from '../../src/errors.js';
import { describeKinds } from '../../src/commands/kinds.js';
import { prepareSend } from '../../src/delivery/plan.js';
import { defineKind } from '../../src/kinds/define.js';
import { detectKind, detectRequest } from '../../src/kinds/detect.js';
import { detectKind as detectWithRegistry, getKind, listKinds } from '../../src/kinds/index.js';
import { generateSample } from '../../src/kinds/sample.js';
import { BODY_ORIGINS, type Kind } from '../../src/kinds/types.js';
import { isRecord } from '../../src/util/json.js';
import { validatePayload } from '../../src/validate/payload.js';

// A test-only sender that names its events in a header, as GitLab does ('Push Hook'), and in the
// body ('object_kind'), with one schema and one generator per event.
const pushSchema = z.object({ object_kind: z.literal('push'), ref: z.string(), commits: z.array(z.object({ id: z.string() })) }).loose();
const tagSchema = z.object({ object_kind: z.literal('tag_push'), ref: z.string().startsWith('refs/tags/') }).loose();
const hub = defineKind({
  id: 'test-hub',
  title: 'a test sender with events',
  follows: 'this test',
  bodyOrigin: 'sender-code',
  template: 'Test Hub',
  integrationType: 'build',
  eventHeader: 'X-Hub-Event',
  events: [
    {
      id: 'push',
      description: 'commits pushed to a branch',
      header: 'Push Hook',
      schema: pushSchema,
      generate: ({ random }) => ({ object_kind: 'push', ref: 'refs/heads/main', commits: [{ id: random.hex(40) }] }),
    },
    {
      id: 'tag_push',
      description: 'a tag pushed',
      header: 'Tag Push Hook',
      schema: tagSchema,
      variants: [
        { id: 'release', description: 'a release tag' },
        { id: 'nightly', description: 'a nightly tag' },
      ],
      generate: ({ variant }) => ({ object_kind: 'tag_push', ref: `refs/tags/${variant === 'release' ? 'v1.2.0' : 'nightly-2026-03-04'}` }),
    },
  ],
  eventOf: (payload) => (isRecord(payload) && typeof payload['object_kind'] === 'string' ? payload['object_kind'] : undefined),
  claims: { keys: ['object_kind'] },
  looksLike: (payload) => isRecord(payload) && typeof payload['object_kind'] === 'string',
  requestHeaders: (_payload, event) => ({ 'X-Hub-Instance': `hub.example.test/${event ?? 'none'}` }),
  delivery: { success: '2xx', retry: { maxAttempts: 1, initialDelayMs: 0, backoff: 'fixed' }, timeoutMs: 10_000, provenance: { documented: [], ours: ['a test'] } },
});
const KINDS: readonly Kind[] = [...listKinds(), hub];

describe('defineKind', () => {
  it('fills the frame: one default variant, the first as default, the plain JSON POST profile, no doubts', () => {
    expect(hub.variants.map((v) => v.id)).toEqual(['default']);
    expect(hub.defaultVariant).toBe('default');
    expect(hub.defaultEvent).toBe('push');
    expect(hub.doubts).toEqual([]);
    expect(hub.delivery).toMatchObject({ method: 'POST', contentType: 'application/json', gzip: 'never', batching: null, atLeastOnce: false, signature: null, auth: [], pauseByDefault: false });
  });

  // The sender follows redirects exactly when its client's rule for them is known: delivery reads the
  // rule, so a profile saying it follows without one would silently not follow.
  it('follows redirects in every built-in profile and release line exactly when it has a redirect rule', () => {
    for (const kind of listKinds()) {
      const lines = [kind.delivery, ...(kind.senderVersions?.releases.map((release) => ({ ...kind.delivery, ...release.delivery })) ?? [])];
      for (const delivery of lines) expect([kind.id, delivery.followRedirects]).toEqual([kind.id, delivery.redirects !== undefined]);
    }
  });

  // The note on a field the schema does not list says where it likely comes from, which only the
  // kind knows: a newer release of the sender's code, or the user's edited template.
  it('every built-in kind declares who writes its body, and a kind whose generations differ says it per payload', () => {
    for (const kind of listKinds()) {
      expect(BODY_ORIGINS, kind.id).toContain(kind.bodyOrigin);
      expect(kind.bodyOrigin, kind.id).not.toBe('user-schema');
      for (const variant of kind.variants) expect(BODY_ORIGINS, `${kind.id} ${variant.id}`).toContain(kind.bodyOriginOf?.(kind.sample({ seed: 1, variant: variant.id })) ?? kind.bodyOrigin);
    }
    const hertzbeat = getKind('hertzbeat-alarm');
    const originOf = (variant: string) => hertzbeat.bodyOriginOf?.(hertzbeat.sample({ seed: 1, variant }));
    expect(['grouped', 'flat', 'entity', 'entity-oldest'].map(originOf)).toEqual(['template', 'template', 'sender-code', 'sender-code']);
  });

  it('keeps the samples of the built-in kinds reproducible by seed', () => {
    for (const kind of listKinds()) expect(JSON.stringify(kind.sample({ seed: 9 })), kind.id).toBe(JSON.stringify(kind.sample({ seed: 9 })));
  });
});

describe('a kind with events', () => {
  it('samples the default event, or the one named, with that event\'s generator and variants', () => {
    expect(generateSample(hub, { seed: 1 })).toMatchObject({ object_kind: 'push' });
    expect(generateSample(hub, { seed: 1, event: 'tag_push' })).toEqual({ object_kind: 'tag_push', ref: 'refs/tags/v1.2.0' });
    expect(generateSample(hub, { seed: 1, event: 'tag_push', variant: 'nightly' })).toEqual({ object_kind: 'tag_push', ref: 'refs/tags/nightly-2026-03-04' });
  });

  it('refuses an unknown event, an event for a kind without events, and a variant of another event', () => {
    expect(() => generateSample(hub, { seed: 1, event: 'merge_request' })).toThrow(UsageError);
    expect(() => generateSample(hub, { seed: 1, event: 'merge_request' })).toThrow(/unknown event 'merge_request' for test-hub/);
    expect(() => generateSample(getKind('alertmanager'), { seed: 1, event: 'push' })).toThrow(/alertmanager has no events/);
    expect(() => generateSample(hub, { seed: 1, event: 'push', variant: 'nightly' })).toThrow(/unknown variant 'nightly'/);
    // The hint names the event whose variant it is, not the variants of push, which has none.
    const refusal = (event: string | undefined) => {
      try {
        generateSample(hub, { seed: 1, event, variant: 'nightly' });
      } catch (thrown) {
        return thrown as UsageError;
      }
      return undefined;
    };
    expect(refusal(undefined)?.hint).toBe("'nightly' is a variant of `event` tag_push: give it with that event");
    // push named: said to have no variants, and where 'nightly' belongs (it was 'give it with that event', push ignored).
    expect(refusal('push')?.message).toBe("unknown variant 'nightly' for test-hub push");
    expect(refusal('push')?.hint).toBe("test-hub push has no variants; 'nightly' is a variant of `event` tag_push");
  });

  it('validates against the schema of the event named, or of the one the payload names', () => {
    const push = generateSample(hub, { seed: 2 });
    expect(validatePayload(push, { kind: 'test-hub', kinds: KINDS, event: 'push' }).valid).toBe(true);
    const asTag = validatePayload(push, { kind: 'test-hub', kinds: KINDS, event: 'tag_push' });
    expect(asTag.valid).toBe(false);
    expect(asTag.issues.map((i) => i.path)).toContain('$.object_kind');
    const broken = { object_kind: 'push', ref: 'refs/heads/main' };
    expect(validatePayload(broken, { kinds: KINDS }).issues).toEqual([{ path: '$.commits', message: expect.stringMatching(/missing|expected/) }]);
  });

  it('puts the sender\'s event header on each request, with the value the sender uses for that event', () => {
    const tag = generateSample(hub, { seed: 3, event: 'tag_push' });
    expect(hub.requestHeaders?.(tag, 'tag_push')).toEqual({ 'X-Hub-Event': 'Tag Push Hook', 'X-Hub-Instance': 'hub.example.test/tag_push' });
    // Without the event named, the payload's own (eventOf) decides.
    expect(hub.requestHeaders?.(tag)).toEqual({ 'X-Hub-Event': 'Tag Push Hook', 'X-Hub-Instance': 'hub.example.test/tag_push' });
  });
});

describe('sending a kind with events', () => {
  it('sends the event named, with its event header; --header still overrides it', () => {
    const [planned] = prepareSend({ kind: hub, url: 'http://127.0.0.1:9/hook', seed: 5, event: 'tag_push' });
    expect(planned?.request.headers).toMatchObject({ 'X-Hub-Event': 'Tag Push Hook', 'X-Hub-Instance': 'hub.example.test/tag_push' });
    expect(JSON.parse(planned?.request.body.toString() ?? '{}')).toMatchObject({ object_kind: 'tag_push' });
    const [overridden] = prepareSend({ kind: hub, url: 'http://127.0.0.1:9/hook', seed: 5, headers: { 'x-hub-event': 'Custom' } });
    expect(overridden?.request.headers['x-hub-event']).toBe('Custom');
    expect(overridden?.request.headers).not.toHaveProperty('X-Hub-Event');
    expect(() => prepareSend({ kind: hub, url: 'http://127.0.0.1:9/hook', event: 'nope' })).toThrow(/unknown event 'nope'/);
  });

  it('takes an event by the value its header carries as well as by its id, as the header is sent (case and all)', () => {
    expect(generateSample(hub, { seed: 1, event: 'Tag Push Hook', variant: 'nightly' })).toEqual(generateSample(hub, { seed: 1, event: 'tag_push', variant: 'nightly' }));
    const [planned] = prepareSend({ kind: hub, url: 'http://127.0.0.1:9/hook', seed: 5, event: 'Tag Push Hook' });
    // The header carries the header value, and the kind's own headers see the event's id.
    expect(planned?.request.headers).toMatchObject({ 'X-Hub-Event': 'Tag Push Hook', 'X-Hub-Instance': 'hub.example.test/tag_push' });
    expect(JSON.parse(planned?.request.body.toString() ?? '{}')).toMatchObject({ object_kind: 'tag_push' });
    // The schema of the event named by its header value applies: a push body is not a Tag Push Hook.
    const push = generateSample(hub, { seed: 2 });
    expect(validatePayload(push, { kind: 'test-hub', kinds: KINDS, event: 'Tag Push Hook' }).issues.map((i) => i.path)).toContain('$.object_kind');
    expect(() => generateSample(hub, { seed: 1, event: 'tag push hook' })).toThrow(/unknown event 'tag push hook' for test-hub/);
    expect(() => generateSample(hub, { seed: 1, event: 'tag push hook' })).toThrow(expect.objectContaining({ hint: expect.stringMatching(/did you mean 'Tag Push Hook'\?.*push \("Push Hook"\), tag_push \("Tag Push Hook"\)/) }));
  });

  it('takes every built-in event by its header value, which names no other event of its kind', () => {
    for (const kind of listKinds()) {
      for (const event of kind.events ?? []) {
        const header = event.header ?? event.id;
        expect(kind.events?.filter((e) => e.id === header && e !== event), `${kind.id} ${header}`).toEqual([]);
        expect(JSON.stringify(generateSample(kind, { seed: 3, event: header })), `${kind.id} ${header}`).toBe(JSON.stringify(generateSample(kind, { seed: 3, event: event.id })));
      }
    }
  });
});

describe('detectRequest', () => {
  const tag = { object_kind: 'tag_push', ref: 'refs/tags/v1' };

  it('dispatches on the event header first, in any case, naming kind and event', () => {
    const found = detectRequest({ headers: { 'x-hub-event': 'Tag Push Hook' }, body: tag }, KINDS);
    expect(found).toMatchObject({ status: 'detected', event: 'tag_push' });
    expect(found.status === 'detected' && found.kind.id).toBe('test-hub');
    expect(detectRequest({ headers: { 'X-HUB-EVENT': ['Push Hook'] }, body: {} }, KINDS)).toMatchObject({ status: 'detected', event: 'push' });
  });

  it('an event header with an event no kind has is unknown, not an error', () => {
    expect(detectRequest({ headers: { 'x-hub-event': 'Wiki Page Hook' }, body: tag }, KINDS)).toMatchObject({ status: 'unknown', message: expect.stringContaining('Wiki Page Hook') });
  });

  it('without an event header, reads the body: its keys, then the event the body names', () => {
    const found = detectRequest({ headers: { 'content-type': 'application/json' }, body: tag }, KINDS);
    expect(found).toMatchObject({ status: 'detected', event: 'tag_push' });
    const alert = getKind('alertmanager').sample({ seed: 4 });
    const plain = detectRequest({ headers: {}, body: alert }, KINDS);
    expect(plain.status === 'detected' && plain.kind.id).toBe('alertmanager');
    expect(plain).not.toHaveProperty('event');
  });

  it('takes the event a body field names only when the kind has that event, never a name every object inherits', () => {
    for (const id of ['opsgenie', 'dynatrace', 'grafana-incident', 'travis-ci']) {
      const kind = getKind(id);
      const sample = kind.sample({ seed: 2 });
      expect(kind.eventOf?.(sample), id).toBe(kind.defaultEvent);
      const field = Object.keys(sample as object).find((key) => (sample as Record<string, unknown>)[key] === kind.defaultEvent) as string;
      for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'no-such-event']) {
        expect(kind.eventOf?.({ ...(sample as object), [field]: name }), `${id} ${name}`).toBeUndefined();
      }
    }
    const inherited = { ...(getKind('opsgenie').sample({ seed: 2 }) as object), action: 'toString' };
    const found = detectRequest({ headers: {}, body: inherited }, KINDS);
    expect(found.status === 'detected' && found.kind.id).toBe('opsgenie');
    expect(found).not.toHaveProperty('event');
  });

  it('a payload no kind claims is unknown', () => {
    for (const body of [{ zen: 'Keep it logically awesome.', hook_id: 1 }, [1, 2], 'text', null, {}]) {
      expect(detectRequest({ headers: {}, body }, KINDS).status, JSON.stringify(body)).toBe('unknown');
    }
    expect(detectWithRegistry({ zen: 'Keep it logically awesome.' }).status).toBe('unknown');
  });
});

describe('the detection index', () => {
  const scan = (payload: unknown): string[] => KINDS.filter((k) => k.looksLike(payload)).map((k) => k.id);
  const detected = (payload: unknown): string => {
    const found = detectKind(payload, KINDS);
    return found.status === 'detected' ? found.kind.id : found.status;
  };

  it('agrees with trying every kind, on every sample and fixture', () => {
    const payloads: unknown[] = KINDS.flatMap((kind) => kind.variants.flatMap((v) => [1, 2, 3].map((seed) => kind.sample({ seed, variant: v.id, count: 2 }))));
    const root = join(import.meta.dirname, '../../fixtures');
    for (const dir of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const sub of [dir.name, join(dir.name, 'invalid')]) {
        for (const file of readdirSync(join(root, sub)).filter((f) => f.endsWith('.json') && !f.endsWith('.expect.json'))) {
          const text = readFileSync(join(root, sub, file), 'utf8');
          try {
            payloads.push(JSON.parse(text));
          } catch {
            // lenient-only fixtures (trailing commas) are not payloads for this comparison
          }
        }
      }
    }
    expect(payloads.length).toBeGreaterThan(80);
    for (const payload of payloads) {
      const claimed = scan(payload);
      const found = detectKind(payload, KINDS);
      if (claimed.length === 1) expect(found.status === 'detected' && found.kind.id).toBe(claimed[0]);
      if (claimed.length === 0) expect(found.status).toBe('unknown');
    }
  });

  it('lists an unknown payload\'s keys only when its message is read (the receiver never reads it)', () => {
    let listed = 0;
    const wide = new Proxy(Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`key${i}`, i])), {
      ownKeys: (target) => {
        listed++;
        return Reflect.ownKeys(target);
      },
    });
    const found = detectKind(wide, KINDS);
    const before = listed;
    expect(found.status).toBe('unknown');
    expect(found.status === 'unknown' && found.message).toContain('an object with key0, key1, key2, key3, key4, ...');
    expect(listed).toBe(before + 1);
  });

  it('tries only the kinds a payload\'s keys point to, however many kinds there are', () => {
    let tried = 0;
    const many: Kind[] = Array.from({ length: 200 }, (_, i) =>
      defineKind({
        id: `k${i}`,
        title: `kind ${i}`,
        follows: 'this test',
        bodyOrigin: 'sender-code',
        schema: z.object({ [`key${i}`]: z.number() }),
        claims: { keys: [`key${i}`] },
        looksLike: (payload) => {
          tried++;
          return isRecord(payload) && `key${i}` in payload;
        },
        generate: () => ({ [`key${i}`]: i }),
        delivery: hub.delivery,
      }),
    );
    expect(detected({ key150: 1, other: 2 })).toBe('unknown');
    const found = detectKind({ key150: 1, other: 2 }, many);
    expect(found.status === 'detected' && found.kind.id).toBe('k150');
    expect(tried).toBe(1);
    expect(detectKind({ nothing: true }, many).status).toBe('unknown');
    expect(tried).toBe(1);
  });
});

describe('whk kinds data', () => {
  it('says who writes each kind\'s body, as the kind declares it', () => {
    for (const described of describeKinds()) expect(described.bodyOrigin, described.id).toBe(getKind(described.id).bodyOrigin);
    expect(describeKinds().find((k) => k.id === 'datadog-monitor')?.bodyOrigin).toBe('template');
  });

  it('gives the Harness AI SRE templates and integration types, and the events of kinds that have them', () => {
    const described = describeKinds();
    const templates = Object.fromEntries(described.filter((k) => k.template !== null).map((k) => [k.id, [k.template, k.integrationType]]));
    expect(templates).toEqual({
      alertmanager: ['AlertManager', 'alert'],
      'grafana-alert': ['Grafana', 'alert'],
      'pagerduty-incident': ['PagerDuty', 'alert'],
      'datadog-monitor': ['Datadog', 'alert'],
      'sentry-issue-alert': ['Sentry', 'alert'],
      'cloudwatch-alarm': ['Cloudwatch', 'alert'],
      github: ['GitHub', 'alert'],
      jira: ['Jira', 'alert'],
      'jira-incident': ['Jira Incident', 'incident'],
      'octopus-deploy': ['Octopus Deploy', 'alert'],
      'harness-build': ['Harness Build', 'build'],
      'harness-deployment': ['Harness Deployment', 'deployment'],
      'travis-ci': ['Travis CI', 'alert'],
      gitlab: ['GitLab', 'alert'],
      bitbucket: ['Bitbucket', 'alert'],
      opsgenie: ['Opsgenie', 'alert'],
      'new-relic': ['New Relic', 'alert'],
      dynatrace: ['Dynatrace', 'alert'],
      bigpanda: ['BigPanda', 'alert'],
      'grafana-incident': ['Grafana Incident', 'alert'],
      'harness-slo': ['Harness SLO', 'alert'],
      lacework: ['Lacework', 'alert'],
      servicenow: ['ServiceNow', 'alert'],
      'servicenow-incident': ['ServiceNow Incident', 'incident'],
      alertsite: ['AlertSite', 'alert'],
    });
    const github = described.find((k) => k.id === 'github')?.events ?? [];
    expect(github.map((e) => e.header)).toEqual(github.map((e) => e.id));
    expect(github.map((e) => e.id)).toEqual(expect.arrayContaining(['push', 'pull_request', 'issues', 'issue_comment', 'workflow_run', 'workflow_job', 'check_run', 'check_suite', 'deployment', 'deployment_status', 'release', 'dependabot_alert', 'code_scanning_alert', 'secret_scanning_alert', 'ping']));
    const pipelineEvents = ['PipelineStart', 'PipelineEnd', 'PipelineSuccess', 'PipelineFailed', 'StageStart', 'StageSuccess', 'StageFailed', 'TriggerFailed'];
    const jiraIssueEvents = ['jira:issue_created', 'jira:issue_updated', 'jira:issue_deleted', 'comment_created', 'comment_updated', 'comment_deleted'];
    const withEvents = Object.fromEntries(described.filter((k) => k.events.length > 0 && !['github', 'gitlab', 'bitbucket'].includes(k.id)).map((k) => [k.id, k.events.map((e) => e.id)]));
    expect(withEvents).toEqual({
      jira: [...jiraIssueEvents, 'worklog_created', 'worklog_updated', 'worklog_deleted'],
      'jira-incident': jiraIssueEvents,
      'harness-build': pipelineEvents,
      'harness-deployment': pipelineEvents,
      'travis-ci': ['started', 'passed', 'failed', 'errored', 'canceled'],
      opsgenie: ['Create', 'Acknowledge', 'UnAcknowledge', 'AddNote', 'Close', 'Delete'],
      dynatrace: ['OPEN', 'RESOLVED'],
      'grafana-incident': [
        'grafana.incident.created',
        'grafana.incident.updated.status',
        'grafana.incident.updated.severity',
        'grafana.incident.updated.title',
        'grafana.incident.updated.role',
        'grafana.incident.added.label',
        'grafana.incident.removed.label',
      ],
    });
    const withHeaders = Object.fromEntries(described.filter((k) => k.id === 'gitlab' || k.id === 'bitbucket').map((k) => [k.id, [k.eventHeader, k.events.map((e) => e.header)]]));
    expect(withHeaders).toEqual({
      gitlab: ['X-Gitlab-Event', ['Push Hook', 'Tag Push Hook', 'Merge Request Hook', 'Pipeline Hook', 'Job Hook', 'Deployment Hook', 'Issue Hook', 'Note Hook', 'Release Hook']],
      bitbucket: [
        'X-Event-Key',
        [
          'repo:push',
          'pullrequest:created',
          'pullrequest:updated',
          'pullrequest:fulfilled',
          'pullrequest:rejected',
          'pullrequest:approved',
          'pullrequest:comment_created',
          'repo:commit_status_created',
          'repo:commit_status_updated',
          'issue:created',
        ],
      ],
    });
    expect(described.find((k) => k.id === 'metric-alert')?.sampleFilters.map((f) => f.name)).toEqual(['environment', 'alertType']);
  });
});
