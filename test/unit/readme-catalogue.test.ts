// The README's catalogue table lists every kind, and no other, with its template and integration type
// as the kind defines them (`—` where it has none).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listKinds } from '../../src/kinds/index.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const catalogue = readme.slice(readme.indexOf('### The catalogue'), readme.indexOf('\n### ', readme.indexOf('### The catalogue') + 1));
const rows = catalogue
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));

describe('README: the catalogue', () => {
  it('lists every kind once with its template and integration type', () => {
    const kinds = listKinds();
    expect(kinds.length).toBeGreaterThan(20);
    expect(rows.map(([id]) => id).sort()).toEqual(kinds.map((kind) => `\`${kind.id}\``).sort());
    for (const kind of kinds) {
      expect(rows.find(([id]) => id === `\`${kind.id}\``), kind.id).toEqual([`\`${kind.id}\``, kind.template ?? '—', kind.integrationType ?? '—']);
    }
  });
});
