// The fish script: one `complete` line per command, option and argument, each with its condition.
import type { CommandShape, OptionShape } from './shapes.js';

export function fishScript(commands: readonly CommandShape[], globals: readonly OptionShape[]): string {
  const quote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  // fish sees a command's name anywhere on the line: `whk help send` is no `whk send` (its kinds, its options).
  const seen = (path: string): string => [...(path.startsWith('help') ? [] : ['not __fish_seen_subcommand_from help']), ...path.split(' ').map((word) => `__fish_seen_subcommand_from ${word}`)].join('; and ');
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
