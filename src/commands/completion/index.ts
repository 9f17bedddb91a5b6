// `whk completion bash|fish|zsh`: a script that completes whk's commands, their options, the values
// of options with a fixed set (choices, kinds, schemes) and file arguments. It is made from the program
// itself, so it cannot drift from the commands; the kind ids and schemes are written into it, so
// loading it from the shell's start-up file (as the help says) keeps it as new as whk.
import type { Command } from '../../util/commander.js';
import type { CliContext } from '../../context.js';
import { UsageError } from '../../errors.js';
import { bashScript } from './bash.js';
import { fishScript } from './fish.js';
import { commandShapes, optionShape, SHELLS } from './shapes.js';
import { zshScript } from './zsh.js';

const SCRIPTS = { bash: bashScript, fish: fishScript, zsh: zshScript } as const;

export async function runCompletion(context: CliContext, program: Command, shell: string): Promise<number> {
  if (!(SHELLS as readonly string[]).includes(shell)) throw new UsageError(`unknown shell '${shell}'`, `shells: ${SHELLS.join(', ')}`);
  const script = SCRIPTS[shell as (typeof SHELLS)[number]];
  context.stdout.write(script(commandShapes(program), program.options.map(optionShape)));
  return 0;
}
