// The command-line surface: commander definitions only, built from the option tables in
// src/options. Every action imports its command lazily, so `whk --help` loads neither zod, undici
// nor the prompt library; and a command's option table is loaded only for the command that runs or
// whose help is asked for, so more commands do not slow every start.
import { Command, Help, Option } from './util/commander.js';
import type { CliContext, WizardContext, WizardOptions } from './context.js';
import { isWhkError } from './errors.js';
import { addHelpCommands, noJson, refuseUnknownAtTop } from './cli-help.js';
import { globalOptions } from './options/global.js';
import type { TableName } from './options/loaders.js';
import { SCHEME_NAMES } from './options/scheme-names.js';
import { DEFAULTED, markRepeats, unitsHelp, type OptionTable } from './options/spec.js';
import { nearOption } from './util/suggest.js';
import { VERSION } from './version.js';

export type { CliContext, WizardContext } from './context.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Adds a table's options to a command, in the table's order. */
function addOptions(command: Command, table: OptionTable): Command {
  for (const spec of Object.values(table)) {
    const option = new Option(spec.flags, spec.description);
    // The choices are listed in the help and completed by the shell; parseOptions checks the value, so a
    // wrong one is said as whk says any wrong value, with the choice it most likely meant.
    if (spec.type === 'choice') option.choices(spec.choices).argParser((value: string) => value);
    if (spec.type === 'list') option.argParser(collect);
    if (spec.type === 'string' && spec.once !== undefined) option.argParser(markRepeats);
    if (spec.default !== undefined) option.default(spec.default);
    if (spec.defaultHelp !== undefined) option.defaultValueDescription = spec.defaultHelp;
    if (spec.aliasOf !== undefined) option.hideHelp();
    // A required flag is checked by parseOptions, not commander: commander would report it missing
    // before a misspelled flag (`--urll`), hiding the mistake and its did-you-mean.
    command.addOption(option);
  }
  return command;
}

const SCHEME_ARGUMENT = `the signature scheme: ${SCHEME_NAMES.join(', ')} (README, section Signatures)`;

/** A command: its name, help, arguments, option table, and the lazy import of what runs it. */
interface CommandSpec {
  /** 'kind from-capture': a subcommand of a group (GROUPS says what the group is). */
  name: string;
  description: string;
  args?: [name: string, description: string][];
  /** Its option table, imported when the command runs or its help is shown (Preloaded). */
  options?: TableName;
  load: () => Promise<(context: CliContext, ...args: never[]) => Promise<number>>;
  /** Text after the options in this command's help, loaded only when that help is asked for. */
  moreHelp?: () => Promise<string>;
  /** It sends HTTP requests with undici (delivery, replay, forwarding): context.beforeHttp runs first. */
  http?: true;
  /** What it prints, for a command with no JSON output: --json is refused (exit 2), not ignored. */
  notJson?: string;
}

const KIND_ARG: [string, string] = ['<kind>', 'the kind (see whk kinds)'];

/** Commands that only group subcommands. */
const GROUPS: Record<string, string> = {
  kind: 'make kinds of your own (from-capture: a captured request as a JSON Schema kind)',
};

