// The bodies of GitLab's project webhooks, one schema per event, after the payload examples of
// GitLab's "Webhook events" doc (the CI/CD events' in gitlab-ci-schemas.ts). The fields those
// examples show are declared (the main ones typed strictly); objects stay open, so fields a newer
// GitLab adds are notes, not errors.
import type { z } from 'zod';
import { lazySchema } from '../util/zod.js';

type Zod = typeof z;

/** What the events' schemas share, built once, on first use (util/zod.ts). */
export const gitlabParts = lazySchema((z) => {
  const id = z.number().int();
  const sha = z.string().regex(/^[0-9a-f]{40}$/, 'expected a 40-digit hex commit sha');
  // GitLab writes times as ISO 8601 in some fields and as '2016-08-12 15:23:28 UTC' in others.
  const time = z.string().regex(/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}/, 'expected a date-time');
  const text = z.string().nullable().optional();

  /** A project as Project#hook_attrs gives it; the doc's merge request source and target lack the id. */
  const projectFields = {
    name: z.string(),
    description: text,
    web_url: z.string(),
    avatar_url: text,
    git_ssh_url: z.string().optional(),
    git_http_url: z.string().optional(),
    namespace: z.string().optional(),
    visibility_level: z.number().int().optional(),
    path_with_namespace: z.string(),
    default_branch: text,
    ci_config_path: text,
    homepage: z.string().optional(),
    url: z.string().optional(),
    ssh_url: z.string().optional(),
    http_url: z.string().optional(),
  };
  // Older versions of the doc's examples send the project without its id.
  const gitlabProject = z.object({ id: id.optional(), ...projectFields }).loose();

  const repository = z
    .object({ name: z.string(), url: z.string().optional(), description: text, homepage: z.string().optional(), git_http_url: z.string().optional(), git_ssh_url: z.string().optional(), visibility_level: z.number().int().optional() })
    .loose();

  /** A user; the issue event's assignees come without an id. */
  const user = z.object({ id: id.optional(), name: z.string(), username: z.string().optional(), avatar_url: text, email: text }).loose();

  const author = z.object({ name: z.string(), email: z.string() }).loose();
  const commit = z
    .object({
      id: sha,
      message: z.string(),
      title: z.string().optional(),
      timestamp: time,
      url: z.string(),
      author,
      added: z.array(z.string()).optional(),
      modified: z.array(z.string()).optional(),
      removed: z.array(z.string()).optional(),
    })
    .loose();

  const label = z
    .object({
      id,
      title: z.string(),
      color: z.string(),
      project_id: id.nullable(),
      created_at: time,
      updated_at: time,
      template: z.boolean(),
      description: text,
      type: z.string(),
      group_id: id.nullable(),
    })
    .loose();

  /** What merge requests and issues both open their object_attributes with. */
  const titled = { id, iid: id, title: z.string(), description: text };

  /** `changes`: each changed attribute with its previous and current value. */
  const changes = z.record(z.string(), z.object({ previous: z.unknown(), current: z.unknown() }).loose());

  const sourcePipeline = z
    .object({ project: z.object({ id, web_url: z.string(), path_with_namespace: z.string() }).loose(), pipeline_id: id, job_id: id })
    .loose();

  const runner = z.object({ id, description: z.string(), active: z.boolean(), is_shared: z.boolean(), runner_type: z.string().optional(), tags: z.array(z.string()).optional() }).loose();

  return { id, sha, time, text, gitlabProject, repository, user, commit, label, titled, changes, sourcePipeline, runner };
});

/**
 * When and by whom an issue's or merge request's text was last edited: null until it is (the Issue
 * Hook example, and the previous values in the Merge Request Hook example's changes).
 */
function editedFields() {
  const { id, time } = gitlabParts();
  return { last_edited_at: time.nullable().optional(), last_edited_by_id: id.nullable().optional() };
}

/**
 * Time tracking, in seconds and in words: the words null with nothing tracked (the Issue Hook
 * example), '30m' or '30s' with some (the Merge Request Hook example).
 */
function timeTrackingFields(z: Zod) {
  const seconds = z.number().int().optional();
  const words = z.string().nullable().optional();
  return { total_time_spent: seconds, time_change: seconds, human_total_time_spent: words, human_time_change: words, human_time_estimate: words };
}

function pushSchema<K extends 'push' | 'tag_push'>(z: Zod, kind: K, refPrefix: string) {
  const { id, sha, text, gitlabProject, repository, commit } = gitlabParts();
  return z
    .object({
      object_kind: z.literal(kind),
      // event_name, ref_protected and event_type came in later GitLab versions: older bodies lack them.
      event_name: z.literal(kind).optional(),
      before: sha,
      after: sha,
      ref: z.string().regex(new RegExp(`^${refPrefix}`), `expected a ref starting with ${refPrefix}`),
      ref_protected: z.boolean().optional(),
      // null when the push deletes the branch or tag
      checkout_sha: sha.nullable(),
      message: text,
      user_id: id,
      user_name: z.string(),
      user_username: z.string().optional(),
      user_email: text,
      user_avatar: text,
      project_id: id,
      project: gitlabProject,
      repository,
      commits: z.array(commit),
      total_commits_count: z.number().int().nonnegative(),
      // The git push -o options, {} without any; missing from the doc's examples.
      push_options: z.record(z.string(), z.unknown()).optional(),
    })
    .loose();
}

