// The process entry: run the program, turn errors into one plain line and an exit code.
// This is the only place that sets process.exitCode.
import { CommanderError } from './util/commander.js';
import { createProgram, preload, type CliContext } from './cli.js';
import { EXIT, isWhkError } from './errors.js';

export async function main(argv: readonly string[], context: CliContext): Promise<number> {
  const program = createProgram(context, await preload(argv));
  try {
    await program.parseAsync(argv as string[]);
    return context.exitCode;
  } catch (error) {
    return await reportError(error, context);
  }
}

async function reportError(error: unknown, context: CliContext): Promise<number> {
  if (error instanceof CommanderError) {
    // Help and version are not errors; commander has already printed its one-line message. Help it
    // gave in place of a missing subcommand (`whk kind`), on stderr with its exit code 1, is a usage error.
    if (error.code === 'commander.help' && error.exitCode !== 0) return EXIT.usage;
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
    return EXIT.usage;
  }
  // Loaded here, on the way out: an error is rare, and `whk --help` loads no module it does not use.
  const [{ oneLine }, { terminalText }] = await Promise.all([import('./util/hex.js'), import('./ui/terminal-text.js')]);
  const errorLine = (text: string): string => terminalText(oneLine(text));
  const debug = context.env['WHK_DEBUG'] === '1';
  if (isWhkError(error)) {
    // Messages quote file names, file contents and flags' values: no terminal controls, and one line
    // each, their line breaks shown as \n (a quoted --header 'a<newline>b' made the error two).
    // A cancel the person asked for (Ctrl-C at a prompt) is said as it is, not as an error.
    context.stderr.write(error.code === 'WHK_CANCELLED' ? `${errorLine(error.message)}\n` : `error: ${errorLine(error.message)}\n`);
    if (error.hint) context.stderr.write(`  ${errorLine(error.hint)}\n`);
    if (debug && error.stack) context.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  context.stderr.write(`error: ${errorLine(message)}\n`);
  context.stderr.write(debug && error instanceof Error && error.stack ? `${error.stack}\n` : '  this is a bug in whk; run again with WHK_DEBUG=1 for details\n');
  return EXIT.failed;
}

/** Runs whk as the process: real streams, real exit code. Called by bin/whk.js. */
export async function run(): Promise<void> {
  const outputLost = new AbortController();
  const context: CliContext = {
    stdout: process.stdout,
    stderr: process.stderr,
    // Read only by the commands that take stdin: creating the stream loads Node's stream machinery,
    // a cost `whk --help` should not pay (SPEC 7: start-up).
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    exitCode: 0,
    beforeHttp: keepHttpParserOnFirstTier,
    outputLost: outputLost.signal,
  };
  // A closed pipe (`whk sample ... | head`) ends the process without a stack trace, and not with 0:
  // the run did not finish, so whatever it would have found is unknown (`set -o pipefail` sees it).
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.brokenPipe);
    // Any other failure (a full disk) is the run's failure too, said in one line, not a stack trace.
    if (outputLost.signal.aborted) return;
    outputLost.abort(error);
    // The errno wording is loaded only now: whk --help and every run that writes fine never load it.
    void import('./util/file-errors.js').then(({ writeFailure }) => {
      context.stderr.write(`error: cannot write to stdout: ${writeFailure(error, 'stdout')}\n`);
      if (context.env['WHK_DEBUG'] === '1' && error.stack) context.stderr.write(`${error.stack}\n`);
      if (!context.endsOnOutputLost) process.exit(EXIT.failed);
    });
  });
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.brokenPipe);
    // stderr is where whk says what went wrong: with it gone, the command's own exit code is all it can say.
  });
  const exitCode = await main(process.argv, context);
  // Output that was lost is never a success, whatever the command made of its run.
  process.exitCode = outputLost.signal.aborted && exitCode === EXIT.ok ? EXIT.failed : exitCode;
}

// undici reads answers with llhttp, compiled to WebAssembly; V8 recompiles a wasm function that turns
// hot with TurboFan on a background thread, and a process does not exit before that compile ends.
// llhttp's parser is one 33 kB function whose compile takes about a quarter of a second of CPU (and
// 40 MB): a third of a one-delivery `whk send` at V8's default budget, and at a budget 1,000 times
// it, still a quarter of a 300-delivery one, waited for at its end. Liftoff's first code is kept for
// the whole run: timed side by side by hand (2026-12-03), 3,000 and 30,000 deliveries took no
// longer on it and less CPU (no compile). For whk's own process only (the API leaves its host's V8
// alone), and only for the commands that send (node:v8 takes a few milliseconds to load: none other
// loads it).
async function keepHttpParserOnFirstTier(): Promise<void> {
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString('--liftoff-only');
}
