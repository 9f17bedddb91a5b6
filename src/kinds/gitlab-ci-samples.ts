// Sample bodies of GitLab's CI/CD events: Pipeline Hook (with its jobs), Job Hook and Deployment Hook.
import { commit, HOST, iso, MESSAGES, utc, type Scene } from './gitlab-sample-scene.js';

/** Pipeline and job bodies take Project#hook_attrs(backward: false): no homepage, url, ssh_url, http_url. */
function ciProject({ homepage: _h, url: _u, ssh_url: _s, http_url: _p, ...rest }: Scene['project']) {
  return rest;
}

const STAGES = ['build', 'test', 'deploy'];

export function pipeline(s: Scene) {
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
      // No ref_status_name: a later lib/gitlab/data_builder/pipeline.rb puts it here
      // (pipeline.ref_status_name, fixed or broken as the chat integrations read it), but neither that
      // file nor the Webhook events doc has it at the 18.2 version whk follows, and no source found
      // names the release that added it (a doubt of the kind).
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

export function job(s: Scene) {
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

export function deployment(s: Scene) {
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

