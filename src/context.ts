// What a command is given to run: the streams, the environment, and the exit code it sets. Its own
// module, so cli.ts and src/commands share the type without importing each other (the wizard gets
// the program as a function in its context rather than importing cli.ts).
import type { Streams } from './ui/output.js';

export interface CliContext extends Streams {
  /** Set by the command that ran; main.ts turns it into process.exitCode. */
  exitCode: number;
  /** Run before a command that sends HTTP requests: settings of whk's own process for undici (main.ts). */
  beforeHttp?: (() => Promise<void>) | undefined;
  /**
   * Aborted, its reason the write error, when stdout can no longer be written (a full disk: main.ts
   * run()). whk then says so and exits 1 at once, unless the command running set `endsOnOutputLost`:
   * listen ends itself on it, as on a fatal error, closing its receiver so nothing answered is lost.
   */
  outputLost?: AbortSignal | undefined;
  endsOnOutputLost?: boolean | undefined;
}

/** The wizard's context: besides the streams, a way to carry out its plan as a command line. */
export interface WizardContext extends CliContext {
  /** Runs `whk <args>` through the program on this context; resolves to the exit code it set. */
  runArgs: (args: readonly string[]) => Promise<number>;
}

/** The options every command takes, given to the wizard: they apply to its prompts and to the command it runs. */
export interface WizardOptions {
  json?: boolean | undefined;
  quiet?: boolean | undefined;
  color?: boolean | undefined;
}
