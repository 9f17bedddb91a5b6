// The bodies of Bitbucket Cloud's repository webhooks, one schema per event key, after captured
// deliveries (jenkinsci plugins' test fixtures) and the entities of Atlassian's "Event payloads"
// page. The fields those show are declared, the main ones typed strictly; objects stay open, so
// fields Bitbucket adds are notes, not errors. The body names no event: X-Event-Key does.
import { lazySchema } from '../util/zod.js';

/** The entities the bodies share, built on first use (util/zod.ts). */
const entities = lazySchema((z) => {
  // Bitbucket wraps UUIDs in braces: {673a6070-3421-46c9-9d48-90745f7bfe8e}.
  const braced = z.string().regex(/^\{.+\}$/, 'expected a UUID in braces');
  const hash = z.string().regex(/^[0-9a-f]{7,40}$/, 'expected a hex commit hash');
  const time = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/, 'expected an ISO 8601 date-time with its offset');
  // links: { self: { href }, html: { href }, ... }; their set varies by object.
  const links = z.record(z.string(), z.unknown());
  const rendered = z.object({ raw: z.string(), markup: z.string().optional(), html: z.string().optional(), type: z.string().optional() }).loose();

  /** A user, team or app: the actor, authors, owners. Older deliveries carry username, newer account_id. */
  const account = z
    .object({ type: z.string().optional(), uuid: braced, display_name: z.string(), nickname: z.string().optional(), account_id: z.string().optional(), username: z.string().optional(), links: links.optional() })
    .loose();

  const repository = z
    .object({
      type: z.literal('repository').optional(),
      uuid: braced,
      full_name: z.string(),
      name: z.string(),
      scm: z.string().optional(),
      is_private: z.boolean().optional(),
      website: z.string().nullable().optional(),
      owner: account.optional(),
      workspace: z.object({ type: z.string().optional(), uuid: braced, slug: z.string(), name: z.string(), links: links.optional() }).loose().optional(),
      project: z.object({ type: z.string().optional(), uuid: braced, key: z.string(), name: z.string(), links: links.optional() }).loose().optional(),
      parent: z.unknown().optional(),
      links: links.optional(),
    })
    .loose();

  const commit = z
    .object({
      type: z.literal('commit').optional(),
      hash,
      date: time.optional(),
      message: z.string().optional(),
      author: z.object({ type: z.string().optional(), raw: z.string(), user: account.optional() }).loose().optional(),
      committer: z.unknown().optional(),
      summary: rendered.optional(),
      parents: z.array(z.object({ hash, type: z.string().optional(), links: links.optional() }).loose()).optional(),
      links: links.optional(),
      rendered: z.unknown().optional(),
      properties: z.unknown().optional(),
    })
    .loose();

  return { hash, time, links, rendered, account, repository, commit, base: { actor: account, repository } };
});

const PR_STATES = ['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED'] as const;
type PullRequestState = (typeof PR_STATES)[number];

/** A push's changes and a pull request of the states given, built on first use. */
const refsAndPullRequests = lazySchema((z) => {
  const { hash, time, links, rendered, account, repository, commit } = entities();

  /** A branch or tag as a push's old or new state. */
  const ref = z
    .object({
      type: z.enum(['branch', 'tag', 'named_branch', 'bookmark']),
      name: z.string(),
      target: commit,
      links: links.optional(),
      message: z.string().nullable().optional(),
      date: time.nullable().optional(),
      tagger: z.unknown().optional(),
      merge_strategies: z.array(z.string()).optional(),
      sync_strategies: z.array(z.string()).optional(),
      default_merge_strategy: z.string().optional(),
    })
    .loose();

  const change = z
    .object({
      // old is null when the ref was created, new is null when it was deleted
      old: ref.nullable(),
      new: ref.nullable(),
      created: z.boolean(),
      closed: z.boolean(),
      forced: z.boolean(),
      truncated: z.boolean(),
      // Only a change whose new state is a branch (commits pushed, a branch created) lists commits;
      // a tag created and a branch or tag deleted have no commits key (jenkinsci/bitbucket-branch-source-plugin's
      // tag_created.json, branch_deleted.json, tag_deleted.json; drone/go-scm's push_tag_create.json).
      commits: z.array(commit).optional(),
      links: links.optional(),
    })
    .loose();

  const endpoint = z
    .object({
      branch: z.object({ name: z.string(), links: links.optional(), sync_strategies: z.array(z.string()).optional() }).loose(),
      commit: z.object({ hash, type: z.string().optional(), links: links.optional() }).loose().nullable(),
      repository: repository,
    })
    .loose();

  const participant = z
    .object({ type: z.string().optional(), user: account, role: z.enum(['PARTICIPANT', 'REVIEWER']), approved: z.boolean(), state: z.string().nullable().optional(), participated_on: time.nullable().optional() })
    .loose();

  function pullrequest(states: readonly PullRequestState[]) {
    return z
      .object({
        type: z.literal('pullrequest').optional(),
        id: z.number().int().positive(),
        title: z.string(),
        description: z.string(),
        state: z.enum(states as [PullRequestState, ...PullRequestState[]]),
        draft: z.boolean().optional(),
        queued: z.boolean().optional(),
        author: account,
        source: endpoint,
        destination: endpoint,
        merge_commit: z.object({ hash, type: z.string().optional(), links: links.optional() }).loose().nullable(),
        closed_by: account.nullable(),
        reason: z.string(),
        close_source_branch: z.boolean(),
        comment_count: z.number().int().nonnegative(),
        task_count: z.number().int().nonnegative(),
        participants: z.array(participant),
        reviewers: z.array(account),
        created_on: time,
        updated_on: time,
        summary: rendered.optional(),
        rendered: z.unknown().optional(),
        links: links.optional(),
      })
      .loose();
  }

  return { change, pullrequest };
});

