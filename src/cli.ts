// The command-line surface: commander definitions only, built from the option tables in
// src/options. Every action imports its command lazily, so `whk --help` loads neither zod, undici
// nor the prompt library.
import { Command, Option } from 'commander';
import type { CliContext } from './context.js';
import { isWhkError, UsageError } from './errors.js';
import { commandOptions, flagNamer, globalOptions } from './options/index.js';
import type { OptionTable } from './options/spec.js';
import { VERSION } from './version.js';

export type { CliContext } from './context.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Adds a table's options to a command, in the table's order. */
function addOptions(command: Command, table: OptionTable): Command {
  for (const spec of Object.values(table)) {
    const option = new Option(spec.flags, spec.description);
    if (spec.type === 'choice') option.choices(spec.choices);
    if (spec.type === 'list') option.argParser(collect);
    if (spec.default !== undefined) option.default(spec.default);
    if (spec.required) option.makeOptionMandatory();
    command.addOption(option);
  }
  return command;
}

export function createProgram(context: CliContext): Command {
  const program = addOptions(
    new Command('whk')
      .description('Test webhooks: send real senders\' payloads with their delivery semantics, receive, validate, check.')
      .version(VERSION, '-V, --version'),
    globalOptions,
  )
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (text) => void context.stdout.write(text),
      writeErr: (text) => void context.stderr.write(text),
    })
    .exitOverride();
  const command = (name: string, table: OptionTable = {}): Command => addOptions(program.command(name), table);

  // A command's errors name fields (`maxBody`); on the terminal they name the flags (--max-body).
  const action =
    <A extends unknown[]>(load: () => Promise<(context: CliContext, ...args: A) => Promise<number>>, table?: OptionTable) =>
    async (...args: unknown[]) => {
      const cmd = args[args.length - 1] as Command;
      const positional = args.slice(0, -2);
      const run = await load();
      try {
        context.exitCode = await run(context, ...([...positional, cmd.optsWithGlobals()] as A));
      } catch (error) {
        if (isWhkError(error)) error.renameFields(flagNamer(table));
        throw error;
      }
    };

  command('kinds')
    .description('list the webhook kinds, their variants and delivery profiles')
    .action(action(async () => (await import('./commands/kinds.js')).runKinds));

  command('sample', commandOptions.sample)
    .description('print a schema-correct sample payload of a kind')
    .argument('<kind>', 'the kind (see whk kinds)')
    .action(action(async () => (await import('./commands/sample.js')).runSample, commandOptions.sample));

  command('schema')
    .description("print a kind's JSON Schema (draft 2020-12), generated from its zod schema")
    .argument('<kind>', 'the kind (see whk kinds)')
    .action(action(async () => (await import('./commands/schema.js')).runSchema));

  command('validate', commandOptions.validate)
    .description('validate payload files, NDJSON files or capture files (- reads stdin)')
    .argument('[files...]', 'files to validate; - for stdin')
    .action(action(async () => (await import('./commands/validate.js')).runValidate, commandOptions.validate));

  command('map', commandOptions.map)
    .description('show what a field mapping (inbound integration template) extracts from a payload')
    .argument('<payload>', 'a JSON payload file or a capture record; - reads stdin')
    .action(action(async () => (await import('./commands/map.js')).runMap, commandOptions.map));

  command('send', commandOptions.send)
    .description("deliver sample payloads of a kind (or 'all') to a URL with the real sender's delivery semantics")
    .argument('[kind]', "the kind (see whk kinds), or 'all' for one of each; omit it with --schema")
    .action(action(async () => (await import('./commands/send.js')).runSend, commandOptions.send));

  command('listen', commandOptions.listen)
    .description('run a local receiver: decode, validate and record every request; CI mode with --count')
    .action(action(async () => (await import('./commands/listen.js')).runListen, commandOptions.listen));

  command('demo', commandOptions.demo)
    .description('the embedded default: a local receiver, one delivery of every kind to it, and the report')
    .action(action(async () => (await import('./commands/demo.js')).runDemoCommand, commandOptions.demo));

  command('check', commandOptions.check)
    .description("run a contract's checks of your receiver (whk sends) or your sender (whk listens); text or JUnit")
    .argument('<contract>', 'the contract file (JSON; see the README, section CI)')
    .action(action(async () => (await import('./commands/check.js')).runCheck, commandOptions.check));

  command('replay', commandOptions.replay)
    .description('re-send captured requests (whk listen --save) with their original bytes')
    .argument('<capture>', 'the capture file (NDJSON written by whk listen --save)')
    .action(action(async () => (await import('./commands/replay.js')).runReplay, commandOptions.replay));

  command('wizard')
    .description('interactive prompts for send, listen, validate, sample, schema, replay (needs a terminal)')
    .action(action(async () => (await import('./commands/wizard.js')).runWizard));

  // `whk` alone: the wizard on a terminal, the help otherwise.
  program.allowExcessArguments().action(async () => {
    const [unknown] = program.args;
    if (unknown !== undefined) {
      throw new UsageError(`unknown command '${unknown}'`, `commands: ${program.commands.map((c) => c.name()).join(', ')} (see whk --help)`);
    }
    if (context.stdin.isTTY && context.stderr.isTTY) {
      context.exitCode = await (await import('./commands/wizard.js')).runWizard(context);
    } else {
      program.outputHelp();
    }
  });

  return program;
}
