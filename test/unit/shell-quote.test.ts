// The quoting of the command lines whk prints to be pasted (the wizard's equivalent command, --curl):
// each word read back by real shells is the same bytes, and a printed word shows no character a
// terminal would not show as itself (a tab copied off the screen came back as spaces).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote } from '../../src/util/shell.js';

const SHELLS = ['sh', 'bash', 'zsh', 'fish'].filter((shell) => spawnSync(shell, ['-c', 'true']).status === 0);

const WORDS = ['plain', '', "it's", 'a b', 'source.name=\ttab', '\t', 'ends with a tab\t', 'a\nb', 'ends with a newline\n', 'x\u001b[31my\r', 'c1 \u0085 é', '$HOME `x` "q" \\n', 'two\\\\back', 'ends with \\', "a\\'b", 'C:\\dir\\x.json', '=x.json', '%self'];

describe('shellQuote', () => {
  it.each(SHELLS)('%s reads each quoted word back as the same bytes', (shell) => {
    for (const word of WORDS) {
      const read = spawnSync(shell, ['-c', `printf %s ${shellQuote(word)}`], { encoding: 'buffer' });
      expect(read.status).toBe(0);
      expect(read.stdout.toString('utf8'), JSON.stringify(word)).toBe(word);
    }
  });

  it('prints no character a terminal does not show as itself (a newline, quoted, is kept)', () => {
    for (const word of WORDS) expect(shellQuote(word), JSON.stringify(word)).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(shellQuote('source.name=\ttab')).toBe(`'source.name='"$(printf '\\011')"'tab'`);
  });
});
