// Sample bodies of GitLab's repository events: Push Hook and Tag Push Hook, Merge Request Hook and
// Release Hook, each filled from the scene the way GitLab's data builders fill it.
import { BRANCHES, commit, iso, label, MESSAGES, NO_TIME_TRACKED, STATE_ID, utc, type Scene } from './gitlab-sample-scene.js';

export function push(s: Scene, kind: 'push' | 'tag_push') {
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

// DetailedMergeStatusService: an unchecked MR reads unchecked, and a merged one fails the first
// check (CheckOpenStatusService), so not_open.
const MERGE_STATUS = {
  open: { merge_status: 'unchecked', detailed_merge_status: 'unchecked' },
  update: { merge_status: 'can_be_merged', detailed_merge_status: 'mergeable' },
  approved: { merge_status: 'can_be_merged', detailed_merge_status: 'mergeable' },
  merge: { merge_status: 'can_be_merged', detailed_merge_status: 'not_open' },
} as const;

export function mergeRequest(s: Scene) {
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
      last_edited_at: null,
      last_edited_by_id: null,
      state_id: STATE_ID[action === 'merge' ? 'merged' : 'opened'],
      ...MERGE_STATUS[action],
      blocking_discussions_resolved: true,
      draft: false,
      work_in_progress: false,
      first_contribution: false,
      // whk's choice: prepared (diffs and pipelines set up) a minute after it was opened.
      prepared_at: iso(s.at - 3_540_000),
      ...NO_TIME_TRACKED,
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

export function release(s: Scene) {
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