const COMMANDS: CommandSpec[] = [
  {
    name: 'kinds',
    description: 'list the webhook kinds, their variants and delivery profiles',
    args: [['[kind...]', 'only these kinds (default: all)']],
    load: async () => (await import('./commands/kinds.js')).runKinds,
  },
  {
    name: 'sample',
    description: 'print a schema-correct sample payload of a kind',
    args: [KIND_ARG],
    options: 'sample',
    load: async () => (await import('./commands/sample.js')).runSample,
    moreHelp: async () => (await import('./commands/help.js')).variantsHelp(),
  },
  {
    name: 'travis-key',
    description: "print the public key of whk's Travis CI signing key (the file is created when missing), to verify with",
    args: [['<file>', 'the private key file (PEM), as whk send travis-ci --travis-key uses it']],
    load: async () => (await import('./commands/travis-key.js')).runTravisKey,
  },
  {
    name: 'schema',
    description: "print a kind's JSON Schema (draft 2020-12), generated from its zod schema: the payload's shape; whk validate also checks rules across fields that it leaves out",
    args: [KIND_ARG],
    load: async () => (await import('./commands/schema.js')).runSchema,
  },
  {
    name: 'validate',
    description: 'validate payload files, NDJSON files or capture files (- reads stdin)',
    args: [['[files...]', 'files to validate (a directory: its .json, .ndjson and .jsonl files); - for stdin']],
    options: 'validate',
    load: async () => (await import('./commands/validate.js')).runValidate,
  },
  {
    name: 'map',
    description: 'show what a field mapping (inbound integration template) extracts from a payload',
    args: [['[payload]', 'a JSON payload file or a capture record; - reads stdin (none with --template)']],
    options: 'map',
    load: async () => (await import('./commands/map.js')).runMap,
  },
  {
    name: 'send',
    description: "deliver sample payloads of a kind (or 'all') to a URL with the real sender's delivery semantics",
    args: [['[kind]', "the kind (see whk kinds), or 'all' for one of each; omit it with --schema"]],
    options: 'send',
    load: async () => (await import('./commands/send.js')).runSend,
    http: true,
    moreHelp: async () => (await import('./commands/help.js')).variantsHelp(),
  },
  {
    name: 'listen',
    description: 'run a local receiver: decode, validate and record every request; CI mode with --count',
    options: 'listen',
    load: async () => (await import('./commands/listen.js')).runListen,
    http: true,
  },
  {
    name: 'inspect',
    description: 'open the inspector page over a saved capture file (whk listen --save), without a receiver',
    args: [['<capture>', 'the capture file (NDJSON written by whk listen --save)']],
    options: 'inspect',
    load: async () => (await import('./commands/inspect.js')).runInspect,
    http: true,
  },
  {
    name: 'demo',
    description: 'the embedded default: a local receiver, one delivery of every kind to it, and the report',
    options: 'demo',
    load: async () => (await import('./commands/demo.js')).runDemoCommand,
    http: true,
  },
  {
    name: 'check',
    description: "run a contract's checks of your receiver (whk sends) or your sender (whk listens); text or JUnit",
    args: [['<contract>', 'the contract file (JSON, described below; - reads stdin)']],
    options: 'check',
    load: async () => (await import('./commands/check.js')).runCheck,
    http: true,
    moreHelp: async () => (await import('./commands/help.js')).CONTRACT_HELP,
  },
  {
    name: 'replay',
    description: 're-send captured requests (whk listen --save) with their original bytes',
    args: [['<capture>', 'the capture file (NDJSON written by whk listen --save)']],
    options: 'replay',
    load: async () => (await import('./commands/replay.js')).runReplay,
    http: true,
  },
  {
    name: 'sign',
    description: "print the signature headers a scheme's sender would add to these exact bytes",
    args: [['<scheme>', SCHEME_ARGUMENT], ['<file>', 'the body; - reads stdin']],
    options: 'sign',
    load: async () => (await import('./commands/sign.js')).runSign,
  },
  {
    name: 'verify',
    description: 'check a signature and say why it fails: exit 0 when valid, 1 otherwise',
    args: [['<scheme>', SCHEME_ARGUMENT], ['[file]', 'the body; - reads stdin (or use --capture)']],
    options: 'verify',
    load: async () => (await import('./commands/verify.js')).runVerify,
  },
  {
    name: 'kind from-capture',
    description: 'write a kind of your own from a captured request: its JSON Schema, the body as example, the sender\'s headers (use with --schema)',
    args: [['<capture>', 'the capture file (NDJSON written by whk listen --save)']],
    options: 'kindFromCapture',
    load: async () => (await import('./commands/kind.js')).runKindFromCapture,
  },
  {
    name: 'completion',
    description: 'print a script that completes whk\'s commands, options, kinds and files in your shell',
    args: [['<shell>', 'bash (in ~/.bashrc: source <(whk completion bash)), fish (in config.fish: whk completion fish | source) or zsh (in ~/.zshrc, after compinit: source <(whk completion zsh))']],
    notJson: 'a shell script',
    load: async () => {
      const { runCompletion } = await import('./commands/completion/index.js');
      // The script completes every command's options: all the tables, not the one of the command run.
      return async (context: CliContext, shell: string) => runCompletion(context, createProgram(context, await preload([], 'all')), shell);
    },
  },
  {
    name: 'wizard',
    description: 'interactive prompts for send, listen, validate, sample, schema, replay (needs a terminal)',
    load: async () => {
      const { runWizard } = await import('./commands/wizard.js');
      return (context: CliContext, options: WizardOptions) => runWizard(withProgram(context), undefined, options);
    },
  },
];

/**
 * Commander's own errors in whk's form: an unknown option's "(Did you mean --url?)" becomes the
 * indented hint whk's errors carry; every other says where the command's options are listed, and a
 * wrong count of arguments shows the command's usage line.
 */
