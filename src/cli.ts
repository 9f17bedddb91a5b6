// The command-line surface: commander definitions only. Every action imports its command lazily,
// so `whk --help` loads neither zod, undici nor the prompt library.
import { Command, Option } from 'commander';
import type { Streams } from './ui/output.js';
import { VERSION } from './version.js';

export interface CliContext extends Streams {
  /** Set by the command that ran; main.ts turns it into process.exitCode. */
  exitCode: number;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function createProgram(context: CliContext): Command {
  const program = new Command('whk')
    .description('Test webhooks: send real senders\' payloads with their delivery semantics, receive, validate, check.')
    .version(VERSION, '-V, --version')
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
    .option('--event <event>', 'which event, for kinds whose sender names its events (see whk kinds)')
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
    .command('send')
    .description("deliver sample payloads of a kind (or 'all') to a URL with the real sender's delivery semantics")
    .argument('[kind]', "the kind (see whk kinds), or 'all' for one of each; omit it with --schema")
    .requiredOption('--url <url>', 'where to deliver (http or https)')
    .option('--count <n>', 'impressions per batch for impressions; number of payloads otherwise')
    .option('--concurrency <n>', 'deliveries in flight at once', '1')
    .option('--variant <variant>', 'which variant of the kind to send')
    .option('--event <event>', 'which event to send, for kinds whose sender names its events (see whk kinds)')
    .option('--seed <n>', 'seed for reproducible payloads')
    .option('--set <path=value>', 'override a field of every payload (repeatable)', collect)
    .option('--data <file>', "send your own payload from a file ('-' for stdin), validated first")
    .option('--schema <file>', 'your own webhook: a JSON Schema makes it a kind; --data is the payload sent')
    .option('--no-validate', 'send --data without validating it')
    .option('--header <header>', "add a header, 'Name: value' (repeatable)", collect)
    .option('--timeout <duration>', "per-attempt timeout (default: the kind's)")
    .option('--no-retry', 'one attempt only')
    .option('--retries <n>', "retries after the first attempt (default: the kind's)")
    .option('--retry-delay <duration>', "wait before the first retry (default: the kind's)")
    .addOption(new Option('--gzip <mode>', "gzip bodies: auto follows the kind's rule").choices(['auto', 'always', 'never']).default('auto'))
    .option('--dry-run', 'print the exact requests and send nothing')
    .option('--curl', 'print each request as a runnable curl command and send nothing')
    .option('--environment <name>', 'sender filter (kinds that have one, see whk kinds): the environment the alert fires in')
    .option('--alert-type <type>', 'sender filter (kinds that have one, see whk kinds): the alert type, e.g. ALERT_POLICY, KEY_METRIC_SIGNIFICANCE, GUARDRAIL_METRIC_SIGNIFICANCE, ALL')
    .option('--duplicates <p>', 'at-least-once kinds: probability 0..1 of re-sending a delivery byte-identical')
    .addOption(new Option('--duplicate-id <same|new>', "with --duplicates: same re-sends the bytes; new sends the same content under a new idempotencyId (metaplane-incident)").choices(['same', 'new']))
    .option('--sender-version <version>', "behave as this release of the sender (kinds whose delivery changed between releases, see whk kinds; default the newest)")
    .option('--lifecycle', 'send each event through its lifecycle, e.g. opened then resolved (kinds with one, see whk kinds)')
    .option('--secret <secret>', "sign bodies with the kind's header (x-metaplane-sig, Sentry-Hook-Signature, X-PagerDuty-Signature: hex HMAC-SHA256)")
    .option('--auth-basic <token>', 'Authorization: Basic <token>, sent as given (kinds with basic auth, see whk kinds)')
    .option('--auth-bearer <token>', 'Authorization: Bearer <token> (kinds with bearer auth, see whk kinds)')
    .option('--rate <rate>', 'stream events at this rate, e.g. 200/s (impressions are batched)')
    .option('--duration <duration>', 'stream for this long, e.g. 60s')
    .option('--total <n>', 'stream this many events')
    .option('--flush-interval <duration>', "batch kinds: flush a batch this often (default: the kind's, 10s)")
    .option('--batch-size <n>', 'batch kinds: flush at once at this many events')
    .addOption(new Option('--pause <on|off>', 'delivery protection (default: on for impressions)').choices(['on', 'off']))
    .option('--pause-window <duration>', 'errors count within this window (default 60s)')
    .option('--pause-min-attempts <n>', 'attempts in the window before it may pause (default 10)')
    .option('--pause-error-rate <rate>', 'pause at this error rate, 0..1 (default 0.5)')
    .option('--pause-cooldown <duration>', 'first pause before a probe (default 30s; doubles per failed probe)')
    .option('--pause-max <duration>', 'longest pause (default 10m)')
    .option('--max-queue <n>', 'batches that may wait while paused (default 1000); overflow is counted')
    .option('--pause-drop', "while paused, send nothing and count the gap (the FME doc's behaviour) instead of queueing (whk's default)")
    .option('--drain-timeout <duration>', 'after generation, how long queued batches may still take (default 60s)')
    .action(action(async () => (await import('./commands/send.js')).runSend));

  program
    .command('listen')
    .description('run a local receiver: decode, validate and record every request; CI mode with --count')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 = any free port)', '9000')
    .option('--save <file>', 'append one NDJSON capture record per request to this file')
    .option('--status <code>', 'status to answer (default 200)')
    .option('--respond <codes>', 'statuses in turn, the last repeating, e.g. 500,500,200')
    .option('--fail-rate <p>', 'answer 500 to this fraction of requests (0..1, seeded)')
    .option('--seed <n>', 'seed for --fail-rate')
    .option('--delay <duration>', 'wait this long before answering, e.g. 2s')
    .option('--retry-after <seconds>', 'send Retry-After on every answer that is not 2xx')
    .option('--max-body <size>', 'largest body, before and after decompression (413 above)', '10mb')
    .option('--header-timeout <duration>', 'time allowed for request headers', '10s')
    .option('--idle-timeout <duration>', 'drop a request whose body stalls this long', '30s')
    .option('--secret <secret>', "verify signatures (the kind's header: x-metaplane-sig, Sentry-Hook-Signature, X-PagerDuty-Signature)")
    .option('--forward-to <url>', "relay each request to your app and answer with the app's answer")
    .option('--kind <kind>', 'validate every body as this kind instead of detecting it')
    .option('--expect <kind>', 'a request of any other kind is a failure')
    .option('--schema <file>', 'also detect and validate your own webhook, described by this JSON Schema')
    .option('--map <file>', 'extract fields with this mapping: shown on each line and kept in the capture record')
    .option('--count <n>', 'exit after N requests (exit 1 if any was invalid)')
    .option('--timeout <duration>', 'exit 1 if fewer than --count requests arrived by then')
    .option('--headers', 'print the request headers under each line')
    .option('--show-secrets', 'do not mask Authorization, Cookie and signature headers in printed output')
    .action(action(async () => (await import('./commands/listen.js')).runListen));

