// The zsh script: a `#compdef whk` function on zsh's own completion system. Each command's options
// and arguments are one `_arguments` call; a command with subcommands (whk itself, `kind`) offers
// them with their descriptions (`_describe`), then completes the one given.
import { allKindValues, kindValues, type Completes, type CommandShape, type KindValue, type OptionShape } from './shapes.js';

/** A word in single quotes, for zsh. */
const quote = (text: string): string => `'${text.replace(/'/g, "'\\''")}'`;

/** The `_arguments` actions: fixed words, `_files`, or a space (nothing to complete, the message shown). */
const action = (completes: Completes): string => {
  if (completes === 'files') return '_files';
  if (completes === 'none') return ' ';
  return 'byKind' in completes ? `{_whk_kind_values ${completes.byKind}}` : `(${completes.words.join(' ')})`;
};

/** A kind's own values once the kind is given (the command's first argument, $line[1]); before it, every kind's. */
function kindValuesFunction(): string {
  const sorts: readonly KindValue[] = ['variant', 'event', 'sender-version'];
  const cases = sorts.flatMap((sort) => [...kindValues(sort), { kind: '', words: allKindValues(sort) }].map(({ kind, words }) => `    ${quote(`${sort}|${kind}`)}) values=(${words.join(' ')}) ;;`));
  return `_whk_kind_values() {\n  local -a values\n  case "$1|$line[1]" in\n${cases.join('\n')}\n  esac\n  compadd -a values\n}`;
}

/**
 * An option's `_arguments` specs, one per name. `*`: offered again once given, as bash and fish do
 * (commander takes a repeat: a list collects it, another flag keeps the last). A long option's value
 * may follow as the next word or after `=` (`--gzip=always`: `=` in the spec), as commander reads both.
 */
function optionSpecs(option: OptionShape): string[] {
  const description = option.description.replace(/\\/g, '\\\\').replace(/[[\]]/g, '\\$&');
  const value = option.value === null ? '' : `:${option.names.at(-1)?.replace(/^-+/, '') ?? 'value'}:${action(option.value)}`;
  return option.names.map((name) => quote(`*${name}${value !== '' && name.startsWith('--') ? '=' : ''}[${description}]${value}`));
}

/** The positional arguments' specs: `1:…`, `2:…`, and `*:…` for a last one that repeats. */
function argumentSpecs(command: CommandShape): string[] {
  return command.args.map((completes, i) => {
    const position = command.variadic && i === command.args.length - 1 ? '*' : `${i + 1}`;
    return quote(`${position}:${completes === 'files' ? 'file' : 'argument'}:${action(completes)}`);
  });
}

export function zshScript(commands: readonly CommandShape[], globals: readonly OptionShape[]): string {
  const subsOf = (path: string): CommandShape[] => commands.filter((c) => c.path.startsWith(path === '' ? '' : `${path} `) && c.path.split(' ').length === (path === '' ? 1 : path.split(' ').length + 1));
  const groups = ['', ...commands.filter((c) => subsOf(c.path).length > 0).map((c) => c.path)];
  const described = groups.map((group) => {
    const items = subsOf(group).map((c) => quote(`${(c.path.split(' ').at(-1) ?? '').replace(/:/g, '\\:')}:${c.description}`));
    return `    ${quote(group)}) subs=(\n      ${items.join('\n      ')}\n    ) ;;`;
  });
  const cases = commands.map((c) => {
    const specs = c.options.flatMap(optionSpecs).join(' ');
    if (groups.includes(c.path)) return `    ${quote(c.path)}) _whk_group ${quote(c.path)} ${specs} ;;`;
    return `    ${quote(c.path)}) _arguments -S : $globals ${[specs, ...argumentSpecs(c)].filter(Boolean).join(' ')} ;;`;
  });
  // Commander's own -h/--help is not among the program's options; it is offered with every command.
  const globalSpecs = [...globals.flatMap(optionSpecs), ...optionSpecs({ names: ['-h', '--help'], description: 'display help for command', value: null })];
  return `#compdef whk
# whk completion for zsh. Load it in ~/.zshrc, after compinit: source <(whk completion zsh)
# (or save it as _whk in a directory of $fpath, before compinit runs: whk completion zsh > ~/.zfunc/_whk)

_whk() {
  # The options of whk itself, offered before the command and with every command.
  local -a globals=(
    ${globalSpecs.join('\n    ')}
  )
  _whk_group ''
}

# A command with subcommands: its options, a subcommand's name, then that subcommand's completion.
_whk_group() {
  local group=$1 curcontext=$curcontext state state_descr line ret=1
  typeset -A opt_args
  shift
  _arguments -C -S : $globals "$@" '1: :->subcommand' '*:: :->argument' && ret=0
  case $state in
    subcommand) _whk_subcommands "$group" && ret=0 ;;
    argument)
      curcontext=\${curcontext%:*:*}:whk-\${group:+\${group// /-}-}$words[1]:
      _whk_command "\${group:+$group }$words[1]" && ret=0 ;;
  esac
  return ret
}

# The commands of whk, or of a group, with what each does.
_whk_subcommands() {
  local -a subs
  case $1 in
${described.join('\n')}
  esac
  _describe -t commands "\${1:-whk} command" subs
}

${kindValuesFunction()}

# A command's options and arguments.
_whk_command() {
  case $1 in
${cases.join('\n')}
    *) _message 'no more arguments' ;;
  esac
}

# Autoloaded from $fpath, this file is _whk's body: complete. Sourced: register _whk for whk.
if [[ $funcstack[1] == _whk ]]; then
  _whk "$@"
else
  compdef _whk whk
fi
`;
}
