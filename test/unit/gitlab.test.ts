// GitLab specifics: the secret token travels as it is, the Issue Hook's work items, one attempt per
// delivery, the headers GitLab documents.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareSend } from '../../src/delivery/plan.js';
import { detectRequest, getKind } from '../../src/kinds/index.js';
import { verifySignature } from '../../src/receiver/signature.js';
import { validatePayload } from '../../src/validate/payload.js';

const gitlab = getKind('gitlab');
const docIssue = JSON.parse(readFileSync(new URL('../../fixtures/gitlab/issue.json', import.meta.url), 'utf8')) as Record<string, unknown>;

/** The fixtures copied from the "Webhook events" doc version whk follows (gitlabhq 017a6c12, GitLab 18.2), by file name. */
const FIXTURES = new URL('../../fixtures/gitlab/', import.meta.url);
const docExamples = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.expect.json'))
  .filter((name) => String((JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as { source?: string }).source).includes('017a6c129d6a9e4ad9fec792cd84f88641d7dbfe'))
  .map((name) => name.replace(/\.expect\.json$/, '.json'));
const docExample = (name: string) => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Record<string, Record<string, unknown>>;

describe('gitlab', () => {
  it('sends --secret as X-Gitlab-Token, as it is (no signature), and nothing without one', () => {
    const [signed] = prepareSend({ kind: gitlab, url: 'http://127.0.0.1:9/hook', seed: 1, secret: 'tok en/1' });
    expect(signed?.request.headers['X-Gitlab-Token']).toBe('tok en/1');
    const [plain] = prepareSend({ kind: gitlab, url: 'http://127.0.0.1:9/hook', seed: 1 });
    expect(Object.keys(plain?.request.headers ?? {}).map((h) => h.toLowerCase())).not.toContain('x-gitlab-token');
  });

  it('the receiver compares X-Gitlab-Token with its secret: valid, invalid or missing', () => {
    const body = Buffer.from('{}');
    const verify = (headers: Record<string, string>) => verifySignature({ secret: 's3cret', kind: gitlab, headers, body, now: 0 });
    expect(verify({ 'x-gitlab-token': 's3cret' })).toMatchObject({ scheme: 'gitlab', verdict: 'valid' });
    expect(verify({ 'x-gitlab-token': 's3cre' })).toMatchObject({ verdict: 'invalid' });
    expect(verify({})).toMatchObject({ verdict: 'missing', header: 'x-gitlab-token' });
  });

  it('puts GitLab\'s delivery headers on each request, the event\'s in X-Gitlab-Event', () => {
    const [planned] = prepareSend({ kind: gitlab, url: 'http://127.0.0.1:9/hook', seed: 2, event: 'pipeline' });
    expect(planned?.request.headers).toMatchObject({
      'Content-Type': 'application/json',
      'User-Agent': expect.stringMatching(/^GitLab\/\d+\.\d+\.\d+$/),
      'X-Gitlab-Event': 'Pipeline Hook',
      'X-Gitlab-Instance': 'https://gitlab.example.com',
      'X-Gitlab-Webhook-UUID': expect.any(String),
      'X-Gitlab-Event-UUID': expect.any(String),
      'Idempotency-Key': expect.any(String),
    });
    expect(JSON.parse(planned?.request.body.toString() ?? '{}')).toMatchObject({ object_kind: 'pipeline' });
  });

  // build_headers sends Gitlab.config.gitlab.base_url, which config/settings.rb builds without the
  // relative_url_root that gitlab.url, and so the project's web_url, carries.
  it('sends the instance\'s base URL as X-Gitlab-Instance: no relative URL root, the port only when not standard', () => {
    const instance = (webUrl: string) =>
      prepareSend({ kind: gitlab, url: 'http://127.0.0.1:9/hook', seed: 2, event: 'push', set: [`project.web_url=${webUrl}`] })[0]?.request.headers['X-Gitlab-Instance'];
    expect(instance('https://git.example.org:8443/gitlab/acme/payments-api')).toBe('https://git.example.org:8443');
    expect(instance('https://git.example.org:443/gitlab/acme/payments-api')).toBe('https://git.example.org');
    expect(instance('http://git.example.org/acme/payments-api')).toBe('http://git.example.org');
    // Not an http(s) URL: no base URL to read, so the default instance (not the string "null").
    expect(instance('ssh://git.example.org/acme/payments-api')).toBe('https://gitlab.example.com');
  });

  // build_headers: X-Gitlab-Webhook-UUID is SecureRandom.uuid on every request, not one per webhook.
  it('sends another X-Gitlab-Webhook-UUID with each event of the same project', () => {
    const uuids = [2, 3].map((seed) => prepareSend({ kind: gitlab, url: 'http://127.0.0.1:9/hook', seed, event: 'push', set: ['project.id=7'] })[0]?.request.headers['X-Gitlab-Webhook-UUID']);
    expect(uuids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(uuids[1]).not.toBe(uuids[0]);
  });

  // app/services/web_hook_service.rb: response_category takes success? or redirection? as :ok, and
  // Gitlab::HTTP (HTTParty) follows redirects.
  it('makes one attempt per delivery, a status below 400 being success, within 10 s, following redirects as HTTParty does', () => {
    expect(gitlab.delivery).toMatchObject({ success: 'below-400', retry: { maxAttempts: 1 }, timeoutMs: 10_000, signature: { scheme: 'gitlab' }, followRedirects: true, redirects: { client: 'HTTParty (Gitlab::HTTP)', max: 4 } });
    expect(gitlab.delivery.provenance.documented.join('\n')).toMatch(/4 consecutive failures/);
  });

  // config/initializers/1_settings.rb gives every instance webhook_timeout 10, not only GitLab.com.
  it('says the 10 s is GitLab\'s default webhook_timeout, not GitLab.com\'s alone', () => {
    expect(gitlab.delivery.provenance.documented.join('\n')).toMatch(/webhook_timeout defaults to 10 on every instance/);
    expect(gitlab.doubts.join('\n')).not.toMatch(/GitLab\.com's; self-managed/);
  });

  // A later lib/gitlab/data_builder/pipeline.rb adds ref_status_name; no source found dates it.
  it('leaves ref_status_name out of its samples as a doubt (release unsettled), and takes a body carrying it', () => {
    expect(gitlab.doubts.join('\n')).toMatch(/ref_status_name.*no source found names the release/);
    const body = gitlab.sample({ seed: 3, event: 'pipeline' }) as { object_attributes: Record<string, unknown> };
    expect(body.object_attributes).not.toHaveProperty('ref_status_name');
    body.object_attributes['ref_status_name'] = 'fixed';
    expect(validatePayload(body, { kind: 'gitlab', event: 'pipeline' }).valid).toBe(true);
  });

  // The schema lacked ~19 fields of the doc's Issue Hook example (state_id, due_date, weight,
  // health_status, escalation_status, …) and others of its Merge Request, Note and Pipeline examples:
  // whk validate called each a newer sender field.
  it.each(docExamples)('declares every field of the doc example %s: valid, with no unknown-field notes', (name) => {
    expect(validatePayload(docExample(name))).toMatchObject({ valid: true, kind: 'gitlab', notes: [] });
  });

  it('covers every payload example of the doc\'s nine events, the four comment examples among them', () => {
    expect(docExamples.sort()).toEqual(['build', 'deployment', 'issue', 'merge_request', 'note', 'note-commit', 'note-merge_request', 'note-snippet', 'pipeline', 'push', 'release', 'tag_push'].map((n) => `${n}.json`).sort());
  });

  // What GitLab 18.2 sends, the samples send: each object_attributes field of the doc's example
  // (escalation_* only come with incidents, the doc says; the Issue sample is an Issue).
  it.each([
    ['issue', 'issue.json', ['escalation_status', 'escalation_policy']],
    ['merge_request', 'merge_request.json', []],
    ['note', 'note.json', []],
  ] as const)('samples %s with the object_attributes fields of the doc\'s example', (event, name, conditional: readonly string[]) => {
    const documented = Object.keys(docExample(name)['object_attributes'] ?? {}).filter((key) => !conditional.includes(key));
    for (const seed of [1, 2, 3, 4]) {
      const body = gitlab.sample({ seed, event }) as Record<string, Record<string, unknown>>;
      expect(documented.filter((key) => !(key in (body['object_attributes'] ?? {}))), `seed ${seed}`).toEqual([]);
    }
  });

  it('samples a comment on an issue with the issue\'s fields as the doc\'s example carries them', () => {
    const documented = Object.keys(docExample('note.json')['issue'] ?? {});
    const body = gitlab.sample({ seed: 1, event: 'note' }) as Record<string, Record<string, unknown>>;
    expect(documented.filter((key) => !(key in (body['issue'] ?? {})))).toEqual([]);
  });

  // One path came with ids 28298 and 45961 in one --count run: drawn apart from the path.
  it('gives a project path one id across seeds and events, as an instance does', () => {
    const ids = new Map<string, Set<unknown>>();
    for (const event of (gitlab.events ?? []).map((e) => e.id)) {
      for (let seed = 1; seed <= 30; seed += 1) {
        const project = (gitlab.sample({ seed, event }) as Record<string, Record<string, unknown> | undefined>)['project'];
        if (project === undefined) continue;
        const path = String(project['path_with_namespace']);
        ids.set(path, (ids.get(path) ?? new Set()).add(project['id']));
      }
    }
    expect(ids.size).toBe(4);
    for (const [path, of] of ids) expect([...of], path).toHaveLength(1);
  });

  // Issuable::STATE_ID_MAP: opened 1, closed 2, merged 3.
  it('numbers an issue\'s and a merge request\'s state in state_id as Issuable does', () => {
    for (let seed = 1; seed <= 20; seed += 1) {
      const issue = (gitlab.sample({ seed, event: 'issue' }) as Record<string, Record<string, unknown>>)['object_attributes'];
      expect(issue?.['state_id']).toBe(issue?.['state'] === 'closed' ? 2 : 1);
      const mr = (gitlab.sample({ seed, event: 'merge_request' }) as Record<string, Record<string, unknown>>)['object_attributes'];
      expect(mr?.['state_id']).toBe(mr?.['state'] === 'merged' ? 3 : 1);
    }
  });

  it('reads an Issue Hook\'s work_item body as the issue event', () => {
    const task = { ...docIssue, object_kind: 'work_item', event_type: 'work_item' };
    expect(detectRequest({ headers: {}, body: task })).toMatchObject({ status: 'detected', event: 'issue' });
    expect(validatePayload(task)).toMatchObject({ valid: true, kind: 'gitlab' });
  });

  it('is not claimed for an object_kind it does not cover, nor without a project', () => {
    expect(detectRequest({ headers: {}, body: { ...docIssue, object_kind: 'wiki_page' } }).status).toBe('unknown');
    const { project: _project, ...noProject } = docIssue;
    expect(detectRequest({ headers: {}, body: noProject }).status).toBe('unknown');
  });

  it('reports a wrong type on a main field at its path', () => {
    const body = gitlab.sample({ seed: 4, event: 'merge_request' }) as { object_attributes: Record<string, unknown> };
    body.object_attributes['iid'] = '12';
    const result = validatePayload(body, { kind: 'gitlab', event: 'merge_request' });
    expect(result.valid).toBe(false);
    expect(result.issues.map((i) => i.path)).toContain('$.object_attributes.iid');
  });

  // lib/gitlab/data_builder/push.rb keeps the latest 20 commits ascending; after is the pushed head.
  it('lists a push\'s commits oldest first, the last one being after', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const body = gitlab.sample({ seed, event: 'push' }) as { after: string; commits: { id: string; timestamp: string }[] };
      expect(body.commits.at(-1)?.id).toBe(body.after);
      const times = body.commits.map((c) => Date.parse(c.timestamp));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  });

  // data_builder/push.rb puts push_options (default {}) in every push and tag push body.
  it('sends push_options, empty, with every push and tag push', () => {
    for (const event of ['push', 'tag_push']) expect(gitlab.sample({ seed: 1, event })).toHaveProperty('push_options', {});
  });

  // app/services/merge_requests/mergeability/detailed_merge_status_service.rb: merge_status unchecked
  // gives unchecked (checking only for checking/cannot_be_merged_rechecking); a merged MR fails
  // CheckOpenStatusService, the first of MergeRequest.mergeable_state_checks, so not_open.
  it('pairs merge_status and detailed_merge_status as DetailedMergeStatusService does', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 40; seed += 1) {
      const { object_attributes: mr } = gitlab.sample({ seed, event: 'merge_request' }) as { object_attributes: Record<string, string> };
      seen.add(mr['action'] ?? '');
      if (mr['merge_status'] === 'unchecked') expect(mr['detailed_merge_status']).toBe('unchecked');
      if (mr['state'] !== 'opened') expect(mr['detailed_merge_status']).toBe('not_open');
      expect(mr['detailed_merge_status']).not.toBe('checking');
    }
    expect(seen).toEqual(new Set(['open', 'update', 'approved', 'merge']));
  });

  // HookData::MergeRequestBuilder: source and target are Project#hook_attrs, which starts with the id.
  it('gives a merge request\'s source and target project their id', () => {
    const body = gitlab.sample({ seed: 1, event: 'merge_request' }) as { project: { id: number }; object_attributes: { source: { id?: number }; target: { id?: number } } };
    expect(body.object_attributes.source.id).toBe(body.project.id);
    expect(body.object_attributes.target.id).toBe(body.project.id);
  });

  // data_builder/pipeline.rb and build.rb send project.hook_attrs(backward: false), which leaves out
  // the backward-compatibility keys; the other events keep them.
  it('sends pipeline and job projects without homepage, url, ssh_url and http_url', () => {
    for (const event of ['pipeline', 'build']) {
      const { project } = gitlab.sample({ seed: 1, event }) as { project: Record<string, unknown> };
      for (const key of ['homepage', 'url', 'ssh_url', 'http_url']) expect(project).not.toHaveProperty(key);
      expect(project).toHaveProperty('ci_config_path');
    }
    expect(gitlab.sample({ seed: 1, event: 'push' })).toHaveProperty('project.homepage');
  });

  // Ci::Pipeline validates a merge request present for merge_request_event pipelines and absent
  // otherwise; data_builder/pipeline.rb hook_attrs always sends protected_ref.
  it('sends a pipeline\'s merge_request exactly when its source is merge_request_event, and protected_ref', () => {
    for (let seed = 1; seed <= 20; seed += 1) {
      const body = gitlab.sample({ seed, event: 'pipeline' }) as { merge_request: unknown; object_attributes: { source: string } };
      expect(body.merge_request === null).toBe(body.object_attributes.source !== 'merge_request_event');
      expect(body.object_attributes).toHaveProperty('protected_ref', expect.any(Boolean));
    }
  });

  // app/models/releases/source.rb: FORMATS zip, tar.gz, tar.bz2 and tar, all listed for each release.
  it('lists a release\'s four source archives and counts them with the links', () => {
    const { assets } = gitlab.sample({ seed: 1, event: 'release' }) as { assets: { count: number; links: unknown[]; sources: { format: string }[] } };
    expect(assets.sources.map((s) => s.format)).toEqual(['zip', 'tar.gz', 'tar.bz2', 'tar']);
    expect(assets.count).toBe(assets.links.length + assets.sources.length);
  });
});
