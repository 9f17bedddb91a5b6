// A kind is data: src/kinds imports no side of whk (validate, delivery, receiver, commands, ui).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const KINDS_DIR = join(import.meta.dirname, '../../src/kinds');
const SIDES = ['validate', 'delivery', 'receiver', 'commands', 'ui', 'check', 'api', 'demo'];

describe('src/kinds', () => {
  it('imports nothing from the sides that use it', () => {
    const offending = readdirSync(KINDS_DIR)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) =>
        [...readFileSync(join(KINDS_DIR, file), 'utf8').matchAll(/(?:from|import\()\s*'\.\.\/([a-z-]+)\//g)]
          .map((match) => match[1] as string)
          .filter((dir) => SIDES.includes(dir))
          .map((dir) => `${file} → ${dir}`),
      );
    expect(offending).toEqual([]);
  });
});
