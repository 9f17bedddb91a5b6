// Turns zod's issues into whk's: a '$.json.path' and one plain message each, unions flattened.
import type { z } from 'zod';
import { formatPath, type PathSegment } from '../util/json-path.js';

export interface Issue {
  path: string;
  message: string;
}

type ZodIssue = z.core.$ZodIssue;

export function toIssues(zodIssues: readonly ZodIssue[], base: readonly PathSegment[] = []): Issue[] {
  const out: Issue[] = [];
  for (const issue of zodIssues) {
    const path = [...base, ...(issue.path as PathSegment[])];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Report the branch that came closest (fewest issues), not "Invalid input".
      const best = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? [];
      out.push(...toIssues(best, path));
      continue;
    }
    out.push({ path: formatPath(path), message: plainMessage(issue) });
  }
  return out;
}

function plainMessage(issue: ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const received = /received (\w+)/.exec(issue.message)?.[1];
    return received === 'undefined' ? `required ${issue.expected} is missing` : `expected ${issue.expected}, got ${received ?? 'another type'}`;
  }
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return issue.message.replace(/^Invalid input: /, '');
}
