// The github kind: every event and action sampled from its real example (valid against
// @octokit/webhooks-schemas, detected by its header and by its shape, the same per seed and varied
// between seeds), the documented headers, the real examples as fixtures, and the schema's verdicts.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectKind, detectRequest, getKind } from '../../src/kinds/index.js';
import { isRecord } from '../../src/util/json.js';
import { extract } from '../../src/mapping/extract.js';
import { validatePayload } from '../../src/validate/payload.js';

const github = getKind('github');
const FIXTURES = join(import.meta.dirname, '../../fixtures/github');
const EVENTS = ['push', 'pull_request', 'issues', 'issue_comment', 'workflow_run', 'workflow_job', 'check_run', 'check_suite', 'deployment', 'deployment_status', 'release', 'dependabot_alert', 'code_scanning_alert', 'secret_scanning_alert', 'ping'];
// A version-1 (time-based) UUID, as every published X-GitHub-Delivery is.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Every event with each of its actions (variants), or its one default variant. */
const cases = (github.events ?? []).flatMap((event) => (event.variants ?? [{ id: 'default' }]).map((variant) => [event.id, variant.id] as const));

type Json = Record<string, unknown>;
const sample = (event: string, variant: string, seed: number): Json => github.sample({ seed, event, variant }) as Json;
const seedOf = (event: string, variant: string): Json => JSON.parse(readFileSync(join(FIXTURES, variant === 'default' ? `${event}.json` : `${event}.${variant}.json`), 'utf8')) as Json;

