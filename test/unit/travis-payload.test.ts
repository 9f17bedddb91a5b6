// Travis CI's payload as travis-tasks payload.rb builds it: a job's status is derived from its state.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { travisCi } from '../../src/kinds/travis-ci.js';
import { validatePayload } from '../../src/validate/payload.js';

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

describe('travis-ci: the published pull_request delivery', () => {
  const published = JSON.parse(readFileSync(new URL('../../fixtures/travis-ci/pull_request.passed.docs-webhook-2017.json', import.meta.url), 'utf8')) as Record<string, unknown>;

  it('is a valid pull_request build whose base_commit is its commit, as payload.rb set it in 2017, which the doubts say', () => {
    expect(validatePayload(published)).toMatchObject({ valid: true, kind: 'travis-ci', notes: [] });
    expect(published).toMatchObject({ id: 289215159, type: 'pull_request', pull_request_number: 1406 });
    expect(published['base_commit']).toBe(published['commit']);
    const doubts = travisCi.doubts.join('\n');
    expect(doubts).not.toMatch(/No published sample of a pull_request/);
    expect(doubts).toMatch(/289215159/);
  });

  it('is matched by the sample in every field, the sample\'s base_commit following today\'s payload.rb (the request\'s base commit)', () => {
    const sample = travisCi.sample({ seed: 1, variant: 'pull_request' }) as unknown as Record<string, unknown>;
    expect(Object.keys(sample).sort()).toEqual(Object.keys(published).sort());
    expect(sample['base_commit']).not.toBe(sample['commit']);
  });
});
