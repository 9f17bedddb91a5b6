// Sample bodies of GitLab's issue events: Issue Hook and a Note Hook commenting on an issue.
import { iso, label, utc, type Scene } from './gitlab-sample-scene.js';

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
      commit_id: '',
      line_code: null,
      system: false,
      action: 'create',
      url: `${s.project.web_url}/-/issues/${iid}#note_${id}`,
    },
    issue: { id: issueId, iid, title: 'Checkout fails for EUR carts', state: 'opened' },
  };
}

