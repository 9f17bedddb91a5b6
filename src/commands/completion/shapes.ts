// What each shell's completion script is made from: the commands, their options and arguments, read
// from the commander program itself, and what each value completes to.
import type { Command } from '../../util/commander.js';
import { KIND_IDS } from '../../kinds/ids.js';
import { listKinds } from '../../kinds/index.js';
import { SCHEME_NAMES } from '../../options/scheme-names.js';

/** What a value or an argument completes to: fixed words, file names, or nothing (a URL, a number). */
export type Completes = { words: readonly string[] } | { byKind: KindValue } | 'files' | 'none';

/** A value that is the kind's own (its variants, events, releases): the kind is the command's first argument. */
export type KindValue = 'variant' | 'event' | 'sender-version';

export interface OptionShape {
  /** '--url', and '-q' where there is a short form. */
  names: string[];
  description: string;
  /** null: the option takes no value. */
  value: Completes | null;
}

export interface CommandShape {
  /** 'send'; a subcommand of a group as 'kind from-capture'. */
  path: string;
  description: string;
  options: OptionShape[];
  /** Each positional argument in order; `variadic`: the last repeats. */
  args: Completes[];
  variadic: boolean;
}

export const SHELLS = ['bash', 'fish', 'zsh'] as const;

/** Every command (groups' subcommands too, the groups themselves as commands with no options). */
export function commandShapes(program: Command): CommandShape[] {
  const shapes: CommandShape[] = [];
  const walk = (command: Command, prefix: string): void => {
    for (const sub of command.commands) {
      const path = `${prefix}${sub.name()}`;
      if (path === 'help') {
        shapes.push(...helpShapes(program, sub));
        continue;
      }
      const args = sub.registeredArguments.map((arg) => completesFor(arg.name(), path));
      shapes.push({ path, description: sub.description(), options: sub.options.filter((o) => !o.hidden).map((o) => optionShape(o, path)), args, variadic: sub.registeredArguments.at(-1)?.variadic ?? false });
      walk(sub, `${path} `);
    }
  };
  walk(program, '');
  return shapes;
}

/**
 * `whk help <command> [<subcommand>]` as a group whose subcommands are the commands it explains, each
 * offering its own subcommands (`whk help kind from-capture`): the shells then offer what comes next
 * after each word, where one repeated list of commands offered `whk help kind send`.
 */
function helpShapes(program: Command, help: Command): CommandShape[] {
  const explained = program.commands.filter((c) => c !== help);
  const shape = (path: string, description: string, args: Completes[] = []): CommandShape => ({ path, description, options: [], args, variadic: false });
  return [
    shape('help', help.description()),
    ...explained.map((c) => shape(`help ${c.name()}`, c.description(), c.commands.length > 0 ? [{ words: c.commands.map((s) => s.name()) }] : ['none'])),
  ];
}

export function optionShape(option: Command['options'][number], command?: string): OptionShape {
  const names = [option.short, option.long].filter((name): name is string => name !== undefined);
  if (!option.required && !option.optional) return { names, description: option.description, value: null };
  const metavar = /<([^>]+)>/.exec(option.flags)?.[1] ?? '';
  // `map --template` takes only a kind with a template (the others are refused); `map --kind` takes
  // any with --map (a mapping file may map a kind that has no template of its own).
  const value = option.argChoices ? { words: option.argChoices } : command === 'map' && option.long === '--template' ? { words: listKinds().filter((k) => k.mapping).map((k) => k.id) } : completesFor(metavar);
  return { names, description: option.description, value };
}

const FILE_NAMES = new Set(['file', 'files', 'payload', 'capture', 'contract']);
const KIND_VALUES: Record<string, KindValue> = { variant: 'variant', event: 'event', version: 'sender-version' };

/** Each kind's values of one sort (the kinds that have none left out), as \`whk kinds\` lists them. */
export function kindValues(value: KindValue): { kind: string; words: string[] }[] {
  const of = (kind: ReturnType<typeof listKinds>[number]): string[] => {
    if (value === 'variant') return kind.variants.map((v) => v.id);
    if (value === 'event') return (kind.events ?? []).map((e) => e.id);
    const versions = kind.senderVersions;
    return versions ? [...new Set([...versions.releases.map((r) => r.from), versions.newest, ...(versions.upTo ? [versions.upTo] : [])])] : [];
  };
  return listKinds().map((kind) => ({ kind: kind.id, words: of(kind) })).filter((entry) => entry.words.length > 0);
}

/** Every kind's values of one sort: offered before the kind is given. */
export function allKindValues(value: KindValue): string[] {
  return [...new Set(kindValues(value).flatMap((entry) => entry.words))];
}

/** What a value completes to, by the name an argument or an option's value goes by (`<kind>`, `<file>`). */
function completesFor(name: string, command?: string): Completes {
  if (name === 'kind') return { words: command === 'send' ? [...KIND_IDS, 'all'] : KIND_IDS };
  if (name === 'scheme') return { words: SCHEME_NAMES };
  if (name === 'shell') return { words: SHELLS };
  if (Object.hasOwn(KIND_VALUES, name)) return { byKind: KIND_VALUES[name] as KindValue };
  return FILE_NAMES.has(name) ? 'files' : 'none';
}