/** The shape of a JSON value: its types and keys, not its values. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, shape(child)]));
  return value === null ? null : typeof value;
}

describe('github: events', () => {
  it('has every event the catalogue asks for, named in X-GitHub-Event by its own id', () => {
    expect(github.eventHeader).toBe('X-GitHub-Event');
    expect(github.events?.map((e) => e.id)).toEqual(EVENTS);
    expect(github.events?.every((e) => e.header === undefined)).toBe(true);
    expect(github).toMatchObject({ template: 'GitHub', integrationType: 'alert' });
  });

  it.each(cases)('%s %s: samples are valid against the schema of their event and action, for many seeds', (event, variant) => {
    for (let seed = 1; seed <= 6; seed++) {
      const payload = sample(event, variant, seed);
      if (variant !== 'default') expect(payload['action']).toBe(variant);
      const result = validatePayload(payload, { kind: 'github', event });
      expect(result.issues, `${event} ${variant} seed ${seed}`).toEqual([]);
      expect(result.notes).toEqual([]);
    }
  });

  it.each(cases)('%s %s: a sample is detected by its header and by its shape alone', (event, variant) => {
    const payload = sample(event, variant, 7);
    const headers = github.requestHeaders?.(payload, event) ?? {};
    expect(headers['X-GitHub-Event']).toBe(event);
    const byHeader = detectRequest({ headers, body: payload });
    expect(byHeader.status === 'detected' && [byHeader.kind.id, byHeader.event]).toEqual(['github', event]);
    const byShape = detectKind(payload);
    expect(byShape.status === 'detected' && [byShape.kind.id, byShape.event]).toEqual(['github', event]);
    expect(validatePayload(payload)).toMatchObject({ valid: true, kind: 'github', kindSource: 'detected' });
  });

  it.each(cases)('%s %s: the same seed gives the same bytes; another seed other identities in the same structure', (event, variant) => {
    const one = sample(event, variant, 11);
    expect(JSON.stringify(sample(event, variant, 11))).toBe(JSON.stringify(one));
    const other = sample(event, variant, 12);
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(one));
    const seed = seedOf(event, variant);
    expect(shape(one)).toEqual(shape(seed));
    expect(shape(other)).toEqual(shape(seed));
    const repository = one['repository'] as Json;
    const original = seed['repository'] as Json;
    expect(repository['id']).not.toBe(original['id']);
    expect(repository['full_name']).not.toBe(original['full_name']);
    expect(repository['node_id']).not.toBe(original['node_id']);
    expect(String(repository['html_url'])).toContain(String(repository['full_name']));
  });
});

describe('github: what varies with the seed', () => {
  it('renames a login everywhere it appears, SHAs with their short forms, and moves every instant by one shift', () => {
    const seed = seedOf('pull_request', 'opened');
    const payload = sample('pull_request', 'opened', 3);
    const text = JSON.stringify(payload);
    const login = (seed['sender'] as Json)['login'] as string;
    expect(text).not.toContain(login);
    const sender = payload['sender'] as Json;
    expect(sender['html_url']).toBe(`https://github.com/${String(sender['login'])}`);
    expect(String(sender['avatar_url'])).toContain(`/u/${String(sender['id'])}`);
    const head = (seed['pull_request'] as { head: { sha: string } }).head.sha;
    expect(text).not.toContain(head);
    const pr = payload['pull_request'] as Json;
    const seedPr = seed['pull_request'] as Json;
    const gap = (p: Json): number => Date.parse(String(p['updated_at'])) - Date.parse(String(p['created_at']));
    expect(gap(pr)).toBe(gap(seedPr));
    expect(String(pr['created_at']).slice(0, 4)).toBe('2026');
  });

  it('keeps the accounts GitHub itself sends from (the schema fixes the sender of Dependabot alerts)', () => {
    const payload = sample('dependabot_alert', 'created', 5);
    expect((payload['sender'] as Json)['login']).toBe('github');
    expect((payload['sender'] as Json)['id']).toBe((seedOf('dependabot_alert', 'created')['sender'] as Json)['id']);
  });

  it('re-encodes legacy node ids with the new database id', () => {
    const sender = sample('issues', 'opened', 8)['sender'] as Json;
    expect(Buffer.from(String(sender['node_id']), 'base64').toString()).toBe(`04:User${String(sender['id'])}`);
  });
});

describe('github: the default mapping', () => {
  it.each(cases)('%s %s: extracts every field without a problem', (event, variant) => {
    const payload = sample(event, variant, 2);
    const result = extract(payload, github.mapping ?? { fields: [] });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    const repository = payload['repository'] as Json;
    expect(Object.fromEntries(result.fields.map((f) => [f.name, f.value]))).toMatchObject({ title: repository['full_name'], status: payload['action'] ?? 'received', link: repository['html_url'] });
  });
});

describe('github: delivery', () => {
  it('is GitHub\'s documented delivery: POST JSON, 2xx within 10 s, no automatic redelivery, signed by the github scheme', () => {
    expect(github.delivery).toMatchObject({ method: 'POST', contentType: 'application/json', success: '2xx', timeoutMs: 10_000, retry: { maxAttempts: 1 }, signature: { scheme: 'github' } });
    expect(github.delivery.provenance.documented.join('\n')).toMatch(/10 seconds/);
    expect(github.delivery.provenance.documented.join('\n')).toMatch(/no automatic redelivery/);
  });

  it('sends the documented headers: a seeded delivery GUID, the hook and its target, the Hookshot user agent', () => {
    const payload = sample('workflow_run', 'completed', 4);
    const headers = github.requestHeaders?.(payload, 'workflow_run') ?? {};
    expect(headers).toEqual({
      'X-GitHub-Event': 'workflow_run',
      'X-GitHub-Delivery': expect.stringMatching(UUID),
      'User-Agent': expect.stringMatching(/^GitHub-Hookshot\/[0-9a-f]{7}$/),
      'X-GitHub-Hook-ID': expect.stringMatching(/^\d{9}$/),
      'X-GitHub-Hook-Installation-Target-ID': String((payload['repository'] as Json)['id']),
      'X-GitHub-Hook-Installation-Target-Type': 'repository',
    });
    expect(github.requestHeaders?.(sample('workflow_run', 'completed', 4), 'workflow_run')).toEqual(headers);
    expect(github.requestHeaders?.(sample('workflow_run', 'completed', 5), 'workflow_run')?.['X-GitHub-Delivery']).not.toBe(headers['X-GitHub-Delivery']);
  });

  it('draws the delivery GUID in the layout GitHub publishes: a version-1 UUID whose time is a recent date', () => {
    // The docs' example delivery (Webhook events and payloads) and every fixture's sidecar: 72d3162e-cc78-11e3-…,
    // a version-1 UUID (time_low-time_mid-1time_hi-variant-node); the REST API's delivery example 58474f00-b361-11eb-… too.
    const published = (JSON.parse(readFileSync(join(FIXTURES, 'push.expect.json'), 'utf8')) as { headers: Record<string, string> }).headers['X-GitHub-Delivery'] ?? '';
    expect(published).toMatch(UUID);
    for (const [event, variant] of cases) {
      for (const seed of [1, 2, 3]) {
        const guid = github.requestHeaders?.(sample(event, variant, seed), event)?.['X-GitHub-Delivery'] ?? '';
        expect(guid, `${event} ${variant} ${seed}`).toMatch(UUID);
        // 100 ns ticks since 1582-10-15, time_hi then time_mid then time_low.
        const [low, mid, high] = guid.split('-') as [string, string, string];
        const ms = Number((BigInt(`0x${high.slice(1)}${mid}${low}`) - 122_192_928_000_000_000n) / 10_000n);
        expect(new Date(ms).getUTCFullYear(), guid).toBeGreaterThanOrEqual(2024);
        expect(new Date(ms).getUTCFullYear(), guid).toBeLessThanOrEqual(2025);
      }
    }
  });

  it('a ping names the hook it tests', () => {
    const ping = sample('ping', 'default', 2);
    expect(github.requestHeaders?.(ping, 'ping')?.['X-GitHub-Hook-ID']).toBe(String(ping['hook_id']));
    expect(ping['hook_id']).toBe((ping['hook'] as Json)['id']);
  });
});

describe('github: the real published examples (fixtures/github)', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json') && !f.endsWith('.expect.json'));
  const examples = createRequire(import.meta.url);

  it.each(files)('%s is detected with its documented headers, valid, and the example its sidecar names', (file) => {
    const payload = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Json;
    const sidecar = JSON.parse(readFileSync(join(FIXTURES, file.replace(/\.json$/, '.expect.json')), 'utf8')) as { source: string; headers: Record<string, string> };
    const event = file.split('.')[0] as string;
    expect(sidecar.headers['X-GitHub-Event']).toBe(event);
    const found = detectRequest({ headers: sidecar.headers, body: payload });
    expect(found.status === 'detected' && [found.kind.id, found.event]).toEqual(['github', event]);
    expect(validatePayload(payload, { kind: 'github', event })).toMatchObject({ valid: true, issues: [] });
    // The source is named precisely enough to find it: the package, the index file, the example.
    const [, index, name, position] = /^@octokit\/webhooks-examples 7\.6\.1, ([\w.-]+)\/index\.json, event (\w+), examples\[(\d+)\]/.exec(sidecar.source) ?? [];
    expect(name).toBe(event);
    const published = (examples(`@octokit/webhooks-examples/${index}/index.json`) as { name: string; examples: Json[] }[]).find((e) => e.name === name)?.examples[Number(position)];
    if (sidecar.source.includes('(verbatim)')) expect(payload).toEqual(published);
    else expect(payload).toEqual({ ...published, repository: { ...(published?.['repository'] as Json), ...pick(payload['repository'] as Json, ['is_template', 'web_commit_signoff_required', 'topics', 'visibility', 'custom_properties']) } });
  });
});

describe('github: every published example told by its keys alone', () => {
  // All of @octokit/webhooks-examples 7.6.1's api.github.com examples of the events whk lists (139),
  // without X-GitHub-Event: each is detected as its own event. A workflow_job carrying the deployment
  // its job runs for (examples[6] of workflow_job) was told as a deployment, and judged invalid.
  const index = createRequire(import.meta.url)('@octokit/webhooks-examples/api.github.com/index.json') as { name: string; examples: Json[] }[];
  const examples = index.filter((event) => EVENTS.includes(event.name)).flatMap((event) => event.examples.map((payload, i) => ({ event: event.name, i, payload })));

  it('detects each as its own event', () => {
    expect(examples.length).toBeGreaterThan(130);
    const told = examples.map(({ event, i, payload }) => {
      const found = detectKind(payload);
      return [`${event}[${i}]`, found.status === 'detected' ? `${found.kind.id} ${found.event ?? ''}` : found.status];
    });
    expect(told.filter(([name, as]) => as !== `github ${name?.replace(/\[\d+\]$/, '')}`)).toEqual([]);
  });

  it('a workflow_job with a deployment is workflow_job by its keys, and valid', () => {
    const payload = JSON.parse(readFileSync(join(FIXTURES, 'workflow_job.queued-with-deployment.json'), 'utf8')) as Json;
    expect(payload['deployment']).toBeDefined();
    expect(detectKind(payload)).toMatchObject({ status: 'detected', kind: { id: 'github' }, event: 'workflow_job' });
    expect(validatePayload(payload)).toMatchObject({ valid: true, kind: 'github', issues: [] });
  });
});

function pick(record: Json, keys: readonly string[]): Json {
  return Object.fromEntries(keys.map((key) => [key, record[key]]));
}

describe('github: the schemas\' verdicts', () => {
  it('a field newer than the schemas is a note, not a failure', () => {
    const payload = sample('push', 'default', 1);
    (payload['repository'] as Json)['has_discussions_v2'] = true;
    expect(validatePayload(payload)).toMatchObject({ valid: true, kind: 'github', notes: ['$.repository.has_discussions_v2 is not in the schema (a newer sender field?)'] });
  });

  it('a wrong type is an issue at its JSON path', () => {
    const payload = sample('release', 'published', 1);
    (payload['release'] as Json)['prerelease'] = 'no';
    expect(validatePayload(payload).issues).toContainEqual({ path: '$.release.prerelease', message: 'expected boolean, got string' });
  });

  it('an action the schemas do not know is an issue at $.action naming the known ones', () => {
    const payload = { ...sample('workflow_job', 'queued', 1), action: 'paused' };
    const result = validatePayload(payload, { kind: 'github', event: 'workflow_job' });
    expect(result.issues).toEqual([{ path: '$.action', message: expect.stringMatching(/expected one of the workflow_job actions .*"queued"/) }]);
  });

  it('the event header decides which schema applies', () => {
    const push = sample('push', 'default', 1);
    expect(validatePayload(push, { kind: 'github', event: 'release' }).issues).toContainEqual({ path: '$.action', message: 'required property is missing' });
  });

  it('an event whk does not list is unknown by its header, not invalid', () => {
    const found = detectRequest({ headers: { 'x-github-event': 'star' }, body: { action: 'created', starred_at: null } });
    expect(found).toMatchObject({ status: 'unknown', message: expect.stringContaining('star') });
  });

  it('a payload with a repository and a sender but no event\'s keys is not GitHub\'s', () => {
    const { repository, sender } = sample('push', 'default', 1);
    expect(detectKind({ repository, sender }).status).toBe('unknown');
    expect(github.looksLike({ zen: 'Keep it logically awesome.', hook_id: 1 })).toBe(false);
  });
});
