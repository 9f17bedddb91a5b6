// The README's terminal transcripts (a block of `$ whk …` lines, each followed by what it prints) run
// as shown through the real binary, in a temp dir: each command prints exactly the lines under it.
// Left out: transcripts that need a receiver on 127.0.0.1:9000 or run through npx (the demo has its
// own test, the GitLab one its own with an endpoint).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runShellLine } from '../helpers/cli.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

interface Step {
  command: string;
  shown: string[];
}

/** The steps of a transcript block: each `$ ` line (its `\` continuations joined) and the lines under it. */
function steps(block: string): Step[] {
  const result: Step[] = [];
  for (const line of block.trimEnd().replace(/ *\\\n\s*/g, ' ').split('\n')) {
    if (line.startsWith('$ ')) result.push({ command: line.slice(2), shown: [] });
    else result.at(-1)?.shown.push(line);
  }
  return result;
}

const transcripts = [...readme.matchAll(/```[a-z]*\n(\$ [\s\S]*?)```/g)]
  .map((match) => steps(match[1] as string))
  .filter((block) => block.every((step) => /^(whk|printf) /.test(step.command) && !step.command.includes('127.0.0.1:9000')));

describe('README: terminal transcripts', () => {
  it('has transcripts to run', () => {
    expect(transcripts.length).toBeGreaterThanOrEqual(3);
  });

  it.each(transcripts.map((block) => [block.map((step) => step.command.split(' ').slice(0, 3).join(' ')).join('; '), block] as const))('%s', async (_, block) => {
    const dir = await mkdtemp(join(tmpdir(), 'whk-readme-'));
    for (const { command, shown } of block) {
      if (command.startsWith('printf ')) {
        expect(spawnSync('sh', ['-c', command], { cwd: dir }).status).toBe(0);
        continue;
      }
      const result = await runShellLine(command.slice('whk '.length), { cwd: dir });
      expect(`${result.stdout}${result.stderr}`.trimEnd().split('\n'), command).toEqual(shown);
    }
  });
});
