// `whk completion bash|fish`: a script that completes whk's commands, their options, the values of
// options with a fixed set (choices, kinds, schemes) and file arguments. It is made from the program
// itself, so it cannot drift from the commands; the kind ids and schemes are written into it, so
// loading it from the shell's start-up file (as the help says) keeps it as new as whk.
import type { Command } from '../util/commander.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { KIND_IDS } from '../kinds/ids.js';
import { SCHEME_NAMES } from '../options/signing.js';

/** What a value or an argument completes to: fixed words, file names, or nothing (a URL, a number). */
type Completes = { words: readonly string[] } | 'files' | 'none';

interface OptionShape {
  /** '--url', and '-q' where there is a short form. */
  names: string[];
  description: string;
  /** null: the option takes no value. */
  value: Completes | null;
}

interface CommandShape {
  /** 'send'; a subcommand of a group as 'kind from-capture'. */
  path: string;
  description: string;
  options: OptionShape[];
  /** Each positional argument in order; `variadic`: the last repeats. */
  args: Completes[];
  variadic: boolean;
}

export const SHELLS = ['bash', 'fish'] as const;

export async function runCompletion(context: CliContext, program: Command, shell: string): Promise<number> {
  if (!(SHELLS as readonly string[]).includes(shell)) throw new UsageError(`unknown shell '${shell}'`, `shells: ${SHELLS.join(', ')}`);
  const commands = commandShapes(program);
  const globals = program.options.map(optionShape);
  context.stdout.write(shell === 'bash' ? bashScript(commands, globals) : fishScript(commands, globals));
  return 0;
}

/** Every command (groups' subcommands too, the groups themselves as commands with no options). */
export function commandShapes(program: Command): CommandShape[] {
  const shapes: CommandShape[] = [];
  // `whk help <command>`: the commands it explains.
  const explained = program.commands.map((c) => c.name()).filter((name) => name !== 'help');
  const walk = (command: Command, prefix: string): void => {
    for (const sub of command.commands) {
      const path = `${prefix}${sub.name()}`;
      const args = sub.registeredArguments.map((arg) => (arg.name() === 'command' ? { words: explained } : completesFor(arg.name(), path)));
      shapes.push({ path, description: sub.description(), options: sub.options.map(optionShape), args, variadic: sub.registeredArguments.at(-1)?.variadic ?? false });
      walk(sub, `${path} `);
    }
  };
  walk(program, '');
  return shapes;
}

function optionShape(option: Command['options'][number]): OptionShape {
  const names = [option.short, option.long].filter((name): name is string => name !== undefined);
  if (!option.required && !option.optional) return { names, description: option.description, value: null };
  const metavar = /<([^>]+)>/.exec(option.flags)?.[1] ?? '';
  return { names, description: option.description, value: option.argChoices ? { words: option.argChoices } : completesFor(metavar) };
}

const FILE_NAMES = new Set(['file', 'files', 'payload', 'capture', 'contract']);

/** What a value completes to, by the name an argument or an option's value goes by (`<kind>`, `<file>`). */
function completesFor(name: string, command?: string): Completes {
  if (name === 'kind') return { words: command === 'send' ? [...KIND_IDS, 'all'] : KIND_IDS };
  if (name === 'scheme') return { words: SCHEME_NAMES };
  if (name === 'shell') return { words: SHELLS };
  return FILE_NAMES.has(name) ? 'files' : 'none';
}

// ---- bash ----