  program
    .command('demo')
    .description('the embedded default: a local receiver, one delivery of every kind to it, and the report')
    .option('--seed <n>', 'seed of the samples (default 1)')
    .option('--batch-size <n>', 'impressions in the batch (default 20)')
    .option('--save <file>', 'also write the captures to this NDJSON file')
    .action(action(async () => (await import('./commands/demo.js')).runDemoCommand));

  program
    .command('check')
    .description("run a contract's checks of your receiver (whk sends) or your sender (whk listens); text or JUnit")
    .argument('<contract>', 'the contract file (JSON; see the README, section CI)')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json', 'junit']).default('text'))
    .option('--output <file>', 'write the JUnit report to this file instead of stdout')
    .action(action(async () => (await import('./commands/check.js')).runCheck));

  program
    .command('replay')
    .description('re-send captured requests (whk listen --save) with their original bytes')
    .argument('<capture>', 'the capture file (NDJSON written by whk listen --save)')
    .requiredOption('--url <url>', 'where to send them (http or https)')
    .option('--kind <kind>', 'only records of this kind')
    .option('--path <path>', 'only records received on this path (* matches any characters)')
    .option('--index <list>', 'only these records, 1-based: e.g. 1,3,5-7')
    .option('--original-headers', 'send all the original headers too (hop-by-hop ones excepted)')
    .option('--keep-path', "append each record's path and query to --url")
    .option('--header <header>', "add a header, 'Name: value' (repeatable)", collect)
    .option('--timeout <duration>', 'per-attempt timeout', '10s')
    .option('--retries <n>', 'retries after the first attempt', '0')
    .action(action(async () => (await import('./commands/replay.js')).runReplay));

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
