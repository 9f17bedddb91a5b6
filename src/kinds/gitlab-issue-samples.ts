// Sample bodies of GitLab's issue events: Issue Hook and a Note Hook commenting on an issue.
import { iso, label, NO_TIME_TRACKED, STATE_ID, utc, type Scene } from './gitlab-sample-scene.js';

export function issue(s: Scene) {
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
      updated_by_id: action === 'open' ? null : s.user.id,
      last_edited_at: null,
      last_edited_by_id: null,
      // whk's choice: GitLab spaces positions out; any integer orders the board.
      relative_position: iid * 1_000,
      state_id: STATE_ID[action === 'close' ? 'closed' : 'opened'],
      confidential: false,
      discussion_locked: false,
      due_date: null,
      moved_to_id: null,
      duplicated_to_id: null,
      time_estimate: 0,
      ...NO_TIME_TRACKED,
      weight: null,
      health_status: null,
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

export function note(s: Scene) {
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
      attachment: null,
      commit_id: '',
      line_code: null,
      system: false,
      st_diff: null,
      action: 'create',
      url: `${s.project.web_url}/-/issues/${iid}#note_${id}`,
    },
    // The commented issue as the doc's "Comment on an issue" example carries it.
    issue: {
      id: issueId,
      iid,
      title: 'Checkout fails for EUR carts',
      description: 'Seen in production since the last deploy.',
      state: 'opened',
      assignee_ids: [],
      assignee_id: null,
      author_id: s.user.id,
      project_id: s.project.id,
      created_at: utc(s.at - 86_400_000),
      updated_at: utc(s.at),
      position: 0,
      branch_name: null,
      milestone_id: null,
      labels: [],
    },
  };
}

