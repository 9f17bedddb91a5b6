// Travis CI's payload as travis-tasks payload.rb builds it: a job's status is derived from its state.
import { describe, expect, it } from 'vitest';
import { travisCi } from '../../src/kinds/travis-ci.js';

/** payload.rb#result: 0 for passed, 1 for failed or errored, null for any other state. */
function result(state: string): 0 | 1 | null {
  if (state === 'passed') return 0;
  return state === 'failed' || state === 'errored' ? 1 : null;
}

describe('travis-ci: the matrix jobs', () => {
  it('carry a job state (never "finished") whose result payload.rb would compute as the job status', () => {
    for (const event of ['started', 'passed', 'failed', 'errored', 'canceled']) {
      const payload = travisCi.sample({ seed: 3, event });
      for (const job of payload.matrix) {
        expect(job.state).toBe(event);
        expect(job.status).toBe(result(job.state));
        expect(job.result).toBe(result(job.state));
      }
    }
  });
});

describe('travis-ci: the request commits', () => {
  it('are the base and head SHAs for a pull request and null for any other build', () => {
    const pr = travisCi.sample({ seed: 3, variant: 'pull_request' });
    expect(pr.base_commit).toMatch(/^[0-9a-f]{40}$/);
    expect(pr.head_commit).toMatch(/^[0-9a-f]{40}$/);
    expect(pr.head_commit).not.toBe(pr.commit);
    const push = travisCi.sample({ seed: 3, variant: 'push' });
    expect([push.base_commit, push.head_commit]).toEqual([null, null]);
  });
});