function bashScript(commands: readonly CommandShape[], globals: readonly OptionShape[]): string {
  const words = (list: readonly string[]): string => `'${list.join(' ')}'`;
  const action = (completes: Completes): string => (completes === 'files' ? '_whk_files' : completes === 'none' ? 'COMPREPLY=()' : `_whk_words ${words(completes.words)}`);
  const flags = (options: readonly OptionShape[]): string[] => options.flatMap((o) => o.names);
  const globalFlags = [...flags(globals), '--help'];
  const topLevel = commands.filter((c) => !c.path.includes(' ')).map((c) => c.path);
  const valued = commands.flatMap((c) => c.options.filter((o) => o.value !== null).flatMap((o) => o.names.map((name) => ({ key: `${c.path}|${name}`, value: o.value as Completes }))));
  const argumentCases = commands.flatMap((c) => {
    const subs = commands.filter((s) => s.path.startsWith(`${c.path} `)).map((s) => s.path.slice(c.path.length + 1));
    const cases = c.args.map((completes, i) => `    '${c.path}|${i}') ${action(completes)} ;;`);
    if (c.variadic && c.args.length > 0) cases.push(`    '${c.path}|'*) ${action(c.args.at(-1) as Completes)} ;;`);
    if (subs.length > 0) cases.push(`    '${c.path}|0') _whk_words ${words(subs)} ;;`);
    return cases;
  });
  return `# whk completion for bash. Load it in ~/.bashrc: source <(whk completion bash)
_whk_words() { COMPREPLY=($(compgen -W "$1" -- "$cur")); }
_whk_files() { compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); }
# The options that take a value, by command.
_whk_takes_value() {
  case "$1|$2" in
${valued.length > 0 ? `    ${valued.map((v) => `'${v.key}'`).join('|')}) return 0 ;;\n` : ''}  esac
  return 1
}
_whk_value() {
  case "$1|$2" in
${valued.filter((v) => v.value !== 'none').map((v) => `    '${v.key}') ${action(v.value)} ;;`).join('\n')}
    *) COMPREPLY=() ;;
  esac
}
_whk_options() {
  case "$1" in
${commands.map((c) => `    '${c.path}') echo ${words([...flags(c.options), ...globalFlags])} ;;`).join('\n')}
    *) echo ${words(globalFlags)} ;;
  esac
}
_whk_argument() {
  case "$1|$2" in
    '|0') _whk_words ${words(topLevel)} ;;
${argumentCases.join('\n')}
    *) COMPREPLY=() ;;
  esac
}
_whk() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
  local cmd='' word i arg=0
  # The command (two words for a group's subcommand), and which of its arguments is being typed.
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=\${COMP_WORDS[i]}
    if [[ $word == -* ]]; then
      _whk_takes_value "$cmd" "$word" && ((i++))
    elif [[ -z $cmd ]]; then
      cmd=$word
    elif [[ $arg == 0 && $(_whk_argument_is_sub "$cmd" "$word") == yes ]]; then
      cmd="$cmd $word"
    else
      ((arg++))
    fi
  done
  if [[ $COMP_CWORD -gt 1 && $prev == -* ]] && _whk_takes_value "$cmd" "$prev"; then
    _whk_value "$cmd" "$prev"
  elif [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_whk_options "$cmd")" -- "$cur"))
  else
    _whk_argument "$cmd" "$arg"
  fi
}
_whk_argument_is_sub() {
  case "$1 $2" in
${commands.filter((c) => c.path.includes(' ')).map((c) => `    '${c.path}') echo yes ;;`).join('\n')}
  esac
}
complete -F _whk whk
`;
}

// ---- fish ----

function fishScript(commands: readonly CommandShape[], globals: readonly OptionShape[]): string {
  const quote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const seen = (path: string): string => path.split(' ').map((word) => `__fish_seen_subcommand_from ${word}`).join('; and ');
  const option = (condition: string, o: OptionShape): string => {
    const names = o.names.map((name) => (name.startsWith('--') ? `-l ${name.slice(2)}` : `-s ${name.slice(1)}`)).join(' ');
    const value = o.value === null ? '' : o.value === 'files' ? ' -r -F' : o.value === 'none' ? ' -x' : ` -x -a ${quote(o.value.words.join(' '))}`;
    return `complete -c whk -n ${quote(condition)} ${names}${value} -d ${quote(o.description)}`;
  };
  const lines = ['# whk completion for fish. Load it in ~/.config/fish/config.fish: whk completion fish | source', 'complete -c whk -f'];
  for (const g of globals) lines.push(option('true', g));
  for (const c of commands) {
    const [group = '', sub] = c.path.split(' ');
    // A group's subcommand is offered after the group's name, until one of them is given.
    const siblings = commands.filter((s) => s.path.startsWith(`${group} `)).map((s) => s.path.slice(group.length + 1));
    const where = sub === undefined ? '__fish_use_subcommand' : `${seen(group)}; and not __fish_seen_subcommand_from ${siblings.join(' ')}`;
    lines.push(`complete -c whk -n ${quote(where)} -a ${quote(sub ?? group)} -d ${quote(c.description)}`);
    for (const o of c.options) lines.push(option(seen(c.path), o));
    // An argument of fixed words is offered until one of them is given; what follows it, after.
    // (A repeated argument, `whk kinds a b`, is offered again after one is given.)
    let given = seen(c.path);
    for (const [i, completes] of c.args.entries()) {
      if (completes === 'none') break;
      if (completes === 'files') {
        lines.push(`complete -c whk -n ${quote(given)} -F`);
        continue;
      }
      const list = completes.words.join(' ');
      const repeats = c.variadic && i === c.args.length - 1;
      lines.push(`complete -c whk -n ${quote(repeats ? given : `${given}; and not __fish_seen_subcommand_from ${list}`)} -a ${quote(list)}`);
      given = `${given}; and __fish_seen_subcommand_from ${list}`;
    }
  }
  return `${lines.join('\n')}\n`;
}
