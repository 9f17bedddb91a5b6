// The README's contract table must say what the kinds do: the kinds its `send` rows name are the registry's.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listKinds } from '../../src/kinds/index.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('<!-- section:ci -->'), readme.indexOf('<!-- /section:ci -->'));

describe('README: the contract table of whk check', () => {
  // It named metaplane-incident alone, and read as if a pagerduty-incident check sent no duplicates.
  it("the `duplicates` row names every kind delivered at-least-once, and no other", () => {
    const row = section.split('\n').find((line) => line.startsWith('| `duplicates` |')) ?? '';
    const named = listKinds().filter((kind) => row.includes(`\`${kind.id}\``)).map((kind) => kind.id);
    expect(named).toEqual(listKinds().filter((kind) => kind.delivery.atLeastOnce).map((kind) => kind.id));
  });
});
