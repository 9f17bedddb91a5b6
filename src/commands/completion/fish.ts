// The fish script: one `complete` line per command, option and argument, each with its condition.
import { allKindValues, kindValues, type Completes, type CommandShape, type KindValue, type OptionShape } from './shapes.js';

const valueArguments = (value: Exclude<Completes, 'files' | 'none'>): string => ('byKind' in value ? `(__whk_kind_values ${value.byKind})` : value.words.join(' '));

export function fishScript(commands: readonly CommandShape[], globals: readonly OptionShape[]): string {
  const quote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  // fish sees a command's name anywhere on the line: `whk help send` is no `whk send` (its kinds, its options).
  const seen = (path: string): string => [...(path.startsWith('help') ? [] : ['not __whk_seen help']), ...path.split(' ').map((word) => `__whk_seen ${word}`)].join('; and ');
  const option = (condition: string, o: OptionShape): string => {
    const names = o.names.map((name) => (name.startsWith('--') ? `-l ${name.slice(2)}` : `-s ${name.slice(1)}`)).join(' ');
    const value = o.value === null ? '' : o.value === 'files' ? ' -r -F' : o.value === 'none' ? ' -x' : ` -x -a ${quote(valueArguments(o.value))}`;
    return `complete -c whk -n ${quote(condition)} ${names}${value} -d ${quote(o.description)}`;
  };
  // No option name takes a value in one command and none in another: one list serves every command.
  const valued = [...new Set([...globals, ...commands.flatMap((c) => c.options)].filter((o) => o.value !== null).flatMap((o) => o.names))];
  const lines = ['# whk completion for fish. Load it in ~/.config/fish/config.fish: whk completion fish | source', 'complete -c whk -f', ...argumentFunctions(valued), ...kindValuesFunction()];
  for (const g of globals) lines.push(option('true', g));
  for (const c of commands) {
    const [group = '', sub] = c.path.split(' ');
    // A group's subcommand is offered after the group's name, until one of them is given.
    const siblings = commands.filter((s) => s.path.startsWith(`${group} `)).map((s) => s.path.slice(group.length + 1));
    const where = sub === undefined ? '__whk_no_args' : `${seen(group)}; and not __whk_seen ${siblings.join(' ')}`;
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
      const list = valueArguments(completes);
      const repeats = c.variadic && i === c.args.length - 1;
      lines.push(`complete -c whk -n ${quote(repeats ? given : `${given}; and not __whk_seen ${list}`)} -a ${quote(list)}`);
      given = `${given}; and __whk_seen ${list}`;
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * fish's own __fish_seen_subcommand_from sees every word, an option's value too: `--sign github` was
 * taken for the kind github. These see only the command's words and arguments: `__whk_args` prints
 * them (no option, no option's value; every word after `--`), `__whk_seen` is true if one is given,
 * `__whk_no_args` if none is (the command is still to come).
 */
function argumentFunctions(valued: readonly string[]): string[] {
  return `function __whk_args
    set -l tokens (commandline -opc)
    set -l value_next 0
    set -l ended 0
    for token in $tokens[2..-1]
        if test $value_next = 1
            set value_next 0
        else if test $ended = 1
            echo $token
        else if test "$token" = --
            set ended 1
        else if string match -q -- '-*' $token
            if not string match -q -- '*=*' $token; and contains -- $token ${valued.join(' ')}
                set value_next 1
            end
        else
            echo $token
        end
    end
end
function __whk_seen
    set -l args (__whk_args)
    for word in $argv
        contains -- $word $args; and return 0
    end
    return 1
end
function __whk_no_args
    test (count (__whk_args)) = 0
end`.split('\n');
}

/** A kind's own values once the kind is given (the command's first argument); before it, every kind's. */
function kindValuesFunction(): string[] {
  const sorts: readonly KindValue[] = ['variant', 'event', 'sender-version'];
  const cases = sorts.flatMap((sort) => [...kindValues(sort), { kind: '', words: allKindValues(sort) }].flatMap(({ kind, words }) => [`        case '${sort}|${kind}'`, `            string split ' ' -- '${words.join(' ')}'`]));
  return ['function __whk_kind_values', '    set -l args (__whk_args)', '    switch "$argv[1]|$args[2]"', ...cases, '    end', 'end'];
}
