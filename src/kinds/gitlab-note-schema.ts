// The Note Hook's body, after the four "Comment events" examples of GitLab's "Webhook events" doc
// (gitlabhq doc/user/project/integrations/webhook_events.md at 017a6c12, GitLab 18.2): the comment in
// object_attributes, and the object commented on (a commit, merge request, issue or snippet) beside it.
import type { z as Z } from 'zod';
import { lazySchema } from '../util/zod.js';
import { gitlabParts } from './gitlab-schemas.js';

/** The objects a comment is made on, as the Note Hook carries them beside the comment. */
function commentedObjects(z: typeof Z) {
  const { id, sha, time, text, gitlabProject, user, label } = gitlabParts();
  // A merge request as the comment on one carries it: its own fields, not the Merge Request Hook's.
  // What an issue and a merge request a comment is on both carry first.
  const issuable = { id, iid: id, title: z.string(), state: z.string(), description: text };
  const mergeRequest = z
    .object({
      ...issuable,
      source_branch: z.string().optional(),
      target_branch: z.string().optional(),
      source_project_id: id.optional(),
      target_project_id: id.optional(),
      author_id: id.optional(),
      assignee_id: id.nullable().optional(),
      milestone_id: id.nullable().optional(),
      created_at: time.optional(),
      updated_at: time.optional(),
      merge_status: z.string().optional(),
      detailed_merge_status: z.string().optional(),
      position: z.number().int().optional(),
      labels: z.array(label).optional(),
      source: gitlabProject.optional(),
      target: gitlabProject.optional(),
      // The example's last_commit.timestamp is '2015-04-08T21: 00:25-07:00' (a space after the hour,
      // unlike every other time of the doc), so its time is taken as a string here, not checked as one.
      last_commit: z.object({ id: sha, message: z.string(), timestamp: z.string(), url: z.string(), author: z.object({ name: z.string(), email: z.string() }).loose() }).loose().optional(),
      work_in_progress: z.boolean().optional(),
      draft: z.boolean().optional(),
      // The deprecated first assignee, without an id (as the Issue Hook's assignee).
      assignee: user.optional(),
    })
    .loose();
  const issue = z
    .object({
      ...issuable,
      assignee_ids: z.array(id).optional(),
      assignee_id: id.nullable().optional(),
      author_id: id.optional(),
      project_id: id.optional(),
      created_at: time.optional(),
      updated_at: time.optional(),
      position: z.number().int().optional(),
      // Only null in the example: the name of a branch (a string) is whk's reading.
      branch_name: text,
      milestone_id: id.nullable().optional(),
      labels: z.array(label).optional(),
    })
    .loose();
  const snippet = z
    .object({
      id,
      title: z.string(),
      description: text,
      content: z.string().optional(),
      author_id: id.optional(),
      project_id: id.nullable().optional(),
      created_at: time.optional(),
      updated_at: time.optional(),
      file_name: z.string().optional(),
      type: z.string().optional(),
      visibility_level: z.number().int().optional(),
      url: z.string().optional(),
    })
    .loose();
  return { mergeRequest, issue, snippet };
}

export const gitlabNote = lazySchema((z) => {
  const { id, time, text, gitlabProject, repository, user, commit } = gitlabParts();
  const { mergeRequest, issue, snippet } = commentedObjects(z);
  // The diff a comment on a commit's line was made on; null on other comments.
  const diff = z
    .object({ diff: z.string(), new_path: z.string(), old_path: z.string(), a_mode: z.string(), b_mode: z.string(), new_file: z.boolean(), renamed_file: z.boolean(), deleted_file: z.boolean() })
    .loose();
  return z
    .object({
      object_kind: z.literal('note'),
      event_type: z.enum(['note', 'confidential_note']).optional(),
      user,
      project_id: id,
      project: gitlabProject,
      repository,
      object_attributes: z
        .object({
          id,
          note: z.string(),
          noteable_type: z.enum(['Commit', 'MergeRequest', 'Issue', 'Snippet']),
          noteable_id: id.nullable(),
          author_id: id,
          project_id: id,
          created_at: time,
          updated_at: time,
          commit_id: text,
          line_code: text,
          system: z.boolean().optional(),
          action: z.enum(['create', 'update']).optional(),
          url: z.string(),
          // Only null in the four examples: its type is not shown, so whk does not check one.
          attachment: z.unknown().optional(),
          st_diff: diff.nullable().optional(),
        })
        .loose(),
      // The commented object: one of these, as noteable_type says.
      issue: issue.optional(),
      merge_request: mergeRequest.optional(),
      commit: commit.optional(),
      snippet: snippet.optional(),
    })
    .loose();
});