export const bitbucketPush = lazySchema((z) => z.object({ ...entities().base, push: z.object({ changes: z.array(refsAndPullRequests().change) }).loose() }).loose());

/** A pull request event; the states it may carry (a fulfilled one is MERGED, a rejected one DECLINED). */
export const bitbucketPullRequest = (states: readonly PullRequestState[]) => lazySchema((z) => z.object({ ...entities().base, pullrequest: refsAndPullRequests().pullrequest(states) }).loose());

export const bitbucketApproval = lazySchema((z) => {
  const { time, account, base } = entities();

  return z
    .object({ ...base, pullrequest: refsAndPullRequests().pullrequest(PR_STATES), approval: z.object({ date: time, user: account }).loose() })
    .loose();
});

export const bitbucketComment = lazySchema((z) => {
  const { time, links, rendered, account, base } = entities();

  return z
    .object({
      ...base,
      pullrequest: refsAndPullRequests().pullrequest(PR_STATES),
      comment: z
        .object({
          type: z.string().optional(),
          id: z.number().int().positive(),
          content: rendered,
          user: account,
          created_on: time,
          updated_on: time.nullable(),
          deleted: z.boolean().optional(),
          // links as in drone/go-scm's pr_comment_created.json (152fbb89) and the push-and-pull-request plugin's pr_comment_created.json
          pullrequest: z.object({ type: z.string().optional(), id: z.number().int(), title: z.string(), links: links.optional() }).loose().optional(),
          inline: z.unknown().optional(),
          parent: z.unknown().optional(),
          links: links.optional(),
        })
        .loose(),
    })
    .loose();
});

export const bitbucketCommitStatus = lazySchema((z) => {
  const { time, links, repository, commit, base } = entities();

  return z
    .object({
      ...base,
      commit_status: z
        .object({
          key: z.string(),
          name: z.string(),
          state: z.enum(['INPROGRESS', 'SUCCESSFUL', 'FAILED', 'STOPPED']),
          description: z.string(),
          url: z.string(),
          type: z.string().optional(),
          refname: z.string().nullable().optional(),
          // The commit and repository the status is on, as a 2025 Pipelines delivery carries them
          // (drone/go-scm e91781e5, scm/driver/bitbucket/testdata/webhooks/pipeline_hook_created.json).
          commit: commit.optional(),
          repository: repository.optional(),
          created_on: time,
          updated_on: time,
          links: links.optional(),
        })
        .loose(),
    })
    .loose();
});

export const bitbucketIssue = lazySchema((z) => {
  const { time, links, rendered, account, base } = entities();

  return z
    .object({
      ...base,
      issue: z
        .object({
          id: z.number().int().positive(),
          title: z.string(),
          content: rendered,
          state: z.enum(['new', 'open', 'on hold', 'resolved', 'duplicate', 'invalid', 'wontfix', 'closed']),
          priority: z.enum(['trivial', 'minor', 'major', 'critical', 'blocker']),
          kind: z.enum(['bug', 'enhancement', 'proposal', 'task']).optional(),
          type: z.string().optional(),
          reporter: account.nullable().optional(),
          assignee: account.nullable().optional(),
          component: z.unknown().optional(),
          milestone: z.unknown().optional(),
          version: z.unknown().optional(),
          votes: z.number().int().optional(),
          created_on: time,
          updated_on: time.nullable(),
          links: links.optional(),
        })
        .loose(),
    })
    .loose();
});
