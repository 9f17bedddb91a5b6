// The one-line error of a payload a change made invalid: its first issue, and the rest counted as issues.
import { describe, expect, it } from 'vitest';
import { firstIssue } from '../../src/validate/assigned.js';

const issue = (path: string, message: string) => ({ path, message, severity: 'error' as const });

describe('firstIssue', () => {
  it('says the first issue alone when it is the only one', () => {
    expect(firstIssue({ issues: [issue('$.status', 'expected one of "opened", "resolved"')] })).toBe('$.status: expected one of "opened", "resolved"');
  });

  it('counts the others as issues, so a count after a list of choices is not read as one more choice', () => {
    expect(firstIssue({ issues: [issue('$.status', 'expected one of "open"'), issue('$.id', 'expected string')] })).toBe('$.status: expected one of "open" (and 1 more issue)');
    expect(firstIssue({ issues: [issue('$.a', 'x'), issue('$.b', 'y'), issue('$.c', 'z')] })).toBe('$.a: x (and 2 more issues)');
  });
});
