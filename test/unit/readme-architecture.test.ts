// The README's Architecture section is the map the next engineer reads before the code: every path it
// names must exist, and every directory of src/ must be on it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const architecture = readme.slice(readme.indexOf('## Architecture'));
const named = [...architecture.matchAll(/(?<![\w/.-])((?:src|test|bench|fixtures|docs|bin)\/[\w./-]*[\w/])/g)].map((match) => match[1] as string);

describe('README: Architecture', () => {
  it('names paths, and every one exists', () => {
    expect(named.length).toBeGreaterThan(20);
    expect(named.filter((path) => !existsSync(new URL(path, root)))).toEqual([]);
  });

  it('shows every directory of src/', () => {
    const directories = readdirSync(new URL('src/', root), { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(directories.length).toBeGreaterThan(5);
    expect(directories.map((entry) => `src/${entry.name}/`).filter((path) => !architecture.includes(path))).toEqual([]);
  });
});
