// The README's example outputs, marked `<!-- example:NAME -->` around a fenced block, so a test can
// hold them to what the binary prints.
import { readFileSync } from 'node:fs';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The lines of the fenced block between `<!-- example:NAME -->` and its closing marker. */
export function readmeExample(name: string): string[] {
  const start = README.indexOf(`<!-- example:${name} -->`);
  const end = README.indexOf(`<!-- /example:${name} -->`);
  if (start < 0 || end < start) throw new Error(`README has no example '${name}'`);
  const block = /```[a-z]*\n([\s\S]*?)```/.exec(README.slice(start, end));
  if (!block) throw new Error(`README example '${name}' has no fenced block`);
  return (block[1] as string).trimEnd().split('\n');
}

/** A listen line without its clock, which no two runs share. */
export const withoutClock = (line: string): string => line.replace(/^\d\d:\d\d:\d\d\.\d{3} {2}/, '');