export function commanderErrorText(text: string, command: string, usage: string, flags: readonly string[] = [], args: readonly string[] = [], argumentHint?: ArgumentHint): string {
  const [line = '', ...rest] = text.trimEnd().split('\n');
  const asArgument = line.startsWith('error: too many arguments') ? argumentHint?.(args, flags) : undefined;
  if (asArgument !== undefined) return `${line}\n  ${asArgument} (see ${command} --help)\n`;
  // A kind left out: where the kinds are listed, rather than the command's own help.
  if (line === "error: missing required argument 'kind'") return `${line}\n  usage: ${command} ${usage} (whk kinds lists the kinds)\n`;
  if (/^error: (missing required argument|too many arguments)/.test(line)) return `${line}\n  usage: ${command} ${usage} (see ${command} --help)\n`;
  const unknown = /^error: unknown option '(.+)'$/.exec(line)?.[1];
  // whk's own rules (a name other tools give a flag, a flag begun) before commander's nearest by edits.
  const near = unknown === undefined ? undefined : (nearOption(unknown, flags) ?? /^\(Did you mean (.+)\?\)$/.exec(rest.join(' ').trim())?.[1]);
  return `${line}\n  ${near ? `did you mean ${near}? ` : ''}(see ${command} --help)\n`;
}

/** The command line an operand that is a flag's value meant (util/flag-argument.ts), for a command's usage error. */
type ArgumentHint = (operands: readonly string[], flags: readonly string[], names?: readonly string[]) => string | undefined;

/** The hint for `command` over the words typed after its name in the argv the program parsed (commander keeps it; its typings leave it out). */
function argumentHintFor(program: Command, command: string, module: FlagArgument | undefined): ArgumentHint | undefined {
  if (module === undefined) return undefined;
  return (operands, flags, names) => module.flagArgumentHint(`whk ${command}`, operands, module.wordsAfterName((program as Command & { rawArgs?: string[] }).rawArgs ?? [], command), flags, names);
}

/** The command for a name; 'group sub' is made under its group's command, created on first use. */
function commandFor(program: Command, name: string): Command {
  const [group, sub] = name.split(' ');
  if (sub === undefined || group === undefined) return program.command(name);
  const parent = program.commands.find((c) => c.name() === group) ?? program.command(group).description(GROUPS[group] ?? '');
  return parent.command(sub);
}

/** Runs `whk <args>` through a new program on the same context: how the wizard carries out its plan. */
export function withProgram(context: CliContext): WizardContext {
  return {
    ...context,
    runArgs: async (args) => {
      const argv = ['node', 'whk', ...args];
      await createProgram(context, await preload(argv)).parseAsync(argv);
      return context.exitCode;
    },
  };
}

/**
 * What building the program for `argv` needs loaded first (commander parses and prints help
 * synchronously): the option table of the command it runs or asks help for, and that help's extra
 * text. 'all' loads every table (a completion script names every option).
 */
type FlagArgument = typeof import('./util/flag-argument.js');

export interface Preloaded {
  tables: ReadonlyMap<string, OptionTable>;
  moreHelp: Readonly<Record<string, string>>;
  /** The hint for a URL or port given as an argument: loaded for a command that runs, never for help. */
  flagArgument?: FlagArgument | undefined;
}

export async function preload(argv: readonly string[], scope: 'argv' | 'all' = 'argv'): Promise<Preloaded> {
  const words = argv.slice(2).filter((arg) => !arg.startsWith('-'));
  // `whk help kind from-capture`, and `whk kind help from-capture` that asks the same.
  const [first = '', second] = words;
  const helpPath = first === 'help' ? words.slice(1) : second === 'help' && Object.hasOwn(GROUPS, first) ? [first, ...words.slice(2)] : undefined;
  const helpAsked = helpPath !== undefined || argv.includes('--help') || argv.includes('-h');
  const named = commandNamed(helpPath ?? words);
  const specs = scope === 'all' ? COMMANDS : named ? [named] : [];
  const wanted = specs.flatMap(({ name, options }) => (options === undefined ? [] : [{ name, options }]));
  const tables = new Map<string, OptionTable>();
  // The loaders too are imported only when a table is wanted: the list of commands needs none.
  if (wanted.length > 0) {
    const { TABLE_LOADERS } = await import('./options/loaders.js');
    await Promise.all(wanted.map(async ({ name, options }) => tables.set(name, await TABLE_LOADERS[options]())));
  }
  const moreHelp = helpAsked && named?.moreHelp ? { [named.name]: await named.moreHelp() } : {};
  // Only a command that runs can be given a URL where its kind goes: `whk --help` loads nothing more.
  const flagArgument = named && !helpAsked ? await import('./util/flag-argument.js') : undefined;
  return { tables, moreHelp, flagArgument };
}

/** The command a path of words names, as commander finds it: a subcommand's name has two words ('kind from-capture'), and the longer match wins. */
function commandNamed(path: readonly string[]): CommandSpec | undefined {
  return [path.slice(0, 2).join(' '), path[0]].map((asked) => COMMANDS.find((command) => command.name === asked)).find((found) => found !== undefined);
}

