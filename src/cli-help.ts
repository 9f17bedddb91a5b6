// Finding a command by its path: `whk help [command...]`, a group's own `help` (`whk kind help …`),
// and the one-line error, with the near name, for a command or a top-level option whk does not have.
import type { Command } from './util/commander.js';
import { UsageError } from './errors.js';
import { optionHint, suggestionHint } from './util/suggest.js';

/** The command a path of names leads to (`send`, `kind from-capture`), or a usage error suggesting the near one. */
export function commandAt(program: Command, path: readonly string[]): Command {
  let command = program;
  for (const [i, name] of path.entries()) {
    const found = command.commands.find((c) => c.name() === name);
    if (found) {
      command = found;
      continue;
    }
    const names = command.commands.map((c) => c.name());
    const parent = ['whk', ...path.slice(0, i)].join(' ');
    const list = i === 0 ? `commands: ${names.join(', ')}` : names.length === 0 ? `${path.slice(0, i).join(' ')} has no subcommands` : `commands of ${path.slice(0, i).join(' ')}: ${names.join(', ')}`;
    // `whk version`: an option of whk's own, given as a command (read as 'verify' by its spelling).
    const option = i === 0 ? topOptions(program).find((o) => o.long === `--${name.toLowerCase()}`) : undefined;
    const hint = option ? `did you mean '${option.long}'? ${list} (see ${parent} --help)` : suggestionHint(name, names, `${list} (see ${parent} --help)`);
    throw new UsageError(`unknown command '${path.slice(0, i + 1).join(' ')}'`, hint);
  }
  return command;
}

/**
 * `whk help [command...]`, and for each group: `whk kind nope` says what `whk help kind nope` says
 * (the group's commands, the near one first), and `whk kind help [name]` is `whk help kind [name]`
 * (commander's own help command answered an unknown name with the group's whole help, exit 2).
 */
export function addHelpCommands(program: Command, groups: readonly string[]): void {
  const showHelp = (path: readonly string[]): void => {
    if (program.opts()['json'] === true) throw noJson('whk help', 'the help text');
    commandAt(program, path).outputHelp();
  };
  program
    .command('help')
    // Variadic: a subcommand's help is asked for by its path (`whk help kind from-capture`).
    .argument('[command...]', 'the command to explain')
    .description('show the help of whk or of a command')
    .action((path: string[]) => showHelp(path));
  for (const group of groups) {
    program.commands
      .find((c) => c.name() === group)
      ?.helpCommand(false)
      .on('command:*', ([name = '', ...rest]: string[]) => (name === 'help' ? showHelp([group, ...rest]) : commandAt(program, [group, name])));
  }
}

/**
 * What `whk` alone was given besides its own options: a mistyped command comes with its options
 * (`whk sned --url …`), and the command is named, not the first option it does not take.
 */
export function refuseUnknownAtTop(program: Command): void {
  const unknown = program.args.find((arg) => !arg.startsWith('-'));
  if (unknown !== undefined) commandAt(program, [unknown]);
  const option = program.args[0];
  if (option === undefined) return;
  const flags = topOptions(program).map((o) => o.long);
  // `-v` for -V: a short option in the other case is named with its long form.
  const short = topOptions(program).find((o) => o.short !== undefined && o.short.toLowerCase() === option.toLowerCase());
  const list = `options before a command: ${flags.join(', ')}`;
  throw new UsageError(`unknown option '${option}'`, short ? `did you mean '${short.short}' / '${short.long}'? ${list}` : optionHint(option, flags, list));
}

/** --json given to a command that has none: refused, as a run that ignored it would hand a script text to parse. */
export function noJson(command: string, prints: string): UsageError {
  return new UsageError(`${command} has no JSON output (it prints ${prints}): leave out --json`);
}

/** whk's own options (before a command), help among them: commander keeps its help option apart. */
function topOptions(program: Command): { short: string | undefined; long: string }[] {
  return [...program.options.flatMap((o) => (o.long === undefined ? [] : [{ short: o.short, long: o.long }])), { short: '-h', long: '--help' }];
}
