// The README's --auth-basic/--auth-bearer row names every kind that accepts each scheme, and no other.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listKinds } from '../../src/kinds/index.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const row = readme.split('\n').find((line) => line.startsWith('| `--auth-basic <token>`, `--auth-bearer <token>` |')) ?? '';

/** The kinds the row lists after "Basic:" or "Bearer:". */
function listed(scheme: 'Basic' | 'Bearer'): string[] {
  const match = new RegExp(`${scheme}: ([a-z0-9, -]+)\\.`).exec(row);
  return (match?.[1] ?? '').split(', ').filter(Boolean).sort();
}

describe('README: the auth flags row', () => {
  it.each([
    ['Basic', 'basic'],
    ['Bearer', 'bearer'],
  ] as const)('%s lists exactly the kinds that send it', (title, scheme) => {
    const kinds = listKinds()
      .filter((kind) => kind.delivery.auth.includes(scheme))
      .map((kind) => kind.id)
      .sort();
    expect(kinds.length).toBeGreaterThan(0);
    expect(listed(title)).toEqual(kinds);
  });
});
