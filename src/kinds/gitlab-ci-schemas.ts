// The bodies of GitLab's CI/CD events, after the payload examples of GitLab's "Webhook events" doc:
// Pipeline Hook (with its jobs), Job Hook and Deployment Hook; the parts they share with the other
// events come from gitlab-schemas.ts.
import { gitlabParts } from './gitlab-schemas.js';
import { lazySchema } from '../util/zod.js';

export const gitlabPipeline = lazySchema((z) => {
  const { id, sha, time, text, gitlabProject, user, commit, sourcePipeline, runner } = gitlabParts();
  const build = z
    .object({
      id,
      stage: z.string(),
      name: z.string(),
      status: z.string(),
      created_at: time,
      started_at: time.nullable(),
      finished_at: time.nullable(),
      // duration and environment are missing from builds in older versions of the doc's example
      duration: z.number().nullable().optional(),
      queued_duration: z.number().nullable().optional(),
      failure_reason: text,
      when: z.string(),
      manual: z.boolean(),
      allow_failure: z.boolean(),
      user,
      runner: runner.nullable(),
      artifacts_file: z.object({ filename: text, size: z.number().nullable() }).loose(),
      environment: z.object({ name: z.string(), action: z.string(), deployment_tier: z.string().optional() }).loose().nullable().optional(),
    })
    .loose();

  return z
    .object({
      object_kind: z.literal('pipeline'),
      object_attributes: z
        .object({
          id,
          iid: id.optional(),
          name: text,
          ref: z.string(),
          tag: z.boolean(),
          sha,
          before_sha: sha,
          source: z.string(),
          status: z.string(),
          detailed_status: z.string().optional(),
          stages: z.array(z.string()),
          created_at: time,
          finished_at: time.nullable(),
          duration: z.number().nullable(),
          queued_duration: z.number().nullable().optional(),
          protected_ref: z.boolean().optional(),
          variables: z.array(z.object({ key: z.string(), value: z.string() }).loose()),
          url: z.string().optional(),
        })
        .loose(),
      merge_request: z
        .object({
          id,
          iid: id,
          title: z.string(),
          source_branch: z.string(),
          source_project_id: id.optional(),
          target_branch: z.string(),
          target_project_id: id.optional(),
          state: z.string(),
          merge_status: z.string().optional(),
          detailed_merge_status: z.string().optional(),
          url: z.string(),
        })
        .loose()
        .nullable()
        .optional(),
      user,
      project: gitlabProject,
      commit: commit.nullable(),
      source_pipeline: sourcePipeline.optional(),
      builds: z.array(build),
    })
    .loose();
});

export const gitlabJob = lazySchema((z) => {
  const { id, sha, time, text, gitlabProject, repository, user, sourcePipeline, runner } = gitlabParts();
  const nullableTime = time.nullable();

  return z
    .object({
      object_kind: z.literal('build'),
      ref: z.string(),
      tag: z.boolean(),
      before_sha: sha,
      sha,
      build_id: id,
      build_name: z.string(),
      build_stage: z.string(),
      build_status: z.string(),
      // build_created_at, runner and environment are missing in older versions of the doc's example
      build_created_at: time.optional(),
      build_created_at_iso: time.optional(),
      build_started_at: nullableTime,
      build_started_at_iso: nullableTime.optional(),
      build_finished_at: nullableTime,
      build_finished_at_iso: nullableTime.optional(),
      build_duration: z.number().nullable(),
      build_queued_duration: z.number().nullable().optional(),
      build_allow_failure: z.boolean(),
      build_failure_reason: text,
      retries_count: z.number().int().nonnegative().optional(),
      pipeline_id: id,
      project_id: id,
      project_name: z.string(),
      user,
      // The doc: commit.id is the pipeline's id here, not a sha.
      commit: z
        .object({
          id,
          name: text,
          sha,
          message: z.string(),
          author_name: z.string(),
          author_email: z.string(),
          status: z.string(),
          duration: z.number().nullable(),
          started_at: nullableTime,
          started_at_iso: nullableTime.optional(),
          finished_at: nullableTime,
          finished_at_iso: nullableTime.optional(),
        })
        .loose(),
      repository,
      project: gitlabProject.optional(),
      runner: runner.nullable().optional(),
      environment: z.object({ name: z.string(), action: z.string(), deployment_tier: z.string().optional() }).loose().nullable().optional(),
      source_pipeline: sourcePipeline.optional(),
    })
    .loose();
});

export const gitlabDeployment = lazySchema((z) => {
  const { id, time, text, gitlabProject, user } = gitlabParts();
  return z
    .object({
      object_kind: z.literal('deployment'),
      status: z.string(),
      status_changed_at: time,
      deployment_id: id,
      deployable_id: id.nullable(),
      deployable_url: z.string().nullable(),
      environment: z.string(),
      environment_tier: z.string().optional(),
      environment_slug: z.string().optional(),
      environment_external_url: text,
      project: gitlabProject,
      short_sha: z.string(),
      user,
      user_url: z.string(),
      commit_url: z.string(),
      commit_title: z.string(),
    })
    .loose();
});
