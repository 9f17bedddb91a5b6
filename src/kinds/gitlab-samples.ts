// Seeded sample bodies of GitLab's webhook events, shaped like the doc's examples: a project, a user
// and times drawn from the seed, the fields of each event filled the way GitLab fills them.
import type { Random } from '../util/prng.js';
import { sampleInstant } from './common.js';
import type { GenerateContext } from './define.js';

const HOST = 'https://gitlab.example.com';
const PROJECTS = [
  { namespace: 'Acme', path: 'acme/payments-api', name: 'Payments API' },
  { namespace: 'Acme', path: 'acme/web-storefront', name: 'Web Storefront' },
  { namespace: 'Platform', path: 'platform/infra-tools', name: 'Infra Tools' },
  { namespace: 'Data', path: 'data/etl-pipelines', name: 'ETL Pipelines' },
] as const;
const PEOPLE = [
  { name: 'Ada Lovelace', username: 'alovelace' },
  { name: 'Grace Hopper', username: 'ghopper' },
  { name: 'Linus Ek', username: 'lek' },
  { name: 'Mira Patel', username: 'mpatel' },
] as const;
const BRANCHES = ['main', 'feature/checkout-retry', 'fix/null-currency', 'chore/bump-deps'];
const MESSAGES = ['Fix rounding of refunds', 'Retry card authorisation once', 'Bump undici to 7.16', 'Add currency to invoice lines'];

/** ISO 8601 without milliseconds (2013-12-03T17:23:34Z), as most object attributes carry it. */
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** GitLab's other time format (2016-08-12 15:23:28 UTC), as pipelines and releases carry it. */
const utc = (ms: number): string => `${iso(ms).slice(0, 10)} ${iso(ms).slice(11, 19)} UTC`;

interface Scene {
  random: Random;
  at: number;
  project: ReturnType<typeof project>;
  repository: { name: string; url: string; description: string; homepage: string; git_http_url: string; git_ssh_url: string; visibility_level: number };
  user: { id: number; name: string; username: string; avatar_url: string; email: string };
}

function project(random: Random) {
  const chosen = random.pick(PROJECTS);
  const web = `${HOST}/${chosen.path}`;
  return {
    id: random.int(10, 99_999),
    name: chosen.name,
    description: '',
    web_url: web,
    avatar_url: null,
    git_ssh_url: `git@gitlab.example.com:${chosen.path}.git`,
    git_http_url: `${web}.git`,
    namespace: chosen.namespace,
    visibility_level: random.pick([0, 10, 20]),
    path_with_namespace: chosen.path,
    default_branch: 'main',
    ci_config_path: null,
    homepage: web,
    url: `git@gitlab.example.com:${chosen.path}.git`,
    ssh_url: `git@gitlab.example.com:${chosen.path}.git`,
    http_url: `${web}.git`,
  };
}

function scene(random: Random): Scene {
  const p = project(random);
  const person = random.pick(PEOPLE);
  return {
    random,
    at: sampleInstant(random),
    project: p,
    repository: { name: p.name, url: p.git_ssh_url, description: '', homepage: p.web_url, git_http_url: p.git_http_url, git_ssh_url: p.git_ssh_url, visibility_level: p.visibility_level },
    user: { id: random.int(1, 9_999), name: person.name, username: person.username, avatar_url: `https://www.gravatar.com/avatar/${random.hex(32)}?s=80&d=identicon`, email: `${person.username}@example.com` },
  };
}

function commit(s: Scene, at: number) {
  const id = s.random.hex(40);
  const message = s.random.pick(MESSAGES);
  return { id, message: `${message}\n`, title: message, timestamp: new Date(at).toISOString().replace(/\.\d{3}Z$/, '+00:00'), url: `${s.project.web_url}/-/commit/${id}`, author: { name: s.user.name, email: s.user.email } };
}

