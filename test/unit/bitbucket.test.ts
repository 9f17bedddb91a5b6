// Bitbucket Cloud specifics: X-Hub-Signature against a published test vector, the attempt number
// on the wire across retries, 5xx-only retries, and reading the event from a body without its key.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareSend } from '../../src/delivery/plan.js';
import { sendKind } from '../../src/delivery/chains.js';
import { detectRequest, getKind } from '../../src/kinds/index.js';
import { verifySignature } from '../../src/receiver/signature.js';
import { validatePayload } from '../../src/validate/payload.js';
import { serversClosedAfterEach } from '../helpers/server.js';

const bitbucket = getKind('bitbucket');
const server = serversClosedAfterEach();
const fixture = (name: string): Buffer => readFileSync(new URL(`../../fixtures/bitbucket/${name}`, import.meta.url));

describe('bitbucket', () => {
  it('verifies the jenkinsci plugin\'s signed delivery with its secret, and signs those bytes the same way', () => {
    // AbstractWebhookProcessorTest.java in jenkinsci/bitbucket-branch-source-plugin: this body, this secret, this header.
    const body = fixture('capture-repo-push-signed.json');
    const header = 'sha256=f205c729821c6954aff2afe72b965c34015b4baf96ea8ddc2cc44999c014a035';
    const verify = (secret: string, value: string) => verifySignature({ secret, kind: bitbucket, headers: { 'x-hub-signature': value }, body, now: 0 });
    expect(verify('Gkvl$k$wyNpQAF42', header)).toMatchObject({ scheme: 'bitbucket', verdict: 'valid' });
    expect(verify('another secret', header)).toMatchObject({ verdict: 'invalid' });
    const [planned] = prepareSend({ kind: bitbucket, url: 'http://127.0.0.1:9/hook', body, secret: 'Gkvl$k$wyNpQAF42' });
    expect(planned?.request.headers['X-Hub-Signature']).toBe(header);
  });

  it('numbers each attempt in X-Attempt-Number and re-sends a 5xx up to two more times, the request id kept', async () => {
    const endpoint = await server([500, 502, 503]);
    const [result] = await sendKind({ kind: bitbucket, url: endpoint.url, seed: 3, event: 'pullrequest:fulfilled' });
    expect(result?.delivered).toBe(false);
    expect(endpoint.requests.map((r) => r.headers['x-attempt-number'])).toEqual(['1', '2', '3']);
    expect(new Set(endpoint.requests.map((r) => r.headers['x-request-uuid'])).size).toBe(1);
    expect(endpoint.requests.map((r) => [r.headers['x-event-key'], r.headers['user-agent']])).toEqual(Array(3).fill(['pullrequest:fulfilled', 'Bitbucket-Webhooks/2.0']));
  });

  it('does not retry a 4xx (only 5xx is documented as retried)', async () => {
    const endpoint = await server([404]);
    const [result] = await sendKind({ kind: bitbucket, url: endpoint.url, seed: 3 });
    expect(result?.attempts.map((a) => a.status)).toEqual([404]);
  });

  it('takes a body\'s event from X-Event-Key when given, even where the body alone would read otherwise', () => {
    const created = JSON.parse(fixture('pullrequest-created.json').toString()) as unknown;
    expect(detectRequest({ headers: {}, body: created })).toMatchObject({ status: 'detected', event: 'pullrequest:created' });
    expect(detectRequest({ headers: { 'x-event-key': 'pullrequest:updated' }, body: created })).toMatchObject({ status: 'detected', event: 'pullrequest:updated' });
  });

  it('links every commit in a sample to itself: its self link ends with its own hash, as captured deliveries do', () => {
    // jenkinsci/bitbucket-branch-source-plugin's captures: parents and pull request ends link /commit/<their hash>.
    const commits: { hash: unknown; self: unknown }[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value !== null && typeof value === 'object') {
        const record = value as { hash?: unknown; links?: { self?: { href?: unknown } } };
        if (typeof record.hash === 'string') commits.push({ hash: record.hash, self: record.links?.self?.href });
        Object.values(value).forEach(walk);
      }
    };
    for (const event of ['repo:push', 'pullrequest:created', 'pullrequest:fulfilled']) for (let seed = 1; seed <= 5; seed++) walk(bitbucket.sample({ seed, event }));
    const linked = commits.filter((c) => c.self !== undefined);
    expect(linked.length).toBeGreaterThan(20);
    for (const { hash, self } of linked) expect(self).toMatch(new RegExp(`/commit/${String(hash)}$`));
  });

  it('chains a push\'s commits onto the old head and compares new..old, as a captured update does', () => {
    // BitbucketCloudPushEventTest/updatePayload.json (jenkinsci/bitbucket-branch-source-plugin): the pushed commit's parent is old.target, the html link branches/compare/<new>..<old>.
    type Commit = { hash: string; parents: { hash: string }[] };
    type Change = { old: { target: Commit } | null; new: { target: Commit }; commits: Commit[]; links: { html: { href: string } } };
    let updates = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const [change] = (bitbucket.sample({ seed, event: 'repo:push' }) as { push: { changes: Change[] } }).push.changes;
      if (!change?.old) continue;
      updates++;
      const below = [...change.commits.slice(1).map((c) => c.hash), change.old.target.hash];
      expect(change.commits.map((c) => c.parents[0]?.hash)).toEqual(below);
      expect(change.new.target.hash).toBe(change.commits[0]?.hash);
      expect(change.links.html.href).toMatch(new RegExp(`/branches/compare/${change.new.target.hash}\\.\\.${change.old.target.hash}$`));
    }
    expect(updates).toBeGreaterThan(3);
  });

  it.each([
    'capture-repo-push-tag-created.json',
    'capture-repo-push-annotated-tag-created.json',
    'capture-repo-push-branch-deleted.json',
    'capture-repo-push-tag-deleted.json',
    'capture-repo-push-new-tag.json',
    'capture-repo-push-multiple-changes.json',
    'goscm-repo-push-tag-create.json',
    'goscm-repo-push-branch-delete.json',
    'goscm-repo-push-tag-delete.json',
  ])('accepts the captured push %s, whose tag or deleted ref has no commits key', (name) => {
    const body = JSON.parse(fixture(name).toString()) as { push: { changes: Record<string, unknown>[] } };
    expect(body.push.changes.some((change) => !('commits' in change))).toBe(true);
    expect(validatePayload(body)).toMatchObject({ valid: true, kind: 'bitbucket', issues: [], notes: [] });
  });

  it('lists a new branch\'s latest commits in its push, as captured branch creations do (never an empty list)', () => {
    // branch_created.json (jenkinsci/bitbucket-branch-source-plugin) lists 4, push_branch_create.json (drone/go-scm) 2.
    type Change = { created: boolean; new: { target: { hash: string } }; commits: { hash: string }[] };
    let created = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const [change] = (bitbucket.sample({ seed, event: 'repo:push' }) as { push: { changes: Change[] } }).push.changes;
      if (!change?.created) continue;
      created++;
      expect(change.commits.length).toBeGreaterThan(0);
      expect(change.commits[0]?.hash).toBe(change.new.target.hash);
    }
    expect(created).toBeGreaterThan(2);
  });

  it.each(['goscm-repo-commit_status_created.json', 'goscm-repo-commit_status_updated.json', 'goscm-pullrequest-comment_created.json', 'pullrequest-comment_created.json'])(
    'declares every field of the captured %s (a status\'s commit and repository, a comment\'s pull request links): no unknown-field notes',
    (name) => {
      expect(validatePayload(JSON.parse(fixture(name).toString()))).toMatchObject({ valid: true, kind: 'bitbucket', notes: [] });
    },
  );

  it('reads a body whose status was updated microseconds after its creation as created, as drone/go-scm\'s real created delivery is', () => {
    const created = JSON.parse(fixture('goscm-repo-commit_status_created.json').toString()) as { commit_status: { created_on: string; updated_on: string } };
    expect(created.commit_status.updated_on).not.toBe(created.commit_status.created_on);
    expect(detectRequest({ headers: {}, body: created })).toMatchObject({ status: 'detected', event: 'repo:commit_status_created' });
    const updated = JSON.parse(fixture('goscm-repo-commit_status_updated.json').toString()) as unknown;
    expect(detectRequest({ headers: {}, body: updated })).toMatchObject({ status: 'detected', event: 'repo:commit_status_updated' });
  });

  it('draws a new status\'s updated_on a few microseconds after its created_on, as real ones are, and reads it back as created', () => {
    const micros = (time: string): bigint => BigInt(Date.parse(time.replace(/\.\d+/, ''))) * 1000n + BigInt(/\.(\d{6})/.exec(time)?.[1] ?? '0');
    for (let seed = 1; seed <= 30; seed++) {
      const body = bitbucket.sample({ seed, event: 'repo:commit_status_created' }) as { commit_status: { created_on: string; updated_on: string } };
      const gap = micros(body.commit_status.updated_on) - micros(body.commit_status.created_on);
      expect(gap >= 5n && gap <= 20n, `seed ${seed}: ${gap} µs`).toBe(true);
      expect(detectRequest({ headers: {}, body })).toMatchObject({ status: 'detected', event: 'repo:commit_status_created' });
    }
  });

  it('addresses a commit status by its key, as the Event payloads page\'s commit_status entity does', () => {
    // .../commit/<hash>/statuses/build/mybuildtool for the key mybuildtool (fixtures/bitbucket/repo-commit_status_created.json).
    for (const event of ['repo:commit_status_created', 'repo:commit_status_updated']) {
      for (let seed = 1; seed <= 5; seed++) {
        const { commit_status: status } = bitbucket.sample({ seed, event }) as { commit_status: { key: string; links: { self: { href: string } } } };
        expect(status.links.self.href).toMatch(new RegExp(`/commit/[0-9a-f]{40}/statuses/build/${status.key}$`));
      }
    }
  });

  it('is not claimed for bodies of other senders that have an actor (Sentry) or a repository (GitHub)', () => {
    const sentry = getKind('sentry-issue-alert').sample({ seed: 1 });
    expect(detectRequest({ headers: {}, body: sentry })).toMatchObject({ status: 'detected', kind: { id: 'sentry-issue-alert' } });
    expect(detectRequest({ headers: {}, body: { action: 'opened', repository: { full_name: 'o/r', id: 1 }, sender: { login: 'x' } } }).status).toBe('unknown');
  });

  describe('sample pull requests read like the 2023 webhook.site captures (B-AROL-O/ble-testsuite)', () => {
    type Pr = { links: object; rendered: object; merge_commit: { links?: object } | null; participants: { user: { uuid: string }; approved: boolean; state?: string | null; participated_on: string }[]; updated_on: string };
    type Body = { actor: { uuid: string }; pullrequest: Pr; approval?: { date: string; user: { uuid: string } }; repository: { owner: { links: object }; workspace: { links: object }; project: { links: object } } };
    const captured = (name: string): Body => JSON.parse(fixture(name).toString()) as Body;
    const approved = captured('webhooksite-2023-pullrequest-approved.json');
    const fulfilled = captured('webhooksite-2023-pullrequest-fulfilled.json');
    const keys = (value: object | null | undefined): string[] => Object.keys(value ?? {}).sort();
    const events = ['pullrequest:created', 'pullrequest:updated', 'pullrequest:fulfilled', 'pullrequest:rejected', 'pullrequest:approved', 'pullrequest:comment_created'];

    it('carry the pull request\'s rendered title and description, its full links set and linked owner, workspace and project', () => {
      for (const event of events) {
        for (const seed of [1, 2, 3]) {
          const sample = bitbucket.sample({ seed, event }) as Body;
          expect([event, keys(sample.pullrequest.links)]).toEqual([event, keys(fulfilled.pullrequest.links)]);
          expect([event, keys(sample.pullrequest.rendered)]).toEqual([event, keys(fulfilled.pullrequest.rendered)]);
          for (const part of ['owner', 'workspace', 'project'] as const) expect([event, part, keys(sample.repository[part].links)]).toEqual([event, part, keys(fulfilled.repository[part].links)]);
        }
      }
    });

    it('link a merged pull request\'s merge_commit to itself, as the capture does', () => {
      const sample = bitbucket.sample({ seed: 4, event: 'pullrequest:fulfilled' }) as Body;
      expect(keys(sample.pullrequest.merge_commit)).toEqual(keys(fulfilled.pullrequest.merge_commit));
      expect(keys(sample.pullrequest.merge_commit?.links)).toEqual(keys(fulfilled.pullrequest.merge_commit?.links));
    });

    it('list the approver among the participants, approved at the approval\'s date, as every captured approval does', () => {
      const approver = (body: Body) => body.pullrequest.participants.find((p) => p.user.uuid === body.approval?.user.uuid);
      for (const body of [approved, captured('pullrequest-approved.json'), ...[1, 2, 3].map((seed) => bitbucket.sample({ seed, event: 'pullrequest:approved' }) as Body)]) {
        expect(approver(body)).toMatchObject({ approved: true, participated_on: body.approval?.date });
        expect(body.approval?.date).toBe(body.pullrequest.updated_on);
      }
    });
  });

  describe('sample pushes read like the 2023 webhook.site captures (B-AROL-O/ble-testsuite)', () => {
    type Ref = { links: object; merge_strategies?: string[]; default_merge_strategy?: string };
    type Change = { old: Ref | null; new: Ref | null; links: object; commits?: { links: object; rendered?: object; properties?: object }[] };
    const changeOf = (body: unknown): Change => (body as { push: { changes: Change[] } }).push.changes[0] as Change;
    const updated = changeOf(JSON.parse(fixture('webhooksite-2023-repo-push.json').toString()));
    const created = changeOf(JSON.parse(fixture('webhooksite-2023-repo-push-branch-created.json').toString()));
    const keys = (value: object | null | undefined): string[] => Object.keys(value ?? {}).sort();

    it('link the change, its refs and its listed commits as the captured update and creation do, the refs with their merge strategies', () => {
      const seen = new Set<string>();
      for (let seed = 1; seed <= 12; seed++) {
        const change = changeOf(bitbucket.sample({ seed, event: 'repo:push' }));
        const published = change.old === null ? created : updated;
        seen.add(change.old === null ? 'created' : 'updated');
        expect([seed, keys(change.links)]).toEqual([seed, keys(published.links)]);
        expect([seed, keys(change.new?.links)]).toEqual([seed, keys(published.new?.links)]);
        expect(change.new).toMatchObject({ merge_strategies: published.new?.merge_strategies, default_merge_strategy: published.new?.default_merge_strategy });
        for (const listed of change.commits ?? []) {
          expect([seed, keys(listed.links)]).toEqual([seed, keys(published.commits?.[0]?.links)]);
          expect(listed).toMatchObject({ rendered: {}, properties: {} });
        }
      }
      expect([...seen].sort()).toEqual(['created', 'updated']);
    });
  });
});