export const gitlabPush = lazySchema((z) => pushSchema(z, 'push', 'refs/heads/'));
export const gitlabTagPush = lazySchema((z) => pushSchema(z, 'tag_push', 'refs/tags/'));

export const gitlabMergeRequest = lazySchema((z) => {
  const { id, time, gitlabProject, repository, user, commit, label, titled, changes } = gitlabParts();
  return z
    .object({
      object_kind: z.literal('merge_request'),
      event_type: z.literal('merge_request').optional(),
      user,
      project: gitlabProject,
      repository,
      object_attributes: z
        .object({
          ...titled,
          state: z.enum(['opened', 'closed', 'locked', 'merged']),
          action: z.enum(['open', 'close', 'reopen', 'update', 'approved', 'unapproved', 'approval', 'unapproval', 'merge']).optional(),
          source_branch: z.string(),
          target_branch: z.string(),
          source_project_id: id,
          target_project_id: id,
          author_id: id,
          assignee_id: id.nullable().optional(),
          assignee_ids: z.array(id).optional(),
          reviewer_ids: z.array(id).optional(),
          milestone_id: id.nullable().optional(),
          created_at: time,
          updated_at: time,
          merge_status: z.string(),
          detailed_merge_status: z.string().optional(),
          draft: z.boolean().optional(),
          work_in_progress: z.boolean().optional(),
          url: z.string(),
          source: gitlabProject,
          target: gitlabProject,
          last_commit: commit,
          labels: z.array(label).optional(),
          ...editedFields(),
          state_id: id.optional(),
          blocking_discussions_resolved: z.boolean().optional(),
          first_contribution: z.boolean().optional(),
          // A time in the example; whether an unprepared merge request sends null the doc does not show.
          prepared_at: time.optional(),
          ...timeTrackingFields(z),
        })
        .loose(),
      labels: z.array(label).optional(),
      changes: changes.optional(),
      assignees: z.array(user).optional(),
      reviewers: z.array(user).optional(),
    })
    .loose();
});

export const gitlabIssue = lazySchema((z) => {
  const { id, time, gitlabProject, repository, user, label, titled, changes } = gitlabParts();
  return z
    .object({
      // Issue Hook: 'issue' for issues, 'work_item' for the other work item types.
      object_kind: z.enum(['issue', 'work_item']),
      event_type: z.enum(['issue', 'confidential_issue', 'work_item']).optional(),
      user,
      project: gitlabProject,
      object_attributes: z
        .object({
          ...titled,
          state: z.enum(['opened', 'closed']),
          action: z.enum(['open', 'close', 'reopen', 'update']).optional(),
          author_id: id,
          project_id: id,
          assignee_id: id.nullable().optional(),
          assignee_ids: z.array(id).optional(),
          milestone_id: id.nullable().optional(),
          created_at: time,
          updated_at: time,
          confidential: z.boolean().optional(),
          type: z.string().optional(),
          severity: z.string().optional(),
          url: z.string(),
          labels: z.array(label).optional(),
          ...editedFields(),
          updated_by_id: id.nullable().optional(),
          relative_position: z.number().int().optional(),
          state_id: id.optional(),
          discussion_locked: z.boolean().optional(),
          // Only null in the doc's examples (this one and the Emoji Hook's issue): a date string, as the
          // Milestone Hook's due_date ('2025-06-30'), is whk's reading of the name.
          due_date: z.string().nullable().optional(),
          // Only null in the doc's examples: ids (of the issue it moved to or duplicates) by their names.
          moved_to_id: id.nullable().optional(),
          duplicated_to_id: id.nullable().optional(),
          time_estimate: z.number().int().optional(),
          ...timeTrackingFields(z),
          // Only null in the doc's examples: a number (an issue's weight) is whk's reading of the name.
          weight: z.number().nullable().optional(),
          // 'at_risk' here, null in the Emoji Hook's issue.
          health_status: z.string().nullable().optional(),
          // Only for issue types that support escalations, such as incidents (the doc, "Work item events").
          escalation_status: z.string().optional(),
          escalation_policy: z.object({ id, name: z.string() }).loose().optional(),
        })
        .loose(),
      repository,
      assignees: z.array(user).optional(),
      assignee: user.optional(),
      labels: z.array(label).optional(),
      changes: changes.optional(),
    })
    .loose();
});

export const gitlabRelease = lazySchema((z) => {
  const { id, time, gitlabProject, commit } = gitlabParts();
  return z
    .object({
      object_kind: z.literal('release'),
      id,
      created_at: time,
      description: z.string(),
      name: z.string(),
      released_at: time,
      tag: z.string(),
      project: gitlabProject,
      url: z.string(),
      action: z.enum(['create', 'update', 'delete']),
      assets: z
        .object({
          count: z.number().int().nonnegative(),
          links: z.array(z.object({ id, external: z.boolean().optional(), link_type: z.string(), name: z.string(), url: z.string() }).loose()),
          sources: z.array(z.object({ format: z.string(), url: z.string() }).loose()),
        })
        .loose(),
      commit,
    })
    .loose();
});
