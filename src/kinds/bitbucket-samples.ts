// Seeded sample bodies of Bitbucket Cloud's webhook events, shaped like captured deliveries: a
// workspace, repository and actor drawn from the seed, the event's object filled as Bitbucket does.
import type { Random } from '../util/prng.js';
import { sampleInstant } from './common.js';
import type { GenerateContext } from './define.js';

const API = 'https://api.bitbucket.org/2.0';
const WEB = 'https://bitbucket.org';
const REPOS = [
  { workspace: 'acme', slug: 'payments-api', project: ['PAY', 'Payments'] },
  { workspace: 'acme', slug: 'web-storefront', project: ['WEB', 'Storefront'] },
  { workspace: 'globex', slug: 'infra-tools', project: ['OPS', 'Operations'] },
] as const;
const PEOPLE = ['Ada Lovelace', 'Grace Hopper', 'Linus Ek', 'Mira Patel'];
const TITLES = ['Retry card authorisation once', 'Add currency to invoice lines', 'Bump undici to 7.16', 'Fix flaky checkout test'];
const BRANCHES = ['feature/checkout-retry', 'fix/null-currency', 'chore/bump-deps'];

const braced = (random: Random): string => `{${random.uuid()}}`;
/** Bitbucket's timestamps: microseconds and an explicit +00:00. */
const at = (ms: number, micros: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, `.${String(micros).padStart(6, '0')}+00:00`);
const href = (url: string) => ({ href: url });
/** `at` with microseconds that may run past the second they started in. */
const microsLater = (ms: number, micros: number): string => at(ms + Math.floor(micros / 1_000_000) * 1000, micros % 1_000_000);

interface Scene {
  random: Random;
  at: number;
  repository: ReturnType<typeof repository>;
  actor: ReturnType<typeof account>;
  path: string;
}

function account(random: Random) {
  const name = random.pick(PEOPLE);
  const uuid = braced(random);
  const id = encodeURIComponent(uuid);
  return {
    display_name: name,
    links: { self: href(`${API}/users/${id}`), avatar: href(`https://secure.gravatar.com/avatar/${random.hex(32)}`), html: href(`${WEB}/${id}/`) },
    type: 'user',
    uuid,
    account_id: `557058:${random.uuid()}`,
    nickname: name,
  };
}

function projectLinks(workspace: string, key: string) {
  return { self: href(`${API}/workspaces/${workspace}/projects/${key}`), html: href(`${WEB}/${workspace}/workspace/projects/${key}`), avatar: href(`${WEB}/account/user/${workspace}/projects/${key}/avatar/32`) };
}

function repository(random: Random) {
  const chosen = random.pick(REPOS);
  const path = `${chosen.workspace}/${chosen.slug}`;
  const workspace = braced(random);
  return {
    type: 'repository',
    full_name: path,
    links: { self: href(`${API}/repositories/${path}`), html: href(`${WEB}/${path}`), avatar: href(`https://bytebucket.org/ravatar/${random.hex(8)}`) },
    name: chosen.slug,
    scm: 'git',
    website: null,
    // The owner, workspace and project each link to themselves, their page and their avatar, as a 2023 capture does.
    owner: { display_name: chosen.workspace, links: { self: href(`${API}/workspaces/${chosen.workspace}`), avatar: href(`${WEB}/account/${chosen.workspace}/avatar/`), html: href(`${WEB}/${chosen.workspace}/`) }, type: 'team', uuid: workspace, username: chosen.workspace },
    workspace: { type: 'workspace', uuid: workspace, name: chosen.workspace, slug: chosen.workspace, links: { avatar: href(`${WEB}/workspaces/${chosen.workspace}/avatar/`), html: href(`${WEB}/${chosen.workspace}/`), self: href(`${API}/workspaces/${chosen.workspace}`) } },
    is_private: true,
    project: { type: 'project', key: chosen.project[0], uuid: braced(random), name: chosen.project[1], links: projectLinks(chosen.workspace, chosen.project[0]) },
    uuid: braced(random),
    parent: null,
  };
}

