// What a command is given to run: the streams, the environment, and the exit code it sets. Its own
// module, so cli.ts and src/commands share the type without importing each other.
import type { Streams } from './ui/output.js';

export interface CliContext extends Streams {
  /** Set by the command that ran; main.ts turns it into process.exitCode. */
  exitCode: number;
}
