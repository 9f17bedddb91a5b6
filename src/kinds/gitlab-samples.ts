// Seeded sample bodies of GitLab's webhook events, shaped like the doc's examples: each event's
// builder (by family: repository, CI/CD, issue) filled from a fresh scene drawn from the seed.
import type { GenerateContext } from './define.js';
import { deployment, job, pipeline } from './gitlab-ci-samples.js';
import { issue, note } from './gitlab-issue-samples.js';
import { mergeRequest, push, release } from './gitlab-repository-samples.js';
import { scene, type Scene } from './gitlab-sample-scene.js';

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