function scene(random: Random): Scene {
  const repo = repository(random);
  return { random, at: sampleInstant(random), repository: repo, actor: account(random), path: repo.full_name };
}

// Each link names its own object: a commit's self is its hash, a parent's the parent's hash.
const commitLink = (s: Scene, hash: string) => href(`${API}/repositories/${s.path}/commit/${hash}`);

function commit(s: Scene, when: number) {
  const hash = s.random.hex(40);
  const message = `${s.random.pick(TITLES)}\n`;
  return {
    type: 'commit',
    hash,
    date: new Date(when).toISOString().replace(/\.\d{3}Z$/, '+00:00'),
    author: { type: 'author', raw: `${s.actor.display_name} <${s.actor.display_name.split(' ')[0]?.toLowerCase()}@example.com>`, user: s.actor },
    message,
    summary: { type: 'rendered', raw: message, markup: 'markdown', html: `<p>${message.trim()}</p>` },
    links: { self: commitLink(s, hash), html: href(`${WEB}/${s.path}/commits/${hash}`) },
    parents: [parent(s, s.random.hex(40))],
    // Empty in the captures that carry them (2023's, the Jenkins plugin's repo_push.json).
    rendered: {},
    properties: {},
  };
}

function parent(s: Scene, hash: string) {
  return { hash, type: 'commit', links: { self: commitLink(s, hash), html: href(`${WEB}/${s.path}/commits/${hash}`) } };
}

function push(s: Scene) {
  const name = s.random.pick(['main', ...BRANCHES]);
  const created = s.random.chance(0.25);
  const head = created ? undefined : commit(s, s.at - 3_600_000);
  // A new branch lists its latest commits too (4 in jenkinsci/bitbucket-branch-source-plugin's
  // branch_created.json, 2 in drone/go-scm's push_branch_create.json), the oldest's parent the commit it branched from.
  const count = s.random.int(1, 3);
  const tip = commit(s, s.at);
  const commits = [tip, ...Array.from({ length: count - 1 }, (_, i) => commit(s, s.at - (i + 1) * 60_000))];
  // Newest first and not forced: each commit's parent is the next one, the oldest's the branch's old head.
  commits.forEach((pushed, i) => {
    const below = commits[i + 1]?.hash ?? head?.hash;
    if (below !== undefined) pushed.parents = [parent(s, below)];
  });
  const api = `${API}/repositories/${s.path}`;
  // A ref links to itself, its commits and its page, and a branch names its merge strategies, as captures do.
  const branch = (target: ReturnType<typeof commit>) => ({
    name,
    target,
    links: { self: href(`${api}/refs/branches/${name}`), commits: href(`${api}/commits/${name}`), html: href(`${WEB}/${s.path}/branch/${name}`) },
    type: 'branch' as const,
    merge_strategies: ['merge_commit', 'squash', 'fast_forward'],
    default_merge_strategy: 'merge_commit',
  });
  return {
    push: {
      changes: [
        {
          old: head === undefined ? null : branch(head),
          new: branch(tip),
          truncated: false,
          created,
          forced: false,
          closed: false,
          // An update links the commits between the heads, their diff and the comparison; a new branch its commits and the branch.
          links:
            head === undefined
              ? { commits: href(`${api}/commits?include=${tip.hash}`), html: href(`${WEB}/${s.path}/branch/${name}`) }
              : { commits: href(`${api}/commits?include=${tip.hash}&exclude=${head.hash}`), diff: href(`${api}/diff/${tip.hash}..${head.hash}`), html: href(`${WEB}/${s.path}/branches/compare/${tip.hash}..${head.hash}`) },
          // A listed commit links to more than a ref's target does: its diff, approval, comments and statuses.
          commits: commits.map((listed) => ({ ...listed, links: { ...listed.links, diff: href(`${api}/diff/${listed.hash}`), approve: href(`${api}/commit/${listed.hash}/approve`), comments: href(`${api}/commit/${listed.hash}/comments`), statuses: href(`${api}/commit/${listed.hash}/statuses`) } })),
        },
      ],
    },
    repository: s.repository,
    actor: s.actor,
  };
}