function push(s: Scene, kind: 'push' | 'tag_push') {
  // Oldest first, the pushed head last (lib/gitlab/data_builder/push.rb keeps the latest 20 "ASC").
  const count = kind === 'push' ? s.random.int(1, 3) : 0;
  const commits = Array.from({ length: count }, (_, i) => ({ ...commit(s, s.at - (count - 1 - i) * 60_000), added: [], modified: ['src/app.ts'], removed: [] }));
  const after = commits.at(-1)?.id ?? s.random.hex(40);
  const ref = kind === 'push' ? `refs/heads/${s.random.pick(BRANCHES)}` : `refs/tags/v${s.random.int(1, 4)}.${s.random.int(0, 30)}.${s.random.int(0, 9)}`;
  return {
    object_kind: kind,
    event_name: kind,
    before: kind === 'push' ? s.random.hex(40) : '0'.repeat(40),
    after,
    ref,
    ref_protected: ref.endsWith('/main') || kind === 'tag_push',
    checkout_sha: after,
    message: null,
    user_id: s.user.id,
    user_name: s.user.name,
    user_username: s.user.username,
    user_email: s.user.email,
    user_avatar: s.user.avatar_url,
    project_id: s.project.id,
    project: s.project,
    repository: s.repository,
    commits,
    total_commits_count: commits.length,
    // Sent on every push, empty unless the push carried -o options (data_builder/push.rb).
    push_options: {},
  };
}

function label(s: Scene) {
  const title = s.random.pick(['bug', 'backend', 'security', 'performance']);
  return { id: s.random.int(100, 999), title, color: '#dc143c', project_id: s.project.id, created_at: iso(s.at - 86_400_000 * 30), updated_at: iso(s.at - 86_400_000 * 30), template: false, description: null, type: 'ProjectLabel', group_id: null };
}

// DetailedMergeStatusService: an unchecked MR reads unchecked, and a merged one fails the first
// check (CheckOpenStatusService), so not_open.
const MERGE_STATUS = {
  open: { merge_status: 'unchecked', detailed_merge_status: 'unchecked' },
  update: { merge_status: 'can_be_merged', detailed_merge_status: 'mergeable' },
  approved: { merge_status: 'can_be_merged', detailed_merge_status: 'mergeable' },
  merge: { merge_status: 'can_be_merged', detailed_merge_status: 'not_open' },
} as const;

function mergeRequest(s: Scene) {
  const action = s.random.pick(['open', 'update', 'approved', 'merge'] as const);
  const iid = s.random.int(1, 4_000);
  const labels = [label(s)];
  return {
    object_kind: 'merge_request',
    event_type: 'merge_request',
    user: s.user,
    project: s.project,
    repository: s.repository,
    object_attributes: {
      id: s.random.int(100_000, 999_999),
      iid,
      title: s.random.pick(MESSAGES),
      description: '',
      state: action === 'merge' ? 'merged' : 'opened',
      action,
      source_branch: s.random.pick(BRANCHES.slice(1)),
      target_branch: 'main',
      source_project_id: s.project.id,
      target_project_id: s.project.id,
      author_id: s.user.id,
      assignee_id: null,
      assignee_ids: [],
      reviewer_ids: [],
      milestone_id: null,
      created_at: iso(s.at - 3_600_000),
      updated_at: iso(s.at),
      ...MERGE_STATUS[action],
      draft: false,
      work_in_progress: false,
      url: `${s.project.web_url}/-/merge_requests/${iid}`,
      // Project#hook_attrs, id included (HookData::MergeRequestBuilder).
      source: s.project,
      target: s.project,
      last_commit: commit(s, s.at - 600_000),
      labels,
    },
    labels,
    changes: action === 'update' ? { updated_at: { previous: utc(s.at - 3_600_000), current: utc(s.at) } } : {},
    assignees: [],
    reviewers: [],
  };
}

/** Pipeline and job bodies take Project#hook_attrs(backward: false): no homepage, url, ssh_url, http_url. */
function ciProject({ homepage: _h, url: _u, ssh_url: _s, http_url: _p, ...rest }: Scene['project']) {
  return rest;
}

const STAGES = ['build', 'test', 'deploy'];

