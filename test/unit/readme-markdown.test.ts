// The README and the docs are read rendered: a code fence left open turns every heading after it into
// code (a table swap once dropped one, and the Performance and Architecture sections rendered as a
// code block). Each fence must close, and no heading or section marker may stand inside one; and
// each link to a heading or a file of the repository must lead somewhere.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const FENCE = /^\s*```/;
// What only prose holds: a heading (from ##: a shell comment reads as a first-level one), or a marker
// the README tests find sections and examples by.
const PROSE_ONLY = /^(#{2,6} |<!-- \/?(section|example):)/;

/** The lines a fence swallows that only prose holds, and the line of a fence never closed. */
function fenceProblems(text: string): { swallowed: string[]; unclosed: number | null } {
  let openedAt: number | null = null;
  const swallowed: string[] = [];
  text.split('\n').forEach((line, index) => {
    if (FENCE.test(line)) openedAt = openedAt === null ? index + 1 : null;
    else if (openedAt !== null && PROSE_ONLY.test(line)) swallowed.push(`line ${index + 1} (in the fence of line ${openedAt}): ${line}`);
  });
  return { swallowed, unclosed: openedAt };
}

/** The lines outside fences. */
function prose(text: string): string[] {
  let fenced = false;
  return text.split('\n').filter((line) => {
    if (FENCE.test(line)) fenced = !fenced;
    return !fenced && !FENCE.test(line);
  });
}

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading.toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, '').replaceAll(' ', '-');
}

describe('markdown as rendered', () => {
  for (const file of ['README.md', 'docs/performance-log.md']) {
    it(`${file}: every fence closes and holds no heading`, () => {
      const text = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
      expect(text.match(/^\s*```/gm)?.length).toBeGreaterThan(2);
      expect(fenceProblems(text)).toEqual({ swallowed: [], unclosed: null });
    });
  }

  it('finds a fence that swallows a heading, and one never closed', () => {
    expect(fenceProblems('```\ncode\n```\n```\n| a table |\n\n### Next\n')).toEqual({ swallowed: ['line 7 (in the fence of line 4): ### Next'], unclosed: 4 });
    expect(fenceProblems('```sh\n# a shell comment\n```\n<!-- section:x -->\n')).toEqual({ swallowed: [], unclosed: null });
  });

  it('README.md: every link to a heading or a file of the repository leads to one', () => {
    const text = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const lines = prose(text);
    const anchors = new Set(lines.filter((line) => /^#{1,6} /.test(line)).map((line) => anchorOf(line.replace(/^#+ /, ''))));
    const links = lines.flatMap((line) => [...line.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] as string));
    const local = links.filter((link) => !/^[a-z]+:/.test(link));
    expect(local.length).toBeGreaterThan(3);
    expect(local.filter((link) => (link.startsWith('#') ? !anchors.has(link.slice(1)) : !existsSync(new URL(`../../${link.split('#')[0]}`, import.meta.url))))).toEqual([]);
    expect(anchorOf('Signatures: `whk sign`, `whk verify`')).toBe('signatures-whk-sign-whk-verify');
  });
});