type PullRequestEvent = 'created' | 'updated' | 'fulfilled' | 'rejected' | 'approved' | 'comment_created';
const STATE: Record<PullRequestEvent, 'OPEN' | 'MERGED' | 'DECLINED'> = { created: 'OPEN', updated: 'OPEN', fulfilled: 'MERGED', rejected: 'DECLINED', approved: 'OPEN', comment_created: 'OPEN' };

function pullrequest(s: Scene, event: PullRequestEvent) {
  const id = s.random.int(1, 2_000);
  const state = STATE[event];
  // A new pull request is sent within a second of its creation; the other events come later.
  const created = event === 'created' ? s.at - 800 : s.at - s.random.int(1, 72) * 3_600_000;
  const title = s.random.pick(TITLES);
  const { links: repositoryLinks } = s.repository;
  const end = (branch: string) => {
    const hash = s.random.hex(12);
    return { branch: { name: branch }, commit: { hash, type: 'commit', links: { self: commitLink(s, hash), html: href(`${WEB}/${s.path}/commits/${hash}`) } }, repository: { type: 'repository', full_name: s.path, links: repositoryLinks, name: s.repository.name, uuid: s.repository.uuid } };
  };
  const source = end(s.random.pick(BRANCHES));
  const destination = end('main');
  const mergeHash = state === 'MERGED' ? s.random.hex(12) : '';
  const createdOn = at(created, s.random.int(0, 999_999));
  const updatedOn = at(s.at, s.random.int(0, 999_999));
  const rendered = (raw: string) => ({ type: 'rendered', raw, markup: 'markdown', html: raw === '' ? '' : `<p>${raw}</p>` });
  return {
    type: 'pullrequest',
    id,
    title,
    description: '',
    rendered: { title: rendered(title), description: rendered('') },
    state,
    draft: false,
    author: s.actor,
    source,
    destination,
    merge_commit: state === 'MERGED' ? { type: 'commit', hash: mergeHash, links: { self: commitLink(s, mergeHash), html: href(`${WEB}/${s.path}/commits/${mergeHash}`) } } : null,
    closed_by: state === 'OPEN' ? null : s.actor,
    reason: state === 'DECLINED' ? 'superseded by another change' : '',
    close_source_branch: state === 'MERGED',
    comment_count: event === 'comment_created' ? 1 : 0,
    task_count: 0,
    // The approver is a participant who approved, at the approval's date, as every captured approval shows.
    participants: event === 'approved' ? [{ type: 'participant', user: s.actor, role: 'PARTICIPANT', approved: true, state: 'approved', participated_on: updatedOn }] : [],
    reviewers: [],
    created_on: createdOn,
    updated_on: updatedOn,
    summary: rendered(''),
    links: pullRequestLinks(s, id, `${source.commit.hash}%0D${destination.commit.hash}`),
  };
}

/** A pull request's links, the set captured deliveries carry (a 2023 capture: ble-testsuite's webhook.site bodies). */
function pullRequestLinks(s: Scene, id: number, spec: string) {
  const api = `${API}/repositories/${s.path}`;
  const own = `${api}/pullrequests/${id}`;
  const diff = `${s.path}:${spec}?from_pullrequest_id=${id}&topic=true`;
  return {
    self: href(own),
    html: href(`${WEB}/${s.path}/pull-requests/${id}`),
    commits: href(`${own}/commits`),
    approve: href(`${own}/approve`),
    'request-changes': href(`${own}/request-changes`),
    diff: href(`${api}/diff/${diff}`),
    diffstat: href(`${api}/diffstat/${diff}`),
    comments: href(`${own}/comments`),
    activity: href(`${own}/activity`),
    merge: href(`${own}/merge`),
    decline: href(`${own}/decline`),
    statuses: href(`${own}/statuses`),
  };
}