function pipeline(s: Scene) {
  const status = s.random.pick(['success', 'failed', 'running'] as const);
  const id = s.random.int(10_000, 9_999_999);
  const created = s.at - 600_000;
  const sha = s.random.hex(40);
  const builds = STAGES.map((stage, i) => {
    const failed = status === 'failed' && stage === 'test';
    const done = status !== 'running' || i === 0;
    return {
      id: id * 10 + i,
      stage,
      name: `${stage}-job`,
      status: failed ? 'failed' : done ? 'success' : 'pending',
      created_at: utc(created),
      started_at: done ? utc(created + i * 120_000) : null,
      finished_at: done ? utc(created + i * 120_000 + 90_000) : null,
      duration: done ? 90 : null,
      queued_duration: done ? s.random.int(1, 40) : null,
      failure_reason: failed ? 'script_failure' : null,
      when: 'on_success',
      manual: false,
      allow_failure: false,
      user: s.user,
      runner: done ? { id: s.random.int(1, 99_999), description: 'shared-runners-manager-6.gitlab.com', active: true, runner_type: 'instance_type', is_shared: true, tags: ['linux', 'docker'] } : null,
      artifacts_file: { filename: null, size: null },
      environment: null,
    };
  });
  return {
    object_kind: 'pipeline',
    object_attributes: {
      id,
      iid: s.random.int(1, 5_000),
      name: null,
      ref: 'main',
      tag: false,
      sha,
      before_sha: s.random.hex(40),
      // Not merge_request_event: Ci::Pipeline requires a merge request there, and this body has none.
      source: s.random.pick(['push', 'web', 'schedule']),
      status,
      detailed_status: status === 'success' ? 'passed' : status,
      stages: [...STAGES],
      created_at: utc(created),
      finished_at: status === 'running' ? null : utc(s.at),
      duration: status === 'running' ? null : 600,
      queued_duration: s.random.int(1, 60),
      protected_ref: true,
      variables: [],
      url: `${s.project.web_url}/-/pipelines/${id}`,
    },
    merge_request: null,
    user: s.user,
    project: ciProject(s.project),
    commit: { ...commit(s, created), id: sha, url: `${s.project.web_url}/-/commit/${sha}` },
    builds,
  };
}

function job(s: Scene) {
  const status = s.random.pick(['success', 'failed', 'running'] as const);
  const pipelineId = s.random.int(10_000, 9_999_999);
  const started = s.at - 120_000;
  const finished = status === 'running' ? null : s.at;
  const sha = s.random.hex(40);
  const message = s.random.pick(MESSAGES);
  return {
    object_kind: 'build',
    ref: 'main',
    tag: false,
    before_sha: s.random.hex(40),
    sha,
    build_id: pipelineId * 10 + 1,
    build_name: 'unit-tests',
    build_stage: 'test',
    build_status: status,
    build_created_at: utc(started - 30_000),
    build_created_at_iso: iso(started - 30_000),
    build_started_at: utc(started),
    build_started_at_iso: iso(started),
    build_finished_at: finished === null ? null : utc(finished),
    build_finished_at_iso: finished === null ? null : iso(finished),
    build_duration: finished === null ? null : 120,
    build_queued_duration: s.random.int(1, 40),
    build_allow_failure: false,
    build_failure_reason: status === 'failed' ? 'script_failure' : 'unknown_failure',
    retries_count: 0,
    pipeline_id: pipelineId,
    project_id: s.project.id,
    project_name: `${s.project.namespace} / ${s.project.name}`,
    user: s.user,
    commit: { id: pipelineId, name: null, sha, message: `${message}\n`, author_name: s.user.name, author_email: s.user.email, status, duration: null, started_at: utc(started), started_at_iso: iso(started), finished_at: null, finished_at_iso: null },
    repository: s.repository,
    project: ciProject(s.project),
    runner: { id: s.random.int(1, 99_999), description: 'shared-runners-manager-6.gitlab.com', active: true, runner_type: 'instance_type', is_shared: true, tags: ['linux', 'docker'] },
    environment: null,
  };
}

function deployment(s: Scene) {
  const environment = s.random.pick(['production', 'staging']);
  const sha = s.random.hex(40);
  const jobId = s.random.int(10_000, 9_999_999);
  return {
    object_kind: 'deployment',
    status: s.random.pick(['success', 'failed', 'running', 'canceled']),
    status_changed_at: `${iso(s.at).slice(0, 10)} ${iso(s.at).slice(11, 19)} +0000`,
    deployment_id: s.random.int(1, 99_999),
    deployable_id: jobId,
    deployable_url: `${s.project.web_url}/-/jobs/${jobId}`,
    environment,
    environment_tier: environment,
    environment_slug: environment,
    environment_external_url: `https://${environment}.example.com`,
    project: s.project,
    short_sha: sha.slice(0, 8),
    user: s.user,
    user_url: `${HOST}/${s.user.username}`,
    commit_url: `${s.project.web_url}/-/commit/${sha}`,
    commit_title: s.random.pick(MESSAGES),
  };
}

