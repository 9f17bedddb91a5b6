// The command-line surface: commander definitions only. Every action imports its command lazily,
// so `whk --help` loads neither zod, undici nor the prompt library.
import { Command, Option } from 'commander';
import type { Streams } from './ui/output.js';

export interface CliContext extends Streams {
  /** Set by the command that ran; main.ts turns it into process.exitCode. */
  exitCode: number;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function createProgram(context: CliContext): Command {
  const program = new Command('whk')
    .description('Test webhooks: send real senders\' payloads with their delivery semantics, receive, validate, check.')
    .version(process.env['npm_package_version'] ?? '0.1.0', '-V, --version')
    .option('--json', 'machine-readable output on stdout')
    .option('-q, --quiet', 'print results only, no progress')
    .option('--no-color', 'no colours (NO_COLOR and FORCE_COLOR are respected too)')
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (text) => void context.stdout.write(text),
      writeErr: (text) => void context.stderr.write(text),
    })
    .exitOverride();

  const action =
    <A extends unknown[]>(load: () => Promise<(context: CliContext, ...args: A) => Promise<number>>) =>
    async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      const positional = args.slice(0, -2);
      const run = await load();
      context.exitCode = await run(context, ...([...positional, command.optsWithGlobals()] as A));
    };

  program
    .command('kinds')
    .description('list the webhook kinds, their variants and delivery profiles')
    .action(action(async () => (await import('./commands/kinds.js')).runKinds));

  program
    .command('sample')
    .description('print a schema-correct sample payload of a kind')
    .argument('<kind>', 'the kind (see whk kinds)')
    .option('--variant <variant>', 'which variant of the kind')
    .option('--seed <n>', 'seed for reproducible samples (same seed, same bytes)')
    .option('--count <n>', 'records per batch, for batch kinds (impressions)')
    .option('--set <path=value>', 'override a field, e.g. data.environment.name=Staging (repeatable)', collect)
    .option('--compact', 'one line instead of indented JSON')
    .action(action(async () => (await import('./commands/sample.js')).runSample));

  program
    .command('schema')
    .description("print a kind's JSON Schema (draft 2020-12), generated from its zod schema")
    .argument('<kind>', 'the kind (see whk kinds)')
    .action(action(async () => (await import('./commands/schema.js')).runSchema));

  program
    .command('validate')
    .description('validate payload files, NDJSON files or capture files (- reads stdin)')
    .argument('[files...]', 'files to validate; - for stdin')
    .option('--kind <kind>', 'validate as this kind instead of detecting it')
    .option('--schema <file>', 'validate against your own JSON Schema (a custom kind)')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json', 'junit']).default('text'))
    .action(action(async () => (await import('./commands/validate.js')).runValidate));

  program
    .command('map')
    .description('show what a field mapping (inbound integration template) extracts from a payload')
    .argument('<payload>', 'a JSON payload file or a capture record; - reads stdin')
    .option('--map <file>', 'your mapping: {"fields": [{"name", "path", "type"?, "required"?, "default"?}]}')
    .option('--kind <kind>', "apply this kind's default mapping (detected when neither flag is given)")
    .action(action(async () => (await import('./commands/map.js')).runMap));

  program
    .command('wizard')
    .description('interactive prompts for send, listen, validate, sample, schema, replay (needs a terminal)')
    .action(action(async () => (await import('./commands/wizard.js')).runWizard));

  // `whk` alone: the wizard on a terminal, the help otherwise.
  program.allowExcessArguments().action(async () => {
    const [unknown] = program.args;
    if (unknown !== undefined) {
      const { UsageError } = await import('./errors.js');
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