function pullrequestEvent(event: PullRequestEvent) {
  return (s: Scene) => {
    const pr = pullrequest(s, event);
    const body: Record<string, unknown> = { actor: s.actor, pullrequest: pr, repository: s.repository };
    if (event === 'approved') body['approval'] = { date: pr.updated_on, user: s.actor };
    if (event === 'comment_created') {
      const id = s.random.int(100_000_000, 999_999_999);
      const raw = s.random.pick(['Looks good to me.', 'Can we add a test for this?', 'Rebased on main.']);
      body['comment'] = {
        type: 'pullrequest_comment',
        id,
        content: { type: 'rendered', raw, markup: 'markdown', html: `<p>${raw}</p>` },
        user: s.actor,
        created_on: pr.updated_on,
        updated_on: pr.updated_on,
        deleted: false,
        pullrequest: { type: 'pullrequest', id: pr.id, title: pr.title },
        links: { html: href(`${WEB}/${s.path}/pull-requests/${pr.id}/_/diff#comment-${id}`) },
      };
    }
    return body;
  };
}

function commitStatus(event: 'created' | 'updated') {
  return (s: Scene) => {
    const hash = s.random.hex(40);
    const build = s.random.int(100, 9_999);
    const createdAt = event === 'created' ? s.at : s.at - s.random.int(60, 1_800) * 1000;
    const createdMicros = s.random.int(0, 999_999);
    const created = at(createdAt, createdMicros);
    const key = s.random.pick(['jenkins', 'pipelines', 'mybuildtool']);
    return {
      actor: s.actor,
      repository: s.repository,
      commit_status: {
        key,
        name: s.random.pick(['Unit Tests', 'Build', 'Integration Tests']),
        state: event === 'created' ? 'INPROGRESS' : s.random.pick(['SUCCESSFUL', 'FAILED', 'STOPPED'] as const),
        description: event === 'created' ? 'Build started' : 'Build finished',
        url: `https://ci.example.com/builds/${build}`,
        type: 'build',
        refname: 'main',
        // A new status's updated_on is microseconds after its created_on (12 µs in drone/go-scm's
        // pipeline_hook_created.json); an update moves it on by its build's time.
        created_on: created,
        updated_on: event === 'created' ? microsLater(createdAt, createdMicros + s.random.int(5, 20)) : at(s.at, s.random.int(0, 999_999)),
        // A status is addressed by its key on the commit (REST: .../statuses/build/{key}), not by the CI's build number.
        links: { commit: commitLink(s, hash), self: href(`${API}/repositories/${s.path}/commit/${hash}/statuses/build/${key}`) },
      },
    };
  };
}

function issue(s: Scene) {
  const id = s.random.int(1, 900);
  const title = s.random.pick(['Checkout fails for EUR carts', 'Refund job stuck in pending', 'Flaky login test']);
  const when = at(s.at, s.random.int(0, 999_999));
  return {
    actor: s.actor,
    issue: {
      id,
      title,
      content: { raw: `${title}.`, html: `<p>${title}.</p>`, markup: 'markdown' },
      state: 'new',
      priority: s.random.pick(['trivial', 'minor', 'major', 'critical', 'blocker'] as const),
      kind: s.random.pick(['bug', 'enhancement', 'proposal', 'task'] as const),
      type: 'issue',
      reporter: s.actor,
      assignee: null,
      created_on: when,
      updated_on: when,
      links: { self: href(`${API}/repositories/${s.path}/issues/${id}`), html: href(`${WEB}/${s.path}/issues/${id}`) },
    },
    repository: s.repository,
  };
}

const GENERATORS = {
  'repo:push': push,
  'pullrequest:created': pullrequestEvent('created'),
  'pullrequest:updated': pullrequestEvent('updated'),
  'pullrequest:fulfilled': pullrequestEvent('fulfilled'),
  'pullrequest:rejected': pullrequestEvent('rejected'),
  'pullrequest:approved': pullrequestEvent('approved'),
  'pullrequest:comment_created': pullrequestEvent('comment_created'),
  'repo:commit_status_created': commitStatus('created'),
  'repo:commit_status_updated': commitStatus('updated'),
  'issue:created': issue,
} as const;

export type BitbucketEventId = keyof typeof GENERATORS;

/** The generator of one event: a fresh scene from the seed, filled as that event's body. */
export function bitbucketSample(event: BitbucketEventId): (context: GenerateContext) => unknown {
  return ({ random }) => GENERATORS[event](scene(random));
}
