// `whk completion bash|fish|zsh`: a script that completes whk's commands, their options, the values
// of options with a fixed set (choices, kinds, schemes) and file arguments. It is made from the program
// itself, so it cannot drift from the commands; the kind ids and schemes are written into it, so
// loading it from the shell's start-up file (as the help says) keeps it as new as whk.
import type { Command } from '../../util/commander.js';
import type { CliContext } from '../../context.js';
import { UsageError } from '../../errors.js';
import { suggestionHint } from '../../util/suggest.js';
import { bashScript } from './bash.js';
import { fishScript } from './fish.js';
import { commandShapes, optionShape, SHELLS } from './shapes.js';
import { zshScript } from './zsh.js';

// One writer for each shell SHELLS names (what `whk completion <shell>` completes): neither list can gain one alone.
const SCRIPTS: Record<(typeof SHELLS)[number], typeof bashScript> = { bash: bashScript, fish: fishScript, zsh: zshScript };

export async function runCompletion(context: CliContext, program: Command, shell: string): Promise<number> {
  if (!Object.hasOwn(SCRIPTS, shell)) throw new UsageError(`unknown shell '${shell}'`, suggestionHint(shell, SHELLS, `shells: ${SHELLS.join(', ')}`));
  const script = SCRIPTS[shell as keyof typeof SCRIPTS];
  context.stdout.write(script(commandShapes(program), program.options.map((option) => optionShape(option))));
  return 0;
}