function issue(s: Scene) {
  const action = s.random.pick(['open', 'update', 'close'] as const);
  const iid = s.random.int(1, 9_000);
  const labels = [label(s)];
  return {
    object_kind: 'issue',
    event_type: 'issue',
    user: s.user,
    project: s.project,
    object_attributes: {
      id: s.random.int(100_000, 999_999),
      iid,
      title: s.random.pick(['Checkout fails for EUR carts', 'Refund job stuck in pending', 'Flaky login test']),
      description: 'Seen in production since the last deploy.',
      state: action === 'close' ? 'closed' : 'opened',
      action,
      author_id: s.user.id,
      project_id: s.project.id,
      assignee_id: null,
      assignee_ids: [],
      milestone_id: null,
      created_at: iso(s.at - 7_200_000),
      updated_at: iso(s.at),
      confidential: false,
      type: 'Issue',
      severity: s.random.pick(['unknown', 'low', 'medium', 'high', 'critical']),
      url: `${s.project.web_url}/-/issues/${iid}`,
      labels,
    },
    repository: s.repository,
    assignees: [],
    labels,
    changes: action === 'open' ? {} : { updated_at: { previous: utc(s.at - 7_200_000), current: utc(s.at) } },
  };
}

function note(s: Scene) {
  const iid = s.random.int(1, 9_000);
  const issueId = s.random.int(100_000, 999_999);
  const id = s.random.int(1_000_000, 9_999_999);
  return {
    object_kind: 'note',
    event_type: 'note',
    user: s.user,
    project_id: s.project.id,
    project: s.project,
    repository: s.repository,
    object_attributes: {
      id,
      note: s.random.pick(['Reproduced on staging.', 'Fixed in the next release.', 'Can we add a test for this?']),
      noteable_type: 'Issue',
      noteable_id: issueId,
      author_id: s.user.id,
      project_id: s.project.id,
      created_at: utc(s.at),
      updated_at: utc(s.at),
      commit_id: '',
      line_code: null,
      system: false,
      action: 'create',
      url: `${s.project.web_url}/-/issues/${iid}#note_${id}`,
    },
    issue: { id: issueId, iid, title: 'Checkout fails for EUR carts', state: 'opened' },
  };
}

function release(s: Scene) {
  const tag = `v${s.random.int(1, 4)}.${s.random.int(0, 30)}.${s.random.int(0, 9)}`;
  const archive = `${s.project.web_url}/-/archive/${tag}/${s.project.path_with_namespace.split('/')[1]}-${tag}`;
  return {
    object_kind: 'release',
    id: s.random.int(1, 99_999),
    created_at: utc(s.at),
    description: `${tag} has been released`,
    name: tag,
    released_at: utc(s.at),
    tag,
    project: s.project,
    url: `${s.project.web_url}/-/releases/${tag}`,
    action: s.random.pick(['create', 'update'] as const),
    // Releases::Source::FORMATS: every release lists its four archives; count is links plus sources.
    assets: { count: 4, links: [], sources: ['zip', 'tar.gz', 'tar.bz2', 'tar'].map((format) => ({ format, url: `${archive}.${format}` })) },
    commit: commit(s, s.at - 60_000),
  };
}

const GENERATORS = {
  push: (s: Scene) => push(s, 'push'),
  tag_push: (s: Scene) => push(s, 'tag_push'),
  merge_request: mergeRequest,
  pipeline,
  build: job,
  deployment,
  issue,
  note,
  release,
} as const;

export type GitlabEventId = keyof typeof GENERATORS;

/** The generator of one event: a fresh scene from the seed, filled as that event's body. */
export function gitlabSample(event: GitlabEventId): (context: GenerateContext) => unknown {
  return ({ random }) => GENERATORS[event](scene(random));
}