// Commands whose option table the program was built without: the list of commands still shows
// `[options]` after their names, as commander does for a command with options.
const optionsNotLoaded = new WeakSet<Command>();

const commandHelp: Partial<Help> = {
  subcommandTerm(this: Help, command: Command): string {
    const term = Help.prototype.subcommandTerm.call(this, command);
    return optionsNotLoaded.has(command) ? `${command.name()} [options]${term.slice(command.name().length)}` : term;
  },
  // A default whk works out (a spec's defaultHelp) is shown where and as commander shows the ones it fills.
  optionDescription(this: Help, option: Option): string {
    const worked = option.defaultValue === undefined && option.defaultValueDescription !== undefined;
    return Help.prototype.optionDescription.call(this, worked ? Object.assign(Object.create(option) as Option, { defaultValue: option.defaultValueDescription }) : option);
  },
};

export function createProgram(context: CliContext, { tables, moreHelp, flagArgument }: Preloaded): Command {
  const program = addOptions(
    new Command('whk')
      .description('Test webhooks: send real senders\' payloads with their delivery semantics, receive, validate, check.')
      .version(VERSION, '-V, --version'),
    globalOptions,
  )
    .showSuggestionAfterError()
    // A command's help lists --json, --quiet and --no-color too: they apply to it.
    .configureHelp({ ...commandHelp, showGlobalOptions: true })
    .helpCommand(false)
    .configureOutput({
      writeOut: (text) => void context.stdout.write(text),
      writeErr: (text) => void context.stderr.write(text),
    })
    .exitOverride();
  // A command's errors name fields (`maxBody`); on the terminal they name the flags (--max-body).
  for (const spec of COMMANDS) {
    const table = tables.get(spec.name);
    const command = addOptions(commandFor(program, spec.name), table ?? {}).description(spec.description);
    if (spec.options && !table) optionsNotLoaded.add(command);
    const argumentHint = argumentHintFor(program, spec.name, flagArgument);
    command.configureOutput({ ...program.configureOutput(), outputError: (text, write) => write(commanderErrorText(text, `whk ${spec.name}`, command.usage(), command.options.flatMap((option) => option.long ?? []), command.args, argumentHint)) });
    for (const [name, description] of spec.args ?? []) command.argument(name, description);
    const extra = [table && unitsHelp(table), moreHelp[spec.name]].filter((text) => text !== undefined);
    if (extra.length > 0) command.addHelpText('after', `\n${extra.join('\n\n')}`);
    command.action(async (...args: unknown[]) => {
      const cmd = args[args.length - 1] as Command;
      const positional = args.slice(0, -2);
      if (spec.notJson !== undefined && cmd.optsWithGlobals()['json'] === true) throw noJson(`whk ${spec.name}`, spec.notJson);
      if (spec.http) await context.beforeHttp?.();
      const run = await spec.load();
      try {
        context.exitCode = await run(context, ...([...positional, withDefaulted(cmd)] as never[]));
      } catch (error) {
        // Every table is read to name a field (a hint may name another command's flag): loaded on the way out.
        if (isWhkError(error)) error.renameFields((await import('./options/index.js')).flagNamer(table));
        // `whk send http://…`: the URL was taken for the kind, and the error is the --url not given.
        if (isWhkError(error) && error.field === 'url' && cmd.opts()['url'] === undefined) error.hint = argumentHint?.(positional.filter((arg): arg is string => typeof arg === 'string'), ['--url'], (spec.args ?? []).map(([name]) => name)) ?? error.hint;
        throw error;
      }
    });
  }

  addHelpCommands(program, Object.keys(GROUPS));

  // `whk` alone: the wizard on a terminal, the help otherwise; a mistyped command comes here too.
  // (Set after the subcommands were made, so they do not inherit allowUnknownOption.)
  program.allowExcessArguments().allowUnknownOption().action(async () => {
    refuseUnknownAtTop(program);
    if (context.stdin.isTTY && context.stderr.isTTY) {
      context.exitCode = await (await import('./commands/wizard.js')).runWizard(withProgram(context), undefined, program.opts<WizardOptions>());
    } else {
      program.outputHelp();
    }
  });

  return program;
}

/** The command's options (its own and the global ones), marked with those commander filled from defaults. */
function withDefaulted(cmd: Command): Record<string, unknown> {
  const options: Record<string | symbol, unknown> = cmd.optsWithGlobals();
  options[DEFAULTED] = new Set(Object.keys(options).filter((key) => cmd.getOptionValueSourceWithGlobals(key) === 'default'));
  return options;
}
